//! Roles and permissions. The matrix of which role grants which permission lives in the
//! database (`role_permissions`), so that `ops` checks it inside each transaction.

use crate::i18n::Lang;

/// A role a user may hold; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 系统管理员: users and settings.
    Admin,
    /// 销售: counter, intake, customers.
    Sales,
    /// 经理: approval by amount, prices.
    Manager,
    /// 仓库: stock, picking, shipping.
    Warehouse,
    /// 财务: invoices, payments, credit, write-offs.
    Finance,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Sales,
        Role::Manager,
        Role::Warehouse,
        Role::Finance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sales => "sales",
            Role::Manager => "manager",
            Role::Warehouse => "warehouse",
            Role::Finance => "finance",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("系统管理员", "Administrator"),
            Role::Sales => lang.pick("销售", "Sales"),
            Role::Manager => lang.pick("经理", "Manager"),
            Role::Warehouse => lang.pick("仓库", "Warehouse"),
            Role::Finance => lang.pick("财务", "Finance"),
        }
    }
}

/// Something an operation needs the actor to be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ManageUsers,
    EditSettings,
    EditCustomers,
    EditProducts,
    EditPrices,
    EditBins,
    CreateOrders,
    ApproveOrders,
    ApproveCredit,
    ReceiveStock,
    AdjustStock,
    PickAndShip,
    IssueInvoices,
    RecordPayments,
    WriteOff,
    ViewReports,
    /// Complaint and feedback tickets (客诉): open, log, assign, resolve, close.
    HandleTickets,
    /// Purchase and production requests for shortages (请购单).
    RequestPurchases,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::ManageUsers,
        Permission::EditSettings,
        Permission::EditCustomers,
        Permission::EditProducts,
        Permission::EditPrices,
        Permission::EditBins,
        Permission::CreateOrders,
        Permission::ApproveOrders,
        Permission::ApproveCredit,
        Permission::ReceiveStock,
        Permission::AdjustStock,
        Permission::PickAndShip,
        Permission::IssueInvoices,
        Permission::RecordPayments,
        Permission::WriteOff,
        Permission::ViewReports,
        Permission::HandleTickets,
        Permission::RequestPurchases,
    ];

    /// The code in the `permissions` table.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ManageUsers => "users.manage",
            Permission::EditSettings => "settings.edit",
            Permission::EditCustomers => "customers.edit",
            Permission::EditProducts => "products.edit",
            Permission::EditPrices => "prices.edit",
            Permission::EditBins => "bins.edit",
            Permission::CreateOrders => "orders.create",
            Permission::ApproveOrders => "orders.approve",
            Permission::ApproveCredit => "credit.approve",
            Permission::ReceiveStock => "stock.receive",
            Permission::AdjustStock => "stock.adjust",
            Permission::PickAndShip => "stock.pick",
            Permission::IssueInvoices => "invoices.issue",
            Permission::RecordPayments => "payments.record",
            Permission::WriteOff => "writeoff",
            Permission::ViewReports => "reports.view",
            Permission::HandleTickets => "tickets.handle",
            Permission::RequestPurchases => "purchases.request",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Permission::ManageUsers => lang.pick("管理用户", "manage users"),
            Permission::EditSettings => lang.pick("修改设置", "edit settings"),
            Permission::EditCustomers => lang.pick("维护客户", "edit customers"),
            Permission::EditProducts => lang.pick("维护商品", "edit products"),
            Permission::EditPrices => lang.pick("修改价格", "edit prices"),
            Permission::EditBins => lang.pick("维护库位", "edit bins"),
            Permission::CreateOrders => lang.pick("录入订单", "create orders"),
            Permission::ApproveOrders => lang.pick("审批订单", "approve orders"),
            Permission::ApproveCredit => lang.pick("信用审批", "approve credit"),
            Permission::ReceiveStock => lang.pick("入库", "receive stock"),
            Permission::AdjustStock => lang.pick("库存调整", "adjust stock"),
            Permission::PickAndShip => lang.pick("拣货发货", "pick and ship"),
            Permission::IssueInvoices => lang.pick("开票", "issue invoices"),
            Permission::RecordPayments => lang.pick("收款", "record payments"),
            Permission::WriteOff => lang.pick("坏账核销", "write off bad debt"),
            Permission::ViewReports => lang.pick("查看报表", "view reports"),
            Permission::HandleTickets => lang.pick("处理客诉", "handle tickets"),
            Permission::RequestPurchases => lang.pick("请购", "request purchases"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse(" Sales "), Some(Role::Sales));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn permission_codes_are_distinct() {
        let mut codes: Vec<_> = Permission::ALL.iter().map(|p| p.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Permission::ALL.len());
    }
}
