//! The goods flow (物流) as pure rules: which lots a pick takes (FIFO or FEFO, never an
//! expired lot), the order's fulfilment status derived from its line quantities
//! (履约状态), and the states of pick lists, pick tasks and shipments.

use chrono::NaiveDate;

use crate::i18n::Lang;

/// How a product's lots are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LotPolicy {
    /// First in, first out (先进先出): the oldest receipt first.
    Fifo,
    /// First expired, first out (先到期先出): the earliest expiry first.
    Fefo,
}

impl LotPolicy {
    /// FEFO for products that track expiry, FIFO for all others.
    pub fn for_product(tracks_expiry: bool) -> LotPolicy {
        if tracks_expiry {
            LotPolicy::Fefo
        } else {
            LotPolicy::Fifo
        }
    }
}

/// One bin and lot of a product that a pick may take from, with what is still free
/// for new tasks there (on hand less what open tasks already want).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotStock {
    pub bin_id: i64,
    pub bin_code: String,
    pub lot_id: i64,
    pub received_on: NaiveDate,
    pub expiry: Option<NaiveDate>,
    /// Thousandths.
    pub free: i64,
}

/// What a pick takes from one bin and lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotTake {
    pub bin_id: i64,
    pub bin_code: String,
    pub lot_id: i64,
    /// Thousandths, more than zero.
    pub qty: i64,
    /// The lot expires before the customer's requested date: flagged on the task.
    pub expires_early: bool,
}

/// Chooses where `want` (thousandths) of a product is picked: FIFO by receipt date, or
/// FEFO by expiry, never from a lot that expired before `today`. Takes as much as it
/// can; the sum of the takes is `want` when the usable stock has that much, less
/// otherwise. A lot that expires before `requested` is taken but flagged.
pub fn choose_lots(
    stock: &[LotStock],
    want: i64,
    policy: LotPolicy,
    today: NaiveDate,
    requested: Option<NaiveDate>,
) -> Vec<LotTake> {
    let mut usable: Vec<&LotStock> = stock
        .iter()
        .filter(|s| s.free > 0 && s.expiry.is_none_or(|e| e >= today))
        .collect();
    usable.sort_by(|a, b| {
        let by_expiry = match policy {
            // A lot without expiry goes after every lot that has one.
            LotPolicy::Fefo => (a.expiry.is_none(), a.expiry).cmp(&(b.expiry.is_none(), b.expiry)),
            LotPolicy::Fifo => std::cmp::Ordering::Equal,
        };
        by_expiry
            .then(a.received_on.cmp(&b.received_on))
            .then(a.lot_id.cmp(&b.lot_id))
            .then(a.bin_code.cmp(&b.bin_code))
    });
    let mut left = want.max(0);
    let mut out = Vec::new();
    for s in usable {
        if left == 0 {
            break;
        }
        let qty = s.free.min(left);
        left -= qty;
        out.push(LotTake {
            bin_id: s.bin_id,
            bin_code: s.bin_code.clone(),
            lot_id: s.lot_id,
            qty,
            expires_early: matches!((s.expiry, requested), (Some(e), Some(r)) if e < r),
        });
    }
    out
}

/// The quantities of one order line that fulfilment looks at (thousandths).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineProgress {
    pub qty: i64,
    pub cancelled: i64,
    pub picked: i64,
    pub shipped: i64,
    pub delivered: i64,
}

/// Where an approved order stands in the warehouse (履约状态), derived from its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fulfilment {
    /// 待拣货: nothing picked or shipped yet.
    AwaitingPick,
    /// 拣货中: some of what is to ship is picked, not all.
    Picking,
    /// 待发货: everything still to ship is picked.
    ReadyToShip,
    /// 部分发货: some shipped, more to ship.
    PartlyShipped,
    /// 已发货: everything shipped, not everything signed for.
    Shipped,
    /// 已签收: everything signed for.
    Delivered,
}

