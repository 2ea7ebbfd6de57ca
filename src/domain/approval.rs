//! Approval rules (审批规则): which reasons send a submitted order to the approval queue,
//! and which approver covers which reason. Pure: the facts come in, the findings go out.

use crate::domain::access::Permission;
use crate::i18n::Lang;

/// Why an order waits for approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// Amount above the author's own approval limit.
    Amount,
    /// Amount above the company's manager limit (高层审批).
    ManagerAmount,
    /// Credit exposure above the customer's limit.
    Credit,
    /// Invoices overdue beyond the grace days.
    Overdue,
    /// The customer is on credit hold (信用冻结): every order waits for finance.
    CreditHold,
    /// A price below the product's floor price.
    Price,
    /// A discount above the allowed maximum.
    Discount,
    /// The customer is not yet qualified (prospect) or is blocked.
    Customer,
}

impl Reason {
    pub const ALL: [Reason; 8] = [
        Reason::Amount,
        Reason::ManagerAmount,
        Reason::Credit,
        Reason::Overdue,
        Reason::CreditHold,
        Reason::Price,
        Reason::Discount,
        Reason::Customer,
    ];

    /// The code in the `approvals` table.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Amount => "amount",
            Reason::ManagerAmount => "manager_amount",
            Reason::Credit => "credit",
            Reason::Overdue => "overdue",
            Reason::CreditHold => "credit_hold",
            Reason::Price => "price",
            Reason::Discount => "discount",
            Reason::Customer => "customer",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Reason::Amount => lang.pick("金额超过制单人权限", "amount above the author's limit"),
            Reason::ManagerAmount => lang.pick(
                "金额超过经理权限（高层审批）",
                "amount above the manager limit",
            ),
            Reason::Credit => lang.pick("超出信用额度", "credit limit exceeded"),
            Reason::Overdue => lang.pick("有逾期未付发票", "invoices overdue"),
            Reason::CreditHold => lang.pick("客户信用冻结中", "customer on credit hold"),
            Reason::Price => lang.pick("低于最低售价", "price below the floor price"),
            Reason::Discount => lang.pick("折扣超过上限", "discount above the maximum"),
            Reason::Customer => {
                lang.pick("客户未审核或已冻结", "customer not qualified or blocked")
            }
        }
    }

    /// Whether the reason may hold after the order was submitted though it did not
    /// then: the customer's credit, overdue invoices, credit hold and standing change
    /// with time and with other orders; amounts and prices do not. Approving and
    /// releasing look at these again.
    pub fn may_arise_later(self) -> bool {
        matches!(
            self,
            Reason::Credit | Reason::Overdue | Reason::CreditHold | Reason::Customer
        )
    }

    /// The permission an approver needs for this reason. `Customer` is cleared by the
    /// customer becoming active, not by anyone's approval.
    pub fn permission(self) -> Option<Permission> {
        match self {
            Reason::Amount | Reason::ManagerAmount | Reason::Price | Reason::Discount => {
                Some(Permission::ApproveOrders)
            }
            Reason::Credit | Reason::Overdue | Reason::CreditHold => {
                Some(Permission::ApproveCredit)
            }
            Reason::Customer => None,
        }
    }
}

/// The customer's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Prospect,
    Active,
    Blocked,
}

/// One line's price facts, in ten-thousandths of a yuan and basis points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFacts {
    pub line_no: i64,
    pub unit_price: i64,
    pub floor_price: i64,
    pub discount_bp: i64,
}

/// Everything the rules look at, amounts in fen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFacts {
    pub gross_minor: i64,
    /// The author's own approval limit (审批额度).
    pub author_limit_minor: i64,
    pub manager_limit_minor: i64,
    /// Whether the terms extend credit (net N, month end + N); cash on delivery and
    /// payment before shipping do not.
    pub credit_terms: bool,
    /// Open receivables plus approved orders not yet invoiced, without this order.
    pub exposure_minor: i64,
    pub credit_limit_minor: i64,
    /// Days the oldest open invoice is past due (0 when none).
    pub overdue_days: i64,
    pub grace_days: i64,
    /// The customer is on credit hold: the order waits for finance whatever its terms.
    pub credit_hold: bool,
    pub standing: Standing,
    pub max_discount_bp: i64,
    pub lines: Vec<LineFacts>,
}

