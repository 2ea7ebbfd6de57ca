//! What the keymap is made of: the commands a user can ask for, the contexts keys
//! apply in, a key with its modifiers, and a binding of a key to a command.

use crossterm::event::{KeyCode, KeyModifiers};

use crate::domain::access::Permission;

/// Something the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Help,
    Quit,
    Back,
    Menu,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NextStage,
    PrevStage,
    NextField,
    PrevField,
    Login,
    OsLogin,
    NewOrder,
    New,
    Edit,
    Confirm,
    Save,
    SaveDraft,
    SubmitOrder,
    OneLess,
    RemoveLine,
    Filter,
    CancelOrder,
    CancelLine,
    Approve,
    Reject,
    Hold,
    ChoiceNext,
    ChoicePrev,
    ClearField,
    Receipt,
    Transfer,
    Adjust,
    Count,
    Preview,
    Post,
    Mark,
    Sort,
    ChoosePicker,
    CreatePickList,
    Print,
    TypeQty,
    ShortPick,
    LeaveList,
    Waves,
    Picking,
    Ship,
    Deliver,
    Exception,
    ChooseCarrier,
    NewCarton,
    Pack,
    TogglePacking,
    /// A customer's receivables (应收账款).
    Receivables,
    /// A follow-up of an overdue customer (催款记录).
    FollowUp,
    /// Release a credit hold (解除冻结).
    ReleaseHold,
    /// Write off bad debt (坏账核销).
    WriteOff,
    /// A statement of account (对账单).
    Statement,
    /// The order's four flows side by side.
    Flows,
    ClosePeriod,
    /// The month's journal as CSV into the output folder (the ledger screen).
    ExportJournal,
    /// The list or report shown, to a CSV or XLSX file (导出).
    Export,
    InvoiceAll,
    RecordVat,
    CreditNote,
    CounterSale,
    Reprint,
    /// A return of the selected order line (退货).
    ReturnGoods,
    /// Receive a return's goods (退货收货).
    ReceiveReturn,
    /// The replacement order of a return (换货).
    Exchange,
    /// Write off a return's goods lost in transit (丢失核销).
    WriteOffLost,
    CancelReturn,
    CloseReturn,
    /// The next condition returned goods are received in (可售 → 待检 → 报废).
    NextCondition,
    /// A complaint or feedback ticket (客诉单) for what is shown.
    NewTicket,
    /// The tickets of what is shown (a customer's).
    Tickets,
    /// An entry in a ticket's log (处理记录).
    TicketNote,
    /// A call or visit to the customer, in a ticket's log (联系客户).
    TicketContact,
    /// Give a ticket to another owner (转交).
    Assign,
    /// Record a ticket's resolution (解决).
    Resolve,
    /// Reopen a resolved ticket (重新打开).
    Reopen,
    /// Close a ticket with the customer's satisfaction (关闭).
    CloseTicket,
    /// A purchase or production request (请购单) for the short product.
    PurchaseRequest,
    /// The list of purchase requests (请购单列表).
    Purchases,
    /// Give available stock to the orders waiting for it (补留).
    FillBackorders,
    /// Mark a purchase request ordered (已下单).
    MarkOrdered,
    /// Cancel a purchase request (取消请购).
    CancelRequest,
}

