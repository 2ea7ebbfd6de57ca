//! The customer's standing for orders (客户状态).

/// Customer status: prospects are not yet qualified, blocked customers cannot order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerStatus {
    /// 潜在客户
    Prospect,
    /// 正常
    Active,
    /// 已冻结
    Blocked,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Prospect => "prospect",
            CustomerStatus::Active => "active",
            CustomerStatus::Blocked => "blocked",
        }
    }

    pub fn parse(s: &str) -> Option<CustomerStatus> {
        match s.trim().to_lowercase().as_str() {
            "prospect" | "潜在客户" | "潜在" => Some(CustomerStatus::Prospect),
            "active" | "正常" => Some(CustomerStatus::Active),
            "blocked" | "已冻结" | "冻结" => Some(CustomerStatus::Blocked),
            _ => None,
        }
    }
}

/// What the credit hold rule (信用冻结) looks at, amounts in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HoldCheck {
    /// Whether the customer buys on credit (net N, month end + N).
    pub credit_terms: bool,
    /// Open receivables plus approved orders not yet invoiced.
    pub exposure_minor: i64,
    pub credit_limit_minor: i64,
    /// The exposure on the day of the newest release of a hold, if one was given.
    pub released_exposure_minor: Option<i64>,
    /// Days past due of the oldest open invoice that no release has covered yet (0: none).
    pub uncovered_overdue_days: i64,
    pub grace_days: i64,
}

/// Why a customer goes on credit hold by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldCause {
    /// On credit terms and over the limit: more than when a hold was last released.
    OverLimit {
        exposure_minor: i64,
        limit_minor: i64,
    },
    /// An invoice overdue beyond the grace days (that a release did not cover).
    Overdue { days: i64 },
}

impl HoldCause {
    /// The reason kept on the customer, which the screens put in words:
    /// `over_limit 1200.00 > 1000.00` or `overdue 45 days`.
    pub fn code(self) -> String {
        match self {
            HoldCause::OverLimit {
                exposure_minor,
                limit_minor,
            } => format!(
                "over_limit {} > {}",
                crate::domain::money::Money::from_minor(exposure_minor).plain(),
                crate::domain::money::Money::from_minor(limit_minor).plain()
            ),
            HoldCause::Overdue { days } => format!("overdue {days} days"),
        }
    }
}

/// Whether a customer not on hold now goes on hold, and why: over the credit limit on
/// credit terms, or overdue beyond the grace days. A release by finance covers the
/// exposure and the overdue invoices of its day: the customer is held again only when
/// the exposure passes what it was then, or another invoice passes the grace days.
pub fn hold_cause(h: &HoldCheck) -> Option<HoldCause> {
    let over = h.credit_terms
        && h.exposure_minor > h.credit_limit_minor
        && h.released_exposure_minor
            .is_none_or(|released| h.exposure_minor > released);
    if over {
        return Some(HoldCause::OverLimit {
            exposure_minor: h.exposure_minor,
            limit_minor: h.credit_limit_minor,
        });
    }
    if h.uncovered_overdue_days > h.grace_days {
        return Some(HoldCause::Overdue {
            days: h.uncovered_overdue_days,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check() -> HoldCheck {
        HoldCheck {
            credit_terms: true,
            exposure_minor: 900,
            credit_limit_minor: 1000,
            released_exposure_minor: None,
            uncovered_overdue_days: 0,
            grace_days: 5,
        }
    }

    #[test]
    fn over_the_limit_on_credit_terms_holds() {
        let mut h = check();
        assert_eq!(hold_cause(&h), None);
        h.exposure_minor = 1000;
        assert_eq!(hold_cause(&h), None, "the limit itself is allowed");
        h.exposure_minor = 1001;
        assert_eq!(
            hold_cause(&h),
            Some(HoldCause::OverLimit {
                exposure_minor: 1001,
                limit_minor: 1000
            })
        );
        h.credit_terms = false;
        assert_eq!(hold_cause(&h), None, "cash terms extend no credit");
    }

    #[test]
    fn overdue_beyond_the_grace_days_holds_on_any_terms() {
        let mut h = check();
        h.credit_terms = false;
        h.uncovered_overdue_days = 5;
        assert_eq!(hold_cause(&h), None, "within the grace days");
        h.uncovered_overdue_days = 6;
        assert_eq!(hold_cause(&h), Some(HoldCause::Overdue { days: 6 }));
        assert_eq!(HoldCause::Overdue { days: 6 }.code(), "overdue 6 days");
    }

    #[test]
    fn a_release_covers_the_exposure_of_its_day_and_no_more() {
        let mut h = check();
        h.exposure_minor = 1500;
        h.released_exposure_minor = Some(1500);
        assert_eq!(hold_cause(&h), None);
        h.exposure_minor = 1501;
        assert!(matches!(hold_cause(&h), Some(HoldCause::OverLimit { .. })));
        assert_eq!(
            hold_cause(&h).map(HoldCause::code).as_deref(),
            Some("over_limit 15.01 > 10.00")
        );
    }
}