/// One rule that fired, with the numbers that made it fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub reason: Reason,
    /// What was found (an amount in fen, a price, a discount) and the limit it passed.
    pub value: i64,
    pub limit: i64,
    /// The order line, for price and discount findings.
    pub line_no: Option<i64>,
}

/// The rules that fire for an order; empty means it is approved at once.
pub fn evaluate(f: &OrderFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    if f.gross_minor > f.author_limit_minor {
        out.push(Finding {
            reason: Reason::Amount,
            value: f.gross_minor,
            limit: f.author_limit_minor,
            line_no: None,
        });
    }
    if f.gross_minor > f.manager_limit_minor {
        out.push(Finding {
            reason: Reason::ManagerAmount,
            value: f.gross_minor,
            limit: f.manager_limit_minor,
            line_no: None,
        });
    }
    if f.credit_terms && f.exposure_minor.saturating_add(f.gross_minor) > f.credit_limit_minor {
        out.push(Finding {
            reason: Reason::Credit,
            value: f.exposure_minor.saturating_add(f.gross_minor),
            limit: f.credit_limit_minor,
            line_no: None,
        });
    }
    if f.overdue_days > f.grace_days {
        out.push(Finding {
            reason: Reason::Overdue,
            value: f.overdue_days,
            limit: f.grace_days,
            line_no: None,
        });
    }
    if f.credit_hold {
        out.push(Finding {
            reason: Reason::CreditHold,
            value: f.exposure_minor,
            limit: f.credit_limit_minor,
            line_no: None,
        });
    }
    if let Some(l) = f.lines.iter().find(|l| l.unit_price < l.floor_price) {
        out.push(Finding {
            reason: Reason::Price,
            value: l.unit_price,
            limit: l.floor_price,
            line_no: Some(l.line_no),
        });
    }
    if let Some(l) = f.lines.iter().find(|l| l.discount_bp > f.max_discount_bp) {
        out.push(Finding {
            reason: Reason::Discount,
            value: l.discount_bp,
            limit: f.max_discount_bp,
            line_no: Some(l.line_no),
        });
    }
    // A prospect (潜在客户) only matters when the sale extends credit: a walk-in paying
    // cash or before shipping risks nothing, so the counter's first sale is not held.
    let customer_holds = match f.standing {
        Standing::Active => false,
        Standing::Prospect => f.credit_terms,
        Standing::Blocked => true,
    };
    if customer_holds {
        out.push(Finding {
            reason: Reason::Customer,
            value: 0,
            limit: 0,
            line_no: None,
        });
    }
    out
}

/// Whether an approver covers a reason: the permission, and for amounts above the
/// manager limit an own approval limit at least the order's amount.
pub fn covers(
    reason: Reason,
    has: impl Fn(Permission) -> bool,
    approver_limit_minor: i64,
    gross_minor: i64,
) -> bool {
    match reason.permission() {
        None => true,
        Some(p) => {
            has(p) && (reason != Reason::ManagerAmount || approver_limit_minor >= gross_minor)
        }
    }
}

