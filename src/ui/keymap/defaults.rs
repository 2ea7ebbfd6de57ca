//! The default keys of every context: the tables the key bar, the help and the
//! behaviour are built from.

use crossterm::event::{KeyCode, KeyModifiers};

use super::commands::{b, ctrl, k, Binding, Command, Context, Key};
use crate::domain::access::Permission;

const ORDERING: &[Permission] = &[Permission::CreateOrders];
const CANCELLING: &[Permission] = &[Permission::CreateOrders, Permission::ApproveOrders];
const DECIDING: &[Permission] = &[Permission::ApproveOrders, Permission::ApproveCredit];
const RECEIVING: &[Permission] = &[Permission::ReceiveStock];
const ADJUSTING: &[Permission] = &[Permission::AdjustStock];
const CUSTOMERS_EDIT: &[Permission] = &[Permission::EditCustomers];
const PICKING: &[Permission] = &[Permission::PickAndShip];
const FOLLOWING_UP: &[Permission] = &[Permission::RecordPayments];
const RELEASING: &[Permission] = &[Permission::ApproveCredit];
const WRITING_OFF: &[Permission] = &[Permission::WriteOff];
const CLOSING: &[Permission] = &[Permission::WriteOff];
const INVOICING: &[Permission] = &[Permission::IssueInvoices];

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
// Every list and report: its rows to a CSV or XLSX file. Last in each table, so that
// the bar shows it where there is room after the screen's own keys.
#[rustfmt::skip]
const EXPORT: Binding = b(k(KeyCode::F(12)), ctrl('w'), Command::Export, "导出", "Export", true);
#[rustfmt::skip]
const PGUP: Binding = b(k(KeyCode::PageUp), None, Command::PageUp, "上一页", "Prev page", false);

// Help and quit come first: at 80 columns the key bar shows them whatever else fits.
#[rustfmt::skip]
const LOGIN: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Tab), None, Command::NextField, "切换栏位", "Next field", true),
    b(k(KeyCode::Enter), None, Command::Login, "登录", "Log in", true),
    b(k(KeyCode::F(7)), ctrl('u'), Command::OsLogin, "系统账号登录", "Log in as OS user", true),
];

#[rustfmt::skip]
const MENU_KEYS: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const ORDERS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Esc), None, Command::Back, "返回", "Back", false),
    b(k(KeyCode::F(2)), ctrl('o'), Command::NewOrder, "新订单", "New order", true).needs(ORDERING),
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Filter, "筛选", "Filter", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一状态", "Next stage", false),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一状态", "Prev stage", false),
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const ORDER_FILTER: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Save, "应用", "Apply", true),
    b(k(KeyCode::Tab), None, Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", true),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    b(k(KeyCode::Esc), None, Command::Back, "关闭", "Close", true),
];

#[rustfmt::skip]
const DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    BACK,
    b(k(KeyCode::F(3)), ctrl('r'), Command::Edit, "修改", "Edit", true).needs(ORDERING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::CancelOrder, "取消订单", "Cancel order", true).needs(CANCELLING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::CancelLine, "取消行", "Cancel line", true).needs(CANCELLING),
    b(k(KeyCode::F(5)), ctrl('s'), Command::Ship, "发货", "Ship", true).needs(PICKING),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Deliver, "签收", "Delivery", true).needs(PICKING),
    b(k(KeyCode::F(9)), ctrl('t'), Command::Flows, "四流", "Flows", true),
    b(k(KeyCode::F(2)), ctrl('b'), Command::ReturnGoods, "退货", "Return", true).needs(ORDERING),
    b(k(KeyCode::F(11)), ctrl('k'), Command::NewTicket, "登记客诉", "New ticket", true).needs(super::after_sales::TICKETS),
    b(k(KeyCode::Up), None, Command::Up, "上一行", "Line up", false),
    b(k(KeyCode::Down), None, Command::Down, "下一行", "Line down", false),
];

