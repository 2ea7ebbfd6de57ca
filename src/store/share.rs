//! Sharing one database file between computers.
//!
//! SQLite's rollback journal is safe between computers only where the file system's
//! byte-range locks reach the server (NFS, SMB). sshfs and other FUSE file systems lock
//! only inside one computer: two computers writing through them corrupt the file. There
//! orderdesk holds a *lease*: a small file `<db>.lease` beside the database, created
//! atomically on the server (`O_EXCL`), that names the computer and user holding it and
//! is renewed every second. Only the computer named in it opens the database; the
//! processes of that computer share it (they share the kernel's local locks, which
//! SQLite's journal needs), and the last of them to close removes it. A lease that has
//! not been renewed for [`STALE_AFTER`] and does not change while watched for
//! [`WATCH`] belongs to a computer that crashed or lost the network; it is taken over.
//!
//! Measured with two sshfs mounts of one folder (which, like two computers, do not
//! share locks): without the lease the file was corrupted within seconds; with it no
//! write was lost and `integrity_check` passed (see the README's deployment section).

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::bi;
use crate::i18n::{Lang, Localized};

use super::FsKind;

/// How often the holder renews its lease.
pub const BEAT: Duration = Duration::from_secs(1);
/// A lease whose last renewal (by the holder's clock) is older than this may be stale.
pub const STALE_AFTER: Duration = Duration::from_secs(10);
/// How long a lease that looks stale is watched for a renewal before it is taken over.
pub const WATCH: Duration = Duration::from_secs(3);
/// A holder that has not confirmed its lease for this long checks it again before a
/// write (after a suspended laptop wakes, say), so that it never writes after losing it.
const RECONFIRM_AFTER: Duration = Duration::from_secs(4);
/// A takeover marker left by a computer that crashed while taking over is removed after
/// this long (its holder needs milliseconds).
const MARKER_STALE: Duration = Duration::from_secs(60);
/// The lease file has a fixed size, so that a reader never sees a half-length file.
const LEASE_BYTES: usize = 512;

/// Whether the file system keeps two computers from writing the file at the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locking {
    /// One computer's local disk: the kernel's locks cover every process.
    Guaranteed,
    /// A network file system whose server holds the locks (NFS, SMB), if it is mounted
    /// with locking on and without attribute caching.
    Assumed,
    /// No locks between computers (sshfs and other FUSE file systems, a mount with
    /// locking turned off, an unknown file system): the lease is in force.
    Absent,
}

impl Locking {
    pub fn as_str(self) -> &'static str {
        match self {
            Locking::Guaranteed => "guaranteed",
            Locking::Assumed => "assumed",
            Locking::Absent => "absent",
        }
    }
}

/// The line `orderdesk info` shows about locking between computers and the protection
/// in force for the file in use.
pub fn describe(locking: Locking, lease: Option<&Lease>, lang: Lang) -> String {
    match (locking, lease) {
        (Locking::Guaranteed, _) => lang
            .pick(
                "有保证（本机磁盘：同一台电脑上的进程由内核的锁保护）",
                "guaranteed (a local disk: the kernel's locks cover every process of this computer)",
            )
            .to_string(),
        (Locking::Assumed, _) => lang
            .pick(
                "假定有效（由文件服务器加锁；挂载时须启用锁并关闭属性缓存，见 README）",
                "assumed (the file server holds the locks; it must be mounted with locks on and attribute caching off, see the README)",
            )
            .to_string(),
        (Locking::Absent, Some(l)) => bi!(
            lang,
            "没有（电脑之间无锁）；由租约保护：同一时间只有一台电脑能打开，现在是 {}（用户 {}，自 {} 起）",
            "absent (no locks between computers); protected by a lease: one computer at a time may open it, now {} (user {}, since {})",
            l.holder().host,
            l.holder().user,
            l.holder().since
        ),
        (Locking::Absent, None) => lang
            .pick("没有（电脑之间无锁），且没有租约", "absent (no locks between computers), and no lease")
            .to_string(),
    }
}

