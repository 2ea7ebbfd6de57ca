//! One product's stock: its totals, where it lies by bin and lot (with receipt dates,
//! and expired or nearly expired lots marked), and its movement history, newest first,
//! paged by keyset: who, when, why and the source document.

use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use crate::domain::money::Qty;
use crate::domain::stock::MoveKind;
use crate::i18n::Lang;
use crate::ops;
use crate::ops::clock::{company_text_of, Shown};
use crate::ops::stock::StockDetail;
use crate::ops::stock::{Level, Move};
use crate::ui::keymap::{Command, Context};
use crate::ui::route::Route;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start, Env, Nav, View};

/// A lot that expires within this many days is marked as near expiry (临期).
pub const NEAR_EXPIRY_DAYS: i64 = 30;

/// The detail screen of a product's stock.
pub struct StockDetailView {
    pub product_id: i64,
    pub detail: Box<StockDetail>,
    /// The page of movements shown, newest first.
    pub moves: Vec<Move>,
    /// The movement id this page starts below (0: the newest).
    move_start: i64,
    /// The starts of the newer pages (for PgUp).
    move_starts: Vec<i64>,
    /// The selected bin and lot line, which transfer and adjust start from.
    pub selected: usize,
}

/// The stock detail screen of a product.
pub fn open(env: &mut Env, product_id: i64) -> Result<Box<dyn View>, ops::Error> {
    let detail = ops::stock::stock_detail(env.db, product_id)?;
    Ok(Box::new(StockDetailView {
        product_id,
        detail: Box::new(detail),
        moves: Vec::new(),
        move_start: 0,
        move_starts: Vec::new(),
        selected: 0,
    }))
}

/// The rows of the two tables in a body of `height` rows: (levels table, movements
/// table), borders and column titles included. The head takes two rows.
fn heights(height: u16, levels: usize) -> (u16, u16) {
    let rest = height.saturating_sub(2);
    let most = (rest * 2 / 5).max(4);
    let lv = u16::try_from(levels.max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(most);
    (lv, rest.saturating_sub(lv))
}

/// How many movements a page holds in a body of `height` rows.
fn move_page(height: u16, levels: usize) -> i64 {
    i64::from(heights(height, levels).1.saturating_sub(3)).max(1)
}

/// The body's height, from the list rows the application reports (it takes off the
/// header, status and key bar, and five more rows a list screen spends on its frame).
fn body_height(env: &Env) -> u16 {
    u16::try_from(env.rows + 5).unwrap_or(u16::MAX)
}

impl StockDetailView {
    fn load_moves(&mut self, env: &mut Env, start: i64) -> Result<Vec<Move>, ops::Error> {
        let n = move_page(body_height(env), self.detail.levels.len());
        ops::stock::movements(env.db, self.product_id, start, n)
    }

    fn page(&mut self, older: bool, env: &mut Env) {
        let target = if older {
            let full =
                self.moves.len() as i64 >= move_page(body_height(env), self.detail.levels.len());
            match self.moves.last() {
                Some(m) if full => m.id,
                _ => {
                    env.say("已是最早的记录。", "These are the oldest movements.", false);
                    return;
                }
            }
        } else {
            match self.move_starts.last() {
                Some(&s) => s,
                None => return,
            }
        };
        match self.load_moves(env, target) {
            Ok(moves) if moves.is_empty() && older => {
                env.say("已是最早的记录。", "These are the oldest movements.", false)
            }
            Ok(moves) => {
                if older {
                    self.move_starts.push(self.move_start);
                } else {
                    self.move_starts.pop();
                }
                self.move_start = target;
                self.moves = moves;
            }
            Err(e) => env.error(&e),
        }
    }

    fn selected_level(&self) -> Option<&Level> {
        self.detail.levels.get(self.selected)
    }
}

impl View for StockDetailView {
    fn name(&self) -> &'static str {
        "stock-detail"
    }

    fn context(&self) -> Context {
        Context::StockDetail
    }

    fn export(&self, _env: &Env) -> Vec<Box<dyn crate::ops::export::Source>> {
        vec![Box::new(crate::ops::export::goods::Movements {
            product_id: self.product_id,
            sku: self.detail.product.sku.clone(),
        })]
    }

    fn draw(&self, f: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        draw(f, area, self, lang, theme);
    }

    fn command(&mut self, cmd: Command, env: &mut Env) -> Nav {
        let pid = Some(self.product_id);
        let route = match cmd {
            Command::Back => return Nav::Back,
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                return Nav::Stay;
            }
            Command::Down => {
                if self.selected + 1 < self.detail.levels.len() {
                    self.selected += 1;
                }
                return Nav::Stay;
            }
            Command::PageDown | Command::PageUp => {
                self.page(cmd == Command::PageDown, env);
                return Nav::Stay;
            }
            Command::Receipt => Route::Receipt(pid),
            Command::Transfer | Command::Adjust => {
                let at = self
                    .selected_level()
                    .map(|l| (l.bin_code.clone(), l.lot_no.clone()));
                if cmd == Command::Transfer {
                    Route::Transfer(pid, at)
                } else {
                    Route::Adjust(pid, at)
                }
            }
            _ => return Nav::Stay,
        };
        Nav::Push(route)
    }

    fn reload(&mut self, env: &mut Env) -> bool {
        let detail = match ops::stock::stock_detail(env.db, self.product_id) {
            Ok(d) => d,
            Err(e) => {
                env.error(&e);
                return !e.is_busy();
            }
        };
        let keep = self
            .selected_level()
            .map(|l| (l.bin_id, l.lot_id))
            .unwrap_or((0, 0));
        self.selected = detail
            .levels
            .iter()
            .position(|l| (l.bin_id, l.lot_id) == keep)
            .unwrap_or(self.selected.min(detail.levels.len().saturating_sub(1)));
        *self.detail = detail;
        match self.load_moves(env, self.move_start) {
            Ok(moves) => {
                self.moves = moves;
                true
            }
            Err(e) => {
                env.error(&e);
                !e.is_busy()
            }
        }
    }
}

