//! Follow-up of shortages (缺货跟进) as pure rules: a purchase request (请购单) to a
//! supplier or a production request (生产通知) to a workshop, its states (open →
//! ordered → received, or cancelled), and how arriving goods count against it.

use crate::i18n::Lang;

/// Where the goods are to come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RequestKind {
    /// 采购: bought from a supplier.
    #[default]
    Purchase,
    /// 生产: made by a workshop.
    Production,
}

impl RequestKind {
    pub const ALL: [RequestKind; 2] = [RequestKind::Purchase, RequestKind::Production];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Purchase => "purchase",
            RequestKind::Production => "production",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        let s = s.trim();
        RequestKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RequestKind::Purchase => lang.pick("采购", "Purchase"),
            RequestKind::Production => lang.pick("生产", "Production"),
        }
    }

    /// Who makes or sells the goods: 供应商 or 车间.
    pub fn source_label(self, lang: Lang) -> &'static str {
        match self {
            RequestKind::Purchase => lang.pick("供应商", "Supplier"),
            RequestKind::Production => lang.pick("车间", "Workshop"),
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    /// 待下单: asked for, not yet ordered from the supplier (or scheduled in the
    /// workshop).
    Open,
    /// 已下单: ordered; goods may arrive, in part or whole.
    Ordered,
    /// 已到货: at least what was asked for arrived.
    Received,
    /// 已取消
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [
        RequestStatus::Open,
        RequestStatus::Ordered,
        RequestStatus::Received,
        RequestStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Ordered => "ordered",
            RequestStatus::Received => "received",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        let s = s.trim();
        RequestStatus::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RequestStatus::Open => lang.pick("待下单", "Open"),
            RequestStatus::Ordered => lang.pick("已下单", "Ordered"),
            RequestStatus::Received => lang.pick("已到货", "Received"),
            RequestStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }

    /// Goods are still expected: the request's date shows to the counter.
    pub fn is_pending(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::Ordered)
    }
}

/// What a receipt of `qty` (thousandths) against a request asking `asked` with
/// `received` so far leaves: the new received quantity and state. Goods may arrive
/// before the request was marked ordered, in parts, and more than asked (the supplier's
/// full case); the request is received once at least what was asked has arrived.
/// `None` when the request takes no goods (received or cancelled already).
pub fn after_receipt(
    status: RequestStatus,
    asked: i64,
    received: i64,
    qty: i64,
) -> Option<(i64, RequestStatus)> {
    if !status.is_pending() || qty <= 0 {
        return None;
    }
    let total = received.checked_add(qty)?;
    let status = if total >= asked {
        RequestStatus::Received
    } else {
        RequestStatus::Ordered
    };
    Some((total, status))
}

/// What a new request for a short product suggests: the shortage less what pending
/// requests still bring (never below zero).
pub fn suggested_qty(backordered: i64, pending: i64) -> i64 {
    (backordered - pending.max(0)).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in RequestKind::ALL {
            assert_eq!(RequestKind::parse(k.as_str()), Some(k));
            assert_ne!(k.label(Lang::Zh), k.label(Lang::En));
        }
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
            assert_ne!(s.label(Lang::Zh), s.label(Lang::En));
        }
    }

    #[test]
    fn receipts_count_up_to_received_and_never_into_a_closed_request() {
        use RequestStatus::*;
        assert_eq!(
            after_receipt(Ordered, 10_000, 0, 4_000),
            Some((4_000, Ordered))
        );
        assert_eq!(
            after_receipt(Open, 10_000, 0, 4_000),
            Some((4_000, Ordered)),
            "goods arriving show it was ordered"
        );
        assert_eq!(
            after_receipt(Ordered, 10_000, 4_000, 6_000),
            Some((10_000, Received))
        );
        assert_eq!(
            after_receipt(Ordered, 10_000, 4_000, 8_000),
            Some((12_000, Received)),
            "a full case more than asked"
        );
        assert_eq!(after_receipt(Received, 10_000, 10_000, 1), None);
        assert_eq!(after_receipt(Cancelled, 10_000, 0, 1), None);
        assert_eq!(after_receipt(Ordered, 10_000, 0, 0), None);
        assert_eq!(after_receipt(Ordered, 10, i64::MAX, 1), None, "no overflow");
    }

    #[test]
    fn the_suggestion_is_what_pending_requests_do_not_cover() {
        assert_eq!(suggested_qty(12_000, 5_000), 7_000);
        assert_eq!(suggested_qty(5_000, 8_000), 0);
        assert_eq!(suggested_qty(5_000, -1), 5_000);
    }
}