/// What locking the file system of `path` offers between computers.
pub fn locking(fs: &FsKind, path: &Path) -> Locking {
    match fs {
        FsKind::Local(_) => Locking::Guaranteed,
        FsKind::Unknown => Locking::Absent,
        FsKind::Network(name) => match name.as_str() {
            // Linux statfs names; macOS's smbfs and afpfs; Windows shares.
            "nfs" | "smb" | "smb2" | "cifs" | "smbfs" | "afpfs" | "unc" | "remote drive"
            | "afs" | "ceph" | "gfs2" | "ocfs2" | "lustre" | "gpfs" => {
                if mount_turns_locks_off(path) {
                    Locking::Absent
                } else {
                    Locking::Assumed
                }
            }
            _ => Locking::Absent,
        },
    }
}

/// Whether the mount holding `path` was mounted with locks kept local (NFS `nolock`,
/// `local_lock=…`; CIFS `nobrl`), which makes them useless between computers.
#[cfg(target_os = "linux")]
fn mount_turns_locks_off(path: &Path) -> bool {
    let Ok(info) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let mut probe = path.to_path_buf();
    while !probe.exists() {
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => return false,
        }
    }
    let Ok(abs) = probe.canonicalize() else {
        return false;
    };
    // The mount whose mount point is the longest prefix of the path is the one in use.
    let mut best: Option<(usize, String)> = None;
    for line in info.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(sep) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(point), Some(mount_opts), Some(super_opts)) =
            (fields.get(4), fields.get(5), fields.get(sep + 3))
        else {
            continue;
        };
        let point = point.replace("\\040", " ");
        if abs.starts_with(&point) && best.as_ref().is_none_or(|(len, _)| point.len() >= *len) {
            best = Some((point.len(), format!("{mount_opts},{super_opts}")));
        }
    }
    best.is_some_and(|(_, opts)| {
        opts.split(',').any(|o| {
            o == "nolock" || o == "nobrl" || o == "local_lock=all" || o == "local_lock=posix"
        })
    })
}

#[cfg(not(target_os = "linux"))]
fn mount_turns_locks_off(_path: &Path) -> bool {
    false
}

/// Why the database could not be opened or written under the lease.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("{path} is open on another computer ({holder})")]
    Held {
        path: PathBuf,
        fs: String,
        holder: Box<Holder>,
    },
    #[error("this computer's lease on {path} was lost")]
    Lost { path: PathBuf },
    #[error("cannot take the lease on {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

impl Localized for ShareError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            ShareError::Held { path, fs, holder } => bi!(
                lang,
                "{} 正由另一台电脑使用：{}（用户 {}），自 {} 起。它所在的文件系统（{}）不能在电脑之间加锁，所以同一时间只能由一台电脑打开，否则数据会损坏。请等那台电脑关闭 orderdesk 后再试。要多人同时使用，请把数据库放在一台服务器上，大家通过 SSH 登录那台服务器使用。",
                "{} is in use on another computer: {} (user {}) since {}. Its file system ({}) has no locks between computers, so only one computer may open it at a time, or the data would be damaged. Try again once orderdesk is closed there. To work together, keep the database on one server and let everyone use it there through SSH sessions.",
                path.display(),
                holder.host,
                holder.user,
                holder.since,
                fs
            ),
            ShareError::Lost { path } => bi!(
                lang,
                "本机对 {} 的使用权已失效（本机有一段时间没有响应，另一台电脑已接管），未保存任何内容。请关闭 orderdesk 后重新打开。",
                "This computer's hold on {} was lost (it did not answer for a while and another computer took over); nothing was saved. Close orderdesk and open it again.",
                path.display()
            ),
            ShareError::Io { path, reason } => bi!(
                lang,
                "无法取得 {} 的使用权：{}",
                "Cannot take the hold on {}: {}",
                path.display(),
                reason
            ),
        }
    }
}

/// Who holds a lease, as written in the lease file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Holder {
    /// Host name and the number of the mount it sees the file through: two mounts of
    /// one folder are two computers as far as locks go.
    pub machine: String,
    pub host: String,
    pub user: String,
    /// When the lease was taken (RFC 3339, the holder's clock).
    pub since: String,
    token: String,
    beat: u64,
    /// Unix seconds of the last renewal, by the holder's clock.
    beat_at: i64,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, user {}, since {}", self.host, self.user, self.since)
    }
}

