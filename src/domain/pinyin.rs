//! Pinyin initials (拼音首字母) of Chinese names, so that a clerk can find 张三五金 by
//! typing `zswj` on a keyboard without switching input method.

use ::pinyin::ToPinyin;

use super::text::half_width_char;

/// Lowercase pinyin initials of `name`: each Chinese character gives the first letter of
/// its default reading, ASCII letters and digits (full-width ones too) are kept lowercased,
/// and everything else (spaces, punctuation, characters without a reading) is dropped.
///
/// `张三五金` → `zswj`, `M8螺栓` → `m8ls`.
///
/// Polyphonic characters (多音字) take the pinyin crate's default reading, which is the
/// most frequent one: 重庆 gives `zq` (重 as zhòng), not `cq`, and 长沙 gives `zs`. We keep
/// the crate's answer rather than a hand-made exception list; names are also found by
/// their characters, and a clerk who types the other initials will see that quickly.
pub fn initials(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = half_width_char(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(py) = c.to_pinyin() {
            // Readings such as 嗯 (ń) may start with a letter outside ASCII; such a letter
            // could not be typed on a plain keyboard, so it is dropped.
            if let Some(first) = py.plain().chars().next().filter(char::is_ascii_alphabetic) {
                out.push(first.to_ascii_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn initials_of_hardware_trade_words() {
        assert_eq!(initials("张三五金"), "zswj");
        assert_eq!(initials("螺丝钉"), "lsd");
        assert_eq!(initials("五金"), "wj");
        assert_eq!(initials("螺栓"), "ls");
        assert_eq!(initials("扳手"), "bs");
        assert_eq!(initials("电钻"), "dz");
        assert_eq!(initials("上海"), "sh");
        assert_eq!(initials("膨胀螺丝"), "pzls");
    }

    #[test]
    fn polyphonic_characters_take_the_default_reading() {
        // 重庆 is read chóngqìng, but 重's default reading is zhòng (see `initials`).
        assert_eq!(initials("重庆"), "zq");
        // 行 defaults to xíng, as in 五金行.
        assert_eq!(initials("五金行"), "wjx");
    }

    #[test]
    fn ascii_is_kept_and_punctuation_dropped() {
        assert_eq!(initials("M8 螺栓（不锈钢）"), "m8lsbxg");
        assert_eq!(initials("ＡＢ电钻-20V"), "abdz20v");
        assert_eq!(initials("，。！ - _"), "");
        assert_eq!(initials(""), "");
        assert_eq!(initials("😀"), "");
    }

    proptest! {
        #[test]
        fn initials_are_lowercase_ascii_alphanumerics(s in "\\PC{0,30}") {
            let i = initials(&s);
            prop_assert!(i.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
            prop_assert!(i.chars().count() <= s.chars().count());
        }
    }
}
