//! The ledger (账流): the chart of accounts and the postings of every business event of
//! DESIGN §6, as pure functions. Each returns a balanced entry (debits = credits) or
//! nothing when there is nothing to post; `ops::ledger` writes them.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// An account of the chart (企业会计准则).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// 1001 库存现金.
    Cash,
    /// 1002 银行存款.
    Bank,
    /// 1012 其他货币资金 (WeChat Pay, Alipay balances).
    OtherFunds,
    /// 1122 应收账款.
    Receivable,
    /// 1405 库存商品.
    Inventory,
    /// 1406 发出商品.
    GoodsShipped,
    /// 1901 待处理财产损溢: the other side of stock adjustments and counts.
    StockDifferences,
    /// 2202 应付账款: the other side of stock receipts.
    Payable,
    /// 2203 预收账款.
    Advances,
    /// 2221 应交税费-销项税额.
    OutputVat,
    /// 6001 主营业务收入.
    Revenue,
    /// 6401 主营业务成本.
    Cogs,
    /// 6702 信用减值损失.
    CreditLoss,
}

impl Account {
    pub const ALL: [Account; 13] = [
        Account::Cash,
        Account::Bank,
        Account::OtherFunds,
        Account::Receivable,
        Account::Inventory,
        Account::GoodsShipped,
        Account::StockDifferences,
        Account::Payable,
        Account::Advances,
        Account::OutputVat,
        Account::Revenue,
        Account::Cogs,
        Account::CreditLoss,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Account::Cash => "1001",
            Account::Bank => "1002",
            Account::OtherFunds => "1012",
            Account::Receivable => "1122",
            Account::Inventory => "1405",
            Account::GoodsShipped => "1406",
            Account::StockDifferences => "1901",
            Account::Payable => "2202",
            Account::Advances => "2203",
            Account::OutputVat => "2221",
            Account::Revenue => "6001",
            Account::Cogs => "6401",
            Account::CreditLoss => "6702",
        }
    }

    pub fn from_code(code: &str) -> Option<Account> {
        Account::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Account::Cash => lang.pick("库存现金", "Cash on hand"),
            Account::Bank => lang.pick("银行存款", "Bank deposits"),
            Account::OtherFunds => lang.pick("其他货币资金", "Other monetary funds"),
            Account::Receivable => lang.pick("应收账款", "Accounts receivable"),
            Account::Inventory => lang.pick("库存商品", "Inventory"),
            Account::GoodsShipped => lang.pick("发出商品", "Goods shipped"),
            Account::StockDifferences => lang.pick("待处理财产损溢", "Stock differences"),
            Account::Payable => lang.pick("应付账款", "Accounts payable"),
            Account::Advances => lang.pick("预收账款", "Advances from customers"),
            Account::OutputVat => lang.pick("应交税费-销项税额", "Output VAT"),
            Account::Revenue => lang.pick("主营业务收入", "Revenue"),
            Account::Cogs => lang.pick("主营业务成本", "Cost of goods sold"),
            Account::CreditLoss => lang.pick("信用减值损失", "Credit impairment loss"),
        }
    }
}

/// One line of an entry: an account, a debit or a credit in fen (never both), and the
/// customer it concerns where it applies (receivables and advances).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub account: Account,
    pub debit: i64,
    pub credit: i64,
    pub customer_id: Option<i64>,
}

impl Posting {
    pub fn debit(account: Account, minor: i64) -> Posting {
        Posting {
            account,
            debit: minor,
            credit: 0,
            customer_id: None,
        }
    }
    pub fn credit(account: Account, minor: i64) -> Posting {
        Posting {
            account,
            debit: 0,
            credit: minor,
            customer_id: None,
        }
    }
    pub fn of(mut self, customer_id: i64) -> Posting {
        self.customer_id = Some(customer_id);
        self
    }
}

/// Why a set of postings cannot be an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    /// Debits and credits differ (fen).
    Unbalanced { debit: i64, credit: i64 },
    /// An amount is negative or the sum does not fit.
    BadAmount,
}

