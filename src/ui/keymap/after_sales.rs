//! The default keys of the after-sales screens (tickets, returns) and of the shortage
//! follow-up (the shortage list and the purchase requests).

use crossterm::event::KeyCode;

use super::commands::{b, ctrl, k, Binding, Command, Context};
use crate::domain::access::Permission;

/// Who works on tickets.
pub(super) const TICKETS: &[Permission] = &[Permission::HandleTickets];
const REQUESTING: &[Permission] = &[Permission::RequestPurchases];
const RECEIVING: &[Permission] = &[Permission::ReceiveStock];
const ADJUSTING: &[Permission] = &[Permission::AdjustStock];
const ORDERING: &[Permission] = &[Permission::CreateOrders];
const INVOICING: &[Permission] = &[Permission::IssueInvoices];
const CLOSING_RETURNS: &[Permission] = &[Permission::IssueInvoices, Permission::CreateOrders];

#[rustfmt::skip]
const HELP: Binding = b(k(KeyCode::F(1)), ctrl('g'), Command::Help, "帮助", "Help", true);
#[rustfmt::skip]
const QUIT: Binding = b(k(KeyCode::F(10)), ctrl('q'), Command::Quit, "退出", "Quit", true);
#[rustfmt::skip]
const MENU: Binding = b(k(KeyCode::F(4)), ctrl('e'), Command::Menu, "菜单", "Menu", true);
#[rustfmt::skip]
const BACK: Binding = b(k(KeyCode::Esc), None, Command::Back, "返回", "Back", true);
#[rustfmt::skip]
const UP: Binding = b(k(KeyCode::Up), None, Command::Up, "上移", "Up", false);
#[rustfmt::skip]
const DOWN: Binding = b(k(KeyCode::Down), None, Command::Down, "下移", "Down", false);
#[rustfmt::skip]
const PGDN: Binding = b(k(KeyCode::PageDown), None, Command::PageDown, "下一页", "Next page", false);
#[rustfmt::skip]
const PGUP: Binding = b(k(KeyCode::PageUp), None, Command::PageUp, "上一页", "Prev page", false);
// Every list: its rows to a CSV or XLSX file. Last, so that the bar shows it where
// there is room after the screen's own keys.
#[rustfmt::skip]
const EXPORT: Binding = b(k(KeyCode::F(12)), ctrl('w'), Command::Export, "导出", "Export", true);

#[rustfmt::skip]
const TICKET_LIST: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::F(2)), ctrl('o'), Command::NewTicket, "登记客诉", "New ticket", true).needs(TICKETS),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一筛选", "Next filter", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一筛选", "Prev filter", false),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

// What is done most comes first: at 80 columns the bar shows the log entry and closing.
#[rustfmt::skip]
const TICKET: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::TicketNote, "处理记录", "Log", true).needs(TICKETS),
    b(k(KeyCode::F(9)), ctrl('t'), Command::CloseTicket, "关闭", "Close", true).needs(TICKETS),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Resolve, "解决", "Resolve", true).needs(TICKETS),
    b(k(KeyCode::F(3)), ctrl('k'), Command::TicketContact, "联系客户", "Contacted", true).needs(TICKETS),
    b(k(KeyCode::F(7)), ctrl('l'), Command::Assign, "转交", "Assign", true).needs(TICKETS),
    b(k(KeyCode::F(8)), ctrl('r'), Command::Reopen, "重新打开", "Reopen", true).needs(TICKETS),
    b(k(KeyCode::Enter), None, Command::Open, "打开订单", "Open order", false),
    BACK,
    b(k(KeyCode::PageDown), None, Command::PageDown, "更早的记录", "Older entries", false),
    b(k(KeyCode::PageUp), None, Command::PageUp, "较新的记录", "Newer entries", false),
];

#[rustfmt::skip]
const SHORTAGES: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::PurchaseRequest, "请购", "Request", true).needs(REQUESTING),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Purchases, "请购单", "Requests", true),
    b(k(KeyCode::F(5)), ctrl('s'), Command::FillBackorders, "补留", "Fill", true).needs(REQUESTING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Transfer, "移库", "Transfer", true).needs(ADJUSTING),
    b(k(KeyCode::Enter), None, Command::Open, "库存", "Stock", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const PURCHASES: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::Receipt, "到货入库", "Receive", true).needs(RECEIVING),
    b(k(KeyCode::F(7)), ctrl('l'), Command::MarkOrdered, "已下单", "Ordered", true).needs(REQUESTING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::CancelRequest, "取消", "Cancel", true).needs(REQUESTING),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一筛选", "Next filter", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一筛选", "Prev filter", false),
    b(k(KeyCode::Enter), None, Command::Open, "库存", "Stock", false),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

// --- returns and exchanges (退货 / 换货).
#[rustfmt::skip]
const RETURNS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一状态", "Next state", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一状态", "Prev state", false),
    b(k(KeyCode::F(3)), ctrl('r'), Command::ReceiveReturn, "退货收货", "Receive", true).needs(RECEIVING),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const RETURN_DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    BACK,
    b(k(KeyCode::F(3)), ctrl('r'), Command::ReceiveReturn, "收货", "Receive", true).needs(RECEIVING),
    b(k(KeyCode::F(5)), ctrl('s'), Command::CreditNote, "冲账", "Credit", true).needs(INVOICING),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Exchange, "换货", "Exchange", true).needs(ORDERING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::CancelReturn, "取消", "Cancel", true).needs(ORDERING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::WriteOffLost, "丢失核销", "Lost", true).needs(ADJUSTING),
    b(k(KeyCode::F(9)), ctrl('t'), Command::CloseReturn, "关闭", "Close", true).needs(CLOSING_RETURNS),
    b(k(KeyCode::Enter), None, Command::Open, "打开订单", "Open order", false),
];

// Scanner first: the return's number, then each item; a bin code sets where sellable
// goods go. Tab is left to the scanner.
#[rustfmt::skip]
const RETURN_RECEIVING: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Confirm, "扫码确认", "Scan", false),
    b(k(KeyCode::F(6)), ctrl('f'), Command::NextCondition, "可售/待检/报废", "Condition", true).needs(RECEIVING),
    b(k(KeyCode::F(3)), ctrl('k'), Command::TypeQty, "输入数量", "Type qty", true).needs(RECEIVING),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空", "Clear", false),
    BACK,
];

/// The bindings of the contexts of this file, as written here.
pub(super) fn defaults(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Tickets => TICKET_LIST,
        Context::Ticket => TICKET,
        Context::Shortages => SHORTAGES,
        Context::Purchases => PURCHASES,
        Context::Returns => RETURNS,
        Context::ReturnDetail => RETURN_DETAIL,
        Context::ReturnReceiving => RETURN_RECEIVING,
        _ => &[],
    }
}
