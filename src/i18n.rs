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
}
