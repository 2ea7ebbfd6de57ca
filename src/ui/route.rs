//! Where the application can go: one [`Route`] per screen, with what it needs to open.
//! Screens name routes and never build each other; `router` opens them. The menu's
//! entries are routes too, grouped by the flows of the design (商流, 物流, 账流 · 钱流,
//! after-sales, system).

use crate::domain::access::Permission;
use crate::i18n::Lang;
use crate::ops::find::Found;

/// A screen and what it opens on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Login,
    Menu,
    /// The order list, all stages, newest first.
    Orders,
    /// An empty order form.
    NewOrder,
    /// One order's detail.
    Order(i64),
    /// The form of a draft or rejected order.
    EditOrder(i64),
    /// The approval queue.
    Queue,
    /// The customer list, all of them by code.
    Customers,
    /// The customer list showing these customers (several matches of a scan).
    CustomerMatches(Vec<i64>),
    Customer(i64),
    NewCustomer,
    /// The product list, all of them by SKU.
    Products,
    Product(i64),
    NewProduct,
    /// The stock overview.
    Stock,
    /// One product's stock: bins, lots, movements.
    StockOf(i64),
    /// A stock receipt, for this product if given.
    Receipt(Option<i64>),
    /// A transfer, for this product and from this (bin, lot) if given.
    Transfer(Option<i64>, Option<(String, String)>),
    /// An adjustment, for this product at this (bin, lot) if given.
    Adjust(Option<i64>, Option<(String, String)>),
    /// A stock count (盘点).
    Count,
    /// A stock count started on this bin (the count a short pick proposes).
    CountBin(String),
    /// The warehouse home (仓库工作台): today's work, most urgent first.
    Warehouse,
    /// Wave planning (波次): approved orders to put on a pick list.
    Waves,
    /// Picking (拣货): this pick list, or the picker's open one (else a scan asks).
    Picking(Option<String>),
    /// Packing (复核打包): the picked goods of this order counted into cartons, else a
    /// scan asks.
    Packing(Option<String>),
    /// Shipping (发货): the picked goods of this order (or an order of this pick list),
    /// else a scan asks.
    Shipping(Option<String>),
    /// Delivery (签收): this shipment (number or tracking number), else a scan asks.
    Delivery(Option<String>),
    /// One customer's receivables (应收账款): balance, credit, open invoices, aging,
    /// follow-ups.
    Receivables(i64),
    /// The overdue list (逾期应收): customers most overdue first.
    Overdue,
    /// Payment entry (收款单).
    Payment,
    /// The invoice list (发票).
    Invoices,
    /// One invoice or credit note, by number.
    Invoice(String),
    /// The trial balance (试算平衡表) of this month.
    Ledger,
    /// One account's lines (明细账) in a month (`YYYY-MM`).
    AccountLedger(String, String),
    /// The return list (退货单), newest first.
    Returns,
    /// One return, by number (RMA-…).
    Return(String),
    /// Receiving returned goods by scan (退货收货): this return, else a scan asks.
    ReturnReceiving(Option<String>),
    /// The analysis screen (数据分析): the figures of a period and staff performance.
    Figures,
    Settings,
    /// The carriers the admin keeps (承运商).
    Carriers,
    Carrier(i64),
    NewCarrier,
    /// The ticket list (客诉单): open ones first shown, filters for one's own, the overdue
    /// ones and all.
    Tickets,
    /// One customer's tickets.
    CustomerTickets(i64),
    /// One ticket with its log.
    Ticket(i64),
    /// A new ticket, for this customer and this order if given (by id).
    NewTicket(Option<i64>, Option<i64>),
    /// The shortage list (缺货跟进).
    Shortages,
    /// The purchase and production requests (请购单).
    Purchases,
    /// A stock receipt for the goods of this purchase request (by number).
    PurchaseReceipt(String),
}

/// The flows of the design that group the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// 商流: orders and what they agree on.
    Commerce,
    /// 物流: stock between bins and to the customer.
    Goods,
    /// 账流 · 钱流: invoices, payments, receivables and the ledger.
    Money,
    /// 售后: complaints and feedback, returns and exchanges.
    AfterSales,
    /// 数据分析: the figures management reads.
    Figures,
    System,
}

