//! Render a ratatui [`Buffer`] as a standalone SVG "screenshot".
//!
//! The output looks like a dark terminal window: a rounded background rectangle, one `<rect>`
//! per horizontal run of cells that share a non-default background, and one `<text>` per
//! horizontal run of cells that share a text style. Every element sits on its own line and uses
//! integer coordinates only, so the same buffer always gives the same bytes and a one-cell
//! change gives a one-line diff.
//!
//! Layout is a fixed grid of [`CELL_W`] × [`CELL_H`] pixels. Each text run is placed at its
//! starting column (`x = col * CELL_W`) and stretched to exactly its cell count with
//! `textLength` + `lengthAdjust="spacingAndGlyphs"`, so wide (CJK) glyphs and ASCII stay on the
//! grid whatever font the viewer falls back to. Runs never mix wide and narrow glyphs, because a
//! single stretch factor cannot fit both when the fallback font's widths are not exactly 1:2.
//!
//! Wide characters: ratatui 0.30 (`Buffer::set_stringn`) writes a wide grapheme into its first
//! cell and *resets* the following cell(s) (symbol `" "`, default style), exactly like a
//! terminal. So continuation cells are recognised the way `Buffer::diff` does it — by the width
//! of the preceding symbol (or its `CellDiffOption::ForcedWidth`) — not by their contents; their
//! own style is ignored, the wide glyph's style covers them. A cell marked skip
//! (`CellDiffOption::Skip` or the deprecated `Cell::skip`) is drawn by something outside the
//! buffer (an image, say), so it is rendered blank. An uncovered cell with an empty symbol is
//! rendered as a space.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

/// Width of one terminal cell, in SVG pixels.
pub const CELL_W: u32 = 9;
/// Height of one terminal cell, in SVG pixels.
pub const CELL_H: u32 = 18;
/// Font size, in pixels; at 15px DejaVu Sans Mono advances ~9px per glyph.
pub const FONT_SIZE: u32 = 15;
/// Distance from the top of a cell to the text baseline, in pixels.
pub const BASELINE: u32 = 13;
/// Margin between the window edge and the cell grid, in pixels.
pub const PADDING: u32 = 8;
/// Monospace font stack: Latin monospace fonts first, then CJK fonts, then the generic family.
pub const FONT_FAMILY: &str = "'DejaVu Sans Mono','Menlo','Consolas','Noto Sans Mono CJK SC',\
'Sarasa Mono SC','PingFang SC','Microsoft YaHei',monospace";

/// Screen colours when a cell says `Color::Reset`.
const DEFAULT_FG: Rgb = Rgb(0xcc, 0xcc, 0xcc);
const DEFAULT_BG: Rgb = Rgb(0x1e, 0x1e, 0x1e);

/// The 16 ANSI colours (a readable dark-theme palette), indexed like `Color::Indexed(0..16)`.
const ANSI: [Rgb; 16] = [
    Rgb(0x00, 0x00, 0x00), // Black
    Rgb(0xcd, 0x31, 0x31), // Red
    Rgb(0x0d, 0xbc, 0x79), // Green
    Rgb(0xe5, 0xe5, 0x10), // Yellow
    Rgb(0x24, 0x72, 0xc8), // Blue
    Rgb(0xbc, 0x3f, 0xbc), // Magenta
    Rgb(0x11, 0xa8, 0xcd), // Cyan
    Rgb(0xe5, 0xe5, 0xe5), // Gray (ANSI white)
    Rgb(0x66, 0x66, 0x66), // DarkGray (ANSI bright black)
    Rgb(0xf1, 0x4c, 0x4c), // LightRed
    Rgb(0x23, 0xd1, 0x8b), // LightGreen
    Rgb(0xf5, 0xf5, 0x43), // LightYellow
    Rgb(0x3b, 0x8e, 0xea), // LightBlue
    Rgb(0xd6, 0x70, 0xd6), // LightMagenta
    Rgb(0x29, 0xb8, 0xdb), // LightCyan
    Rgb(0xff, 0xff, 0xff), // White (ANSI bright white)
];

