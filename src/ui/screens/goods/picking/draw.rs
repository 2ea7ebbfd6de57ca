//! Drawing the picking screen: the task large and plain, what to scan next, the list's
//! tasks in walking order, and the scan line; without a list, the open lists.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::PickingView;
use crate::domain::goods::{TaskKind, TaskStatus};
use crate::domain::money::Qty;
use crate::domain::text::{shown, truncate_to_width};
use crate::i18n::Lang;
use crate::ops::picking::TaskRow;
use crate::ui::screens::goods::qty;
use crate::ui::theme::Theme;
use crate::ui::view::{framed, scroll_start};
use crate::ui::widgets::empty_hint;

pub(super) fn draw(f: &mut Frame, area: Rect, v: &PickingView, lang: Lang, theme: Theme) {
    let [body, next, scan] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match &v.list {
        None => draw_open_lists(f, body, v, lang, theme),
        Some(_) => {
            let [task, tasks] =
                Layout::vertical([Constraint::Length(8), Constraint::Fill(1)]).areas(body);
            draw_task(f, task, v, lang, theme);
            draw_tasks(f, tasks, v, lang, theme);
        }
    }
    let (step, style) = next_step(v, lang, theme);
    f.render_widget(
        Paragraph::new(Span::styled(
            truncate_to_width(&step, usize::from(next.width)),
            style,
        )),
        next,
    );
    let prompt = lang.pick("扫码：", "Scan: ");
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.dim()),
            Span::raw(v.scan.clone()),
        ])),
        scan,
    );
}

/// What the picker does next, in one line.
fn next_step(v: &PickingView, lang: Lang, theme: Theme) -> (String, Style) {
    let strong = theme.selected().add_modifier(Modifier::BOLD);
    if !v.queued.is_empty() {
        return (
            crate::bi!(
                lang,
                "▶ 数据库忙，{} 次扫码排队中…",
                "▶ Database busy, {} scans waiting…",
                v.queued.len()
            ),
            theme.warning(),
        );
    }
    match (&v.list, &v.task) {
        (None, _) => (
            lang.pick(
                "▶ 扫描拣货单号，或用 ↑↓ 选一张按 Enter",
                "▶ Scan a pick list number, or choose one with ↑↓ and Enter",
            )
            .to_string(),
            strong,
        ),
        (Some(l), None) if !l.list.status.is_open() => (
            format!(
                "{} {}",
                v.nothing_left(lang),
                lang.pick(
                    "按 Enter 看其他拣货单，或扫描下一张。",
                    "Enter: other lists, or scan the next."
                )
            ),
            theme.ok(),
        ),
        (Some(_), None) => (v.nothing_left(lang), theme.ok()),
        (Some(_), Some(t)) if !v.bin_confirmed() => (
            if t.kind == TaskKind::Unpick {
                crate::bi!(
                    lang,
                    "▶ 放回：从发货暂存区取货，到库位 {} 扫描库位码",
                    "▶ Put back: take the goods from staging to bin {} and scan it",
                    t.bin_code
                )
            } else {
                crate::bi!(lang, "▶ 扫描库位 {}", "▶ Scan bin {}", t.bin_code)
            },
            strong,
        ),
        (Some(_), Some(t)) => (
            crate::bi!(
                lang,
                "▶ 扫描商品 {}（还差 {}）· F3 输入数量 · F8 短拣",
                "▶ Scan {} ({} to go) · F3 type qty · F8 short",
                t.sku,
                Qty::from_db(t.qty - t.qty_picked)
            ),
            strong,
        ),
    }
}

