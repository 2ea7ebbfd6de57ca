//! Text rules for everything a user types or scans: names, notes, codes, phone numbers,
//! and measuring Chinese text by terminal display width (显示宽度).
//!
//! The `clean_*` functions never panic on any input; bad input gives a [`TextError`] whose
//! message, in both languages, says what to fix.

use std::fmt;

use unicode_width::UnicodeWidthStr;

use crate::i18n::{Lang, Localized};

/// The name of a form field in both languages, used in messages about that field
/// (for example `FieldName::new("客户名称", "Customer name")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldName {
    /// 中文名称, e.g. "客户名称".
    pub zh: &'static str,
    /// English name starting with a capital letter, e.g. "Customer name".
    pub en: &'static str,
}

impl FieldName {
    /// A field name in Chinese and English.
    pub const fn new(zh: &'static str, en: &'static str) -> Self {
        FieldName { zh, en }
    }
}

/// Why a piece of typed text was refused.
///
/// Positions are 1-based character positions in the text as the user gave it. `Display`
/// gives the English message of [`Localized`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A required field is blank.
    Empty { field: FieldName },
    /// More characters than the field allows.
    TooLong { max: usize, len: usize },
    /// A line break, tab, other control character or invisible direction override.
    ControlCharacter { position: usize },
    /// A code or SKU contains a character outside `A-Z 0-9 - _ . /`.
    InvalidCode { ch: char, position: usize },
    /// A phone number contains a character other than digits, `+`, `-`, spaces, parentheses.
    InvalidPhone { ch: char, position: usize },
    /// A phone number that is too short or too long.
    PhoneLength { len: usize },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.localized(Lang::En))
    }
}

impl Localized for TextError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            TextError::Empty { field } => match lang {
                Lang::Zh => format!("{}不能为空", field.zh),
                Lang::En => format!("{} must not be empty", field.en),
            },
            TextError::TooLong { max, len } => crate::bi!(
                lang,
                "内容过长：共 {} 个字符，最多 {} 个，请删减后再保存",
                "Text is too long: {} characters, at most {} allowed; shorten it",
                len,
                max
            ),
            TextError::ControlCharacter { position } => crate::bi!(
                lang,
                "第 {} 个字符是控制字符（换行、制表符或不可见的方向控制符），请删除，内容须在一行内",
                "Character {} is a control character (line break, tab or an invisible \
                 direction mark); remove it and type the text on one line",
                position
            ),
            TextError::InvalidCode { ch, position } => crate::bi!(
                lang,
                "编码中第 {} 个字符“{}”不允许：只能使用字母、数字和 - _ . /，不能有空格",
                "Character {} ('{}') is not allowed in a code; use only letters, digits \
                 and - _ . / without spaces",
                position,
                ch.escape_debug()
            ),
            TextError::InvalidPhone { ch, position } => crate::bi!(
                lang,
                "电话号码中第 {} 个字符“{}”不允许：只能使用数字、+、-、空格和括号",
                "Character {} ('{}') is not allowed in a phone number; use only digits, \
                 +, -, spaces and parentheses",
                position,
                ch.escape_debug()
            ),
            TextError::PhoneLength { len } => crate::bi!(
                lang,
                "电话号码应为 5 到 30 个字符且至少 5 位数字，当前为 {} 个字符，请核对号码",
                "A phone number needs 5 to 30 characters with at least 5 digits, this one \
                 has {} characters; check the number",
                len
            ),
        }
    }
}

/// Maps a full-width ASCII form (全角字符, U+FF01–U+FF5E) and the ideographic space U+3000
/// to its half-width ASCII equivalent; every other character is returned unchanged.
///
/// Chinese input methods in full-width mode turn typed and scanned digits and letters into
/// these forms, which would otherwise never match a stored code.
pub fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// [`half_width_char`] applied to every character of `s`.
pub fn to_half_width(s: &str) -> String {
    s.chars().map(half_width_char).collect()
}

/// Text quoted back to a user as it was typed or read from a file: every control
/// character and invisible direction mark is written as an escape (`\u{1b}`,
/// `\u{202e}`), so that quoted input can neither drive the terminal (clear the screen,
/// move the cursor) nor reorder the message around it. Everything else is unchanged.
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_forbidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// A whole message for the terminal: like [`shown`], but its own line breaks stay
/// (reports of several lines); used where messages leave the program.
pub fn shown_lines(s: &str) -> String {
    s.split('\n').map(shown).collect::<Vec<_>>().join("\n")
}