/// Render `buf` as a standalone SVG document titled `title`.
///
/// The result is deterministic (same buffer and title → same bytes) and ends with a newline.
/// Cell `(col, row)` of the buffer's area occupies `x = col * CELL_W`, `y = row * CELL_H` in the
/// grid group, which is offset by [`PADDING`] inside the window.
pub fn buffer_to_svg(buf: &Buffer, title: &str) -> String {
    let area = *buf.area();
    let cols = usize::from(area.width);
    let rows = usize::from(area.height);
    let width = u32::from(area.width) * CELL_W + 2 * PADDING;
    let height = u32::from(area.height) * CELL_H + 2 * PADDING;

    let mut rects = String::new();
    let mut texts = String::new();
    if cols > 0 {
        for (row, line) in buf.content().chunks(cols).take(rows).enumerate() {
            let segs = row_segments(line);
            let row = row as u32;
            push_rects(&mut rects, row, &segs);
            push_texts(&mut texts, row, &segs);
        }
    }

    let mut out = String::with_capacity(512 + rects.len() + texts.len());
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" xml:space=\"preserve\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" rx=\"6\" fill=\"{DEFAULT_BG}\"/>"
    );
    let _ = writeln!(out, "<g transform=\"translate({PADDING},{PADDING})\">");
    out.push_str("<g shape-rendering=\"crispEdges\">\n");
    out.push_str(&rects);
    out.push_str("</g>\n");
    let _ = writeln!(
        out,
        "<g font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\" fill=\"{DEFAULT_FG}\">"
    );
    out.push_str(&texts);
    out.push_str("</g>\n</g>\n</svg>\n");
    out
}

/// An sRGB colour, printed as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Map a ratatui colour to the palette; `Reset` becomes `default`.
fn resolve(color: Color, default: Rgb) -> Rgb {
    match color {
        Color::Reset => default,
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
        Color::Rgb(r, g, b) => Rgb(r, g, b),
        Color::Indexed(i) => indexed(i),
    }
}

/// The xterm 256-colour table: 16 ANSI colours, a 6×6×6 cube, then 24 greys.
fn indexed(i: u8) -> Rgb {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => ANSI[usize::from(i)],
        16..=231 => {
            let n = usize::from(i - 16);
            Rgb(LEVELS[n / 36], LEVELS[n / 6 % 6], LEVELS[n % 6])
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            Rgb(v, v, v)
        }
    }
}

/// What a cell looks like once colours are resolved and REVERSED is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Visual {
    fg: Rgb,
    bg: Rgb,
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    dim: bool,
    hidden: bool,
}

impl Visual {
    const BLANK: Self = Self {
        fg: DEFAULT_FG,
        bg: DEFAULT_BG,
        bold: false,
        italic: false,
        underline: false,
        strike: false,
        dim: false,
        hidden: false,
    };

    fn of(cell: &Cell) -> Self {
        let m = cell.modifier;
        let mut fg = resolve(cell.fg, DEFAULT_FG);
        let mut bg = resolve(cell.bg, DEFAULT_BG);
        if m.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        Self {
            fg,
            bg,
            bold: m.contains(Modifier::BOLD),
            italic: m.contains(Modifier::ITALIC),
            underline: m.contains(Modifier::UNDERLINED),
            strike: m.contains(Modifier::CROSSED_OUT),
            dim: m.contains(Modifier::DIM),
            hidden: m.contains(Modifier::HIDDEN),
        }
    }

    const fn decorated(&self) -> bool {
        self.underline || self.strike
    }

    /// The part of the style that matters for a `<text>` element.
    const fn text_key(&self) -> (Rgb, bool, bool, bool, bool, bool) {
        (
            self.fg,
            self.bold,
            self.italic,
            self.underline,
            self.strike,
            self.dim,
        )
    }
}

