//! The money flow's screens (账流 · 钱流): payment entry with its allocation, the
//! invoice list and one invoice, the trial balance and an account's ledger; one
//! customer's receivables with its follow-ups, credit hold, write-offs and statement
//! ([`receivables`]), and the overdue list ([`overdue`]).

pub mod invoices;
pub mod ledger;
pub mod overdue;
pub mod payment;
pub mod receivables;

use crate::domain::money::Money;
use crate::i18n::Lang;

/// An amount in fen as people read it (thousands separated, two decimals).
pub(crate) fn yuan(minor: i64) -> String {
    Money::from_minor(minor).to_string()
}

/// Why a customer is on credit hold, in the reader's language. The hold's reason is kept
/// as a code (`over_limit <exposure> > <limit>`, `overdue <n> days`); anything else was
/// typed by a person and is shown as it is.
pub fn hold_reason_text(reason: Option<&str>, lang: Lang) -> String {
    let Some(r) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return lang.pick("原因未记录", "no reason recorded").to_string();
    };
    if let Some(rest) = r.strip_prefix("over_limit ") {
        if let Some((used, limit)) = rest.split_once(" > ") {
            return crate::bi!(
                lang,
                "超出信用额度（占用 {}，额度 {}）",
                "over the credit limit ({} used of {})",
                used.trim(),
                limit.trim()
            );
        }
    }
    if let Some(days) = r
        .strip_prefix("overdue ")
        .and_then(|d| d.strip_suffix(" days"))
        .and_then(|d| d.trim().parse::<i64>().ok())
    {
        // The days as they were when the hold was set: the screen shows today's beside.
        return crate::bi!(lang, "冻结时逾期 {} 天", "{} days overdue when held", days);
    }
    crate::domain::text::shown(r)
}

/// Why a customer is on hold in a word or two, for a line that shows the figures beside
/// it (order intake): over the limit, overdue, or what a person typed.
pub fn hold_reason_short(reason: Option<&str>, lang: Lang) -> String {
    match reason.map(str::trim) {
        Some(r) if r.starts_with("over_limit ") => lang.pick("超出额度", "over limit").to_string(),
        Some(r) if r.starts_with("overdue ") => lang.pick("逾期", "overdue").to_string(),
        other => hold_reason_text(other, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hold_reasons_are_read_in_both_languages() {
        assert_eq!(
            hold_reason_text(Some("overdue 45 days"), Lang::Zh),
            "冻结时逾期 45 天"
        );
        assert_eq!(
            hold_reason_text(Some("over_limit 1200.00 > 1000.00"), Lang::En),
            "over the credit limit (1200.00 used of 1000.00)"
        );
        assert_eq!(hold_reason_text(None, Lang::En), "no reason recorded");
        assert_eq!(hold_reason_text(Some("manual"), Lang::En), "manual");
        assert_eq!(
            hold_reason_short(Some("overdue 45 days"), Lang::En),
            "overdue"
        );
        assert_eq!(
            hold_reason_short(Some("over_limit 1 > 0"), Lang::Zh),
            "超出额度"
        );
    }
}