impl Fulfilment {
    pub const ALL: [Fulfilment; 6] = [
        Fulfilment::AwaitingPick,
        Fulfilment::Picking,
        Fulfilment::ReadyToShip,
        Fulfilment::PartlyShipped,
        Fulfilment::Shipped,
        Fulfilment::Delivered,
    ];

    /// The stable code, for scripts and filters.
    pub fn code(self) -> &'static str {
        match self {
            Fulfilment::AwaitingPick => "awaiting_pick",
            Fulfilment::Picking => "picking",
            Fulfilment::ReadyToShip => "ready_to_ship",
            Fulfilment::PartlyShipped => "partly_shipped",
            Fulfilment::Shipped => "shipped",
            Fulfilment::Delivered => "delivered",
        }
    }

    pub fn parse(s: &str) -> Option<Fulfilment> {
        Fulfilment::ALL.into_iter().find(|f| f.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Fulfilment::AwaitingPick => lang.pick("待拣货", "To pick"),
            Fulfilment::Picking => lang.pick("拣货中", "Picking"),
            Fulfilment::ReadyToShip => lang.pick("待发货", "Ready to ship"),
            Fulfilment::PartlyShipped => lang.pick("部分发货", "Partly shipped"),
            Fulfilment::Shipped => lang.pick("已发货", "Shipped"),
            Fulfilment::Delivered => lang.pick("已签收", "Delivered"),
        }
    }

    /// The status of an order with these lines. Works on sums: per line, shipped never
    /// exceeds what is ordered less cancelled, delivered never exceeds shipped, and
    /// picked never exceeds what is still to ship, so the sums decide as the lines would.
    /// An order with nothing left to deliver (every line cancelled) counts as delivered.
    pub fn of_lines(lines: &[LineProgress]) -> Fulfilment {
        let mut due = 0i64;
        let mut picked = 0i64;
        let mut shipped = 0i64;
        let mut delivered = 0i64;
        for l in lines {
            due += (l.qty - l.cancelled).max(0);
            picked += l.picked;
            shipped += l.shipped;
            delivered += l.delivered;
        }
        Fulfilment::of_sums(due, picked, shipped, delivered)
    }

    /// [`Fulfilment::of_lines`] on the sums of the lines: ordered less cancelled, picked
    /// (staged, not yet shipped), shipped and delivered.
    pub fn of_sums(due: i64, picked: i64, shipped: i64, delivered: i64) -> Fulfilment {
        if delivered >= due {
            Fulfilment::Delivered
        } else if shipped >= due {
            Fulfilment::Shipped
        } else if shipped > 0 {
            Fulfilment::PartlyShipped
        } else if picked > 0 && picked >= due - shipped {
            Fulfilment::ReadyToShip
        } else if picked > 0 {
            Fulfilment::Picking
        } else {
            Fulfilment::AwaitingPick
        }
    }
}

/// A pick list's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickListStatus {
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl PickListStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PickListStatus::Open => "open",
            PickListStatus::InProgress => "in_progress",
            PickListStatus::Done => "done",
            PickListStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<PickListStatus> {
        [
            PickListStatus::Open,
            PickListStatus::InProgress,
            PickListStatus::Done,
            PickListStatus::Cancelled,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    /// Open and in progress lists can still be picked.
    pub fn is_open(self) -> bool {
        matches!(self, PickListStatus::Open | PickListStatus::InProgress)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PickListStatus::Open => lang.pick("待拣", "Open"),
            PickListStatus::InProgress => lang.pick("拣货中", "In progress"),
            PickListStatus::Done => lang.pick("已完成", "Done"),
            PickListStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }
}

/// A pick task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Open,
    Done,
    /// 短拣: less was found than asked.
    Short,
    Cancelled,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Short => "short",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        [
            TaskStatus::Open,
            TaskStatus::Done,
            TaskStatus::Short,
            TaskStatus::Cancelled,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskStatus::Open => lang.pick("待拣", "Open"),
            TaskStatus::Done => lang.pick("已拣", "Done"),
            TaskStatus::Short => lang.pick("短拣", "Short"),
            TaskStatus::Cancelled => lang.pick("已取消", "Cancelled"),
        }
    }
}