/// How a stock move's kind reads.
pub fn kind_label(kind: MoveKind, lang: Lang) -> &'static str {
    match kind {
        MoveKind::Receipt => lang.pick("入库", "Receipt"),
        MoveKind::Adjust => lang.pick("调整", "Adjust"),
        MoveKind::Transfer => lang.pick("移库", "Transfer"),
        MoveKind::Count => lang.pick("盘点", "Count"),
        MoveKind::Ship => lang.pick("发货", "Shipped"),
        MoveKind::Return => lang.pick("退货", "Return"),
    }
}

/// An instant as stored (RFC 3339, UTC) in the company's time zone.
pub fn company_time(at: &str, utc_offset_minutes: i64, with_year: bool) -> String {
    let shown = if with_year {
        Shown::Minute
    } else {
        Shown::MonthDayMinute
    };
    company_text_of(at, utc_offset_minutes, shown)
}

/// Whether a lot has expired or expires soon, with the words and style to show.
pub fn expiry_mark(
    expiry: Option<NaiveDate>,
    today: NaiveDate,
    lang: Lang,
    theme: Theme,
) -> Option<(String, Style)> {
    let days = (expiry? - today).num_days();
    if days < 0 {
        Some((lang.pick("已过期", "Expired").to_string(), theme.error()))
    } else if days <= NEAR_EXPIRY_DAYS {
        Some((
            match lang {
                Lang::Zh => format!("临期 {days} 天"),
                Lang::En => format!(
                    "{} left",
                    crate::i18n::count_en(usize::try_from(days).unwrap_or(0), "day", "days")
                ),
            },
            theme.warning(),
        ))
    } else {
        None
    }
}

/// The totals line: on hand, reserved, available, backordered, with a shortage marked.
pub fn totals_spans(d: &StockDetail, lang: Lang, theme: Theme) -> Vec<Span<'static>> {
    let t = &d.totals;
    let sep = lang.pick("：", ": ");
    let plain =
        |zh: &str, en: &str, v: Qty| Span::raw(format!("{}{sep}{}   ", lang.pick(zh, en), v));
    let mut available = plain("可用", "Available", t.available());
    if !t.available().is_positive() {
        available = available.style(theme.warning());
    }
    let mut back = plain("缺货", "Backordered", t.backordered);
    if t.backordered.is_positive() {
        back = back.style(theme.warning());
    }
    vec![
        plain("实物", "On hand", t.on_hand),
        plain("预留", "Reserved", t.reserved),
        available,
        back,
    ]
}