#[rustfmt::skip]
const INTAKE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::SaveDraft, "存草稿", "Save", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::SubmitOrder, "提交", "Submit", true),
    b(k(KeyCode::F(2)), ctrl('o'), Command::NewOrder, "新订单", "New order", false),
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "确认", "OK", false),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::F(8)), ctrl('d'), Command::OneLess, "减一", "-1", true),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Edit, "改行", "Edit line", true),
    b(k(KeyCode::F(7)), ctrl('n'), Command::New, "新客户", "New customer", true).needs(CUSTOMERS_EDIT),
    b(k(KeyCode::F(11)), ctrl('b'), Command::CounterSale, "门市收款", "Counter sale", true).needs(ORDERING),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove", false),
    b(Key { mods: KeyModifiers::CONTROL, code: KeyCode::Char('u') }, None, Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const QUEUE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(9)), ctrl('t'), Command::Approve, "批准", "Approve", true).needs(DECIDING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::Reject, "驳回", "Reject", true).needs(DECIDING),
    b(k(KeyCode::F(7)), ctrl('l'), Command::Hold, "暂停/恢复", "(Un)hold", true).needs(DECIDING),
    b(k(KeyCode::Enter), None, Command::Open, "打开", "Open", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const CUSTOMERS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::New, "新客户", "New customer", true).needs(&[Permission::EditCustomers]),
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Search/open", true),
    b(k(KeyCode::F(6)), ctrl('y'), Command::Receivables, "应收账款", "Receivables", true),
    b(k(KeyCode::F(7)), ctrl('k'), Command::Tickets, "客诉", "Tickets", true).needs(super::after_sales::TICKETS),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const PRODUCTS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::New, "新商品", "New product", true).needs(&[Permission::EditProducts]),
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Search/open", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const FORM: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::Save, "保存", "Save", true),
    b(k(KeyCode::Enter), None, Command::NextField, "下一栏", "Next field", true),
    b(k(KeyCode::Tab), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
];

#[rustfmt::skip]
const LEDGER: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    // Export and closing first: at 80 columns the bar shows what is not obvious.
    b(k(KeyCode::F(9)), None, Command::ExportJournal, "导出凭证", "Export journal", true),
    b(k(KeyCode::F(8)), None, Command::ClosePeriod, "结账", "Close period", true).needs(CLOSING),
    b(k(KeyCode::Enter), None, Command::Open, "明细账", "Account ledger", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一期", "Prev month", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一期", "Next month", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const INVOICES: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一筛选", "Next filter", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一筛选", "Prev filter", false),
    b(k(KeyCode::F(2)), ctrl('o'), Command::InvoiceAll, "批量开票", "Invoice all ready", true).needs(INVOICING),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const INVOICE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(6)), ctrl('p'), Command::Print, "打印", "Print", true),
    b(k(KeyCode::F(7)), ctrl('t'), Command::RecordVat, "登记税票", "Record VAT invoice", true).needs(INVOICING),
    b(k(KeyCode::F(8)), ctrl('r'), Command::CreditNote, "红字发票", "Credit note", true).needs(INVOICING),
    b(k(KeyCode::F(9)), ctrl('b'), Command::Reprint, "重打小票", "Reprint receipt", false),
    BACK,
];