impl Holder {
    fn encode(&self) -> Vec<u8> {
        let text = format!(
            "orderdesk lease 1\ntoken={}\nmachine={}\nhost={}\nuser={}\nsince={}\nbeat={}\nbeat_at={}\n",
            self.token, self.machine, self.host, self.user, self.since, self.beat, self.beat_at
        );
        let mut bytes = text.into_bytes();
        bytes.truncate(LEASE_BYTES - 1);
        bytes.resize(LEASE_BYTES - 1, b' ');
        bytes.push(b'\n');
        bytes
    }

    /// Reads a lease file's text; `None` when it is empty or not (yet) complete.
    fn decode(bytes: &[u8]) -> Option<Holder> {
        let text = String::from_utf8_lossy(bytes);
        let mut lines = text.lines();
        if lines.next()? != "orderdesk lease 1" {
            return None;
        }
        let mut h = Holder::default();
        let mut complete = false;
        for line in lines {
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let v = v.trim_end().to_string();
            match k {
                "token" => h.token = v,
                "machine" => h.machine = v,
                "host" => h.host = v,
                "user" => h.user = v,
                "since" => h.since = v,
                "beat" => h.beat = v.parse().ok()?,
                "beat_at" => {
                    h.beat_at = v.parse().ok()?;
                    complete = true;
                }
                _ => {}
            }
        }
        (complete && !h.token.is_empty()).then_some(h)
    }
}

/// The lease file of a database.
pub fn lease_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lease");
    PathBuf::from(name)
}

/// Told when opening has to wait for a lease that looks stale; the command line sets it
/// so that the wait is shown, never silent.
static WAIT_NOTICE: Mutex<Option<WaitNotice>> = Mutex::new(None);

/// Told who holds the lease and how long opening watches it.
pub type WaitNotice = fn(&Holder, Duration);

/// Sets what is told when opening waits on a lease that looks stale.
pub fn set_wait_notice(notice: WaitNotice) {
    if let Ok(mut n) = WAIT_NOTICE.lock() {
        *n = Some(notice);
    }
}

/// What opening says while it watches a lease that looks stale.
pub fn waiting(holder: &Holder, watch: Duration, lang: Lang) -> String {
    if holder.token.is_empty() {
        return bi!(
            lang,
            "数据库旁有一个不完整的租约文件（可能是某台电脑在取得租约时崩溃留下的）；正在观察 {} 秒，若无变化即接管…",
            "An incomplete lease file lies beside the database (perhaps left by a computer that crashed while taking it); watching it for {} s and taking over if it does not change…",
            watch.as_secs()
        );
    }
    bi!(
        lang,
        "数据库由 {}（用户 {}）自 {} 起占用，但它已有一段时间没有续期；正在观察 {} 秒，若仍无续期（那台电脑已关机或断网）即接管…",
        "The database is held by {} (user {}) since {}, but that hold has not been renewed for a while; watching it for {} s and taking over if it stays silent (that computer crashed or lost the network)…",
        holder.host,
        holder.user,
        holder.since,
        watch.as_secs()
    )
}

/// This computer's hold on a database on a file system without locks between
/// computers. Renewed by a thread while it lives; released when dropped (after the
/// database connection has closed).
pub struct Lease {
    path: PathBuf,
    /// Open for the whole session with a shared `flock`: the processes of this computer
    /// that use the lease; the last to leave removes the file.
    member: File,
    me: Holder,
    state: Arc<State>,
    renewer: Option<std::thread::JoinHandle<()>>,
}

struct State {
    confirmed: Mutex<Instant>,
    lost: AtomicBool,
    stop: Mutex<bool>,
    wake: Condvar,
}

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lease")
            .field("path", &self.path)
            .field("machine", &self.me.machine)
            .finish()
    }
}

/// Takes the lease when the file system of `db` has no locks between computers;
/// `Ok(None)` where it has them.
pub fn acquire(db: &Path, fs: &FsKind) -> Result<Option<Lease>, ShareError> {
    if locking(fs, db) != Locking::Absent {
        return Ok(None);
    }
    imp::acquire(db, fs)
}

