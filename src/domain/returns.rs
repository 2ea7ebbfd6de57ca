//! Returns and exchanges (退货 / 换货) as pure rules: why goods come back, the condition
//! they come back in, the states of a return, how the money is settled, and what part of
//! a returned line a credit note credits.

use crate::i18n::Lang;

/// Why the goods come back (退货原因).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnReason {
    /// 发错货.
    WrongItem,
    /// 破损.
    Damaged,
    /// 质量问题.
    Quality,
    /// 客户不要了 (无理由退货).
    ChangedMind,
    /// 拒收: the customer refused the delivery.
    Refused,
    /// 丢失: the carrier lost the goods.
    Lost,
    /// 其他.
    Other,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 7] = [
        ReturnReason::WrongItem,
        ReturnReason::Damaged,
        ReturnReason::Quality,
        ReturnReason::ChangedMind,
        ReturnReason::Refused,
        ReturnReason::Lost,
        ReturnReason::Other,
    ];

    /// The stable code, as stored and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            ReturnReason::WrongItem => "wrong_item",
            ReturnReason::Damaged => "damaged",
            ReturnReason::Quality => "quality",
            ReturnReason::ChangedMind => "changed_mind",
            ReturnReason::Refused => "refused",
            ReturnReason::Lost => "lost",
            ReturnReason::Other => "other",
        }
    }

    /// The code as stored.
    pub fn as_str(self) -> &'static str {
        self.code()
    }

    /// A code, or a label in either language.
    pub fn parse(s: &str) -> Option<ReturnReason> {
        let t = s.trim().to_lowercase().replace('-', "_");
        ReturnReason::ALL.into_iter().find(|r| {
            r.code() == t || r.label(Lang::Zh) == t || r.label(Lang::En).to_lowercase() == t
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReturnReason::WrongItem => lang.pick("发错货", "Wrong item"),
            ReturnReason::Damaged => lang.pick("破损", "Damaged"),
            ReturnReason::Quality => lang.pick("质量问题", "Quality"),
            ReturnReason::ChangedMind => lang.pick("无理由退货", "Changed mind"),
            ReturnReason::Refused => lang.pick("拒收", "Refused"),
            ReturnReason::Lost => lang.pick("运输丢失", "Lost in transit"),
            ReturnReason::Other => lang.pick("其他", "Other"),
        }
    }

    /// Reasons that only goods never signed for can have: the customer cannot refuse or
    /// the carrier lose what the customer signed for.
    pub fn needs_undelivered(self) -> bool {
        matches!(self, ReturnReason::Refused | ReturnReason::Lost)
    }
}

/// The state of a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnStatus {
    /// 待收货: opened, nothing received yet.
    Open,
    /// 部分收货.
    PartlyReceived,
    /// 已收货: every quantity received (or written off as lost).
    Received,
    /// 已退款/已冲账: the credit note issued (or what was not invoiced taken off), the
    /// money paid back or kept as prepayment.
    Credited,
    /// 已关闭.
    Closed,
    /// 已取消: cancelled while nothing was received.
    Cancelled,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 6] = [
        ReturnStatus::Open,
        ReturnStatus::PartlyReceived,
        ReturnStatus::Received,
        ReturnStatus::Credited,
        ReturnStatus::Closed,
        ReturnStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::Open => "open",
            ReturnStatus::PartlyReceived => "partly_received",
            ReturnStatus::Received => "received",
            ReturnStatus::Credited => "credited",
            ReturnStatus::Closed => "closed",
            ReturnStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ReturnStatus> {
        let t = s.trim().to_lowercase().replace('-', "_");
        ReturnStatus::ALL.into_iter().find(|v| v.as_str() == t)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReturnStatus::Open => lang.pick("待收货", "Open"),
            ReturnStatus::PartlyReceived => lang.pick("部分收货", "Partly received"),
            ReturnStatus::Received => lang.pick("已收货", "Received"),
            ReturnStatus::Credited => lang.pick("已冲账", "Credited"),
            ReturnStatus::Closed => lang.pick("已关闭", "Closed"),
            ReturnStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }

    /// Goods may still be received (or written off as lost).
    pub fn receives(self) -> bool {
        matches!(self, ReturnStatus::Open | ReturnStatus::PartlyReceived)
    }

    /// The state after a receipt: received when every quantity is accounted for.
    pub fn after_receipt(qty: i64, accounted: i64) -> ReturnStatus {
        if accounted >= qty {
            ReturnStatus::Received
        } else if accounted > 0 {
            ReturnStatus::PartlyReceived
        } else {
            ReturnStatus::Open
        }
    }
}