#[rustfmt::skip]
const STOCK: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "查找/打开", "Open", true),
    b(k(KeyCode::F(2)), ctrl('o'), Command::Receipt, "入库", "Receipt", true).needs(RECEIVING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Transfer, "移库", "Transfer", true).needs(ADJUSTING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::Adjust, "调整", "Adjust", true).needs(ADJUSTING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::Count, "盘点", "Count", true).needs(ADJUSTING),
    // Esc leaves the search first, then the screen; at 80 columns it stays in the help.
    b(k(KeyCode::Esc), None, Command::Back, "返回/显示全部", "Back/show all", false),
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const STOCK_DETAIL: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    BACK,
    b(k(KeyCode::F(2)), ctrl('o'), Command::Receipt, "入库", "Receipt", true).needs(RECEIVING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Transfer, "移库", "Transfer", true).needs(ADJUSTING),
    b(k(KeyCode::F(7)), ctrl('x'), Command::Adjust, "调整", "Adjust", true).needs(ADJUSTING),
    b(k(KeyCode::PageDown), None, Command::PageDown, "更早的记录", "Older moves", false),
    b(k(KeyCode::PageUp), None, Command::PageUp, "较新的记录", "Newer moves", false),
    b(k(KeyCode::Up), None, Command::Up, "上一库位批次", "Prev bin/lot", false),
    b(k(KeyCode::Down), None, Command::Down, "下一库位批次", "Next bin/lot", false),
    EXPORT,
];

#[rustfmt::skip]
const COUNT: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "确认", "OK", false),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Preview, "差异", "Differences", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::Post, "过账", "Post", true).needs(ADJUSTING),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "库位/商品/数量", "Bin/item/qty", true),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove line", false),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const HELP_KEYS: &[Binding] = &[
    QUIT,
    b(k(KeyCode::Esc), None, Command::Back, "关闭帮助", "Close help", true),
];

#[rustfmt::skip]
const PROMPT: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Confirm, "确认", "OK", true),
    b(k(KeyCode::Esc), None, Command::Back, "放弃", "Give up", true),
];

#[rustfmt::skip]
const PICKER: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Enter), None, Command::Confirm, "选定", "Pick", true),
    b(k(KeyCode::Esc), None, Command::Back, "取消", "Cancel", true),
    UP,
    DOWN,
];

#[rustfmt::skip]
const CONFIRM: &[Binding] = &[
    HELP,
    QUIT,
    b(k(KeyCode::Esc), None, Command::Back, "放弃修改", "Discard", true),
];

// The line editor takes the intake screen's keys: F5 and F9 apply the line (they do not
// save or submit the order while it is open), Enter moves on and applies on the last
// field, Esc closes it.
#[rustfmt::skip]
const INTAKE_LINE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::SaveDraft, "确认", "OK", true),
    b(k(KeyCode::F(9)), ctrl('t'), Command::SubmitOrder, "确认", "OK", false),
    b(k(KeyCode::Enter), None, Command::Confirm, "下一栏", "Next field", true),
    b(k(KeyCode::Tab), None, Command::Confirm, "下一栏", "Next field", false),
    b(k(KeyCode::F(3)), ctrl('k'), Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::F(8)), ctrl('d'), Command::OneLess, "减一", "-1", false),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Edit, "改行", "Edit line", false),
    b(k(KeyCode::Right), None, Command::ChoiceNext, "下一选项", "Next choice", false),
    b(k(KeyCode::Left), None, Command::ChoicePrev, "上一选项", "Prev choice", false),
    b(k(KeyCode::Delete), None, Command::RemoveLine, "删除行", "Remove", false),
    b(Key { mods: KeyModifiers::CONTROL, code: KeyCode::Char('u') }, None, Command::ClearField, "清空栏位", "Clear field", false),
    b(k(KeyCode::Esc), None, Command::Back, "关闭", "Close", true),
    b(k(KeyCode::Up), None, Command::Up, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::Down, "下一栏", "Next field", false),
];

#[rustfmt::skip]
const WAREHOUSE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    b(k(KeyCode::F(2)), ctrl('o'), Command::Waves, "波次", "Waves", true).needs(PICKING),
    b(k(KeyCode::F(3)), ctrl('r'), Command::Picking, "拣货", "Pick", true).needs(PICKING),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