/// One grapheme on the grid: a leading cell plus the continuation cells it covers.
#[derive(Debug)]
struct Seg {
    /// First column, relative to the buffer area.
    col: u32,
    /// Columns occupied on screen (the natural width, clipped at the right edge).
    cols: u32,
    /// Natural width of the grapheme: runs only join graphemes of equal width.
    class: u32,
    text: String,
    vis: Visual,
}

impl Seg {
    /// A segment that draws nothing but its background: it may be dropped from the ends of a
    /// text run or absorbed into its middle as plain spaces.
    fn is_blank(&self) -> bool {
        self.vis.hidden || (!self.vis.decorated() && self.text.chars().all(|c| c == ' '))
    }
}

#[allow(deprecated)] // `Cell::skip` is deprecated since 0.30.1 but still honoured by ratatui.
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

/// Split one buffer row into graphemes, skipping the continuation cells of wide ones.
fn row_segments(line: &[Cell]) -> Vec<Seg> {
    let width = line.len() as u32;
    let mut segs = Vec::with_capacity(line.len());
    let mut col = 0u32;
    while col < width {
        let cell = &line[col as usize];
        if is_skip(cell) {
            segs.push(Seg {
                col,
                cols: 1,
                class: 1,
                text: " ".to_owned(),
                vis: Visual::BLANK,
            });
            col += 1;
            continue;
        }
        let symbol = cell.symbol();
        let natural = match cell.diff_option {
            CellDiffOption::ForcedWidth(w) => u32::from(w.get()),
            // `cell_width` debug-asserts on single control bytes; one byte is one column.
            _ if symbol.len() == 1 => 1,
            _ => u32::from(symbol.cell_width()),
        };
        let class = natural.max(1);
        let cols = class.min(width - col);
        let text = if symbol.is_empty() {
            " ".to_owned()
        } else {
            symbol
                .chars()
                .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                .collect()
        };
        segs.push(Seg {
            col,
            cols,
            class,
            text,
            vis: Visual::of(cell),
        });
        col += cols;
    }
    segs
}

/// One `<rect>` per run of segments sharing a non-default background.
fn push_rects(out: &mut String, row: u32, segs: &[Seg]) {
    let y = row * CELL_H;
    let mut i = 0;
    while i < segs.len() {
        let bg = segs[i].vis.bg;
        let start = segs[i].col;
        let mut end = start + segs[i].cols;
        i += 1;
        while i < segs.len() && segs[i].vis.bg == bg {
            end += segs[i].cols;
            i += 1;
        }
        if bg != DEFAULT_BG {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{CELL_H}\" fill=\"{bg}\"/>",
                start * CELL_W,
                (end - start) * CELL_W,
            );
        }
    }
}

/// A `<text>` element being accumulated.
struct Run {
    col: u32,
    cols: u32,
    class: u32,
    vis: Visual,
    text: String,
    /// Blank columns seen after the run's last glyph, not yet known to be inside the run.
    pending: u32,
}

/// One `<text>` per run of same-style, same-width graphemes; blank ends are trimmed.
fn push_texts(out: &mut String, row: u32, segs: &[Seg]) {
    let mut run: Option<Run> = None;
    for seg in segs {
        if seg.is_blank() {
            if let Some(r) = run.as_mut() {
                r.pending += seg.cols;
            }
            continue;
        }
        if let Some(r) = run.as_mut() {
            let joins = r.vis.text_key() == seg.vis.text_key()
                && r.class == seg.class
                && (r.pending == 0 || (r.class == 1 && !r.vis.decorated()));
            if joins {
                r.text.extend(std::iter::repeat_n(' ', r.pending as usize));
                r.cols += r.pending + seg.cols;
                r.pending = 0;
                r.text.push_str(&seg.text);
                continue;
            }
            write_text(out, row, r);
        }
        run = Some(Run {
            col: seg.col,
            cols: seg.cols,
            class: seg.class,
            vis: seg.vis,
            text: seg.text.clone(),
            pending: 0,
        });
    }
    if let Some(r) = &run {
        write_text(out, row, r);
    }
}