fn draw(f: &mut Frame, area: Rect, v: &StockDetailView, lang: Lang, theme: Theme) {
    let d = &v.detail;
    let p = &d.product;
    let (lv_h, mv_h) = heights(area.height, d.levels.len());
    let [head, levels, moves] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(lv_h),
        Constraint::Length(mv_h),
    ])
    .areas(area);
    let sep = lang.pick("：", ": ");
    let mut first = vec![
        Span::styled(format!("{} ", p.sku), theme.title()),
        Span::raw(format!("{} {} ({})", p.name, p.spec, p.unit)),
        Span::styled(
            format!(
                "   {}{sep}{}   {}{sep}{}",
                lang.pick("默认库位", "Default bin"),
                d.default_bin.as_deref().unwrap_or("-"),
                lang.pick("平均成本", "Avg cost"),
                p.avg_cost
            ),
            theme.dim(),
        ),
    ];
    if !p.active {
        first.push(Span::styled(
            lang.pick("  已停用", "  inactive"),
            theme.warning(),
        ));
    }
    f.render_widget(
        Paragraph::new(vec![
            Line::from(first),
            Line::from(totals_spans(d, lang, theme)),
        ]),
        head,
    );
    draw_levels(f, levels, v, lang, theme);
    draw_moves(f, moves, v, lang, theme);
}

fn draw_levels(f: &mut Frame, area: Rect, v: &StockDetailView, lang: Lang, theme: Theme) {
    let d = &v.detail;
    let block = framed(lang.pick("库位与批次", "Bins and lots"), theme);
    let visible = usize::from(block.inner(area).height.saturating_sub(1)).max(1);
    let first = scroll_start(v.selected, visible);
    let header = Row::new(vec![
        Cell::from(lang.pick("库位", "Bin")),
        Cell::from(lang.pick("批号", "Lot")),
        Cell::from(lang.pick("入库日期", "Received")),
        Cell::from(lang.pick("有效期", "Expiry")),
        Cell::from(Line::from(lang.pick("实物", "On hand")).right_aligned()),
        Cell::from(""),
    ])
    .style(theme.title());
    let rows = d.levels.iter().enumerate().skip(first).map(|(i, l)| {
        let mark = expiry_mark(l.expiry, d.today, lang, theme);
        let mut expiry = Cell::from(l.expiry.map_or_else(|| "-".into(), |e| e.to_string()));
        let mut note = Cell::from("");
        if let Some((text, style)) = mark {
            expiry = expiry.style(style);
            note = Cell::from(text).style(style);
        }
        let row = Row::new(vec![
            Cell::from(l.bin_code.clone()),
            Cell::from(if l.lot_no.is_empty() {
                "-".to_string()
            } else {
                l.lot_no.clone()
            }),
            Cell::from(l.received_on.to_string()),
            expiry,
            Cell::from(Line::from(l.on_hand.to_string()).right_aligned()),
            note,
        ]);
        if i == v.selected {
            row.style(theme.selected())
        } else {
            row
        }
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(10),
            Constraint::Length(12),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Fill(1),
        ],
    )
    .header(header)
    .block(block);
    f.render_widget(table, area);
    if d.levels.is_empty() && area.height > 3 {
        f.render_widget(
            Paragraph::new(Span::styled(
                lang.pick("  没有库存。", "  No stock."),
                theme.dim(),
            )),
            Rect::new(area.x + 1, area.y + 2, area.width.saturating_sub(2), 1),
        );
    }
}