// Space marks too; it is typed text, so it cannot be in the table.
#[rustfmt::skip]
const WAVE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::CreatePickList, "生成拣货单", "Make list", true).needs(PICKING),
    b(k(KeyCode::Insert), ctrl('a'), Command::Mark, "标记(空格)", "Mark (Space)", true),
    b(k(KeyCode::F(7)), ctrl('l'), Command::ChoosePicker, "拣货员", "Picker", true).needs(PICKING),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Sort, "排序", "Sort", true),
    b(k(KeyCode::F(9)), ctrl('r'), Command::Filter, "承运商", "Carrier", true),
    b(k(KeyCode::F(8)), ctrl('p'), Command::Print, "打印", "Print", true).needs(PICKING),
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", false),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
];

#[rustfmt::skip]
const PICKING_KEYS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Confirm, "扫码确认", "Scan", false),
    b(k(KeyCode::F(3)), ctrl('k'), Command::TypeQty, "输入数量", "Type qty", true).needs(PICKING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::ShortPick, "短拣", "Short pick", true).needs(PICKING),
    b(k(KeyCode::F(6)), ctrl('f'), Command::Count, "盘点库位", "Count bin", true).needs(ADJUSTING),
    b(k(KeyCode::F(7)), ctrl('l'), Command::LeaveList, "离开拣货单", "Leave list", true).needs(PICKING),
    BACK,
    b(k(KeyCode::Up), None, Command::Up, "上一张拣货单", "Prev list", false),
    b(k(KeyCode::Down), None, Command::Down, "下一张拣货单", "Next list", false),
];

// Enter takes a scan or moves to the next field; Tab is left to the fields, because a
// scanner may end a scan with it. The carrier comes from the admin's list.
#[rustfmt::skip]
const SHIPPING: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::Ship, "发货", "Ship", true).needs(PICKING),
    b(k(KeyCode::Enter), None, Command::Confirm, "确认/扫码", "OK/scan", true),
    b(k(KeyCode::F(7)), ctrl('l'), Command::ChooseCarrier, "承运商", "Carrier", true).needs(PICKING),
    b(k(KeyCode::F(9)), ctrl('p'), Command::Print, "打印出库单", "Print note", true).needs(PICKING),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
];

#[rustfmt::skip]
const DELIVERY: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::Deliver, "签收", "Signed", true).needs(PICKING),
    b(k(KeyCode::Enter), None, Command::Confirm, "确认/扫码", "OK/scan", true),
    b(k(KeyCode::F(7)), ctrl('l'), Command::Exception, "异常", "Exception", true).needs(PICKING),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Down), None, Command::NextField, "下一栏", "Next field", false),
    b(k(KeyCode::Up), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
];

// Each scan counts one item (a GS1 label its count) into the carton on the bench; F3
// types the count of the last item scanned. Tab is left to the scanner.
#[rustfmt::skip]
const PACKING: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(5)), ctrl('s'), Command::Pack, "装箱完成", "Packed", true).needs(PICKING),
    b(k(KeyCode::F(2)), ctrl('o'), Command::NewCarton, "新箱", "New carton", true).needs(PICKING),
    b(k(KeyCode::F(3)), ctrl('k'), Command::TypeQty, "输入数量", "Type qty", true).needs(PICKING),
    b(k(KeyCode::F(8)), ctrl('p'), Command::Print, "装箱单", "Slips", true).needs(PICKING),
    b(k(KeyCode::Enter), None, Command::Confirm, "扫码确认", "Scan", false),
    b(k(KeyCode::Down), None, Command::NextField, "重量", "Weight", false),
    b(k(KeyCode::Up), None, Command::PrevField, "扫码", "Scan", false),
    b(k(KeyCode::BackTab), None, Command::PrevField, "上一栏", "Prev field", false),
    b(k(KeyCode::Delete), ctrl('u'), Command::ClearField, "清空栏位", "Clear field", false),
    BACK,
];

