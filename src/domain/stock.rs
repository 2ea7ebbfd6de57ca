//! Stock moves (出入库): what kind of event moved the goods.

/// The kind of a stock move, as the ledger of moves records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// 入库: goods received.
    Receipt,
    /// 调整: a correction with a reason.
    Adjust,
    /// 移库: from one bin to another (two moves).
    Transfer,
    /// 盘点: the difference a stock count found.
    Count,
    /// 发货: goods shipped to a customer.
    Ship,
    /// 退货: goods returned by a customer.
    Return,
}

impl MoveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Receipt => "receipt",
            MoveKind::Adjust => "adjust",
            MoveKind::Transfer => "transfer",
            MoveKind::Count => "count",
            MoveKind::Ship => "ship",
            MoveKind::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<MoveKind> {
        Some(match s {
            "receipt" => MoveKind::Receipt,
            "adjust" => MoveKind::Adjust,
            "transfer" => MoveKind::Transfer,
            "count" => MoveKind::Count,
            "ship" => MoveKind::Ship,
            "return" => MoveKind::Return,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_and_nothing_else_does() {
        for k in [
            MoveKind::Receipt,
            MoveKind::Adjust,
            MoveKind::Transfer,
            MoveKind::Count,
            MoveKind::Ship,
            MoveKind::Return,
        ] {
            assert_eq!(MoveKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(MoveKind::parse("Receipt"), None);
    }
}
