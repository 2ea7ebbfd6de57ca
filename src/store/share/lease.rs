//! The lease itself: who holds it, taking it, renewing it, taking over a stale one, and
//! giving it back.

use super::*;

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
        write!(
            f,
            "{}, user {}, since {}",
            self.host,
            self.user,
            self.since_shown()
        )
    }
}

impl Holder {
    /// When the lease was taken, as a person reads it: to the minute, in this computer's
    /// time zone (the company's time zone is in the database, which a computer refused by
    /// the lease cannot read).
    pub fn since_shown(&self) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.since)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_else(|_| crate::domain::text::shown(&self.since))
    }

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
        holder.since_shown(),
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
mod imp;

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
mod tests;
