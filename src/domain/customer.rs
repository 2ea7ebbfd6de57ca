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
