//! The figures as reports (报表) for `orderdesk report`: one table per report, in the
//! reader's language, printed as aligned plain text or as CSV for a spreadsheet or a
//! cron job's mail. The same content model gives both.

use crate::domain::figures::{change_text, duration_text, points_text, Period, Rate};
use crate::domain::ledger::AgingBucket;
use crate::domain::money::{Money, Qty};
use crate::domain::text::display_width;
use crate::i18n::Lang;
use crate::ops::figures::{Dimension, Ranking, Sales, StaffRow, Stage, Summary, Times, Totals};

/// A value of a report: text, a number, money, a share, a duration in seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Money(Money),
    Qty(Qty),
    Rate(Rate),
    Seconds(Option<i64>),
    /// A change against the comparison, already put in words (`+12.3%`).
    Change(String),
}

impl Cell {
    fn text(&self, lang: Lang) -> String {
        match self {
            Cell::Text(s) | Cell::Change(s) => super::one_line(s),
            Cell::Int(n) => n.to_string(),
            Cell::Money(m) => m.to_string(),
            Cell::Qty(q) => q.to_string(),
            Cell::Rate(r) => r.text(),
            Cell::Seconds(s) => duration_text(*s, lang),
        }
    }

    /// The value as a spreadsheet reads it: plain numbers, a share in per cent, a
    /// duration in seconds, nothing where there is nothing.
    fn csv(&self) -> String {
        match self {
            Cell::Change(s) if s == "—" => String::new(),
            Cell::Text(s) | Cell::Change(s) => super::one_line(s),
            Cell::Int(n) => n.to_string(),
            Cell::Money(m) => m.plain(),
            Cell::Qty(q) => q.to_string(),
            Cell::Rate(r) => r
                .per_mille()
                .map(|pm| {
                    format!(
                        "{}{}.{}",
                        if pm < 0 { "-" } else { "" },
                        pm.abs() / 10,
                        pm.abs() % 10
                    )
                })
                .unwrap_or_default(),
            Cell::Seconds(s) => s.map(|s| s.to_string()).unwrap_or_default(),
        }
    }

    fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// A report: a title, the column headers and the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Report {
    /// Aligned plain text: the title, the headers, a rule, the rows; numbers right.
    pub fn text(&self, lang: Lang) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text(lang)).collect())
            .collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|h| display_width(h)).collect();
        for row in &cells {
            for (i, c) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(display_width(c));
                }
            }
        }
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(Cell::is_number))
            })
            .collect();
        let line = |values: &[String]| {
            let parts: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let w = widths.get(i).copied().unwrap_or(0);
                    if numeric.get(i).copied().unwrap_or(false) {
                        super::right(v, w)
                    } else {
                        format!("{v}{}", " ".repeat(w.saturating_sub(display_width(v))))
                    }
                })
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let mut out = format!("{}\n\n", super::one_line(&self.title));
        out += &line(&self.columns);
        out.push('\n');
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        out += &"-".repeat(total);
        out.push('\n');
        for row in &cells {
            out += &line(row);
            out.push('\n');
        }
        out
    }

    /// CSV: a header row and the rows, values as a spreadsheet reads them (no title).
    pub fn csv(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        let _ = w.write_record(&self.columns);
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(Cell::csv));
        }
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

fn cols(lang: Lang, names: &[(&str, &str)]) -> Vec<String> {
    names
        .iter()
        .map(|(zh, en)| lang.pick(zh, en).to_string())
        .collect()
}

fn title(lang: Lang, zh: &str, en: &str, p: Period, cmp: Option<Period>) -> String {
    let name = lang.pick(zh, en);
    match cmp {
        Some(c) => crate::bi!(
            lang,
            "{} · {}（对比 {}）",
            "{} · {} (against {})",
            name,
            p.label(),
            c.label()
        ),
        None => format!("{name} · {}", p.label()),
    }
}

