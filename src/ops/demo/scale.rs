//! How big the demo data set is, and how its making is reported as it goes.

/// Size of the generated data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 80 products, 40 customers, 240 orders: every screen shows something real.
    Small,
    /// 100,000 products, 20,000 customers, 1,000,000 orders, about 5,000,000 lines,
    /// at least 200,000 invoices.
    Large,
    /// The large set's way of making its data (in bulk, set-based), at a size a test
    /// runs in seconds: 1,000 products, 200 customers, 5,000 orders over 300 days.
    Sample,
}

impl Scale {
    /// Whether the data is written in bulk rather than through the operations.
    pub(super) fn bulk(self) -> bool {
        self != Scale::Small
    }
    pub(super) fn products(self) -> usize {
        match self {
            Scale::Small => 80,
            Scale::Large => 100_000,
            Scale::Sample => 1_000,
        }
    }
    pub(super) fn customers(self) -> usize {
        match self {
            Scale::Small => 40,
            Scale::Large => 20_000,
            Scale::Sample => 200,
        }
    }
    pub(super) fn orders(self) -> usize {
        match self {
            Scale::Small => 240,
            Scale::Large => 1_000_000,
            Scale::Sample => 5_000,
        }
    }
    pub(super) fn days(self) -> i64 {
        match self {
            Scale::Small => 150,
            Scale::Large => 1000,
            Scale::Sample => 300,
        }
    }
}

/// How far the generator has come, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Setup,
    MasterData,
    Products(usize),
    Customers(usize),
    Orders(usize),
    /// Closed orders given their pick list, shipment and stock moves.
    Shipped(usize),
    /// The indexes set aside during the bulk load built again.
    Indexed,
    /// The history's journal entries posted.
    Journal(usize),
    Invoices(usize),
}

impl crate::i18n::Localized for Progress {
    fn localized(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Progress::Setup => lang
                .pick("已建用户、仓库和库位", "users, warehouses and bins done")
                .into(),
            Progress::MasterData => lang
                .pick("已建商品、客户和库存", "products, customers and stock done")
                .into(),
            Progress::Products(n) => crate::bi!(lang, "商品 {}", "products {}", n),
            Progress::Customers(n) => crate::bi!(lang, "客户 {}", "customers {}", n),
            Progress::Orders(n) => crate::bi!(lang, "订单 {}", "orders {}", n),
            Progress::Shipped(n) => crate::bi!(lang, "已发货订单 {}", "orders shipped {}", n),
            Progress::Indexed => lang.pick("已重建索引", "indexes built").into(),
            Progress::Journal(n) => {
                crate::bi!(lang, "历史凭证 {} 张", "history vouchers {}", n)
            }
            Progress::Invoices(n) => crate::bi!(lang, "发票 {}", "invoices {}", n),
        }
    }
}
