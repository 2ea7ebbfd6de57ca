//! The tables of the analysis screen (数据分析) as exports: the summary, sales by day,
//! the rankings of customers, products, channels and salespeople, processing times,
//! on-time delivery by week, receivables by age and staff performance, each for a
//! period and, where the screen compares, beside the period compared with.
//!
//! The figures are computed from the records when the export runs, by the same
//! functions the screen's worker calls (`ops::figures`); a table holds no total row,
//! so that its columns sum in a spreadsheet to the figure of the whole period. Shares
//! and changes are percentages, processing times durations, amounts exact numbers.

use super::{Ctx, Rows, Source};
use crate::domain::access::Permission;
use crate::domain::figures::{change_basis_points, points_text, Period, Rate};
use crate::domain::ledger::AgingBucket;
use crate::domain::money::{Money, Qty};
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::figures::{self as fig, Day, Dimension, Stage, Summary};
use crate::ops::Result;
use crate::store::Db;

/// Who may read the figures: those who may view reports (the screen's permission).
const REPORTS: &[Permission] = &[Permission::ViewReports];

/// The tables of the analysis screen, one per section (and per ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Summary,
    Daily,
    Ranking(Dimension),
    Times,
    OnTime,
    Aging,
    Staff,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Summary,
        Table::Daily,
        Table::Ranking(Dimension::Customer),
        Table::Ranking(Dimension::Product),
        Table::Ranking(Dimension::Channel),
        Table::Ranking(Dimension::Salesperson),
        Table::Times,
        Table::OnTime,
        Table::Aging,
        Table::Staff,
    ];

    /// The list name on the command line and the file name's stem.
    pub fn name(self) -> &'static str {
        match self {
            Table::Summary => "figures-summary",
            Table::Daily => "figures-daily",
            Table::Ranking(Dimension::Customer) => "figures-customers",
            Table::Ranking(Dimension::Product) => "figures-products",
            Table::Ranking(Dimension::Channel) => "figures-channels",
            Table::Ranking(Dimension::Salesperson) => "figures-salespeople",
            Table::Times => "figures-times",
            Table::OnTime => "figures-on-time",
            Table::Aging => "figures-aging",
            Table::Staff => "figures-staff",
        }
    }

    pub fn parse(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name.trim())
    }

    /// What the table is, as the export layer and the sheet name say it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Table::Summary => lang.pick("概览", "Summary"),
            Table::Daily => lang.pick("按日销售", "Sales by day"),
            Table::Ranking(Dimension::Customer) => lang.pick("客户排行", "Top customers"),
            Table::Ranking(Dimension::Product) => lang.pick("商品排行", "Top products"),
            Table::Ranking(Dimension::Channel) => lang.pick("渠道排行", "Channels"),
            Table::Ranking(Dimension::Salesperson) => lang.pick("业务员排行", "Salespeople"),
            Table::Times => lang.pick("处理时效", "Processing times"),
            Table::OnTime => lang.pick("准时交付", "On-time delivery"),
            Table::Aging => lang.pick("应收账龄", "Receivables aging"),
            Table::Staff => lang.pick("员工绩效", "Staff performance"),
        }
    }

    /// Whether the table shows the period compared with beside the period.
    fn compares(self) -> bool {
        matches!(
            self,
            Table::Summary | Table::Ranking(_) | Table::Times | Table::OnTime
        )
    }
}

/// A table of the analysis screen for a period, and the period it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub table: Table,
    pub period: Period,
    pub compared: Option<Period>,
}

impl Figures {
    fn compared(&self) -> Option<Period> {
        self.compared.filter(|_| self.table.compares())
    }
}

fn money(m: Money) -> Cell {
    Cell::Money(m)
}

fn change(now: i64, before: i64) -> Cell {
    Cell::opt_percent(change_basis_points(now, before))
}

fn rate(r: Rate) -> Cell {
    Cell::opt_percent(r.basis_points())
}