/// The summary of a period beside its comparison: orders, shipments, invoiced,
/// collected, returns, the on-time rate and the rejection rate.
pub fn summary_report(lang: Lang, now: &Summary, before: Option<&Summary>) -> Report {
    let p = now.sales.period;
    let mut columns = cols(lang, &[("指标", "Figure"), ("本期", "Period")]);
    if before.is_some() {
        columns.extend(cols(lang, &[("对比期", "Compared"), ("变化", "Change")]));
    }
    let t = |s: &Summary| s.sales.total.clone();
    let mut rows = Vec::new();
    let mut push = |zh: &str, en: &str, get: &dyn Fn(&Summary) -> (Cell, i64)| {
        let (cell, n) = get(now);
        let mut row = vec![Cell::Text(lang.pick(zh, en).to_string()), cell];
        if let Some(b) = before {
            let (cell_b, nb) = get(b);
            row.push(cell_b);
            row.push(Cell::Change(change_text(n, nb)));
        }
        rows.push(row);
    };
    let count = |f: fn(&crate::ops::figures::Day) -> Totals| {
        move |s: &Summary| {
            let v = f(&t(s)).count;
            (Cell::Int(v), v)
        }
    };
    let amount = |f: fn(&crate::ops::figures::Day) -> Totals| {
        move |s: &Summary| {
            let v = f(&t(s)).amount;
            (Cell::Money(v), v.minor())
        }
    };
    push("订单数", "Orders", &count(|d| d.orders));
    push("订单金额", "Order amount", &amount(|d| d.orders));
    push("发货单数", "Shipments", &|s: &Summary| {
        let v = t(s).shipments;
        (Cell::Int(v), v)
    });
    push("开票数", "Invoices", &count(|d| d.invoiced));
    push("开票金额", "Invoiced", &amount(|d| d.invoiced));
    push("收款笔数", "Payments", &count(|d| d.collected));
    push("收款金额", "Collected", &amount(|d| d.collected));
    push("退货金额", "Returns", &amount(|d| d.returns));
    push("签收发货单", "Shipments signed for", &|s: &Summary| {
        (Cell::Int(s.on_time.signed), s.on_time.signed)
    });
    let mut rate_row = |zh: &str, en: &str, get: &dyn Fn(&Summary) -> Rate| {
        let mut row = vec![
            Cell::Text(lang.pick(zh, en).to_string()),
            Cell::Rate(get(now)),
        ];
        if let Some(b) = before {
            row.push(Cell::Rate(get(b)));
            row.push(Cell::Change(points_text(get(now), get(b), lang)));
        }
        rows.push(row);
    };
    rate_row("准时交付率", "On-time delivery", &|s| s.on_time.rate);
    rate_row("审批驳回率", "Approval rejection", &|s| {
        s.decisions.rejection_rate()
    });
    Report {
        title: title(lang, "概览", "Summary", p, before.map(|b| b.sales.period)),
        columns,
        rows,
    }
}

/// Sales and money per day of a period.
pub fn daily_report(lang: Lang, s: &Sales) -> Report {
    let columns = cols(
        lang,
        &[
            ("日期", "Date"),
            ("订单数", "Orders"),
            ("订单金额", "Order amount"),
            ("发货单数", "Shipments"),
            ("开票金额", "Invoiced"),
            ("收款金额", "Collected"),
            ("退货金额", "Returns"),
        ],
    );
    let row = |label: String, d: &crate::ops::figures::Day| {
        vec![
            Cell::Text(label),
            Cell::Int(d.orders.count),
            Cell::Money(d.orders.amount),
            Cell::Int(d.shipments),
            Cell::Money(d.invoiced.amount),
            Cell::Money(d.collected.amount),
            Cell::Money(d.returns.amount),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = s.days.iter().map(|d| row(d.date.to_string(), d)).collect();
    rows.push(row(lang.pick("合计", "Total").to_string(), &s.total));
    Report {
        title: title(lang, "按日销售", "Sales by day", s.period, None),
        columns,
        rows,
    }
}

/// The orders of a period per customer, product, channel or salesperson, the largest
/// first (`top` rows, 0 for all), with the share of the whole and the comparison.
pub fn ranking_report(lang: Lang, r: &Ranking, before: Option<&Ranking>, top: usize) -> Report {
    let product = r.dimension == Dimension::Product;
    let mut columns = cols(
        lang,
        &[("排名", "Rank"), ("编号", "Code"), ("名称", "Name")],
    );
    columns.push(
        lang.pick(
            if product { "订单行" } else { "订单数" },
            if product { "Lines" } else { "Orders" },
        )
        .to_string(),
    );
    if product {
        columns.push(lang.pick("数量", "Quantity").to_string());
    }
    columns.extend(cols(lang, &[("金额", "Amount"), ("占比", "Share")]));
    if before.is_some() {
        columns.extend(cols(
            lang,
            &[("对比期金额", "Compared"), ("变化", "Change")],
        ));
    }
    let shown = if top == 0 {
        r.rows.len()
    } else {
        top.min(r.rows.len())
    };
    let rows = r
        .rows
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, x)| {
            let mut row = vec![
                Cell::Int(i as i64 + 1),
                Cell::Text(x.code.clone()),
                Cell::Text(x.shown_name(r.dimension, lang)),
                Cell::Int(x.count),
            ];
            if product {
                row.push(Cell::Qty(x.qty));
            }
            row.push(Cell::Money(x.amount));
            row.push(Cell::Rate(Rate::new(
                x.amount.minor(),
                r.total.amount.minor(),
            )));
            if let Some(b) = before {
                let was = b.amount_of(x);
                row.push(Cell::Money(was));
                row.push(Cell::Change(change_text(x.amount.minor(), was.minor())));
            }
            row
        })
        .collect();
    let (zh, en) = match r.dimension {
        Dimension::Customer => ("客户排行", "Customers"),
        Dimension::Product => ("商品排行", "Products"),
        Dimension::Channel => ("渠道", "Channels"),
        Dimension::Salesperson => ("业务员", "Salespeople"),
    };
    Report {
        title: title(lang, zh, en, r.period, before.map(|b| b.period)),
        columns,
        rows,
    }
}