/// The condition returned goods are received in (验收结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// 可售: back to sellable stock.
    Sellable,
    /// 待检: into the quarantine bin, not for sale.
    Quarantine,
    /// 报废: written off.
    Scrap,
}

impl Condition {
    pub const ALL: [Condition; 3] = [Condition::Sellable, Condition::Quarantine, Condition::Scrap];

    pub fn code(self) -> &'static str {
        match self {
            Condition::Sellable => "sellable",
            Condition::Quarantine => "quarantine",
            Condition::Scrap => "scrap",
        }
    }

    pub fn parse(s: &str) -> Option<Condition> {
        let t = s.trim().to_lowercase();
        Condition::ALL.into_iter().find(|c| {
            c.code() == t || c.label(Lang::Zh) == t || c.label(Lang::En).to_lowercase() == t
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Condition::Sellable => lang.pick("可售", "Sellable"),
            Condition::Quarantine => lang.pick("待检", "Quarantine"),
            Condition::Scrap => lang.pick("报废", "Scrap"),
        }
    }

    /// The next condition (the receiving screen's key cycles through them).
    pub fn next(self) -> Condition {
        match self {
            Condition::Sellable => Condition::Quarantine,
            Condition::Quarantine => Condition::Scrap,
            Condition::Scrap => Condition::Sellable,
        }
    }
}

/// How the money of a credited return is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Settlement {
    /// 退款: what the customer had paid for the goods is paid back.
    Refund,
    /// 转预收款: it stays as the customer's prepayment, for the next invoices.
    Prepayment,
}

impl Settlement {
    pub const ALL: [Settlement; 2] = [Settlement::Refund, Settlement::Prepayment];

    pub fn code(self) -> &'static str {
        match self {
            Settlement::Refund => "refund",
            Settlement::Prepayment => "prepayment",
        }
    }

    pub fn parse(s: &str) -> Option<Settlement> {
        let t = s.trim().to_lowercase();
        Settlement::ALL.into_iter().find(|v| {
            v.code() == t || v.label(Lang::Zh) == t || v.label(Lang::En).to_lowercase() == t
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Settlement::Refund => lang.pick("退款", "Refund"),
            Settlement::Prepayment => lang.pick("转预收款", "Keep as prepayment"),
        }
    }
}

/// How a return line's quantity splits at the credit: what the invoice credits, and
/// the rest, which was never invoiced and is taken off what will be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditSplit {
    pub credited: i64,
    pub uninvoiced: i64,
}

/// Splits `qty` returned (thousandths) into what the invoice still holds for the order
/// line (`on_invoice`: invoiced there less credited by returns before) and what is still
/// to invoice on the line (`to_invoice`). `None` when the two together hold less than
/// the quantity: more would be credited than was invoiced.
pub fn split_credit(qty: i64, on_invoice: i64, to_invoice: i64) -> Option<CreditSplit> {
    let credited = qty.min(on_invoice.max(0));
    let uninvoiced = qty - credited;
    (uninvoiced <= to_invoice.max(0)).then_some(CreditSplit {
        credited,
        uninvoiced,
    })
}