impl Source for Figures {
    fn name(&self) -> &'static str {
        self.table.name()
    }

    fn title(&self, lang: Lang) -> String {
        match self.table {
            Table::Aging => self.table.label(lang).to_string(),
            t => format!("{} {}", t.label(lang), self.period.label()),
        }
    }

    fn columns(&self) -> Vec<Column> {
        let compare = self.compared().is_some();
        let c = Column::new;
        let mut cols = match self.table {
            Table::Summary => vec![
                c("指标", "Figure", Kind::Text),
                c("本期", "Period", Kind::Money),
            ],
            Table::Daily => vec![
                c("日期", "Date", Kind::Date),
                c("订单数", "Orders", Kind::Int),
                c("订单金额", "Order amount", Kind::Money),
                c("发货单数", "Shipments", Kind::Int),
                c("开票数", "Invoices", Kind::Int),
                c("开票金额", "Invoiced", Kind::Money),
                c("收款笔数", "Payments", Kind::Int),
                c("收款金额", "Collected", Kind::Money),
                c("退货笔数", "Returns", Kind::Int),
                c("退货金额", "Returned", Kind::Money),
            ],
            Table::Ranking(d) => {
                let mut v = vec![
                    c("排名", "Rank", Kind::Int),
                    c("编号", "Code", Kind::Text),
                    c("名称", "Name", Kind::Text),
                ];
                if d == Dimension::Product {
                    v.push(c("订单行", "Lines", Kind::Int));
                    v.push(c("数量", "Quantity", Kind::Qty));
                } else {
                    v.push(c("订单数", "Orders", Kind::Int));
                }
                v.push(c("金额", "Amount", Kind::Money));
                v.push(c("占比", "Share", Kind::Percent));
                v
            }
            Table::Times => vec![
                c("环节", "Stage", Kind::Text),
                c("订单数", "Orders", Kind::Int),
                c("中位数", "Median", Kind::Duration),
                c("90分位", "90th percentile", Kind::Duration),
            ],
            Table::OnTime => vec![
                c("周（周一）", "Week of", Kind::Date),
                c("签收（有要求日期）", "Signed, date asked", Kind::Int),
                c("准时", "On time", Kind::Int),
                c("准时率", "On-time rate", Kind::Percent),
            ],
            Table::Aging => vec![
                c("账龄", "Age", Kind::Text),
                c("未收金额", "Open", Kind::Money),
                c("占比", "Share", Kind::Percent),
            ],
            Table::Staff => vec![
                c("用户", "User", Kind::Text),
                c("姓名", "Name", Kind::Text),
                c("接单数", "Orders", Kind::Int),
                c("接单金额", "Order amount", Kind::Money),
                c("拣货行", "Lines picked", Kind::Int),
                c("每小时行数", "Lines per hour", Kind::Qty),
                c("短拣", "Short picks", Kind::Int),
                c("拣货差错", "Pick errors", Kind::Int),
                c("发货单数", "Shipments", Kind::Int),
                c("收款笔数", "Payments", Kind::Int),
                c("收款金额", "Collected", Kind::Money),
                c("结案客诉", "Tickets closed", Kind::Int),
                c("按时结案", "Closed on time", Kind::Int),
            ],
        };
        if compare {
            cols.extend(match self.table {
                Table::Summary => vec![
                    c("对比期", "Compared", Kind::Money),
                    c("变化", "Change", Kind::Percent),
                ],
                Table::Ranking(_) => vec![
                    c("对比期金额", "Compared", Kind::Money),
                    c("变化", "Change", Kind::Percent),
                ],
                Table::Times => vec![
                    c("对比期订单数", "Compared orders", Kind::Int),
                    c("对比期中位数", "Compared median", Kind::Duration),
                    c("对比期90分位", "Compared 90th", Kind::Duration),
                ],
                Table::OnTime => vec![
                    c("对比周", "Compared week", Kind::Date),
                    c("对比期准时率", "Compared rate", Kind::Percent),
                ],
                _ => Vec::new(),
            });
        }
        cols
    }

    fn permissions(&self) -> &'static [Permission] {
        REPORTS
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let (p, cmp) = (self.period, self.compared());
        match self.table {
            Table::Summary => summary_rows(db, p, cmp, cx.lang, out),
            Table::Daily => {
                for d in fig::sales(db, p)?.days {
                    out(daily_cells(&d))?;
                }
                Ok(())
            }
            Table::Ranking(d) => ranking_rows(db, p, cmp, d, cx.lang, out),
            Table::Times => {
                let now = fig::processing_times(db, p)?;
                let before = cmp.map(|c| fig::processing_times(db, c)).transpose()?;
                for stage in Stage::ALL {
                    let s = now.of(stage);
                    let mut row = vec![
                        Cell::text(stage.label(cx.lang)),
                        Cell::Int(s.n as i64),
                        Cell::opt_duration(s.median),
                        Cell::opt_duration(s.p90),
                    ];
                    if let Some(b) = &before {
                        let sb = b.of(stage);
                        row.push(Cell::Int(sb.n as i64));
                        row.push(Cell::opt_duration(sb.median));
                        row.push(Cell::opt_duration(sb.p90));
                    }
                    out(row)?;
                }
                Ok(())
            }
            Table::OnTime => {
                let now = fig::on_time(db, p)?;
                let before = cmp.map(|c| fig::on_time(db, c)).transpose()?;
                for (i, (monday, r)) in now.weeks.iter().enumerate() {
                    let mut row = vec![
                        Cell::Date(*monday),
                        Cell::Int(r.whole),
                        Cell::Int(r.part),
                        rate(*r),
                    ];
                    // Week by week: the first week of one beside the first of the other.
                    if let Some(b) = &before {
                        let w = b.weeks.get(i);
                        row.push(Cell::opt_date(w.map(|(m, _)| *m)));
                        row.push(w.map_or(Cell::Empty, |(_, r)| rate(*r)));
                    }
                    out(row)?;
                }
                Ok(())
            }
            Table::Aging => {
                let aging = fig::aging(db)?;
                let total: i64 = aging.iter().map(|(_, m)| m.minor()).sum();
                for (bucket, m) in &aging {
                    out(vec![
                        Cell::text(bucket.label(cx.lang)),
                        money(*m),
                        rate(Rate::new(m.minor(), total)),
                    ])?;
                }
                Ok(())
            }
            Table::Staff => {
                for r in fig::staff(db, p)? {
                    out(vec![
                        Cell::text(r.username.clone()),
                        Cell::text(r.name.clone()),
                        Cell::Int(r.orders.count),
                        money(r.orders.amount),
                        Cell::Int(r.lines_picked),
                        // Tenths of a line, as thousandths of a quantity: 12.3 lines.
                        r.lines_per_hour_tenths()
                            .map_or(Cell::Empty, |t| Cell::Qty(Qty::from_db(t * 100))),
                        Cell::Int(r.short_picks),
                        Cell::Int(r.pick_errors),
                        Cell::Int(r.shipments),
                        Cell::Int(r.collections.count),
                        money(r.collections.amount),
                        Cell::Int(r.tickets_closed),
                        Cell::Int(r.tickets_on_time),
                    ])?;
                }
                Ok(())
            }
        }
    }
}

