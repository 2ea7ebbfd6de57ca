//! The Unix side of the lease: the host name, the mount a file is seen through, and
//! the file operations that must be atomic on the server.

use super::*;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;

pub fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: buf is writable for its length; the name is NUL-terminated on success.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "?".into();
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

pub fn device_of(dir: &Path) -> u64 {
    std::fs::metadata(dir).map(|m| m.dev()).unwrap_or(0)
}

/// The account's name, for people to read (the lease is not an authentication).
fn os_user() -> String {
    // SAFETY: getuid cannot fail; getpwuid_r writes into our buffers only, and the
    // name pointer it returns points into `buf`, which outlives its use here.
    unsafe {
        let uid = libc::getuid();
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result);
        if rc == 0 && !result.is_null() && !pwd.pw_name.is_null() {
            if let Ok(name) = std::ffi::CStr::from_ptr(pwd.pw_name).to_str() {
                return name.to_string();
            }
        }
        format!("uid {uid}")
    }
}

fn flock(f: &File, op: libc::c_int) -> bool {
    // SAFETY: the descriptor is open for the life of `f`.
    unsafe { libc::flock(f.as_raw_fd(), op | libc::LOCK_NB) == 0 }
}

pub fn try_exclusive(f: &File) -> bool {
    flock(f, libc::LOCK_EX)
}

fn io(path: &Path, e: std::io::Error) -> ShareError {
    ShareError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn create_new(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o660)
        .open(path)
}

pub fn acquire(db: &Path, fs: &FsKind) -> Result<Option<Lease>, ShareError> {
    let path = lease_path(db);
    let (machine, host) = this_machine(db);
    let held = |holder: Holder| ShareError::Held {
        path: db.to_path_buf(),
        fs: fs.name().to_string(),
        holder: Box::new(holder),
    };
    let mut last_seen: Option<Holder> = None;
    for _ in 0..50 {
        // A free file: create the lease atomically on the server.
        match create_new(&path) {
            Ok(mut f) => {
                let me = Holder {
                    machine: machine.clone(),
                    host: host.clone(),
                    user: os_user().chars().take(64).collect(),
                    since: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                    token: new_token(),
                    beat: 0,
                    beat_at: chrono::Utc::now().timestamp(),
                };
                f.write_all(&me.encode()).map_err(|e| io(&path, e))?;
                f.sync_all().map_err(|e| io(&path, e))?;
                if let Some(lease) = join(&path, f, &me)? {
                    return Ok(Some(lease));
                }
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io(&path, e)),
        }
        let f = match OpenOptions::new().read(true).write(true).open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path, e)),
        };
        let raw = match read_raw(&path) {
            Ok(raw) => raw,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io(&path, e)),
        };
        match Holder::decode(&raw) {
            // Ours: this computer's processes share the lease.
            Some(h) if h.machine == machine => {
                if let Some(lease) = join(&path, f, &h)? {
                    return Ok(Some(lease));
                }
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Some(h) => {
                let age = chrono::Utc::now().timestamp().saturating_sub(h.beat_at);
                if age < STALE_AFTER.as_secs() as i64 {
                    return Err(held(h));
                }
                drop(f);
                if !still_unchanged_after_watch(&path, &raw, &h)? {
                    return Err(held(h));
                }
                if take_over(&path, &raw, &format!("{}-{}", h.token, h.beat))? {
                    continue;
                }
                last_seen = Some(h);
            }
            // Being written by its creator, or left half-written by a crash.
            None => {
                drop(f);
                std::thread::sleep(Duration::from_millis(20));
                if !still_unchanged_after_watch(&path, &raw, &Holder::default())? {
                    // Its creator has written it meanwhile: read it again.
                    if matches!(read_lease(&path), Ok(Some(_)) | Err(_)) {
                        continue;
                    }
                    // Renewed by a program that writes it otherwise (a newer version).
                    return Err(held(Holder {
                        host: "?".into(),
                        user: "?".into(),
                        since: "?".into(),
                        ..Holder::default()
                    }));
                }
                take_over(&path, &raw, "unreadable")?;
            }
        }
        std::thread::sleep(Duration::from_millis(fastrand::u64(20..100)));
    }
    Err(held(last_seen.unwrap_or_default()))
}

/// Joins a lease of this computer: the shared lock marks this process as a user,
/// and the lease must still be the same file once the lock is held (the last user
/// may have removed it meanwhile).
fn join(path: &Path, f: File, h: &Holder) -> Result<Option<Lease>, ShareError> {
    if !flock(&f, libc::LOCK_SH) {
        return Ok(None);
    }
    match read_lease(path) {
        Ok(Some(now)) if now.token == h.token && now.machine == h.machine => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(path, e)),
    }
    let state = Arc::new(State {
        confirmed: Mutex::new(Instant::now()),
        lost: AtomicBool::new(false),
        stop: Mutex::new(false),
        wake: Condvar::new(),
    });
    // A lease joined from an earlier (crashed) session is renewed at once.
    renew(path, h, &state);
    if state.lost.load(Ordering::Acquire) {
        return Ok(None);
    }
    let renewer = start_renewer(path.to_path_buf(), h.clone(), state.clone());
    Ok(Some(Lease {
        path: path.to_path_buf(),
        member: f,
        me: h.clone(),
        state,
        renewer: Some(renewer),
    }))
}

/// Watches a lease that looks stale; true when its bytes did not change at all.
fn still_unchanged_after_watch(path: &Path, raw: &[u8], seen: &Holder) -> Result<bool, ShareError> {
    if let Ok(notice) = WAIT_NOTICE.lock() {
        if let Some(n) = *notice {
            n(seen, WATCH);
        }
    }
    let end = Instant::now() + WATCH;
    while Instant::now() < end {
        std::thread::sleep(Duration::from_millis(250));
        match read_raw(path) {
            Ok(now) => {
                if now != raw {
                    return Ok(false);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io(path, e)),
        }
    }
    Ok(true)
}

/// Replaces a stale lease. Of several computers taking over the same stale lease,
/// only the one that creates its marker (atomically) goes on; it checks that the lease
/// is still the stale one, then removes it. True when the lease was removed.
fn take_over(path: &Path, stale: &[u8], tag: &str) -> Result<bool, ShareError> {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{tag}.takeover"));
    let marker = PathBuf::from(name);
    match create_new(&marker) {
        Ok(mut m) => {
            let _ = m.write_all(chrono::Utc::now().timestamp().to_string().as_bytes());
            let _ = m.sync_all();
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            remove_abandoned_marker(&marker);
            return Ok(false);
        }
        Err(e) => return Err(io(path, e)),
    }
    let result = match read_raw(path) {
        Ok(now) if now == stale => std::fs::remove_file(path).map(|_| true).or_else(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Ok(false)
            } else {
                Err(io(path, e))
            }
        }),
        Ok(_) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io(path, e)),
    };
    // Whoever creates the marker after this finds the lease changed (gone, or a new
    // one), so it can go now; one left by a crash goes after MARKER_STALE.
    let _ = std::fs::remove_file(&marker);
    result
}

fn remove_abandoned_marker(marker: &Path) {
    let Ok(text) = std::fs::read_to_string(marker) else {
        return;
    };
    let Ok(at) = text.trim().parse::<i64>() else {
        return;
    };
    if chrono::Utc::now().timestamp().saturating_sub(at) > MARKER_STALE.as_secs() as i64 {
        let _ = std::fs::remove_file(marker);
    }
}