/// Processing times: per stage the orders measured, the median and the 90th percentile.
pub fn times_report(lang: Lang, t: &Times, before: Option<&Times>) -> Report {
    let mut columns = cols(
        lang,
        &[
            ("环节", "Stage"),
            ("订单数", "Orders"),
            ("中位数", "Median"),
            ("90分位", "90th pct"),
        ],
    );
    if before.is_some() {
        columns.extend(cols(
            lang,
            &[
                ("对比期中位数", "Compared median"),
                ("对比期90分位", "Compared 90th"),
            ],
        ));
    }
    let rows = Stage::ALL
        .into_iter()
        .map(|stage| {
            let s = t.of(stage);
            let mut row = vec![
                Cell::Text(stage.label(lang).to_string()),
                Cell::Int(s.n as i64),
                Cell::Seconds(s.median),
                Cell::Seconds(s.p90),
            ];
            if let Some(b) = before {
                let sb = b.of(stage);
                row.push(Cell::Seconds(sb.median));
                row.push(Cell::Seconds(sb.p90));
            }
            row
        })
        .collect();
    Report {
        title: title(
            lang,
            "处理时效",
            "Processing times",
            t.period,
            before.map(|b| b.period),
        ),
        columns,
        rows,
    }
}

/// Staff performance per person.
pub fn staff_report(lang: Lang, p: Period, rows: &[StaffRow]) -> Report {
    let columns = cols(
        lang,
        &[
            ("用户", "User"),
            ("姓名", "Name"),
            ("接单数", "Orders"),
            ("接单金额", "Order amount"),
            ("拣货行", "Lines picked"),
            ("每小时行数", "Lines/hour"),
            ("短拣", "Short picks"),
            ("拣货差错", "Pick errors"),
            ("发货单数", "Shipments"),
            ("收款笔数", "Payments"),
            ("收款金额", "Collected"),
            ("结案客诉", "Tickets closed"),
            ("按时结案", "On time"),
        ],
    );
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.username.clone()),
                Cell::Text(r.name.clone()),
                Cell::Int(r.orders.count),
                Cell::Money(r.orders.amount),
                Cell::Int(r.lines_picked),
                Cell::Change(r.lines_per_hour_text()),
                Cell::Int(r.short_picks),
                Cell::Int(r.pick_errors),
                Cell::Int(r.shipments),
                Cell::Int(r.collections.count),
                Cell::Money(r.collections.amount),
                Cell::Int(r.tickets_closed),
                Cell::Int(r.tickets_on_time),
            ]
        })
        .collect();
    Report {
        title: title(lang, "员工绩效", "Staff performance", p, None),
        columns,
        rows,
    }
}

/// Overdue receivables per aging bucket as of a day.
pub fn aging_report(
    lang: Lang,
    today: chrono::NaiveDate,
    aging: &[(AgingBucket, Money)],
) -> Report {
    let total: i64 = aging.iter().map(|(_, m)| m.minor()).sum();
    let mut rows: Vec<Vec<Cell>> = aging
        .iter()
        .map(|(b, m)| {
            vec![
                Cell::Text(b.label(lang).to_string()),
                Cell::Money(*m),
                Cell::Rate(Rate::new(m.minor(), total)),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::Text(lang.pick("合计", "Total").to_string()),
        Cell::Money(Money::from_minor(total)),
        Cell::Rate(Rate::new(total, total)),
    ]);
    Report {
        title: crate::bi!(lang, "应收账龄 · {}", "Receivables aging · {}", today),
        columns: cols(
            lang,
            &[("账龄", "Age"), ("未收金额", "Open"), ("占比", "Share")],
        ),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            title: "T".into(),
            columns: vec!["名称".into(), "Amount".into()],
            rows: vec![
                vec![
                    Cell::Text("甲, \"乙\"".into()),
                    Cell::Money(Money::from_minor(123_456)),
                ],
                vec![Cell::Text("b".into()), Cell::Rate(Rate::new(1, 3))],
            ],
        }
    }

    #[test]
    fn text_aligns_by_display_width_and_numbers_right() {
        let t = report().text(Lang::En);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[2], "名称        Amount");
        assert_eq!(lines[4], "甲, \"乙\"  1,234.56");
        assert_eq!(lines[5], "b            33.3%");
    }

    #[test]
    fn csv_quotes_text_and_writes_plain_numbers() {
        let c = report().csv();
        assert_eq!(c, "名称,Amount\n\"甲, \"\"乙\"\"\",1234.56\nb,33.3\n");
    }
}