/// A pick task takes goods to the staging bin; an unpick task puts them back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Pick,
    Unpick,
}

impl TaskKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::Pick => "pick",
            TaskKind::Unpick => "unpick",
        }
    }

    pub fn parse(s: &str) -> Option<TaskKind> {
        match s {
            "pick" => Some(TaskKind::Pick),
            "unpick" => Some(TaskKind::Unpick),
            _ => None,
        }
    }
}

/// A shipment's state: in transit until it is signed for (签收) or goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipmentStatus {
    InTransit,
    Delivered,
    /// 部分签收: part received, the rest waits as an exception.
    PartlyReceived,
    /// 拒收
    Refused,
    /// 破损
    Damaged,
    /// 丢失
    Lost,
}

impl ShipmentStatus {
    pub const ALL: [ShipmentStatus; 6] = [
        ShipmentStatus::InTransit,
        ShipmentStatus::Delivered,
        ShipmentStatus::PartlyReceived,
        ShipmentStatus::Refused,
        ShipmentStatus::Damaged,
        ShipmentStatus::Lost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::Delivered => "delivered",
            ShipmentStatus::PartlyReceived => "partly_received",
            ShipmentStatus::Refused => "refused",
            ShipmentStatus::Damaged => "damaged",
            ShipmentStatus::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<ShipmentStatus> {
        ShipmentStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Goods of a shipment in this state wait for after-sales work (back to stock or
    /// written off): they are not silently gone.
    pub fn is_exception(self) -> bool {
        matches!(
            self,
            ShipmentStatus::PartlyReceived
                | ShipmentStatus::Refused
                | ShipmentStatus::Damaged
                | ShipmentStatus::Lost
        )
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ShipmentStatus::InTransit => lang.pick("运输中", "In transit"),
            ShipmentStatus::Delivered => lang.pick("已签收", "Delivered"),
            ShipmentStatus::PartlyReceived => lang.pick("部分签收", "Partly received"),
            ShipmentStatus::Refused => lang.pick("拒收", "Refused"),
            ShipmentStatus::Damaged => lang.pick("破损", "Damaged"),
            ShipmentStatus::Lost => lang.pick("丢失", "Lost"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn lot(
        bin: &str,
        lot_id: i64,
        received: NaiveDate,
        expiry: Option<NaiveDate>,
        free: i64,
    ) -> LotStock {
        LotStock {
            bin_id: lot_id * 10,
            bin_code: bin.into(),
            lot_id,
            received_on: received,
            expiry,
            free,
        }
    }

    #[test]
    fn fifo_takes_the_oldest_receipt_first() {
        let today = d(2026, 12, 1);
        let stock = [
            lot("B-01", 2, d(2026, 11, 2), None, 5_000),
            lot("A-01", 1, d(2026, 10, 1), None, 3_000),
        ];
        let t = choose_lots(&stock, 4_000, LotPolicy::Fifo, today, None);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].lot_id, t[0].qty), (1, 3_000));
        assert_eq!((t[1].lot_id, t[1].qty), (2, 1_000));
    }

    #[test]
    fn fefo_takes_the_earliest_expiry_and_never_an_expired_lot() {
        let today = d(2026, 12, 1);
        let stock = [
            lot("A-01", 1, d(2026, 1, 1), Some(d(2026, 11, 30)), 9_000),
            lot("A-02", 2, d(2026, 3, 1), Some(d(2027, 6, 1)), 9_000),
            lot("A-03", 3, d(2026, 6, 1), Some(d(2026, 12, 10)), 2_000),
        ];
        let t = choose_lots(&stock, 3_000, LotPolicy::Fefo, today, Some(d(2026, 12, 20)));
        assert_eq!(
            t.iter().map(|x| (x.lot_id, x.qty)).collect::<Vec<_>>(),
            [(3, 2_000), (2, 1_000)]
        );
        assert!(t[0].expires_early, "expires 12-10, wanted 12-20");
        assert!(!t[1].expires_early);
    }

    #[test]
    fn fulfilment_follows_the_quantities() {
        let l = |qty, picked, shipped, delivered| LineProgress {
            qty,
            cancelled: 0,
            picked,
            shipped,
            delivered,
        };
        use Fulfilment::*;
        assert_eq!(Fulfilment::of_lines(&[l(5, 0, 0, 0)]), AwaitingPick);
        assert_eq!(Fulfilment::of_lines(&[l(5, 2, 0, 0)]), Picking);
        assert_eq!(
            Fulfilment::of_lines(&[l(5, 5, 0, 0), l(1, 1, 0, 0)]),
            ReadyToShip
        );
        assert_eq!(Fulfilment::of_lines(&[l(5, 0, 2, 0)]), PartlyShipped);
        assert_eq!(Fulfilment::of_lines(&[l(5, 0, 5, 2)]), Shipped);
        assert_eq!(Fulfilment::of_lines(&[l(5, 0, 5, 5)]), Delivered);
        let cancelled = LineProgress {
            cancelled: 3,
            ..l(3, 0, 0, 0)
        };
        assert_eq!(Fulfilment::of_lines(&[cancelled, l(2, 0, 2, 2)]), Delivered);
        for f in Fulfilment::ALL {
            assert_eq!(Fulfilment::parse(f.code()), Some(f));
        }
    }

    fn arb_stock() -> impl Strategy<Value = Vec<LotStock>> {
        prop::collection::vec((0u64..40, prop::option::of(0u64..200), 0i64..50_000), 0..12)
            .prop_map(|v| {
                let base = d(2026, 1, 1);
                v.into_iter()
                    .enumerate()
                    .map(|(i, (recv, exp, free))| {
                        let received_on = base + chrono::Days::new(recv);
                        LotStock {
                            bin_id: i as i64 + 1,
                            bin_code: format!("B-{:02}", i % 5),
                            lot_id: i as i64 + 1,
                            received_on,
                            expiry: exp.map(|e| received_on + chrono::Days::new(e)),
                            free,
                        }
                    })
                    .collect()
            })
    }

    proptest! {
        #[test]
        fn never_an_expired_lot_and_the_sum_is_what_was_asked(
            stock in arb_stock(),
            want in 0i64..200_000,
            fefo in any::<bool>(),
            today_offset in 0u64..300,
        ) {
            let today = d(2026, 1, 1) + chrono::Days::new(today_offset);
            let policy = if fefo { LotPolicy::Fefo } else { LotPolicy::Fifo };
            let takes = choose_lots(&stock, want, policy, today, None);
            let usable: i64 = stock.iter()
                .filter(|s| s.expiry.is_none_or(|e| e >= today))
                .map(|s| s.free.max(0))
                .sum();
            let taken: i64 = takes.iter().map(|t| t.qty).sum();
            prop_assert_eq!(taken, want.min(usable));
            for t in &takes {
                prop_assert!(t.qty > 0);
                let s = stock.iter().find(|s| s.lot_id == t.lot_id && s.bin_id == t.bin_id);
                prop_assert!(s.is_some());
                if let Some(s) = s {
                    prop_assert!(s.expiry.is_none_or(|e| e >= today), "expired lot {:?} taken", s);
                    prop_assert!(t.qty <= s.free);
                }
            }
            // FEFO: no usable lot left untouched expires before one that was taken.
            if fefo {
                for t in &takes {
                    let te = stock.iter().find(|s| s.lot_id == t.lot_id).and_then(|s| s.expiry);
                    if let Some(te) = te {
                        for s in &stock {
                            let untouched = !takes.iter().any(|x| x.lot_id == s.lot_id);
                            if untouched && s.free > 0 {
                                if let Some(se) = s.expiry {
                                    prop_assert!(se >= today.max(te) || se < today,
                                        "lot {} expiring {} left for one expiring {}", s.lot_id, se, te);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
