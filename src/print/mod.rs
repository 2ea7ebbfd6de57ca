//! Documents rendered from `ops` read models, as width-aware plain text for dot-matrix
//! and thermal printers and as standalone HTML pages: the order confirmation (订单确认函)
//! now; the pick list (拣货单), delivery note (出库单), invoice and statement (对账单)
//! follow its pattern (one content model per document, drawn twice).
//!
//! This module holds what every document shares: cleaning values for a printer, text
//! measured and cut by display width (a Chinese character is two columns, see
//! `domain::text`), line wrapping, HTML escaping, and sending text to the configured
//! printer command.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use thiserror::Error;
use unicode_width::UnicodeWidthChar;

use crate::domain::text::{display_width, truncate_to_width};
use crate::i18n::{Lang, Localized};

pub mod cash;
pub mod confirmation;
pub mod figures;
pub mod goods;
pub mod statement;

pub use confirmation::{confirmation_html, confirmation_text, write_confirmation, FILE_WIDTH};

// ---------------------------------------------------------------------------------------
// Values and columns
// ---------------------------------------------------------------------------------------

/// `s` on one line: control characters (newlines, tabs, escape sequences) become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// `s` with its line breaks kept and every other control character made a space.
fn multi_line(s: &str) -> String {
    s.lines()
        .map(one_line)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// `s` cut to `width` and centred (no trailing spaces).
fn centred(s: &str, width: usize) -> String {
    let s = truncate_to_width(s, width);
    let pad = (width - display_width(&s)) / 2;
    format!("{}{s}", " ".repeat(pad))
}

/// `s` right-aligned in `width` columns; wider text is returned unchanged.
fn right(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// `left` at the left margin and `right_text` ending at column `width`.
fn spread(left: &str, right_text: &str, width: usize) -> String {
    let gap = width.saturating_sub(display_width(left) + display_width(right_text));
    format!("{left}{}{right_text}", " ".repeat(gap))
}

// ---------------------------------------------------------------------------------------
// Wrapping
// ---------------------------------------------------------------------------------------

/// Words of `para` for wrapping: runs of narrow characters, and every wide (Chinese)
/// character on its own, each with whether a space came before it.
fn tokens(para: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut space = false;
    for (i, c) in para.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((space, &para[s..i]));
            }
            space = true;
        } else if c.width().unwrap_or(0) >= 2 {
            if let Some(s) = start.take() {
                out.push((space, &para[s..i]));
                space = false;
            }
            out.push((space, &para[i..i + c.len_utf8()]));
            space = false;
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((space, &para[s..]));
    }
    out
}

/// Punctuation that must not begin a line (避头点).
fn no_line_start(token: &str) -> bool {
    token
        .chars()
        .all(|c| "，。、；：？！）》」』】”’…,.;:?!)]}%".contains(c))
}

/// Punctuation that must not end a line (避尾点).
fn no_line_end(token: &str) -> bool {
    token.chars().all(|c| "（《「『【“‘([{".contains(c))
}

/// `text` wrapped into lines of at most `width` display columns: English breaks at
/// spaces, Chinese between any two characters but not before closing or after opening
/// punctuation, and a word longer than a line is cut. Line breaks in `text` are kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        let mut line_w = 0;
        // Where the last token on the line starts, to carry it down with punctuation.
        let mut last_start = 0;
        for (space, token) in tokens(para) {
            let tw = display_width(token);
            let sep = usize::from(space && !line.is_empty());
            if line_w + sep + tw <= width {
                if sep == 1 {
                    line.push(' ');
                }
                last_start = line.len();
                line.push_str(token);
                line_w += sep + tw;
                continue;
            }
            if must_carry_down(&line, last_start, space, token, width) {
                // Carry the last token down with the punctuation.
                let carried = line.split_off(last_start);
                out.push(line.trim_end().to_string());
                line = carried;
                if space {
                    line.push(' ');
                }
                last_start = line.len();
                line.push_str(token);
                line_w = display_width(&line);
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0;
            }
            last_start = 0;
            if tw <= width {
                line.push_str(token);
                line_w = tw;
                continue;
            }
            for c in token.chars() {
                let cw = c.width().unwrap_or(0);
                if line_w + cw > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        out.push(line);
    }
    out
}