fn draw_task(f: &mut Frame, area: Rect, v: &PickingView, lang: Lang, theme: Theme) {
    let Some(list) = &v.list else { return };
    let (done, all) = list.progress();
    let title = crate::bi!(
        lang,
        "拣货 {} · {} · 已完成 {}/{} 项",
        "Picking {} · {} · {}/{} tasks done",
        list.list.number,
        list.list.status.label(lang),
        done,
        all
    );
    let block = framed(&title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(t) = &v.task else {
        f.render_widget(
            Paragraph::new(Span::styled(
                format!(" {}", v.nothing_left(lang)),
                theme.ok(),
            )),
            inner,
        );
        return;
    };
    let big = Style::default().add_modifier(Modifier::BOLD);
    let label =
        |zh: &str, en: &str| Span::styled(format!(" {:<6}", lang.pick(zh, en)), theme.dim());
    let order = list.orders.iter().find(|o| o.id == t.order_id);
    let bin_style = if v.bin_confirmed() {
        big.patch(theme.ok())
    } else {
        big
    };
    let mut lot = if t.lot_no.is_empty() {
        lang.pick("（无批次）", "(no lot)").to_string()
    } else {
        t.lot_no.clone()
    };
    if let Some(e) = &t.expiry {
        lot.push_str(&crate::bi!(lang, "  效期 {}", "  expires {}", e));
    }
    let mut lot_line = vec![label("批次", "Lot"), Span::styled(lot, big)];
    if t.expires_early {
        lot_line.push(Span::styled(
            lang.pick(
                "  ！早于要求交货日期到期",
                "  ! expires before the requested date",
            ),
            theme.warning(),
        ));
    }
    let lines = vec![
        Line::from(vec![
            if t.kind == TaskKind::Unpick {
                label("放回", "To bin")
            } else {
                label("库位", "Bin")
            },
            Span::styled(t.bin_code.clone(), bin_style),
            Span::styled(
                if v.bin_confirmed() {
                    lang.pick("  已确认", "  confirmed")
                } else {
                    ""
                },
                theme.ok(),
            ),
        ]),
        Line::from(vec![
            label("商品", "Item"),
            Span::styled(t.sku.clone(), big),
            Span::raw(format!("  {}", t.product_name)),
        ]),
        Line::from(lot_line),
        Line::from(vec![
            label("数量", "Qty"),
            Span::styled(format!("{} {}", qty(t.qty), t.unit), big),
            Span::raw(crate::bi!(
                lang,
                "   已拣 {}   ",
                "   picked {}   ",
                qty(t.qty_picked)
            )),
            Span::styled(
                crate::bi!(lang, "还差 {}", "{} to go", qty(t.qty - t.qty_picked)),
                big.patch(theme.warning()),
            ),
        ]),
        Line::from(vec![
            label("订单", "Order"),
            Span::raw(format!(
                "{} #{} · {}",
                t.order_number.clone().unwrap_or_default(),
                t.line_no,
                order.map(|o| o.customer.clone()).unwrap_or_default()
            )),
        ]),
        Line::from(vec![
            label("特殊", "Notes"),
            Span::styled(
                order
                    .map(|o| shown(&o.special))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| lang.pick("无", "none").to_string()),
                theme.warning(),
            ),
        ]),
    ];
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| cut_line(l, usize::from(inner.width)))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// A line cut to `width` display columns, span by span.
fn cut_line(line: Line<'static>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut out = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let text = truncate_to_width(&span.content, left);
        left = left.saturating_sub(crate::domain::text::display_width(&text));
        out.push(Span::styled(text, span.style));
    }
    Line::from(out)
}

fn status_text(t: &TaskRow, me: i64, lang: Lang) -> String {
    match t.status {
        TaskStatus::Open => match (&t.claimed_by, &t.claimed_by_name) {
            (Some(id), _) if *id == me => lang.pick("拣货中", "picking").to_string(),
            (Some(_), Some(name)) => crate::bi!(lang, "{} 在拣", "{} has it", name),
            _ => lang.pick("待拣", "open").to_string(),
        },
        s => s.label(lang).to_string(),
    }
}