fn write_text(out: &mut String, row: u32, run: &Run) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
        run.col * CELL_W,
        row * CELL_H + BASELINE,
        run.cols * CELL_W,
    );
    let v = &run.vis;
    if v.fg != DEFAULT_FG {
        let _ = write!(out, " fill=\"{}\"", v.fg);
    }
    if v.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    if v.italic {
        out.push_str(" font-style=\"italic\"");
    }
    match (v.underline, v.strike) {
        (true, true) => out.push_str(" text-decoration=\"underline line-through\""),
        (true, false) => out.push_str(" text-decoration=\"underline\""),
        (false, true) => out.push_str(" text-decoration=\"line-through\""),
        (false, false) => {}
    }
    if v.dim {
        out.push_str(" opacity=\"0.6\"");
    }
    let _ = writeln!(out, ">{}</text>", escape(&run.text));
}

/// Escape text for XML content or a double-quoted attribute; characters XML 1.0 forbids become
/// U+FFFD.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use ratatui::text::{Line, Span};

    /// 40×6 screen: ASCII, Chinese, a bold+reversed+red span and an escaped `<`.
    fn sample() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 6));
        buf.set_string(0, 0, "Order ORD-0001 a<b & \"c\"", Style::default());
        buf.set_string(2, 1, "订单确认函", Style::default());
        let line = Line::from(vec![
            Span::raw("Status: "),
            Span::styled(
                "APPROVED",
                Style::default()
                    .fg(Color::Red)
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            Span::raw(" ok"),
        ]);
        buf.set_line(0, 2, &line, 40);
        buf.set_string(0, 3, "客户: 张三 (VIP)", Style::default().fg(Color::Cyan));
        buf.set_string(0, 4, "dim", Style::default().dim().underlined());
        buf
    }

    fn texts(svg: &str) -> Vec<&str> {
        svg.lines().filter(|l| l.starts_with("<text ")).collect()
    }

    #[test]
    fn ascii_run_is_one_element_at_its_column() {
        let svg = buffer_to_svg(&sample(), "t");
        assert!(svg.contains(
            "<text x=\"0\" y=\"13\" textLength=\"216\" lengthAdjust=\"spacingAndGlyphs\">\
             Order ORD-0001 a&lt;b &amp; &quot;c&quot;</text>\n"
        ));
    }

    #[test]
    fn chinese_run_spans_two_cells_per_char() {
        let svg = buffer_to_svg(&sample(), "t");
        let chars = "订单确认函".chars().count() as u32;
        let expected = format!(
            "<text x=\"{}\" y=\"{}\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">订单确认函</text>",
            2 * CELL_W,
            CELL_H + BASELINE,
            2 * chars * CELL_W
        );
        assert!(svg.contains(&expected), "{svg}");
    }

    #[test]
    fn mixed_width_line_splits_on_width_and_stays_on_grid() {
        let svg = buffer_to_svg(&sample(), "t");
        // 客户 = cols 0..4, ": " = 4..6, 张三 = 6..10, " (VIP)" = 10..16.
        let y = 3 * CELL_H + BASELINE;
        for (x, len, s) in [
            (0, 36, "客户"),
            (36, 9, ":"),
            (54, 36, "张三"),
            (99, 45, "(VIP)"),
        ] {
            let want = format!(
                "<text x=\"{x}\" y=\"{y}\" textLength=\"{len}\" \
                 lengthAdjust=\"spacingAndGlyphs\" fill=\"#11a8cd\">{s}</text>"
            );
            assert!(svg.contains(&want), "missing {want}\n{svg}");
        }
    }

    #[test]
    fn styled_span_gets_bold_swapped_colours_and_a_background_rect() {
        let svg = buffer_to_svg(&sample(), "t");
        let y = 2 * CELL_H;
        // "APPROVED" starts at column 8; reversed red → red background, default-bg text.
        assert!(svg.contains(&format!(
            "<rect x=\"72\" y=\"{y}\" width=\"72\" height=\"18\" fill=\"#cd3131\"/>"
        )));
        assert!(svg.contains(&format!(
            "<text x=\"72\" y=\"{}\" textLength=\"72\" lengthAdjust=\"spacingAndGlyphs\" \
             fill=\"#1e1e1e\" font-weight=\"bold\">APPROVED</text>",
            y + BASELINE
        )));
        assert!(svg.contains("lengthAdjust=\"spacingAndGlyphs\">Status:</text>"));
        assert!(svg.contains("<text x=\"153\" y=\"49\" textLength=\"18\""));
        // Only the reversed span has a non-default background.
        assert_eq!(svg.matches("<rect x=").count(), 1);
    }

    #[test]
    fn dim_and_underline() {
        let svg = buffer_to_svg(&sample(), "t");
        assert!(svg.contains(
            "textLength=\"27\" lengthAdjust=\"spacingAndGlyphs\" \
             text-decoration=\"underline\" opacity=\"0.6\">dim</text>"
        ));
    }

    #[test]
    fn escapes_markup_in_cells_and_title() {
        let svg = buffer_to_svg(&sample(), "Orders <1> & 'quotes'");
        assert!(svg.contains("a&lt;b &amp; &quot;c&quot;"));
        assert!(!svg.contains("a<b"));
        assert!(svg.contains("<title>Orders &lt;1&gt; &amp; &apos;quotes&apos;</title>"));
    }

    #[test]
    fn deterministic_with_trailing_newline() {
        let buf = sample();
        let a = buffer_to_svg(&buf, "screen");
        let b = buffer_to_svg(&buf.clone(), "screen");
        assert_eq!(a.as_bytes(), b.as_bytes());
        assert!(a.ends_with("</svg>\n"));
        assert!(
            a.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"376\" height=\"124\"")
        );
        assert!(a.contains("xml:space=\"preserve\""));
        assert!(a.contains("'Noto Sans Mono CJK SC'"));
    }

    #[test]
    fn far_fewer_text_elements_than_cells() {
        let buf = sample();
        let svg = buffer_to_svg(&buf, "t");
        let cells = buf.content().len();
        let n = texts(&svg).len();
        assert_eq!(svg.matches("<text").count(), n);
        assert!(n > 0 && n * 10 < cells, "{n} <text> for {cells} cells");
    }

    #[test]
    fn reversed_wide_char_background_covers_continuation_cell() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(1, 0, "单", Style::default().reversed());
        assert!(buf[(2, 0)].symbol() == " " && buf[(2, 0)].modifier.is_empty());
        let svg = buffer_to_svg(&buf, "t");
        assert!(svg.contains("<rect x=\"9\" y=\"0\" width=\"18\" height=\"18\" fill=\"#cccccc\"/>"));
        assert!(svg.contains(
            "<text x=\"9\" y=\"13\" textLength=\"18\" lengthAdjust=\"spacingAndGlyphs\" \
             fill=\"#1e1e1e\">单</text>"
        ));
    }

    #[test]
    fn palette_covers_rgb_and_indexed() {
        assert_eq!(resolve(Color::Reset, DEFAULT_FG), DEFAULT_FG);
        assert_eq!(
            resolve(Color::Rgb(1, 2, 255), DEFAULT_FG).to_string(),
            "#0102ff"
        );
        assert_eq!(
            resolve(Color::Indexed(9), DEFAULT_FG),
            resolve(Color::LightRed, DEFAULT_FG)
        );
        assert_eq!(indexed(16), Rgb(0, 0, 0));
        assert_eq!(indexed(196), Rgb(255, 0, 0));
        assert_eq!(indexed(231), Rgb(255, 255, 255));
        assert_eq!(indexed(232), Rgb(8, 8, 8));
        assert_eq!(indexed(255), Rgb(238, 238, 238));
    }

    #[test]
    fn empty_buffer_is_still_a_document() {
        let svg = buffer_to_svg(&Buffer::empty(Rect::new(0, 0, 0, 0)), "");
        assert!(svg.contains("<title></title>"));
        assert!(!svg.contains("<text"));
        assert!(svg.ends_with("</svg>\n"));
    }
}