/// Whether, instead of breaking the line before `token`, the line's last token goes
/// down with it: punctuation must not begin or end a line, as long as something stays
/// behind and the two fit on a line together.
fn must_carry_down(line: &str, last_start: usize, space: bool, token: &str, width: usize) -> bool {
    let last = &line[last_start..];
    last_start > 0
        && ((!space && no_line_start(token)) || no_line_end(last))
        && display_width(last) + usize::from(space) + display_width(token) <= width
}

// ---------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------

/// `s` safe to place in HTML text and in quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Errors and the printer
// ---------------------------------------------------------------------------------------

/// Why a document could not be saved or printed.
#[derive(Debug, Error)]
pub enum PrintError {
    #[error("cannot create the folder {}: {source}", .dir.display())]
    CreateDir { dir: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("no printer command is configured")]
    NoCommand,
    #[error("cannot start the printer command `{command}`: {source}")]
    Start { command: String, source: io::Error },
    #[error("cannot send the document to the printer command `{command}`: {source}")]
    Send { command: String, source: io::Error },
    #[error("the printer command `{command}` failed ({}){}", exit_text(*.code, Lang::En), stderr_text(.stderr))]
    Failed {
        command: String,
        /// The exit code; `None` when a signal ended the command.
        code: Option<i32>,
        /// The first line the command wrote to standard error.
        stderr: String,
    },
}

fn exit_text(code: Option<i32>, lang: Lang) -> String {
    match code {
        Some(c) => crate::bi!(lang, "退出码 {}", "exit code {}", c),
        None => lang.pick("被信号终止", "ended by a signal").to_string(),
    }
}