impl Lease {
    /// Before a write: fails when the lease was lost, and confirms it again when it has
    /// not been confirmed for a while.
    pub fn check(&self) -> Result<(), ShareError> {
        if !self.state.lost.load(Ordering::Acquire) && self.confirmed_age() < RECONFIRM_AFTER {
            return Ok(());
        }
        renew(&self.path, &self.me, &self.state);
        if self.state.lost.load(Ordering::Acquire) || self.confirmed_age() >= RECONFIRM_AFTER {
            return Err(ShareError::Lost {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    /// Who holds it (this computer).
    pub fn holder(&self) -> &Holder {
        &self.me
    }

    fn confirmed_age(&self) -> Duration {
        self.state
            .confirmed
            .lock()
            .map(|t| t.elapsed())
            .unwrap_or(Duration::MAX)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Ok(mut stop) = self.state.stop.lock() {
            *stop = true;
        }
        self.state.wake.notify_all();
        if let Some(t) = self.renewer.take() {
            let _ = t.join();
        }
        if self.state.lost.load(Ordering::Acquire) {
            return;
        }
        // The last process of this computer removes the lease: nobody else of ours holds
        // the shared lock when the exclusive one is granted.
        if imp::try_exclusive(&self.member) {
            if let Ok(Some(now)) = read_lease(&self.path) {
                if now.token == self.me.token {
                    let _ = std::fs::remove_file(&self.path);
                }
            }
        }
    }
}

/// Reads the lease through its path (never through a handle kept open: a lease taken
/// over is a new file under the same name).
fn read_lease(path: &Path) -> std::io::Result<Option<Holder>> {
    read_raw(path).map(|raw| Holder::decode(&raw))
}

/// The lease file's bytes: whether a lease changed is judged on them, so that even a
/// lease this program cannot read counts as alive while it changes.
fn read_raw(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut f = File::open(path)?;
    let mut buf = Vec::with_capacity(LEASE_BYTES);
    f.read_to_end(&mut buf)?;
    Ok(buf)
}

/// Renews the lease once: it must still be ours (same token and machine), else it is
/// lost. An I/O error leaves it unconfirmed, so writes stop once that lasts.
fn renew(path: &Path, me: &Holder, state: &State) {
    let result = (|| -> std::io::Result<bool> {
        let mut f = OpenOptions::new().read(true).write(true).open(path)?;
        let mut buf = Vec::with_capacity(LEASE_BYTES);
        f.read_to_end(&mut buf)?;
        let Some(now) = Holder::decode(&buf) else {
            return Ok(false);
        };
        if now.token != me.token || now.machine != me.machine {
            return Ok(false);
        }
        let next = Holder {
            beat: now.beat.wrapping_add(1),
            beat_at: chrono::Utc::now().timestamp(),
            ..me.clone()
        };
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&next.encode())?;
        f.sync_data()?;
        Ok(true)
    })();
    match result {
        Ok(true) => {
            if let Ok(mut t) = state.confirmed.lock() {
                *t = Instant::now();
            }
        }
        Ok(false) => state.lost.store(true, Ordering::Release),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            state.lost.store(true, Ordering::Release)
        }
        Err(_) => {}
    }
}

fn start_renewer(path: PathBuf, me: Holder, state: Arc<State>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || loop {
        let Ok(stop) = state.stop.lock() else {
            return;
        };
        let Ok((stop, _)) = state.wake.wait_timeout(stop, BEAT) else {
            return;
        };
        if *stop {
            return;
        }
        drop(stop);
        renew(&path, &me, &state);
        if state.lost.load(Ordering::Acquire) {
            return;
        }
    })
}

fn this_machine(db: &Path) -> (String, String) {
    let host = imp::hostname();
    let dir = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dev = imp::device_of(dir);
    // Bounded, so that the lease always fits its fixed size.
    let host: String = host.chars().take(64).collect();
    (format!("{host}#{dev}"), host)
}

fn new_token() -> String {
    format!("{:016x}{:08x}", fastrand::u64(..), std::process::id())
}

#[cfg(unix)]
mod imp {
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
                        since: chrono::Local::now()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
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
    fn still_unchanged_after_watch(
        path: &Path,
        raw: &[u8],
        seen: &Holder,
    ) -> Result<bool, ShareError> {
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
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    pub fn hostname() -> String {
        std::env::var("COMPUTERNAME").unwrap_or_else(|_| "?".into())
    }

    pub fn device_of(_dir: &Path) -> u64 {
        0
    }

    pub fn try_exclusive(_f: &File) -> bool {
        false
    }

    /// No lease here yet: `info` says the locking is absent and no lease is in force.
    pub fn acquire(_db: &Path, _fs: &FsKind) -> Result<Option<Lease>, ShareError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_reads_back_as_written() {
        let h = Holder {
            machine: "pc1#42".into(),
            host: "pc1".into(),
            user: "mei".into(),
            since: "2026-01-02T03:04:05+08:00".into(),
            token: "abc".into(),
            beat: 7,
            beat_at: 1_700_000_000,
        };
        let bytes = h.encode();
        assert_eq!(bytes.len(), LEASE_BYTES);
        assert_eq!(Holder::decode(&bytes), Some(h));
        assert_eq!(Holder::decode(b""), None);
        assert_eq!(Holder::decode(b"orderdesk lease 1\ntoken=abc\n"), None);
    }

    #[test]
    fn local_disks_guarantee_and_fuse_has_no_locks() {
        let p = Path::new("/nonexistent/x.db");
        assert_eq!(
            locking(&FsKind::Local("ext4".into()), p),
            Locking::Guaranteed
        );
        assert_eq!(locking(&FsKind::Network("fuse".into()), p), Locking::Absent);
        assert_eq!(locking(&FsKind::Unknown, p), Locking::Absent);
    }

    #[cfg(unix)]
    #[test]
    fn processes_of_one_machine_share_the_lease_and_the_last_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        let fs = FsKind::Network("fuse".into());
        let a = acquire(&db, &fs).unwrap().unwrap();
        let b = acquire(&db, &fs).unwrap().unwrap();
        assert_eq!(a.holder().token, b.holder().token);
        a.check().unwrap();
        drop(a);
        assert!(lease_path(&db).exists(), "b still uses it");
        drop(b);
        assert!(!lease_path(&db).exists());
    }