impl Flow {
    /// The heading of the flow's group in the menu.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Flow::Commerce => lang.pick("商流 · 订单与审批", "Commerce · orders and approval"),
            Flow::Goods => lang.pick("物流 · 库存与仓库", "Goods · stock and warehouse"),
            Flow::Money => lang.pick("账流 · 钱流", "Ledger · cash"),
            Flow::AfterSales => lang.pick("售后", "After-sales"),
            Flow::Figures => lang.pick("数据分析", "Figures"),
            Flow::System => lang.pick("系统", "System"),
        }
    }

    /// The flow whose group in the menu holds `route`.
    pub fn of(route: &Route) -> Option<Flow> {
        MENU.iter()
            .find(|(_, routes)| routes.contains(route))
            .map(|(flow, _)| *flow)
    }
}

/// The menu: routes by flow, in the order they are numbered.
pub const MENU: &[(Flow, &[Route])] = &[
    (
        Flow::Commerce,
        &[
            Route::Orders,
            Route::NewOrder,
            Route::Queue,
            Route::Customers,
            Route::Products,
        ],
    ),
    (
        Flow::Goods,
        &[
            Route::Stock,
            Route::Receipt(None),
            Route::Transfer(None, None),
            Route::Count,
            Route::Warehouse,
            Route::Waves,
            Route::Picking(None),
            Route::Packing(None),
            Route::Shipping(None),
            Route::Delivery(None),
            Route::Shortages,
            Route::Purchases,
        ],
    ),
    (
        Flow::Money,
        &[
            Route::Payment,
            Route::Invoices,
            Route::Overdue,
            Route::Ledger,
        ],
    ),
    (
        Flow::AfterSales,
        &[
            Route::Tickets,
            Route::NewTicket(None, None),
            // Returns and exchanges (退货 / 换货).
            Route::Returns,
            Route::ReturnReceiving(None),
        ],
    ),
    (Flow::Figures, &[Route::Figures]),
    (Flow::System, &[Route::Carriers, Route::Settings]),
];