fn draw_moves(f: &mut Frame, area: Rect, v: &StockDetailView, lang: Lang, theme: Theme) {
    let d = &v.detail;
    let wide = area.width >= 120;
    let title = if v.move_starts.is_empty() {
        lang.pick("出入库记录（最新在前）", "Movements (newest first)")
            .to_string()
    } else {
        crate::bi!(
            lang,
            "出入库记录（第 {} 页）",
            "Movements (page {})",
            v.move_starts.len() + 1
        )
    };
    let mut header = vec![
        Cell::from(lang.pick("时间", "When")),
        Cell::from(lang.pick("经办", "Who")),
        Cell::from(lang.pick("类型", "Kind")),
        Cell::from(Line::from(lang.pick("数量", "Qty")).right_aligned()),
    ];
    if wide {
        header.push(Cell::from(
            Line::from(lang.pick("单位成本", "Unit cost")).right_aligned(),
        ));
    }
    header.extend([
        Cell::from(lang.pick("库位", "Bin")),
        Cell::from(lang.pick("批号", "Lot")),
        Cell::from(lang.pick("单据", "Document")),
        Cell::from(lang.pick("原因", "Reason")),
    ]);
    let header = Row::new(header).style(theme.title());
    let rows = v.moves.iter().map(|m| {
        let signed = if m.qty.is_positive() {
            format!("+{}", m.qty)
        } else {
            m.qty.to_string()
        };
        let mut qty_cell = Cell::from(Line::from(signed).right_aligned());
        if m.qty.is_negative() {
            qty_cell = qty_cell.style(theme.warning());
        }
        let mut cells = vec![
            Cell::from(company_time(&m.at, d.utc_offset_minutes, wide)),
            Cell::from(m.actor_name.clone()),
            Cell::from(kind_label(m.kind, lang).to_string()),
            qty_cell,
        ];
        if wide {
            cells.push(Cell::from(
                Line::from(m.unit_cost.to_string()).right_aligned(),
            ));
        }
        cells.extend([
            Cell::from(m.bin_code.clone()),
            Cell::from(m.lot_no.clone()),
            Cell::from(m.doc_no.clone().unwrap_or_default()),
            Cell::from(m.reason.clone().unwrap_or_default()),
        ]);
        Row::new(cells)
    });
    let kind_w = if lang == Lang::En { 8 } else { 4 };
    let mut widths = vec![
        Constraint::Length(if wide { 16 } else { 11 }),
        Constraint::Length(if wide { 10 } else { 6 }),
        Constraint::Length(kind_w),
        Constraint::Length(if wide { 10 } else { 6 }),
    ];
    if wide {
        widths.push(Constraint::Length(10));
    }
    widths.extend([
        Constraint::Length(if wide { 10 } else { 7 }),
        Constraint::Length(if wide { 12 } else { 7 }),
        Constraint::Length(15),
        Constraint::Fill(1),
    ]);
    let table = Table::new(rows, widths)
        .header(header)
        .block(framed(&title, theme));
    f.render_widget(table, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_share_the_body_and_the_page_fits() {
        // 80×24: a body of 21 rows.
        let (lv, mv) = heights(21, 2);
        assert_eq!(lv, 5);
        assert_eq!(lv + mv, 19);
        assert_eq!(move_page(21, 2), i64::from(mv - 3));
        // Many lots never crowd out the movements.
        let (lv, mv) = heights(21, 40);
        assert!(lv <= 7 && mv >= 12, "{lv} {mv}");
    }

    #[test]
    fn expiry_marks_expired_and_near_lots() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let theme = Theme {
            color: true,
            ascii_borders: false,
        };
        let m = |s: &str| {
            let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
            expiry_mark(Some(date), today, Lang::En, theme).map(|x| x.0)
        };
        assert_eq!(m("2026-11-27").as_deref(), Some("Expired"));
        assert_eq!(m("2026-12-08").as_deref(), Some("10 days left"));
        assert_eq!(m("2026-11-29").as_deref(), Some("1 day left"));
        assert_eq!(m("2027-06-01"), None);
        assert_eq!(expiry_mark(None, today, Lang::En, theme), None);
    }

    #[test]
    fn times_are_shown_in_the_company_zone() {
        assert_eq!(
            company_time("2026-11-28T17:30:00.000Z", 480, true),
            "2026-11-29 01:30"
        );
        assert_eq!(
            company_time("2026-11-28T17:30:00.000Z", 0, false),
            "11-28 17:30"
        );
        assert_eq!(company_time("garbage", 480, true), "garbage");
    }
}