    #[cfg(unix)]
    #[test]
    fn another_machine_is_refused_while_the_lease_is_renewed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        let other = Holder {
            machine: "elsewhere#1".into(),
            host: "elsewhere".into(),
            user: "li".into(),
            since: "2026-01-02T03:04:05+08:00".into(),
            token: "t1".into(),
            beat: 1,
            beat_at: chrono::Utc::now().timestamp(),
        };
        std::fs::write(lease_path(&db), other.encode()).unwrap();
        let err = acquire(&db, &FsKind::Network("fuse".into())).unwrap_err();
        assert!(matches!(err, ShareError::Held { ref holder, .. } if holder.host == "elsewhere"));
        let text = err.localized(Lang::En);
        assert!(text.contains("elsewhere") && text.contains("SSH"), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn a_lease_taken_over_meanwhile_refuses_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        let lease = acquire(&db, &FsKind::Network("fuse".into()))
            .unwrap()
            .unwrap();
        let other = Holder {
            machine: "elsewhere#1".into(),
            host: "elsewhere".into(),
            user: "li".into(),
            since: "2026-01-02T03:04:05+08:00".into(),
            token: "t2".into(),
            beat: 1,
            beat_at: chrono::Utc::now().timestamp(),
        };
        // As another computer does after this one stopped answering.
        let tmp = dir.path().join("new.lease");
        std::fs::write(&tmp, other.encode()).unwrap();
        std::fs::rename(&tmp, lease_path(&db)).unwrap();
        std::thread::sleep(BEAT * 2);
        assert!(matches!(lease.check(), Err(ShareError::Lost { .. })));
        drop(lease);
        assert_eq!(
            read_lease(&lease_path(&db)).unwrap(),
            Some(other),
            "left alone"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_empty_lease_left_by_a_crash_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        std::fs::write(lease_path(&db), b"").unwrap();
        let lease = acquire(&db, &FsKind::Network("fuse".into()))
            .unwrap()
            .unwrap();
        lease.check().unwrap();
        assert!(waiting(&Holder::default(), WATCH, Lang::En).contains("incomplete"));
    }

    #[cfg(unix)]
    #[test]
    fn a_stale_lease_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a.db");
        let other = Holder {
            machine: "elsewhere#1".into(),
            host: "elsewhere".into(),
            user: "li".into(),
            since: "2026-01-02T03:04:05+08:00".into(),
            token: "t1".into(),
            beat: 1,
            beat_at: chrono::Utc::now().timestamp() - 3600,
        };
        std::fs::write(lease_path(&db), other.encode()).unwrap();
        let lease = acquire(&db, &FsKind::Network("fuse".into()))
            .unwrap()
            .unwrap();
        assert_ne!(lease.holder().token, "t1");
        lease.check().unwrap();
    }
}