impl Route {
    /// The menu's entries, numbered in this order.
    pub fn menu() -> impl Iterator<Item = &'static Route> {
        MENU.iter().flat_map(|(_, routes)| routes.iter())
    }

    /// The screen's name in the menu.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            Route::Login => lang.pick("登录", "Log in"),
            Route::Menu => lang.pick("菜单", "Menu"),
            Route::Orders => lang.pick("订单列表", "Orders"),
            Route::NewOrder => lang.pick("新订单", "New order"),
            Route::Order(_) => lang.pick("订单", "Order"),
            Route::EditOrder(_) => lang.pick("修改订单", "Edit order"),
            Route::Queue => lang.pick("审批队列", "Approval queue"),
            Route::Customers | Route::CustomerMatches(_) => lang.pick("客户", "Customers"),
            Route::Customer(_) | Route::NewCustomer => lang.pick("客户资料", "Customer"),
            Route::Products => lang.pick("商品", "Products"),
            Route::Product(_) | Route::NewProduct => lang.pick("商品资料", "Product"),
            Route::Stock | Route::StockOf(_) => lang.pick("库存", "Stock"),
            Route::Receipt(_) => lang.pick("入库", "Stock receipt"),
            Route::Transfer(..) => lang.pick("移库", "Stock transfer"),
            Route::Adjust(..) => lang.pick("库存调整", "Stock adjustment"),
            Route::Count | Route::CountBin(_) => lang.pick("盘点", "Stock count"),
            Route::Warehouse => lang.pick("仓库工作台", "Warehouse today"),
            Route::Waves => lang.pick("波次拣货单", "Wave planning"),
            Route::Picking(_) => lang.pick("拣货", "Picking"),
            Route::Packing(_) => lang.pick("复核装箱", "Packing"),
            Route::Shipping(_) => lang.pick("发货", "Shipping"),
            Route::Delivery(_) => lang.pick("签收", "Delivery"),
            Route::Receivables(_) => lang.pick("应收账款", "Receivables"),
            Route::Overdue => lang.pick("逾期应收", "Overdue receivables"),
            Route::Payment => lang.pick("收款单", "Payment entry"),
            Route::Invoices | Route::Invoice(_) => lang.pick("发票", "Invoices"),
            Route::Ledger | Route::AccountLedger(..) => lang.pick("总账", "Ledger"),
            Route::Returns | Route::Return(_) => lang.pick("退货单", "Returns"),
            Route::ReturnReceiving(_) => lang.pick("退货收货", "Receive returns"),
            Route::Figures => lang.pick("数据分析", "Figures"),
            Route::Settings => lang.pick("设置", "Settings"),
            Route::Carriers => lang.pick("承运商", "Carriers"),
            Route::Carrier(_) | Route::NewCarrier => lang.pick("承运商资料", "Carrier"),
            Route::Tickets | Route::CustomerTickets(_) => lang.pick("客诉单", "Tickets"),
            Route::Ticket(_) => lang.pick("客诉单详情", "Ticket"),
            Route::NewTicket(..) => lang.pick("登记客诉", "New ticket"),
            Route::Shortages => lang.pick("缺货跟进", "Shortages"),
            Route::Purchases => lang.pick("请购单", "Purchase requests"),
            Route::PurchaseReceipt(_) => lang.pick("到货入库", "Receive a request"),
        }
    }

    /// The permissions of which the screen's work needs one; empty: everyone may look.
    /// The menu offers a route only to users who hold one of them.
    pub fn permissions(&self) -> &'static [Permission] {
        match self {
            Route::NewOrder => &[Permission::CreateOrders],
            // Credit decisions (finance) are taken in the queue too.
            Route::Queue => &[Permission::ApproveOrders, Permission::ApproveCredit],
            Route::Receipt(_) => &[Permission::ReceiveStock],
            Route::Transfer(..) | Route::Count | Route::CountBin(_) => &[Permission::AdjustStock],
            Route::Warehouse
            | Route::Waves
            | Route::Picking(_)
            | Route::Packing(_)
            | Route::Shipping(_)
            | Route::Delivery(_) => &[Permission::PickAndShip],
            Route::Settings | Route::Carriers | Route::Carrier(_) | Route::NewCarrier => {
                &[Permission::EditSettings]
            }
            // Finance works the list; managers read it (reports).
            Route::Overdue => &[
                Permission::RecordPayments,
                Permission::ApproveCredit,
                Permission::ViewReports,
            ],
            Route::Payment => &[Permission::RecordPayments],
            Route::Invoices | Route::Invoice(_) => &[
                Permission::IssueInvoices,
                Permission::RecordPayments,
                Permission::ViewReports,
            ],
            Route::Ledger | Route::AccountLedger(..) => {
                &[Permission::WriteOff, Permission::ViewReports]
            }
            // Sales open returns, the warehouse receives them, finance credits them.
            Route::Returns | Route::Return(_) => &[
                Permission::CreateOrders,
                Permission::ReceiveStock,
                Permission::IssueInvoices,
                Permission::ViewReports,
            ],
            Route::ReturnReceiving(_) => &[Permission::ReceiveStock],
            Route::Tickets
            | Route::CustomerTickets(_)
            | Route::Ticket(_)
            | Route::NewTicket(..) => &[Permission::HandleTickets],
            Route::Shortages | Route::Purchases => {
                &[Permission::RequestPurchases, Permission::ReceiveStock]
            }
            Route::PurchaseReceipt(_) => &[Permission::ReceiveStock],
            Route::Figures => &[Permission::ViewReports],
            _ => &[],
        }
    }
}

impl From<Found> for Route {
    /// The screen for what the global scan box found.
    fn from(found: Found) -> Route {
        match found {
            Found::Order(id) => Route::Order(id),
            Found::Product(id) => Route::Product(id),
            Found::Customer(id) => Route::Customer(id),
            Found::Customers(rows) => Route::CustomerMatches(rows.iter().map(|r| r.id).collect()),
            Found::Return(number) => Route::Return(number),
        }
    }
}