/// The name of each command in the config file's `[keys]` table.
pub const COMMAND_NAMES: &[(Command, &str)] = &[
    (Command::Help, "help"),
    (Command::Quit, "quit"),
    (Command::Back, "back"),
    (Command::Menu, "menu"),
    (Command::Up, "up"),
    (Command::Down, "down"),
    (Command::PageUp, "page_up"),
    (Command::PageDown, "page_down"),
    (Command::Open, "open"),
    (Command::NextStage, "next_stage"),
    (Command::PrevStage, "prev_stage"),
    (Command::NextField, "next_field"),
    (Command::PrevField, "prev_field"),
    (Command::Login, "login"),
    (Command::OsLogin, "os_login"),
    (Command::NewOrder, "new_order"),
    (Command::New, "new"),
    (Command::Edit, "edit"),
    (Command::Confirm, "confirm"),
    (Command::Save, "save"),
    (Command::SaveDraft, "save_draft"),
    (Command::SubmitOrder, "submit"),
    (Command::OneLess, "one_less"),
    (Command::RemoveLine, "remove_line"),
    (Command::Filter, "filter"),
    (Command::CancelOrder, "cancel_order"),
    (Command::CancelLine, "cancel_line"),
    (Command::Approve, "approve"),
    (Command::Reject, "reject"),
    (Command::Hold, "hold"),
    (Command::ChoiceNext, "choice_next"),
    (Command::ChoicePrev, "choice_prev"),
    (Command::ClearField, "clear_field"),
    (Command::Receipt, "receipt"),
    (Command::Transfer, "transfer"),
    (Command::Adjust, "adjust"),
    (Command::Count, "count"),
    (Command::Preview, "preview"),
    (Command::Post, "post"),
    (Command::Mark, "mark"),
    (Command::Sort, "sort"),
    (Command::ChoosePicker, "choose_picker"),
    (Command::CreatePickList, "create_pick_list"),
    (Command::Print, "print"),
    (Command::TypeQty, "type_qty"),
    (Command::ShortPick, "short_pick"),
    (Command::LeaveList, "leave_list"),
    (Command::Waves, "waves"),
    (Command::Picking, "picking"),
    (Command::Ship, "ship"),
    (Command::Deliver, "deliver"),
    (Command::Exception, "exception"),
    (Command::ChooseCarrier, "choose_carrier"),
    (Command::NewCarton, "new_carton"),
    (Command::Pack, "pack"),
    (Command::TogglePacking, "toggle_packing"),
    (Command::Receivables, "receivables"),
    (Command::FollowUp, "follow_up"),
    (Command::ReleaseHold, "release_hold"),
    (Command::WriteOff, "write_off"),
    (Command::Statement, "statement"),
    (Command::Flows, "flows"),
    (Command::ClosePeriod, "close_period"),
    (Command::ExportJournal, "export_journal"),
    (Command::Export, "export"),
    (Command::InvoiceAll, "invoice_all"),
    (Command::RecordVat, "record_vat"),
    (Command::CreditNote, "credit_note"),
    (Command::CounterSale, "counter_sale"),
    (Command::Reprint, "reprint_receipt"),
    (Command::ReturnGoods, "return_goods"),
    (Command::ReceiveReturn, "receive_return"),
    (Command::Exchange, "exchange"),
    (Command::WriteOffLost, "write_off_lost"),
    (Command::CancelReturn, "cancel_return"),
    (Command::CloseReturn, "close_return"),
    (Command::NextCondition, "next_condition"),
    (Command::NewTicket, "new_ticket"),
    (Command::Tickets, "tickets"),
    (Command::TicketNote, "ticket_note"),
    (Command::TicketContact, "ticket_contact"),
    (Command::Assign, "assign"),
    (Command::Resolve, "resolve"),
    (Command::Reopen, "reopen"),
    (Command::CloseTicket, "close_ticket"),
    (Command::PurchaseRequest, "purchase_request"),
    (Command::Purchases, "purchases"),
    (Command::FillBackorders, "fill_backorders"),
    (Command::MarkOrdered, "mark_ordered"),
    (Command::CancelRequest, "cancel_request"),
];

impl Command {
    pub fn name(self) -> &'static str {
        COMMAND_NAMES
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, n)| *n)
            .unwrap_or("?")
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMAND_NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(c, _)| *c)
    }
}

