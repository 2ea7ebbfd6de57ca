//! The lists and reports of the ledger and cash flows (账流 · 钱流) as tables: invoices,
//! the overdue list, the trial balance, an account's ledger and the journal.

use chrono::NaiveDate;

use super::{paged, Ctx, Rows, Source, PAGE};
use crate::domain::access::Permission;
use crate::domain::money::Money;
use crate::domain::table::{Cell, Column, Kind};
use crate::i18n::Lang;
use crate::ops::{Error, Refusal, Result};
use crate::store::cash::InvoiceRow;
use crate::store::ledger::JournalLineRow;
use crate::store::Db;

const FINANCE: &[Permission] = &[
    Permission::IssueInvoices,
    Permission::RecordPayments,
    Permission::ViewReports,
];
const OVERDUE: &[Permission] = &[
    Permission::RecordPayments,
    Permission::ApproveCredit,
    Permission::ViewReports,
];
const LEDGER: &[Permission] = &[Permission::WriteOff, Permission::ViewReports];

fn date(text: &str) -> Cell {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| Cell::text(text), Cell::Date)
}

fn money(minor: i64) -> Cell {
    Cell::Money(Money::from_minor(minor))
}

/// Which invoices the invoice list shows (its tabs): the list's own filter, in SQL.
pub use crate::ops::cash::InvoiceFilter;

/// The invoice list (发票), newest first.
#[derive(Debug, Clone, Default)]
pub struct Invoices {
    pub filter: InvoiceFilter,
}

impl Source for Invoices {
    fn name(&self) -> &'static str {
        "invoices"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("发票", "Invoices").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("发票号", "Invoice", Kind::Text),
            Column::new("类型", "Kind", Kind::Text),
            Column::new("开票日期", "Date", Kind::Date),
            Column::new("到期日", "Due", Kind::Date),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("订单号", "Order no.", Kind::Text),
            Column::new("不含税金额", "Net", Kind::Money),
            Column::new("税额", "Tax", Kind::Money),
            Column::new("价税合计", "Gross", Kind::Money),
            Column::new("已收", "Paid", Kind::Money),
            Column::new("已冲红", "Credited", Kind::Money),
            Column::new("已核销", "Written off", Kind::Money),
            Column::new("未收", "Open", Kind::Money),
            Column::new("税票号", "VAT invoice no.", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        FINANCE
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        let filter = self.filter;
        paged(
            |before: Option<&(String, i64)>| {
                let (d, id) = before.map_or(("9999-12-31", i64::MAX), |(d, id)| (d.as_str(), *id));
                crate::ops::cash::invoice_page(db, filter, d, id, PAGE)
            },
            |r: &InvoiceRow| (r.invoice_date.clone(), r.id),
            |r| {
                Ok(vec![
                    Cell::text(r.number.clone()),
                    Cell::text(if r.kind == "credit_note" {
                        cx.lang.pick("红字发票", "Credit note")
                    } else {
                        cx.lang.pick("发票", "Invoice")
                    }),
                    date(&r.invoice_date),
                    date(&r.due_date),
                    Cell::text(r.customer_name.clone()),
                    Cell::opt_text(r.order_no.clone()),
                    money(r.net_minor),
                    money(r.tax_minor),
                    money(r.gross_minor),
                    money(r.paid_minor),
                    money(r.credited_minor),
                    money(r.written_off_minor),
                    money(r.open_minor),
                    Cell::opt_text(r.vat_no.clone()),
                ])
            },
            &mut |cells: Vec<Cell>| {
                if cells.is_empty() {
                    Ok(())
                } else {
                    out(cells)
                }
            },
        )
    }
}

/// Customers on the overdue list (逾期应收) as its screen holds them.
pub const OVERDUE_ROWS: i64 = 500;

/// The overdue list, most overdue first, with each customer's latest follow-up.
#[derive(Debug, Clone, Default)]
pub struct Overdue;

impl Source for Overdue {
    fn name(&self) -> &'static str {
        "overdue"
    }

    fn title(&self, lang: Lang) -> String {
        lang.pick("逾期应收", "Overdue receivables").into()
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("客户编号", "Code", Kind::Text),
            Column::new("客户", "Customer", Kind::Text),
            Column::new("逾期金额", "Overdue", Kind::Money),
            Column::new("最早到期日", "Oldest due", Kind::Date),
            Column::new("逾期天数", "Days overdue", Kind::Int),
            Column::new("最近跟进", "Last follow-up", Kind::Date),
            Column::new("联系人", "Contact", Kind::Text),
            Column::new("跟进内容", "Note", Kind::Text),
            Column::new("承诺金额", "Promised", Kind::Money),
            Column::new("承诺日期", "Promised by", Kind::Date),
            Column::new("失信", "Promise broken", Kind::Text),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        OVERDUE
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        for r in crate::ops::cash::overdue_list(db, OVERDUE_ROWS)? {
            let f = r.last_follow_up.as_ref();
            out(vec![
                Cell::text(r.code.clone()),
                Cell::text(r.name.clone()),
                Cell::Money(r.overdue),
                date(&r.oldest_due),
                Cell::Int(r.days_overdue),
                f.map_or(Cell::Empty, |f| date(&f.row.follow_date)),
                Cell::opt_text(f.map(|f| f.row.contact.clone())),
                Cell::opt_text(f.map(|f| f.row.note.clone())),
                f.and_then(|f| f.row.promise_minor)
                    .map_or(Cell::Empty, money),
                f.and_then(|f| f.row.promise_date.as_deref())
                    .map_or(Cell::Empty, date),
                Cell::text(if f.is_some_and(|f| f.promise_broken) {
                    cx.lang.pick("失信", "broken")
                } else {
                    ""
                }),
            ])?;
        }
        Ok(())
    }
}

