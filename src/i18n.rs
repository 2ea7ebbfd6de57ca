//! The message catalogue: every text a user reads exists in 简体中文 and English.
//!
//! Errors a user can cause implement [`Localized`]; fixed labels live in [`text`].

use std::fmt;

/// The user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 简体中文
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// Parses a configuration value or a locale string (`zh-CN`, `zh_CN.UTF-8`, `en_US`, `en`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the process locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), Chinese when unset.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if v.is_empty() {
                    continue;
                }
                if let Some(l) = Lang::parse(&v) {
                    return l;
                }
            }
        }
        Lang::Zh
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A message that can be shown to a user in either language.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
}

/// Shorthand for a bilingual formatted message: `bi!(lang, "中文 {}", "English {}", x)`.
#[macro_export]
macro_rules! bi {
    ($lang:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Zh => format!($zh $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}

/// `1 order`, `2 orders`: an English count with its noun in the right number.
pub fn count_en(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the operating system said, in the user's language, with its own words after it
/// (`Is a directory (os error 21)` alone would be English in a Chinese message).
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (zh, en) = match e.kind() {
        K::NotFound => ("文件或文件夹不存在", "the file or folder does not exist"),
        K::PermissionDenied => ("没有权限", "permission denied"),
        K::AlreadyExists => ("已经存在", "it already exists"),
        K::IsADirectory => ("这是一个文件夹，不是文件", "it is a folder, not a file"),
        K::NotADirectory => (
            "路径中有一项不是文件夹",
            "a part of the path is not a folder",
        ),
        K::StorageFull => ("磁盘已满", "the disk is full"),
        K::ReadOnlyFilesystem => ("文件系统只读", "the file system is read-only"),
        K::InvalidData => ("内容无法读取", "the content cannot be read"),
        K::UnexpectedEof => ("文件意外结束", "the file ends unexpectedly"),
        K::Interrupted | K::TimedOut | K::WouldBlock => {
            ("读写被中断", "reading or writing was interrupted")
        }
        K::OutOfMemory => ("内存不足", "out of memory"),
        K::FileTooLarge => ("文件太大", "the file is too large"),
        K::ResourceBusy => ("文件正被占用", "the file is busy"),
        K::InvalidFilename => ("文件名无效", "the file name is not valid"),
        _ => ("操作系统报告错误", "the operating system reported an error"),
    };
    match lang {
        Lang::Zh => format!("{zh}（{e}）"),
        Lang::En => format!("{en} ({e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locales() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }

    #[test]
    fn bi_macro_formats_both() {
        assert_eq!(bi!(Lang::Zh, "共 {} 件", "{} items", 3), "共 3 件");
        assert_eq!(bi!(Lang::En, "共 {} 件", "{} items", 3), "3 items");
    }

    #[test]
    fn english_counts_agree() {
        assert_eq!(count_en(1, "order", "orders"), "1 order");
        assert_eq!(count_en(2, "order", "orders"), "2 orders");
        assert_eq!(count_en(0, "order", "orders"), "0 orders");
    }

    #[test]
    fn os_errors_read_in_the_language() {
        let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
        let zh = io_reason(&e, Lang::Zh);
        assert!(zh.starts_with("这是一个文件夹"), "{zh}");
        let en = io_reason(&e, Lang::En);
        assert!(en.starts_with("it is a folder"), "{en}");
    }
}