#[cfg(test)]
// Amounts are written yuan_fen (5_000_00 = 5,000.00 yuan) on purpose.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    fn clean() -> OrderFacts {
        OrderFacts {
            gross_minor: 100_00,
            author_limit_minor: 5_000_00,
            manager_limit_minor: 50_000_00,
            credit_terms: true,
            exposure_minor: 0,
            credit_limit_minor: 10_000_00,
            overdue_days: 0,
            grace_days: 5,
            credit_hold: false,
            standing: Standing::Active,
            max_discount_bp: 1000,
            lines: vec![LineFacts {
                line_no: 1,
                unit_price: 12_0000,
                floor_price: 10_0000,
                discount_bp: 500,
            }],
        }
    }

    fn reasons(f: &OrderFacts) -> Vec<Reason> {
        evaluate(f).into_iter().map(|x| x.reason).collect()
    }

    #[test]
    fn nothing_fires_for_an_ordinary_order() {
        assert!(evaluate(&clean()).is_empty());
    }

    #[test]
    fn each_rule_fires_on_its_own_fact() {
        let mut f = clean();
        f.gross_minor = 6_000_00;
        assert_eq!(reasons(&f), [Reason::Amount]);
        f.gross_minor = 60_000_00;
        f.credit_limit_minor = 100_000_00;
        assert_eq!(reasons(&f), [Reason::Amount, Reason::ManagerAmount]);

        let mut f = clean();
        f.exposure_minor = 9_950_00;
        assert_eq!(reasons(&f), [Reason::Credit]);
        f.credit_terms = false;
        assert!(reasons(&f).is_empty(), "cash terms extend no credit");

        let mut f = clean();
        f.overdue_days = 6;
        assert_eq!(reasons(&f), [Reason::Overdue]);
        f.overdue_days = 5;
        assert!(reasons(&f).is_empty(), "within the grace days");

        let mut f = clean();
        f.credit_hold = true;
        assert_eq!(reasons(&f), [Reason::CreditHold]);
        f.credit_terms = false;
        assert_eq!(
            reasons(&f),
            [Reason::CreditHold],
            "a held customer's cash order waits too"
        );

        let mut f = clean();
        f.lines[0].unit_price = 9_9999;
        let found = evaluate(&f);
        assert_eq!(found[0].reason, Reason::Price);
        assert_eq!(found[0].line_no, Some(1));

        let mut f = clean();
        f.lines[0].discount_bp = 1001;
        assert_eq!(reasons(&f), [Reason::Discount]);

        let mut f = clean();
        f.standing = Standing::Prospect;
        assert_eq!(reasons(&f), [Reason::Customer]);
        f.standing = Standing::Blocked;
        assert_eq!(reasons(&f), [Reason::Customer]);
    }

    #[test]
    fn a_prospect_paying_cash_is_not_held() {
        let mut f = clean();
        f.standing = Standing::Prospect;
        f.credit_terms = false;
        assert!(reasons(&f).is_empty(), "cash or prepaid sale to a prospect");
        f.standing = Standing::Blocked;
        assert_eq!(
            reasons(&f),
            [Reason::Customer],
            "blocked holds on any terms"
        );
    }

    #[test]
    fn the_limits_are_inclusive() {
        let mut f = clean();
        f.gross_minor = f.author_limit_minor;
        f.exposure_minor = f.credit_limit_minor - f.gross_minor;
        f.lines[0].discount_bp = f.max_discount_bp;
        f.lines[0].unit_price = f.lines[0].floor_price;
        assert!(evaluate(&f).is_empty());
    }

    #[test]
    fn who_covers_what() {
        let manager = |p: Permission| p == Permission::ApproveOrders;
        let finance = |p: Permission| p == Permission::ApproveCredit;
        assert!(covers(Reason::Amount, manager, 0, 1));
        assert!(!covers(Reason::Amount, finance, 0, 1));
        assert!(covers(Reason::Credit, finance, 0, 1));
        assert!(covers(Reason::CreditHold, finance, 0, 1));
        assert!(!covers(Reason::CreditHold, manager, 0, 1));
        assert!(!covers(Reason::Credit, manager, 0, 1));
        assert!(!covers(
            Reason::ManagerAmount,
            manager,
            50_000_00,
            60_000_00
        ));
        assert!(covers(Reason::ManagerAmount, manager, 60_000_00, 60_000_00));
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
            assert_ne!(r.label(Lang::Zh), r.label(Lang::En));
        }
    }
}