/// Whether `c` may not appear in stored one-line text: C0/C1 controls and DEL, line and
/// paragraph separators, and the invisible bidirectional marks and overrides that can make
/// text display in a different order than it is stored (Trojan-source style spoofing).
fn is_forbidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Splits `input` into the number of characters trimmed at its start and the trimmed text.
fn trim_with_offset(input: &str) -> (usize, &str) {
    let start = input.trim_start();
    let skipped = input[..input.len() - start.len()].chars().count();
    (skipped, start.trim_end())
}

/// Cleans one line of free text (a name, an address, a note): trims whitespace at both
/// ends (including full-width spaces and a trailing line break from a paste), turns
/// full-width and no-break spaces inside into ordinary spaces, and refuses control
/// characters and text longer than `max_chars` characters. The result may be empty; use
/// [`required_text`] for fields that must be filled.
pub fn clean_text(input: &str, max_chars: usize) -> Result<String, TextError> {
    let (offset, trimmed) = trim_with_offset(input);
    let mut out = String::with_capacity(trimmed.len());
    for (i, c) in trimmed.chars().enumerate() {
        if is_forbidden_control(c) {
            return Err(TextError::ControlCharacter {
                position: offset + i + 1,
            });
        }
        out.push(match c {
            '\u{3000}' | '\u{00A0}' => ' ',
            other => other,
        });
    }
    check_length(&out, max_chars)?;
    Ok(out)
}

fn check_length(s: &str, max_chars: usize) -> Result<(), TextError> {
    let len = s.chars().count();
    if len > max_chars {
        Err(TextError::TooLong {
            max: max_chars,
            len,
        })
    } else {
        Ok(())
    }
}

/// Refuses an empty, already cleaned value with a message naming the field
/// ("客户名称不能为空 / Customer name must not be empty").
pub fn require(value: String, field: FieldName) -> Result<String, TextError> {
    if value.is_empty() {
        Err(TextError::Empty { field })
    } else {
        Ok(value)
    }
}

/// [`clean_text`] for a field that must not be blank.
pub fn required_text(input: &str, max_chars: usize, field: FieldName) -> Result<String, TextError> {
    require(clean_text(input, max_chars)?, field)
}

/// Cleans a code (SKU, bin code, customer code): trimmed, full-width forms made half-width,
/// ASCII letters upper-cased, and only `A-Z 0-9 - _ . /` allowed (no spaces inside). The
/// result may be empty; combine with [`require`] when the code is mandatory.
pub fn clean_code(input: &str, max_chars: usize) -> Result<String, TextError> {
    let half = to_half_width(input);
    let (offset, trimmed) = trim_with_offset(&half);
    let mut out = String::with_capacity(trimmed.len());
    for (i, c) in trimmed.chars().enumerate() {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '/') {
            out.push(c);
        } else {
            return Err(TextError::InvalidCode {
                ch: c,
                position: offset + i + 1,
            });
        }
    }
    check_length(&out, max_chars)?;
    Ok(out)
}

/// Cleans a phone number: trimmed, full-width forms made half-width, only digits, `+`, `-`,
/// spaces and parentheses, 5 to 30 characters of which at least 5 are digits.
///
/// Blank input gives `Ok("")` because a phone number is usually optional; combine with
/// [`require`] when it is not.
pub fn clean_phone(input: &str) -> Result<String, TextError> {
    let half = to_half_width(input);
    let (offset, trimmed) = trim_with_offset(&half);
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut digits = 0usize;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' | '-' | ' ' | '(' | ')' => {}
            other => {
                return Err(TextError::InvalidPhone {
                    ch: other,
                    position: offset + i + 1,
                })
            }
        }
        out.push(c);
    }
    let len = out.chars().count();
    if !(5..=30).contains(&len) || digits < 5 {
        return Err(TextError::PhoneLength { len });
    }
    Ok(out)
}

/// Terminal display width of `s` in columns: a Chinese character counts 2, ASCII 1.
///
/// Uses the non-CJK width of ambiguous characters (such as `…`), as ratatui does.
pub fn display_width(s: &str) -> usize {
    s.width()
}

/// The ellipsis appended by [`truncate_to_width`] when text is cut.
pub const ELLIPSIS: &str = "…";