/// Checks an entry: no negative amounts, no line with both sides, debits = credits.
/// Zero lines are dropped; an entry with no lines left is `Ok(vec![])` (nothing to post).
pub fn balanced(postings: Vec<Posting>) -> Result<Vec<Posting>, EntryError> {
    let mut debit: i64 = 0;
    let mut credit: i64 = 0;
    let mut out = Vec::with_capacity(postings.len());
    for p in postings {
        if p.debit < 0 || p.credit < 0 || (p.debit > 0 && p.credit > 0) {
            return Err(EntryError::BadAmount);
        }
        if p.debit == 0 && p.credit == 0 {
            continue;
        }
        debit = debit.checked_add(p.debit).ok_or(EntryError::BadAmount)?;
        credit = credit.checked_add(p.credit).ok_or(EntryError::BadAmount)?;
        out.push(p);
    }
    if debit != credit {
        return Err(EntryError::Unbalanced { debit, credit });
    }
    Ok(out)
}

/// When the company recognises revenue (and cost): at shipment or at sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevenueAt {
    Shipment,
    SignOff,
}

/// The value in fen of `qty` thousandths at `unit_cost` ten-thousandths of a yuan,
/// rounded half away from zero: the value a stock move carries in the books.
pub fn move_value(qty: i64, unit_cost: i64) -> i64 {
    // thousandths × ten-thousandths = 10^-7 yuan = 10^-5 fen.
    let p = i128::from(qty) * i128::from(unit_cost);
    let q = p / 100_000;
    let r = p % 100_000;
    let v = if r.abs() * 2 >= 100_000 {
        q + p.signum()
    } else {
        q
    };
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// Goods leave stock on a shipment worth `value` at moving average cost: to cost of goods
/// sold at once, or to 发出商品 until the customer signs.
pub fn shipped(value: i64, at: RevenueAt) -> Result<Vec<Posting>, EntryError> {
    let to = match at {
        RevenueAt::Shipment => Account::Cogs,
        RevenueAt::SignOff => Account::GoodsShipped,
    };
    balanced(vec![
        Posting::debit(to, value),
        Posting::credit(Account::Inventory, value),
    ])
}

/// The customer signed for goods worth `value` that waited in 发出商品.
pub fn signed(value: i64) -> Result<Vec<Posting>, EntryError> {
    balanced(vec![
        Posting::debit(Account::Cogs, value),
        Posting::credit(Account::GoodsShipped, value),
    ])
}

/// A stock move other than a shipment or a transfer: a receipt against payables, an
/// adjustment or a count against stock differences. `value` is signed (in > 0).
pub fn stock_moved(value: i64, receipt: bool) -> Result<Vec<Posting>, EntryError> {
    let other = if receipt {
        Account::Payable
    } else {
        Account::StockDifferences
    };
    let v = value.checked_abs().ok_or(EntryError::BadAmount)?;
    if value >= 0 {
        balanced(vec![
            Posting::debit(Account::Inventory, v),
            Posting::credit(other, v),
        ])
    } else {
        balanced(vec![
            Posting::debit(other, v),
            Posting::credit(Account::Inventory, v),
        ])
    }
}

/// An invoice issued: receivable at the gross, revenue at the net, output VAT.
pub fn invoiced(customer: i64, net: i64, tax: i64) -> Result<Vec<Posting>, EntryError> {
    let gross = net.checked_add(tax).ok_or(EntryError::BadAmount)?;
    balanced(vec![
        Posting::debit(Account::Receivable, gross).of(customer),
        Posting::credit(Account::Revenue, net),
        Posting::credit(Account::OutputVat, tax),
    ])
}

/// A credit note (price correction): the reverse of an invoice.
pub fn credited(customer: i64, net: i64, tax: i64) -> Result<Vec<Posting>, EntryError> {
    let gross = net.checked_add(tax).ok_or(EntryError::BadAmount)?;
    balanced(vec![
        Posting::debit(Account::Revenue, net),
        Posting::debit(Account::OutputVat, tax),
        Posting::credit(Account::Receivable, gross).of(customer),
    ])
}

/// Returned goods back in stock at the cost they left at (`value`): out of cost of goods
/// sold, or — the part still waiting in 发出商品 (`from_transit`: refused goods when
/// revenue is recognised at sign-off) — out of 1406.
pub fn returned_to_stock(value: i64, from_transit: i64) -> Result<Vec<Posting>, EntryError> {
    let from_cogs = value
        .checked_sub(from_transit)
        .ok_or(EntryError::BadAmount)?;
    balanced(vec![
        Posting::debit(Account::Inventory, value),
        Posting::credit(Account::GoodsShipped, from_transit),
        Posting::credit(Account::Cogs, from_cogs),
    ])
}

/// Goods lost in transit written off at the cost they left at (`value`). The loss goes
/// to 1901 待处理财产损溢, as a stock write-off does: whether the carrier pays for it or it
/// is an expense is decided when the accountant clears that account. The cost comes out
/// of cost of goods sold, or out of 1406 for the part still waiting there.
pub fn lost_written_off(value: i64, from_transit: i64) -> Result<Vec<Posting>, EntryError> {
    let from_cogs = value
        .checked_sub(from_transit)
        .ok_or(EntryError::BadAmount)?;
    balanced(vec![
        Posting::debit(Account::StockDifferences, value),
        Posting::credit(Account::GoodsShipped, from_transit),
        Posting::credit(Account::Cogs, from_cogs),
    ])
}

/// A return's credit note: revenue and output VAT reversed; receivables reduced by what
/// was still open on the invoice (`to_ar`), and what the customer had paid for the
/// goods (`to_advances`) becomes their prepayment (预收账款).
pub fn return_credited(
    customer: i64,
    net: i64,
    tax: i64,
    to_ar: i64,
    to_advances: i64,
) -> Result<Vec<Posting>, EntryError> {
    balanced(vec![
        Posting::debit(Account::Revenue, net),
        Posting::debit(Account::OutputVat, tax),
        Posting::credit(Account::Receivable, to_ar).of(customer),
        Posting::credit(Account::Advances, to_advances).of(customer),
    ])
}

/// Money received into `account`: `to_invoices` settles receivables at once, the rest
/// is the customer's prepayment or deposit (预收账款).
pub fn received(
    customer: i64,
    account: Account,
    to_invoices: i64,
    unapplied: i64,
) -> Result<Vec<Posting>, EntryError> {
    let total = to_invoices
        .checked_add(unapplied)
        .ok_or(EntryError::BadAmount)?;
    balanced(vec![
        Posting::debit(account, total),
        Posting::credit(Account::Receivable, to_invoices).of(customer),
        Posting::credit(Account::Advances, unapplied).of(customer),
    ])
}

/// A prepayment or deposit applied to an invoice.
pub fn prepayment_applied(customer: i64, amount: i64) -> Result<Vec<Posting>, EntryError> {
    balanced(vec![
        Posting::debit(Account::Advances, amount).of(customer),
        Posting::credit(Account::Receivable, amount).of(customer),
    ])
}

/// A prepayment paid back to the customer from `account`.
pub fn refunded(customer: i64, account: Account, amount: i64) -> Result<Vec<Posting>, EntryError> {
    balanced(vec![
        Posting::debit(Account::Advances, amount).of(customer),
        Posting::credit(account, amount),
    ])
}

/// Bad debt written off (坏账核销).
pub fn written_off(customer: i64, amount: i64) -> Result<Vec<Posting>, EntryError> {
    balanced(vec![
        Posting::debit(Account::CreditLoss, amount),
        Posting::credit(Account::Receivable, amount).of(customer),
    ])
}

/// The accounting period (month) of a date: `2026-12`.
pub fn period_of(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Aging buckets by due date (DESIGN §6): not due, 1–30, 31–60, 61–90, 91–180, >180 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgingBucket {
    NotDue,
    Days1To30,
    Days31To60,
    Days61To90,
    Days91To180,
    Over180,
}

impl AgingBucket {
    pub const ALL: [AgingBucket; 6] = [
        AgingBucket::NotDue,
        AgingBucket::Days1To30,
        AgingBucket::Days31To60,
        AgingBucket::Days61To90,
        AgingBucket::Days91To180,
        AgingBucket::Over180,
    ];

    /// The bucket of an invoice `days_overdue` days past its due date (≤ 0: not due, so
    /// a future due date is never dropped).
    pub fn of(days_overdue: i64) -> AgingBucket {
        match days_overdue {
            i64::MIN..=0 => AgingBucket::NotDue,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            91..=180 => AgingBucket::Days91To180,
            _ => AgingBucket::Over180,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AgingBucket::NotDue => lang.pick("未到期", "Not due"),
            AgingBucket::Days1To30 => lang.pick("1–30天", "1–30 days"),
            AgingBucket::Days31To60 => lang.pick("31–60天", "31–60 days"),
            AgingBucket::Days61To90 => lang.pick("61–90天", "61–90 days"),
            AgingBucket::Days91To180 => lang.pick("91–180天", "91–180 days"),
            AgingBucket::Over180 => lang.pick("180天以上", "Over 180 days"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sum(ps: &[Posting]) -> (i64, i64) {
        ps.iter()
            .fold((0, 0), |(d, c), p| (d + p.debit, c + p.credit))
    }

    #[test]
    fn move_value_rounds_half_away_from_zero() {
        // 1.5 units at 0.0001 yuan = 0.015 分 → 0; 500 units at 0.0001 = 5 分.
        assert_eq!(move_value(500_000, 1), 5);
        assert_eq!(move_value(1_000, 12_345), 123);
        assert_eq!(move_value(-1_000, 12_345), -123);
        assert_eq!(move_value(500, 1_000), 5); // 0.5 × 0.1 yuan = 5 分
        assert_eq!(move_value(1_000, 50), 1); // 0.005 yuan = 0.5 分 → 1
        assert_eq!(move_value(-1_000, 50), -1);
    }

    #[test]
    fn unbalanced_is_refused() {
        let e = balanced(vec![
            Posting::debit(Account::Cash, 5),
            Posting::credit(Account::Revenue, 4),
        ]);
        assert_eq!(
            e,
            Err(EntryError::Unbalanced {
                debit: 5,
                credit: 4
            })
        );
        assert_eq!(
            balanced(vec![Posting::debit(Account::Cash, -1)]),
            Err(EntryError::BadAmount)
        );
    }

    #[test]
    fn returned_goods_leave_cost_and_transit() {
        let e = returned_to_stock(1_000, 300).unwrap();
        assert_eq!(e.len(), 3);
        assert!(e.contains(&Posting::debit(Account::Inventory, 1_000)));
        assert!(e.contains(&Posting::credit(Account::GoodsShipped, 300)));
        assert!(e.contains(&Posting::credit(Account::Cogs, 700)));
        let lost = lost_written_off(500, 0).unwrap();
        assert_eq!(
            lost,
            vec![
                Posting::debit(Account::StockDifferences, 500),
                Posting::credit(Account::Cogs, 500)
            ]
        );
        assert_eq!(returned_to_stock(100, 200), Err(EntryError::BadAmount));
        let cn = return_credited(7, 100, 13, 13, 100).unwrap();
        assert!(cn.contains(&Posting::credit(Account::Advances, 100).of(7)));
        assert!(cn.contains(&Posting::credit(Account::Receivable, 13).of(7)));
    }

    #[test]
    fn buckets_keep_future_due() {
        assert_eq!(AgingBucket::of(-400), AgingBucket::NotDue);
        assert_eq!(AgingBucket::of(30), AgingBucket::Days1To30);
        assert_eq!(AgingBucket::of(31), AgingBucket::Days31To60);
        assert_eq!(AgingBucket::of(181), AgingBucket::Over180);
    }

    proptest! {
        #[test]
        fn every_event_balances(a in 0i64..1_000_000_000_000, b in 0i64..1_000_000_000_000,
                                q in -1_000_000_000i64..1_000_000_000, c in 0i64..100_000_000) {
            let v = move_value(q, c);
            for e in [
                shipped(a, RevenueAt::Shipment), shipped(a, RevenueAt::SignOff), signed(a),
                stock_moved(v, true), stock_moved(v, false), invoiced(1, a, b), credited(1, a, b),
                received(1, Account::Bank, a, b), prepayment_applied(1, a),
                refunded(1, Account::Cash, a), written_off(1, a),
                returned_to_stock(a, a / 3), lost_written_off(a, a / 2),
                return_credited(1, a, b, (a + b) / 4, a + b - (a + b) / 4),
            ] {
                let ps = e.unwrap();
                let (d, cr) = sum(&ps);
                prop_assert_eq!(d, cr);
                prop_assert!(ps.iter().all(|p| p.debit >= 0 && p.credit >= 0));
            }
        }
    }
}
