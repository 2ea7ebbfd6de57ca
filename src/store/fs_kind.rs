//! Detects whether a database file lives on a network file system, where SQLite's WAL
//! mode is unsafe (shared memory does not cross machines) and a rollback journal is used.

use std::path::Path;

/// What kind of file system holds the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FsKind {
    Local(String),
    /// A network file system; the name says which (nfs, smb, cifs, fuse, …).
    Network(String),
    Unknown,
}

impl FsKind {
    pub fn is_network(&self) -> bool {
        matches!(self, FsKind::Network(_))
    }

    pub fn name(&self) -> &str {
        match self {
            FsKind::Local(n) | FsKind::Network(n) => n,
            FsKind::Unknown => "unknown",
        }
    }
}

/// Detects the file system of `path`, or of its nearest existing ancestor when the file
/// does not exist yet.
pub fn detect(path: &Path) -> FsKind {
    let mut probe = path.to_path_buf();
    loop {
        if probe.exists() {
            break;
        }
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => {
                probe = std::path::PathBuf::from(".");
                break;
            }
        }
    }
    detect_existing(&probe)
}

/// Linux `statfs` magic numbers of network and cluster file systems.
#[cfg(target_os = "linux")]
const NETWORK_MAGICS: &[(i64, &str)] = &[
    (0x6969, "nfs"),
    (0x517B, "smb"),
    (0xFF53_4D42, "cifs"),
    (0xFE53_4D42, "smb2"),
    (0x6573_5546, "fuse"),
    (0x564C, "ncp"),
    (0x7375_7245, "coda"),
    (0x5346_414F, "afs"),
    (0x6B41_4653, "kafs"),
    (0x0102_1997, "9p"),
    (0x00C3_6400, "ceph"),
    (0x0116_1970, "gfs2"),
    (0x7461_636F, "ocfs2"),
    (0x0BD0_0BD0, "lustre"),
    (0x4750_4653, "gpfs"),
    (0x1373, "devfs"),
];

#[cfg(target_os = "linux")]
const LOCAL_MAGICS: &[(i64, &str)] = &[
    (0xEF53, "ext4"),
    (0x5846_5342, "xfs"),
    (0x9123_683E, "btrfs"),
    (0x0102_1994, "tmpfs"),
    (0x794C_7630, "overlay"),
    (0x2FC1_2FC1, "zfs"),
    (0xF2F5_2010, "f2fs"),
    (0x4D44, "vfat"),
    (0x5346_544E, "ntfs"),
    (0x7366_746E, "ntfs3"),
];

#[cfg(target_os = "linux")]
fn detect_existing(path: &Path) -> FsKind {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return FsKind::Unknown;
    };
    let mut buf: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c_path is a valid NUL-terminated string and buf is a writable statfs.
    let rc = unsafe { libc::statfs(c_path.as_ptr(), &mut buf) };
    if rc != 0 {
        return FsKind::Unknown;
    }
    #[allow(clippy::unnecessary_cast)]
    let magic = (buf.f_type as i64) & 0xFFFF_FFFF;
    classify_linux_magic(magic)
}

#[cfg(target_os = "linux")]
fn classify_linux_magic(magic: i64) -> FsKind {
    if let Some((_, n)) = NETWORK_MAGICS.iter().find(|(m, _)| *m == magic) {
        return FsKind::Network((*n).to_string());
    }
    if let Some((_, n)) = LOCAL_MAGICS.iter().find(|(m, _)| *m == magic) {
        return FsKind::Local((*n).to_string());
    }
    FsKind::Local(format!("0x{magic:x}"))
}

#[cfg(target_os = "macos")]
fn detect_existing(path: &Path) -> FsKind {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return FsKind::Unknown;
    };
    let mut buf: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: c_path is a valid NUL-terminated string and buf is a writable statfs.
    let rc = unsafe { libc::statfs(c_path.as_ptr(), &mut buf) };
    if rc != 0 {
        return FsKind::Unknown;
    }
    let name: String = buf
        .f_fstypename
        .iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as u8 as char)
        .collect();
    if buf.f_flags & (libc::MNT_LOCAL as u32) != 0 {
        FsKind::Local(name)
    } else {
        FsKind::Network(name)
    }
}

#[cfg(windows)]
fn detect_existing(path: &Path) -> FsKind {
    use std::os::windows::ffi::OsStrExt;
    let Ok(abs) = std::fs::canonicalize(path) else {
        return FsKind::Unknown;
    };
    let s = abs.to_string_lossy();
    // A UNC path (\\server\share, or \\?\UNC\server\share) is a network share.
    if s.starts_with(r"\\?\UNC\") || (s.starts_with(r"\\") && !s.starts_with(r"\\?\")) {
        return FsKind::Network("unc".into());
    }
    let root: Vec<u16> = abs
        .components()
        .next()
        .map(|c| {
            let mut r = std::path::PathBuf::from(c.as_os_str());
            r.push("\\");
            r.as_os_str().encode_wide().chain(Some(0)).collect()
        })
        .unwrap_or_default();
    #[link(name = "kernel32")]
    extern "system" {
        fn GetDriveTypeW(root: *const u16) -> u32;
    }
    const DRIVE_REMOTE: u32 = 4;
    // SAFETY: root is NUL-terminated UTF-16.
    let t = unsafe { GetDriveTypeW(root.as_ptr()) };
    if t == DRIVE_REMOTE {
        FsKind::Network("remote drive".into())
    } else {
        FsKind::Local("ntfs".into())
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn detect_existing(_path: &Path) -> FsKind {
    FsKind::Unknown
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn network_magics_are_network() {
        assert_eq!(classify_linux_magic(0x6969), FsKind::Network("nfs".into()));
        assert_eq!(
            classify_linux_magic(0xFE53_4D42),
            FsKind::Network("smb2".into())
        );
        assert!(classify_linux_magic(0x6573_5546).is_network());
        assert!(!classify_linux_magic(0xEF53).is_network());
    }

    #[test]
    fn missing_file_uses_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let k = detect(&dir.path().join("no/such/dir/x.db"));
        assert_ne!(k, FsKind::Unknown);
    }
}