fn daily_cells(d: &Day) -> Vec<Cell> {
    vec![
        Cell::Date(d.date),
        Cell::Int(d.orders.count),
        money(d.orders.amount),
        Cell::Int(d.shipments),
        Cell::Int(d.invoiced.count),
        money(d.invoiced.amount),
        Cell::Int(d.collected.count),
        money(d.collected.amount),
        Cell::Int(d.returns.count),
        money(d.returns.amount),
    ]
}

/// The summary's figures as the screen and `orderdesk report summary` list them, with
/// the whole way's median and what is overdue today.
fn summary_rows(db: &Db, p: Period, cmp: Option<Period>, lang: Lang, out: Rows) -> Result<()> {
    let now = fig::summary(db, p)?;
    let before = cmp.map(|c| fig::summary(db, c)).transpose()?;
    let times_now = fig::processing_times(db, p)?;
    let times_before = cmp.map(|c| fig::processing_times(db, c)).transpose()?;
    let overdue: i64 = fig::aging(db)?
        .iter()
        .filter(|(b, _)| *b != AgingBucket::NotDue)
        .map(|(_, m)| m.minor())
        .sum();

    // A count or an amount: the value, and the number its change is computed from.
    type Figure = fn(&Summary) -> (Cell, i64);
    let figures: [(&str, &str, Figure); 9] = [
        ("订单数", "Orders", |s| {
            let t = s.sales.total.orders;
            (Cell::Int(t.count), t.count)
        }),
        ("订单金额", "Order amount", |s| {
            let t = s.sales.total.orders;
            (money(t.amount), t.amount.minor())
        }),
        ("发货单数", "Shipments", |s| {
            let n = s.sales.total.shipments;
            (Cell::Int(n), n)
        }),
        ("开票数", "Invoices", |s| {
            let t = s.sales.total.invoiced;
            (Cell::Int(t.count), t.count)
        }),
        ("开票金额", "Invoiced", |s| {
            let t = s.sales.total.invoiced;
            (money(t.amount), t.amount.minor())
        }),
        ("收款笔数", "Payments", |s| {
            let t = s.sales.total.collected;
            (Cell::Int(t.count), t.count)
        }),
        ("收款金额", "Collected", |s| {
            let t = s.sales.total.collected;
            (money(t.amount), t.amount.minor())
        }),
        ("退货金额", "Returns", |s| {
            let t = s.sales.total.returns;
            (money(t.amount), t.amount.minor())
        }),
        ("签收发货单", "Shipments signed for", |s| {
            (Cell::Int(s.on_time.signed), s.on_time.signed)
        }),
    ];
    for (zh, en, get) in figures {
        let (cell, n) = get(&now);
        let mut row = vec![Cell::text(lang.pick(zh, en)), cell];
        if let Some(b) = &before {
            let (cell_b, nb) = get(b);
            row.push(cell_b);
            row.push(change(n, nb));
        }
        out(row)?;
    }
    type RateOf = fn(&Summary) -> Rate;
    let rates: [(&str, &str, RateOf); 2] = [
        ("准时交付率", "On-time delivery", |s| s.on_time.rate),
        ("审批驳回率", "Approval rejection", |s| {
            s.decisions.rejection_rate()
        }),
    ];
    for (zh, en, get) in rates {
        let mut row = vec![Cell::text(lang.pick(zh, en)), rate(get(&now))];
        if let Some(b) = &before {
            // A change of a rate is in percentage points, said in words.
            row.push(rate(get(b)));
            row.push(Cell::text(points_text(get(&now), get(b), lang)));
        }
        out(row)?;
    }
    let median = times_now.of(Stage::SubmitToSign).median;
    let mut row = vec![
        Cell::text(lang.pick("提交→签收中位数", "Submit → sign, median")),
        Cell::opt_duration(median),
    ];
    if let Some(b) = &times_before {
        let was = b.of(Stage::SubmitToSign).median;
        row.push(Cell::opt_duration(was));
        row.push(match (median, was) {
            (Some(a), Some(b)) => change(a, b),
            _ => Cell::Empty,
        });
    }
    out(row)?;
    // As of today whatever the period: nothing to compare it with.
    let mut row = vec![
        Cell::text(lang.pick("逾期应收（今日）", "Overdue today")),
        money(Money::from_minor(overdue)),
    ];
    if before.is_some() {
        row.extend([Cell::Empty, Cell::Empty]);
    }
    out(row)
}

fn ranking_rows(
    db: &Db,
    p: Period,
    cmp: Option<Period>,
    d: Dimension,
    lang: Lang,
    out: Rows,
) -> Result<()> {
    let r = fig::ranking(db, p, d)?;
    let before = cmp.map(|c| fig::ranking(db, c, d)).transpose()?;
    for (i, x) in r.rows.iter().enumerate() {
        let mut row = vec![
            Cell::Int(i as i64 + 1),
            Cell::text(x.code.clone()),
            Cell::text(x.shown_name(d, lang)),
            Cell::Int(x.count),
        ];
        if d == Dimension::Product {
            row.push(Cell::Qty(x.qty));
        }
        row.push(money(x.amount));
        row.push(rate(Rate::new(x.amount.minor(), r.total.amount.minor())));
        if let Some(b) = &before {
            let was = b.amount_of(x);
            row.push(money(was));
            row.push(change(x.amount.minor(), was.minor()));
        }
        out(row)?;
    }
    Ok(())
}