fn draw_tasks(f: &mut Frame, area: Rect, v: &PickingView, lang: Lang, theme: Theme) {
    let Some(list) = &v.list else { return };
    let block = framed(
        lang.pick("任务（按库位顺序）", "Tasks (walking order)"),
        theme,
    );
    let inner = block.inner(area);
    let (seq, bin, lot, amount, status) = (3u16, 10u16, 10u16, 11u16, 10u16);
    let sku = inner
        .width
        .saturating_sub(seq + bin + lot + amount + status + 5)
        .min(48);
    let widths = [seq, bin, sku, lot, amount, status];
    let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
    let current = v.task.as_ref().map(|t| t.id);
    let at = list
        .tasks
        .iter()
        .position(|t| Some(t.id) == current)
        .unwrap_or(0);
    let height = usize::from(inner.height);
    // The task in hand stays in view, with the ones before it where room allows.
    let start = scroll_start(at + height / 2, height).min(at);
    let rows = list.tasks.iter().skip(start).take(height).map(|t| {
        let row = Row::new(vec![
            Cell::from(fit(&t.seq.to_string(), 0)),
            Cell::from(fit(&t.bin_code, 1)),
            Cell::from(fit(&format!("{} {}", t.sku, t.product_name), 2)),
            Cell::from(fit(&t.lot_no, 3)),
            Cell::from(
                Line::from(fit(&format!("{}/{}", qty(t.qty_picked), qty(t.qty)), 4))
                    .right_aligned(),
            ),
            Cell::from(fit(&status_text(t, v.me, lang), 5)),
        ]);
        if Some(t.id) == current {
            row.style(theme.selected())
        } else if t.status == TaskStatus::Short {
            row.style(theme.warning())
        } else if t.status != TaskStatus::Open {
            row.style(theme.dim())
        } else {
            row
        }
    });
    f.render_widget(
        Table::new(rows, widths.map(Constraint::Length))
            .column_spacing(1)
            .block(block),
        area,
    );
}

fn draw_open_lists(f: &mut Frame, area: Rect, v: &PickingView, lang: Lang, theme: Theme) {
    let block = framed(
        lang.pick("拣货 · 进行中的拣货单", "Picking · open pick lists"),
        theme,
    );
    let inner = block.inner(area);
    let widths = [15u16, 16, 12, inner.width.saturating_sub(46)];
    let fit = |s: &str, i: usize| truncate_to_width(s, usize::from(widths[i]));
    let header = Row::new(vec![
        Cell::from(fit(lang.pick("拣货单号", "Pick list"), 0)),
        Cell::from(fit(lang.pick("拣货员", "Picker"), 1)),
        Cell::from(fit(lang.pick("状态", "Status"), 2)),
        Cell::from(fit(lang.pick("进度", "Progress"), 3)),
    ])
    .style(theme.title());
    let height = usize::from(inner.height.saturating_sub(1));
    let start = scroll_start(v.selected, height);
    let rows = v
        .open_lists
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, l)| {
            let row = Row::new(vec![
                Cell::from(fit(&l.list.number, 0)),
                Cell::from(fit(
                    l.list
                        .picker
                        .as_deref()
                        .unwrap_or(lang.pick("未分配", "unassigned")),
                    1,
                )),
                Cell::from(fit(l.list.status.label(lang), 2)),
                Cell::from(fit(
                    &crate::bi!(
                        lang,
                        "{}/{} 项 · {} 单",
                        "{}/{} tasks · {} orders",
                        l.tasks_finished,
                        l.tasks,
                        l.orders
                    ),
                    3,
                )),
            ]);
            if i == v.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    f.render_widget(
        Table::new(rows, widths.map(Constraint::Length))
            .header(header)
            .column_spacing(1)
            .block(block),
        area,
    );
    if v.open_lists.is_empty() && inner.height > 1 {
        empty_hint(
            f,
            inner,
            lang.pick(
                "  没有进行中的拣货单：在波次里生成一张。",
                "  No pick list is open: make one in wave planning.",
            ),
            theme,
        );
    }
}