/// Where the keys apply: one context per screen, plus the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Login,
    Menu,
    Orders,
    OrderFilter,
    OrderDetail,
    Intake,
    Queue,
    Customers,
    Products,
    /// Every form of fields: customer, product, settings, receipt, transfer, adjustment.
    Form,
    Stock,
    StockDetail,
    Count,
    Help,
    /// The reason prompt over a screen.
    Prompt,
    /// The question before unsaved work is discarded.
    Confirm,
    /// The intake screen's line editor (quantity, price, discount of one line).
    IntakeLine,
    /// A pick list over a screen.
    Picker,
    /// The warehouse home (仓库工作台).
    Warehouse,
    /// Wave planning (波次).
    Wave,
    /// The picking screen (拣货).
    Picking,
    /// The shipping screen (发货).
    Shipping,
    /// The delivery screen (签收).
    Delivery,
    /// The carriers list (承运商).
    Carriers,
    /// The packing bench (复核打包).
    Packing,
    /// A customer's receivables (应收账款).
    Receivables,
    /// The overdue list (逾期应收).
    Overdue,
    /// The trial balance and an account's ledger (总账).
    Ledger,
    /// The invoice list (发票).
    Invoices,
    /// One invoice.
    Invoice,
    /// The return list (退货单).
    Returns,
    /// One return.
    ReturnDetail,
    /// Receiving returned goods by scan (退货收货).
    ReturnReceiving,
    /// The ticket list (客诉单).
    Tickets,
    /// One ticket with its log.
    Ticket,
    /// The shortage list (缺货跟进).
    Shortages,
    /// The purchase requests (请购单).
    Purchases,
    /// The analysis screen (数据分析).
    Figures,
}

/// Every context, for the tests and the config check.
pub const CONTEXTS: &[Context] = &[
    Context::Login,
    Context::Menu,
    Context::Orders,
    Context::OrderFilter,
    Context::OrderDetail,
    Context::Intake,
    Context::Queue,
    Context::Customers,
    Context::Products,
    Context::Form,
    Context::Stock,
    Context::StockDetail,
    Context::Count,
    Context::Help,
    Context::Prompt,
    Context::Confirm,
    Context::IntakeLine,
    Context::Picker,
    Context::Warehouse,
    Context::Wave,
    Context::Picking,
    Context::Shipping,
    Context::Delivery,
    Context::Carriers,
    Context::Packing,
    Context::Receivables,
    Context::Overdue,
    Context::Ledger,
    Context::Invoices,
    Context::Invoice,
    Context::Returns,
    Context::ReturnDetail,
    Context::ReturnReceiving,
    Context::Tickets,
    Context::Ticket,
    Context::Shortages,
    Context::Purchases,
    Context::Figures,
];

/// One key of the map: the key, an alternative for terminals without F-keys, the
/// command, and its label in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub alt: Option<Key>,
    pub command: Command,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the key bar (all bindings are in the help).
    pub in_bar: bool,
    /// The permissions of which the command's work needs one; empty: everyone. The
    /// key bar and the help show the binding only to users who hold one (`ops` refuses
    /// the work on its own in any case).
    pub needs: &'static [Permission],
}

pub(super) const fn b(
    key: Key,
    alt: Option<Key>,
    command: Command,
    zh: &'static str,
    en: &'static str,
    in_bar: bool,
) -> Binding {
    Binding {
        key,
        alt,
        command,
        zh,
        en,
        in_bar,
        needs: &[],
    }
}

impl Binding {
    /// The binding, for users who hold one of these permissions.
    pub(super) const fn needs(self, needs: &'static [Permission]) -> Binding {
        Binding { needs, ..self }
    }

    /// Whether a user with these permissions sees the binding in the bar and help.
    pub fn shown_to(&self, held: &[Permission]) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|p| held.contains(p))
    }
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub mods: KeyModifiers,
    pub code: KeyCode,
}

pub(super) const fn k(code: KeyCode) -> Key {
    Key {
        mods: KeyModifiers::NONE,
        code,
    }
}

pub(super) const fn ctrl(c: char) -> Option<Key> {
    Some(Key {
        mods: KeyModifiers::CONTROL,
        code: KeyCode::Char(c),
    })
}