#[rustfmt::skip]
const CARRIERS: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::New, "新承运商", "New carrier", true).needs(&[Permission::EditSettings]),
    b(k(KeyCode::F(7)), ctrl('l'), Command::TogglePacking, "复核装箱开/关", "Packing on/off", true).needs(&[Permission::EditSettings]),
    b(k(KeyCode::Enter), None, Command::Open, "打开", "Open", true),
    BACK,
    UP,
    DOWN,
];

#[rustfmt::skip]
const RECEIVABLES: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(2)), ctrl('o'), Command::FollowUp, "催款记录", "Follow-up", true).needs(FOLLOWING_UP),
    b(k(KeyCode::F(6)), ctrl('p'), Command::Statement, "对账单", "Statement", true),
    b(k(KeyCode::F(7)), ctrl('l'), Command::ReleaseHold, "解除冻结", "Release hold", true).needs(RELEASING),
    b(k(KeyCode::F(8)), ctrl('d'), Command::WriteOff, "核销", "Write off", true).needs(WRITING_OFF),
    b(k(KeyCode::Enter), None, Command::Open, "全文", "In full", true),
    BACK,
    b(k(KeyCode::Up), None, Command::Up, "上一张发票", "Prev invoice", false),
    b(k(KeyCode::Down), None, Command::Down, "下一张发票", "Next invoice", false),
];

#[rustfmt::skip]
const OVERDUE: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::Enter), None, Command::Open, "打开/扫码", "Open/scan", true),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

#[rustfmt::skip]
const FIGURES: &[Binding] = &[
    HELP,
    QUIT,
    MENU,
    b(k(KeyCode::F(6)), ctrl('f'), Command::Filter, "期间", "Period", true),
    b(k(KeyCode::F(7)), ctrl('t'), Command::Sort, "对比", "Compare", true),
    b(k(KeyCode::F(8)), ctrl('b'), Command::ChoiceNext, "排行依据", "Rank by", true),
    b(k(KeyCode::F(5)), ctrl('r'), Command::Preview, "刷新", "Refresh", true),
    b(k(KeyCode::Right), ctrl('n'), Command::NextStage, "下一部分", "Next section", true),
    b(k(KeyCode::Left), ctrl('p'), Command::PrevStage, "上一部分", "Prev section", false),
    b(k(KeyCode::Enter), None, Command::Open, "打开所选", "Open selected", false),
    BACK,
    PGDN,
    PGUP,
    UP,
    DOWN,
    EXPORT,
];

/// The bindings of a context as written here, before any override.
pub fn defaults(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Login => LOGIN,
        Context::Menu => MENU_KEYS,
        Context::Orders => ORDERS,
        Context::OrderFilter => ORDER_FILTER,
        Context::OrderDetail => DETAIL,
        Context::Intake => INTAKE,
        Context::Queue => QUEUE,
        Context::Customers => CUSTOMERS,
        Context::Products => PRODUCTS,
        Context::Form => FORM,
        Context::Stock => STOCK,
        Context::StockDetail => STOCK_DETAIL,
        Context::Count => COUNT,
        Context::Help => HELP_KEYS,
        Context::Prompt => PROMPT,
        Context::Confirm => CONFIRM,
        Context::IntakeLine => INTAKE_LINE,
        Context::Picker => PICKER,
        Context::Warehouse => WAREHOUSE,
        Context::Wave => WAVE,
        Context::Picking => PICKING_KEYS,
        Context::Shipping => SHIPPING,
        Context::Delivery => DELIVERY,
        Context::Carriers => CARRIERS,
        Context::Packing => PACKING,
        Context::Receivables => RECEIVABLES,
        Context::Overdue => OVERDUE,
        Context::Ledger => LEDGER,
        Context::Invoices => INVOICES,
        Context::Invoice => INVOICE,
        Context::Tickets
        | Context::Ticket
        | Context::Shortages
        | Context::Purchases
        | Context::Returns
        | Context::ReturnDetail
        | Context::ReturnReceiving => super::after_sales::defaults(ctx),
        Context::Figures => FIGURES,
    }
}
