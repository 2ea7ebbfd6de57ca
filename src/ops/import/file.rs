//! Reading an import file from disk: only a regular file, and only up to a size that an
//! order file can reasonably have, so that a device (`/dev/zero`), a FIFO or a runaway
//! export never hangs the program or fills its memory.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::bi;
use crate::i18n::{Lang, Localized};

/// The largest import file read: far more than any day's orders of a small business.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Why an import file could not be read. Nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("no file {0}")]
    Missing(PathBuf),
    #[error("{0} is not a regular file")]
    NotAFile(PathBuf),
    #[error("{0} is too large")]
    TooLarge(PathBuf),
    #[error("permission denied reading {0}")]
    Denied(PathBuf),
    #[error("cannot read {0}: {1}")]
    Other(PathBuf, std::io::Error),
}

impl Localized for FileError {
    fn localized(&self, lang: Lang) -> String {
        let shown = |p: &PathBuf| crate::domain::text::shown(&p.display().to_string());
        match self {
            FileError::Missing(p) => bi!(
                lang,
                "找不到文件 {}，请检查路径。未导入任何内容。",
                "There is no file {}; check the path. Nothing was imported.",
                shown(p)
            ),
            FileError::NotAFile(p) => bi!(
                lang,
                "{} 不是普通文件（是文件夹、设备或管道），请指定导出的 CSV 或 JSON 文件。未导入任何内容。",
                "{} is not a regular file (a folder, a device or a pipe); name the exported CSV or JSON file. Nothing was imported.",
                shown(p)
            ),
            FileError::TooLarge(p) => bi!(
                lang,
                "{} 超过 {} MB，不像是订单文件；请分成几个文件导入。未导入任何内容。",
                "{} is larger than {} MB, which no order file should be; split it into several files. Nothing was imported.",
                shown(p),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            FileError::Denied(p) => bi!(
                lang,
                "没有读取 {} 的权限，请检查文件权限。未导入任何内容。",
                "You may not read {}; check the file's permissions. Nothing was imported.",
                shown(p)
            ),
            FileError::Other(p, e) => bi!(
                lang,
                "无法读取 {}：{}。未导入任何内容。",
                "Cannot read {}: {}. Nothing was imported.",
                shown(p),
                crate::i18n::io_reason(e, lang)
            ),
        }
    }
}

/// Reads an import file whole, refusing anything that is not a regular file and any file
/// larger than [`MAX_IMPORT_BYTES`] (also one that grows past it while being read).
pub fn read_import_file(path: &Path) -> Result<Vec<u8>, FileError> {
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::Missing(path.to_path_buf()),
        std::io::ErrorKind::PermissionDenied => FileError::Denied(path.to_path_buf()),
        _ => FileError::Other(path.to_path_buf(), e),
    };
    // Looked at before opening: opening a FIFO for reading waits for a writer.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile(path.to_path_buf()));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(FileError::TooLarge(path.to_path_buf()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(FileError::TooLarge(path.to_path_buf()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_regular_file_of_a_sane_size_is_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("orders.csv");
        std::fs::write(&good, b"a,b\n").expect("write");
        assert_eq!(read_import_file(&good).expect("read"), b"a,b\n");
        assert!(matches!(
            read_import_file(dir.path()),
            Err(FileError::NotAFile(_))
        ));
        assert!(matches!(
            read_import_file(&dir.path().join("nope.csv")),
            Err(FileError::Missing(_))
        ));
        #[cfg(unix)]
        {
            assert!(matches!(
                read_import_file(Path::new("/dev/zero")),
                Err(FileError::NotAFile(_))
            ));
            let fifo = dir.path().join("fifo.csv");
            let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
            // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert!(
                matches!(read_import_file(&fifo), Err(FileError::NotAFile(_))),
                "a FIFO is refused without waiting for a writer"
            );
        }
        let big = dir.path().join("big.csv");
        let f = std::fs::File::create(&big).expect("create");
        f.set_len(MAX_IMPORT_BYTES + 1).expect("sparse file");
        assert!(matches!(
            read_import_file(&big),
            Err(FileError::TooLarge(_))
        ));
        for e in [
            FileError::NotAFile(dir.path().to_path_buf()),
            FileError::TooLarge(big.clone()),
        ] {
            assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En));
            assert!(e.localized(Lang::En).contains("Nothing was imported"));
        }
    }
}