/// Where a typed credit amount (gross, fen) leaves the net and the tax of a credit note
/// worth `net` + `tax` in full: the tax in the same proportion, rounded half away from
/// zero, the net the rest. An amount of the full value gives the full net and tax.
pub fn scale_credit(net: i64, tax: i64, amount: i64) -> (i64, i64) {
    let gross = i128::from(net) + i128::from(tax);
    if gross <= 0 || i128::from(amount) >= gross {
        return (net, tax);
    }
    let p = i128::from(amount) * i128::from(tax);
    let t = (2 * p + gross) / (2 * gross);
    let t = i64::try_from(t).unwrap_or(0);
    (amount - t, t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_and_labels_read_back() {
        for r in ReturnReason::ALL {
            assert_eq!(ReturnReason::parse(r.code()), Some(r));
            assert_eq!(ReturnReason::parse(r.label(Lang::Zh)), Some(r));
            assert_ne!(r.label(Lang::Zh), r.label(Lang::En));
        }
        for s in ReturnStatus::ALL {
            assert_eq!(ReturnStatus::parse(s.as_str()), Some(s));
        }
        for c in Condition::ALL {
            assert_eq!(Condition::parse(c.code()), Some(c));
            assert_eq!(c.next().next().next(), c);
        }
        assert_eq!(Settlement::parse("退款"), Some(Settlement::Refund));
        assert_eq!(
            ReturnReason::parse("changed-mind"),
            Some(ReturnReason::ChangedMind)
        );
        assert!(ReturnReason::Lost.needs_undelivered());
        assert!(!ReturnReason::Quality.needs_undelivered());
    }

    #[test]
    fn a_receipt_moves_the_state() {
        assert_eq!(ReturnStatus::after_receipt(5, 0), ReturnStatus::Open);
        assert_eq!(
            ReturnStatus::after_receipt(5, 2),
            ReturnStatus::PartlyReceived
        );
        assert_eq!(ReturnStatus::after_receipt(5, 5), ReturnStatus::Received);
        assert!(ReturnStatus::PartlyReceived.receives());
        assert!(!ReturnStatus::Credited.receives());
    }

    #[test]
    fn the_credit_takes_the_invoiced_part_first() {
        assert_eq!(
            split_credit(5, 3, 10),
            Some(CreditSplit {
                credited: 3,
                uninvoiced: 2
            })
        );
        assert_eq!(
            split_credit(5, 9, 0),
            Some(CreditSplit {
                credited: 5,
                uninvoiced: 0
            })
        );
        assert_eq!(split_credit(5, 3, 1), None, "more than was ever to invoice");
    }

    #[test]
    fn a_typed_amount_keeps_the_tax_share() {
        // 113.00 gross at 13 %: 50.00 typed is 44.25 net and 5.75 tax.
        assert_eq!(scale_credit(10_000, 1_300, 5_000), (4_425, 575));
        assert_eq!(scale_credit(10_000, 1_300, 11_300), (10_000, 1_300));
        assert_eq!(scale_credit(10_000, 1_300, 99_999), (10_000, 1_300));
        assert_eq!(scale_credit(0, 0, 5), (0, 0));
    }

    proptest! {
        #[test]
        fn a_scaled_credit_adds_up_and_stays_within(net in 0i64..10_000_000_000,
                                                    tax in 0i64..2_000_000_000,
                                                    amount in 1i64..12_000_000_000) {
            let (n, t) = scale_credit(net, tax, amount);
            prop_assert!(n >= 0 && t >= 0);
            prop_assert!(t <= tax && n <= net.max(amount));
            if amount < net + tax {
                prop_assert_eq!(n + t, amount);
            } else {
                prop_assert_eq!((n, t), (net, tax));
            }
        }

        #[test]
        fn a_split_never_credits_more_than_the_invoice(qty in 1i64..1_000_000,
                                                       on in -10i64..1_000_000,
                                                       to in -10i64..1_000_000) {
            if let Some(s) = split_credit(qty, on, to) {
                prop_assert_eq!(s.credited + s.uninvoiced, qty);
                prop_assert!(s.credited <= on.max(0));
                prop_assert!(s.uninvoiced <= to.max(0));
            } else {
                prop_assert!(qty > on.max(0) + to.max(0));
            }
        }
    }
}
