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
            l.holder().since_shown()
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
                holder.since_shown(),
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

mod lease;

pub use lease::{acquire, lease_path, set_wait_notice, waiting, Holder, Lease, WaitNotice};