/// Refuses a period that ends before it starts.
fn period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::from(Refusal::PeriodReversed { from, to }));
    }
    Ok(())
}

/// The trial balance (试算平衡表) of a period.
#[derive(Debug, Clone)]
pub struct TrialBalance {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Source for TrialBalance {
    fn name(&self) -> &'static str {
        "trial-balance"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(
            lang,
            "试算平衡表 {}至{}",
            "Trial balance {} to {}",
            self.from,
            self.to
        )
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("科目", "Account", Kind::Text),
            Column::new("名称", "Name", Kind::Text),
            Column::new("期初", "Opening", Kind::Money),
            Column::new("借方", "Debit", Kind::Money),
            Column::new("贷方", "Credit", Kind::Money),
            Column::new("期末", "Closing", Kind::Money),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        LEDGER
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        // One row per account of the chart: a few dozen.
        for r in crate::ops::ledger::trial_balance(db, self.from, self.to)? {
            out(vec![
                Cell::text(r.account.clone()),
                Cell::text(cx.lang.pick(&r.name_zh, &r.name_en).to_string()),
                money(r.opening),
                money(r.debit),
                money(r.credit),
                money(r.closing()),
            ])?;
        }
        Ok(())
    }
}

/// One account's lines (明细账) of a period with the running balance.
#[derive(Debug, Clone)]
pub struct AccountLedger {
    pub account: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Source for AccountLedger {
    fn name(&self) -> &'static str {
        "account-ledger"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(lang, "明细账 {}", "Ledger {}", self.account)
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("日期", "Date", Kind::Date),
            Column::new("凭证号", "Voucher", Kind::Text),
            Column::new("摘要", "Summary", Kind::Text),
            Column::new("单据", "Document", Kind::Text),
            Column::new("借方", "Debit", Kind::Money),
            Column::new("贷方", "Credit", Kind::Money),
            Column::new("余额", "Balance", Kind::Money),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        LEDGER
    }

    fn rows(&self, db: &Db, cx: &Ctx, out: Rows) -> Result<()> {
        period(self.from, self.to)?;
        let opening = crate::ops::ledger::trial_balance(db, self.from, self.to)?
            .into_iter()
            .find(|r| r.account == self.account)
            .map_or(0, |r| r.opening);
        out(vec![
            Cell::Date(self.from),
            Cell::Empty,
            Cell::text(cx.lang.pick("期初余额", "Opening balance")),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            money(opening),
        ])?;
        let mut balance = opening;
        paged(
            |after: Option<&i64>| {
                crate::ops::ledger::account_ledger(
                    db,
                    &self.account,
                    self.from,
                    self.to,
                    after.copied().unwrap_or(0),
                    PAGE,
                )
            },
            |l: &JournalLineRow| l.line_id,
            |l| {
                balance += l.debit - l.credit;
                Ok(vec![
                    date(&l.entry_date),
                    Cell::text(l.voucher_no.clone()),
                    Cell::text(l.summary.clone()),
                    Cell::text(l.source_no.clone()),
                    money(l.debit),
                    money(l.credit),
                    money(balance),
                ])
            },
            out,
        )
    }
}

/// The journal (凭证) of a period, line by line, as accounting packages import it.
#[derive(Debug, Clone)]
pub struct Journal {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Source for Journal {
    fn name(&self) -> &'static str {
        "journal"
    }

    fn title(&self, lang: Lang) -> String {
        crate::bi!(lang, "凭证 {}至{}", "Journal {} to {}", self.from, self.to)
    }

    fn columns(&self) -> Vec<Column> {
        vec![
            Column::new("凭证号", "Voucher", Kind::Text),
            Column::new("日期", "Date", Kind::Date),
            Column::new("科目", "Account", Kind::Text),
            Column::new("摘要", "Summary", Kind::Text),
            Column::new("借方", "Debit", Kind::Money),
            Column::new("贷方", "Credit", Kind::Money),
        ]
    }

    fn permissions(&self) -> &'static [Permission] {
        LEDGER
    }

    fn rows(&self, db: &Db, _cx: &Ctx, out: Rows) -> Result<()> {
        period(self.from, self.to)?;
        let (from, to) = (self.from.to_string(), self.to.to_string());
        paged(
            |after: Option<&i64>| {
                Ok(db.read(|c| {
                    crate::store::ledger::journal_page(
                        c,
                        &from,
                        &to,
                        after.copied().unwrap_or(0),
                        PAGE,
                    )
                })?)
            },
            |l: &JournalLineRow| l.line_id,
            |l| {
                Ok(vec![
                    Cell::text(l.voucher_no.clone()),
                    date(&l.entry_date),
                    Cell::text(l.account.clone()),
                    Cell::text(l.summary.clone()),
                    money(l.debit),
                    money(l.credit),
                ])
            },
            out,
        )
    }
}