/// Cuts `s` so that it fits in `width` columns, ending with `…` when something was cut.
/// A wide character is never split, so the result may be one column narrower than
/// `width`; it is never wider.
pub fn truncate_to_width(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width < display_width(ELLIPSIS) {
        return String::new();
    }
    // Walk char boundaries summing character widths for a first guess, then shrink until
    // the measured string width fits: string width is not always the sum of char widths
    // (emoji sequences, variation selectors), and the measured width is what must hold.
    let budget = width - display_width(ELLIPSIS);
    let mut end = 0;
    let mut used = 0usize;
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut prefix = &s[..end];
    loop {
        let candidate = format!("{prefix}{ELLIPSIS}");
        if display_width(&candidate) <= width {
            return candidate;
        }
        let mut chars = prefix.chars();
        if chars.next_back().is_none() {
            // Unreachable while `…` is one column wide; kept so that no width setting can
            // make this loop spin or return something too wide.
            return String::new();
        }
        prefix = chars.as_str();
    }
}

/// `s` followed by spaces up to `width` columns; text already as wide or wider is returned
/// unchanged (use [`fit_to_width`] to also cut it).
pub fn pad_to_width(s: &str, width: usize) -> String {
    let w = display_width(s);
    let mut out = String::with_capacity(s.len() + width.saturating_sub(w));
    out.push_str(s);
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// `s` cut with [`truncate_to_width`] and padded with [`pad_to_width`]: a table cell of
/// exactly `width` columns.
pub fn fit_to_width(s: &str, width: usize) -> String {
    pad_to_width(&truncate_to_width(s, width), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_input_shows_control_and_direction_characters_escaped() {
        assert_eq!(shown("C0\u{1b}[2J01"), "C0\\u{1b}[2J01");
        assert_eq!(shown("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(shown("a\0b"), "a\\u{0}b");
        assert_eq!(shown("宁波五金 C00002"), "宁波五金 C00002");
        assert_eq!(shown_lines("x\u{1b}\ny\tz"), "x\\u{1b}\ny\\u{9}z");
    }
    use proptest::prelude::*;

    const NAME: FieldName = FieldName::new("客户名称", "Customer name");

    #[test]
    fn clean_text_trims_and_normalises_spaces() {
        assert_eq!(clean_text("  张三　五金 \n", 20).unwrap(), "张三 五金");
        assert_eq!(clean_text("\u{3000}\u{3000}", 20).unwrap(), "");
        assert_eq!(clean_text("a\u{00A0}b", 20).unwrap(), "a b");
    }

    #[test]
    fn clean_text_rejects_controls_with_position() {
        assert_eq!(
            clean_text("ab\ncd", 20),
            Err(TextError::ControlCharacter { position: 3 })
        );
        assert_eq!(
            clean_text("  a\tb", 20),
            Err(TextError::ControlCharacter { position: 4 })
        );
        for bad in [
            "\u{7f}", "\u{85}", "\u{9b}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{0}",
            "\u{1b}", "\u{2028}",
        ] {
            let input = format!("x{bad}y");
            assert_eq!(
                clean_text(&input, 20),
                Err(TextError::ControlCharacter { position: 2 }),
                "{input:?}"
            );
        }
    }

    #[test]
    fn clean_text_counts_characters_not_bytes() {
        assert_eq!(clean_text("螺丝钉", 3).unwrap(), "螺丝钉");
        assert_eq!(
            clean_text("螺丝钉子", 3),
            Err(TextError::TooLong { max: 3, len: 4 })
        );
    }

    #[test]
    fn required_text_names_the_field() {
        let err = required_text("  ", 10, NAME).unwrap_err();
        assert_eq!(err, TextError::Empty { field: NAME });
        assert_eq!(err.localized(Lang::Zh), "客户名称不能为空");
        assert_eq!(err.localized(Lang::En), "Customer name must not be empty");
        assert_eq!(err.to_string(), "Customer name must not be empty");
        assert_eq!(required_text(" 李四 ", 10, NAME).unwrap(), "李四");
    }

    #[test]
    fn clean_code_upper_cases_and_checks_charset() {
        assert_eq!(clean_code(" sku-01_a.b/c ", 20).unwrap(), "SKU-01_A.B/C");
        assert_eq!(clean_code("ａｂ－１２", 20).unwrap(), "AB-12");
        assert_eq!(clean_code("", 20).unwrap(), "");
        assert_eq!(
            clean_code("AB 12", 20),
            Err(TextError::InvalidCode {
                ch: ' ',
                position: 3
            })
        );
        assert_eq!(
            clean_code("A螺", 20),
            Err(TextError::InvalidCode {
                ch: '螺',
                position: 2
            })
        );
        assert_eq!(
            clean_code("ABCDE", 4),
            Err(TextError::TooLong { max: 4, len: 5 })
        );
    }

    #[test]
    fn clean_phone_accepts_common_forms() {
        assert_eq!(clean_phone(" 138-0013-8000 ").unwrap(), "138-0013-8000");
        assert_eq!(
            clean_phone("+86 (21) 6234 5678").unwrap(),
            "+86 (21) 6234 5678"
        );
        assert_eq!(
            clean_phone("１３８００１３８０００").unwrap(),
            "13800138000"
        );
        assert_eq!(clean_phone("95588").unwrap(), "95588");
        assert_eq!(clean_phone("   ").unwrap(), "");
    }

    #[test]
    fn clean_phone_rejects_bad_input() {
        assert_eq!(clean_phone("1234"), Err(TextError::PhoneLength { len: 4 }));
        assert_eq!(
            clean_phone("((((()"),
            Err(TextError::PhoneLength { len: 6 })
        );
        assert_eq!(
            clean_phone(&"1".repeat(31)),
            Err(TextError::PhoneLength { len: 31 })
        );
        assert_eq!(
            clean_phone("138x0013"),
            Err(TextError::InvalidPhone {
                ch: 'x',
                position: 4
            })
        );
    }

    #[test]
    fn every_error_has_both_languages() {
        let errors = [
            TextError::Empty { field: NAME },
            TextError::TooLong { max: 3, len: 4 },
            TextError::ControlCharacter { position: 2 },
            TextError::InvalidCode {
                ch: '螺',
                position: 1,
            },
            TextError::InvalidPhone {
                ch: 'x',
                position: 1,
            },
            TextError::PhoneLength { len: 2 },
        ];
        for e in errors {
            let zh = e.localized(Lang::Zh);
            let en = e.localized(Lang::En);
            assert_ne!(zh, en);
            assert!(
                zh.chars().any(|c| display_width(&c.to_string()) == 2),
                "{zh}"
            );
            assert!(en.is_ascii() || en.contains('螺'), "{en}");
        }
    }

    #[test]
    fn half_width_maps_full_width_ascii() {
        assert_eq!(to_half_width("ＡＢＣ１２３（）　！～"), "ABC123() !~");
        assert_eq!(to_half_width("螺丝，。、"), "螺丝,。、");
    }

    #[test]
    fn widths_of_mixed_text() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("螺丝钉"), 6);
        assert_eq!(display_width("M8螺栓"), 6);
    }

    #[test]
    fn truncate_never_splits_wide_chars() {
        assert_eq!(truncate_to_width("螺丝钉", 6), "螺丝钉");
        assert_eq!(truncate_to_width("螺丝钉", 5), "螺丝…");
        assert_eq!(truncate_to_width("螺丝钉", 4), "螺…");
        assert_eq!(truncate_to_width("螺丝钉", 2), "…");
        assert_eq!(truncate_to_width("螺丝钉", 1), "…");
        assert_eq!(truncate_to_width("螺丝钉", 0), "");
        assert_eq!(truncate_to_width("abcdef", 4), "abc…");
        assert_eq!(truncate_to_width("", 0), "");
    }

    #[test]
    fn pad_and_fit() {
        assert_eq!(pad_to_width("螺丝", 6), "螺丝  ");
        assert_eq!(pad_to_width("螺丝钉", 4), "螺丝钉");
        assert_eq!(fit_to_width("螺丝钉", 4), "螺… ");
        assert_eq!(fit_to_width("ab", 4), "ab  ");
    }

    proptest! {
        #[test]
        fn truncate_fits_and_keeps_a_prefix(s in "\\PC{0,40}", width in 0usize..30) {
            let t = truncate_to_width(&s, width);
            prop_assert!(display_width(&t) <= width);
            if display_width(&s) <= width {
                prop_assert_eq!(&t, &s);
            } else {
                let kept = t.strip_suffix(ELLIPSIS).unwrap_or("");
                prop_assert!(s.starts_with(kept));
            }
        }

        #[test]
        fn fit_is_exactly_the_width(s in "[a-z0-9 螺丝钉五金张三（）…]{0,20}", width in 1usize..30) {
            prop_assert_eq!(display_width(&fit_to_width(&s, width)), width);
        }

        #[test]
        fn clean_text_never_panics_and_output_is_clean(s in "\\PC{0,30}|.{0,30}", max in 0usize..40) {
            if let Ok(t) = clean_text(&s, max) {
                prop_assert!(t.chars().count() <= max);
                prop_assert!(!t.chars().any(is_forbidden_control));
                prop_assert_eq!(t.trim(), t.as_str());
            }
        }

        #[test]
        fn clean_code_output_is_in_charset(s in ".{0,20}") {
            if let Ok(c) = clean_code(&s, 20) {
                prop_assert!(c.chars().all(|c| c.is_ascii_uppercase()
                    || c.is_ascii_digit() || "-_./".contains(c)));
            }
        }
    }
}