fn stderr_text(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

impl Localized for PrintError {
    fn localized(&self, lang: Lang) -> String {
        match self {
            PrintError::CreateDir { dir, source } => crate::bi!(
                lang,
                "无法创建文件夹 {}：{}。请检查路径和权限。",
                "Cannot create the folder {}: {}. Check the path and its permissions.",
                dir.display(),
                source
            ),
            PrintError::Write { path, source } => crate::bi!(
                lang,
                "无法写入文件 {}：{}。请检查磁盘空间和权限。",
                "Cannot write {}: {}. Check the free disk space and the permissions.",
                path.display(),
                source
            ),
            PrintError::NoCommand => crate::bi!(
                lang,
                "没有设置打印命令：请在设置中填写打印命令（例如 lp -d 打印机名）。",
                "No printer command is set: enter one in the settings (for example lp -d PRINTER)."
            ),
            PrintError::Start { command, source } => crate::bi!(
                lang,
                "无法启动打印命令“{}”：{}。请检查设置中的打印命令。",
                "Cannot start the printer command \"{}\": {}. Check the printer command in the settings.",
                command,
                source
            ),
            PrintError::Send { command, source } => crate::bi!(
                lang,
                "无法把单据发送给打印命令“{}”：{}。请检查打印机和打印命令。",
                "Cannot send the document to the printer command \"{}\": {}. Check the printer and the command.",
                command,
                source
            ),
            PrintError::Failed {
                command,
                code,
                stderr,
            } => {
                let detail = if stderr.is_empty() {
                    String::new()
                } else {
                    format!("{}{stderr}", lang.pick("：", ": "))
                };
                crate::bi!(
                    lang,
                    "打印命令“{}”执行失败（{}）{}。请检查打印机是否连接、打印命令是否正确。",
                    "The printer command \"{}\" failed ({}){}. Check that the printer is connected and the command is right.",
                    command,
                    exit_text(*code, lang),
                    detail
                )
            }
        }
    }
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(command);
    c
}

#[cfg(windows)]
fn shell(command: &str) -> Command {
    use std::os::windows::process::CommandExt;
    let mut c = Command::new("cmd");
    // cmd parses its own command line; Rust's argument quoting would garble it.
    c.arg("/C").raw_arg(command);
    c
}

/// Sends `text` to the configured printer command (for example `lp -d EPSON`, or
/// `iconv -f UTF-8 -t GB18030 | lp -o raw` for a printer that expects GB18030),
/// run through the shell (`sh -c`, on Windows `cmd /C`) with the text on standard input.
/// The command's standard output is discarded; it must exit with status 0.
pub fn send_to_printer(command: &str, text: &str) -> Result<(), PrintError> {
    let command = command.trim();
    if command.is_empty() {
        return Err(PrintError::NoCommand);
    }
    let mut child = shell(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| PrintError::Start {
            command: command.to_string(),
            source,
        })?;
    let stdin = child.stdin.take();
    // Feed standard input from a second thread while this one drains standard error:
    // a command that writes much to stderr before reading its input must not deadlock.
    let (fed, output) = std::thread::scope(|s| {
        let feeder = s.spawn(move || -> io::Result<()> {
            if let Some(mut stdin) = stdin {
                stdin.write_all(text.as_bytes())?;
                stdin.flush()?;
            }
            Ok(())
        });
        let output = child.wait_with_output();
        let fed = feeder
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writing thread failed")));
        (fed, output)
    });
    let send_error = |source| PrintError::Send {
        command: command.to_string(),
        source,
    };
    let output = output.map_err(send_error)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        return Err(PrintError::Failed {
            command: command.to_string(),
            code: output.status.code(),
            stderr: truncate_to_width(&one_line(first), 200),
        });
    }
    // A command that exits 0 without reading all of its input has not printed it all.
    fed.map_err(send_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn wrapped_lines_fit_and_lose_nothing(
            text in "[a-z0-9 ，。（）《》：螺栓木箱包装\n.,()]{0,80}",
            width in 2usize..40,
        ) {
            let lines = wrap(&text, width);
            for l in &lines {
                prop_assert!(display_width(l) <= width, "{:?} at {}", l, width);
            }
            let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(kept, original);
        }
    }

    #[test]
    fn wrap_respects_width_and_keeps_every_character() {
        let text =
            "请用木箱包装，每箱不超过25公斤；please deliver before 10:00 on weekdays\n第二行";
        for width in [6, 10, 17, 40] {
            let lines = wrap(text, width);
            assert!(lines.iter().all(|l| display_width(l) <= width), "{lines:?}");
            let joined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, original, "width {width}");
        }
        let lines = wrap(text, 17);
        assert!(lines.contains(&"第二行".to_string()), "{lines:?}");
        // English words stay whole when they fit on a line.
        assert!(lines.iter().any(|l| l.contains("deliver")), "{lines:?}");
    }

    #[test]
    fn wrap_never_starts_a_line_with_closing_punctuation() {
        assert_eq!(wrap("确认无误后回传。", 14), ["确认无误后回", "传。"]);
        assert_eq!(wrap("每箱25公斤；周六", 10), ["每箱25公", "斤；周六"]);
        assert_eq!(wrap("签字（盖章）", 6), ["签字", "（盖", "章）"]);
        assert_eq!(wrap("Sign (here)", 7), ["Sign", "(here)"]);
        // Nothing to carry down: the punctuation goes first rather than overflow.
        assert_eq!(wrap("。。。", 2), ["。", "。", "。"]);
    }

    #[test]
    fn wrap_cuts_a_word_longer_than_the_line() {
        let lines = wrap("ABCDEFGHIJKLMNOP", 5);
        assert_eq!(lines, ["ABCDE", "FGHIJ", "KLMNO", "P"]);
    }

    #[test]
    fn escape_html_escapes_the_five_characters() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn one_line_removes_control_characters() {
        assert_eq!(one_line("\x1b@宏达\t五金\n"), "@宏达 五金");
    }
}
