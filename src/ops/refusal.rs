//! Refusals (拒绝): every reason an operation says no to what a user asked, one variant
//! each, carrying what its message needs. Code and tests decide by the variant; the
//! words, in both languages, are only in the [`Localized`] impl below.
//!
//! [`FieldProblem`] says what was wrong with one field: a value that does not parse, or
//! a refusal. A refusal about one field travels as `Error::Field { field, problem:
//! FieldProblem::Refused(..) }`, so that a form can focus that field; any other as
//! `Error::Refused(..)`.

use chrono::NaiveDate;

use crate::domain::approval::Reason;
use crate::domain::barcode::BarcodeError;
use crate::domain::money::{AmountError, Money, NumberError, Qty};
use crate::domain::order::{OrderStage, StageError};
use crate::domain::terms::TermsError;
use crate::domain::text::{shown, TextError};
use crate::i18n::{Lang, Localized};

/// What was wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Text(TextError),
    Number(NumberError),
    Barcode(BarcodeError),
    Terms(TermsError),
    Amount(AmountError),
    /// A rule of this field refused the value.
    Refused(Refusal),
}

impl Localized for FieldProblem {
    fn localized(&self, lang: Lang) -> String {
        match self {
            FieldProblem::Text(e) => e.localized(lang),
            FieldProblem::Number(e) => e.localized(lang),
            FieldProblem::Barcode(e) => e.localized(lang),
            FieldProblem::Terms(e) => e.localized(lang),
            FieldProblem::Amount(e) => e.localized(lang),
            FieldProblem::Refused(r) => r.localized(lang),
        }
    }
}

/// Why an operation was refused. When one is returned, nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    // --- the order's lifecycle
    /// The order's stage does not allow the change.
    Stage(StageError),
    /// Nobody approves or rejects an order they authored or submitted.
    OwnOrder,
    /// Only a submitted order can be approved.
    NotApprovable { stage: OrderStage },
    /// Only a draft or a rejected order can be edited.
    NotEditable { stage: OrderStage },
    /// Only an order on hold can be released.
    NotOnHold,
    /// The customer still needs finance to qualify or unblock them.
    CustomerNotCleared,
    /// The order's amount is above what the approver may approve for this reason.
    AboveLimit { reason: Reason },
    /// A decision (reject, hold) needs a reason.
    ReasonRequired,
    /// An order cancellation needs a reason.
    CancelReasonRequired,
    /// A line cancellation needs a reason.
    LineCancelReasonRequired,

    // --- order intake
    /// No customer was chosen.
    NoCustomerChosen,
    /// A blocked customer cannot order.
    CustomerBlocked {
        name: String,
        code: String,
        reason: String,
    },
    /// The customer was blocked after the draft was saved.
    CustomerBlockedOnSubmit { name: String, reason: String },
    /// The requested date is in the past.
    DateInPast { date: NaiveDate },
    /// More lines than an order may have.
    TooManyLines { max: usize },
    /// A line names no known product.
    NoProductOnLine { line: usize, product: String },
    /// A line names an inactive product.
    InactiveProductOnLine { line: usize, sku: String },
    /// A field of one line is wrong.
    LineField {
        line: usize,
        field: crate::domain::field::FieldId,
        problem: Box<FieldProblem>,
    },
    /// An order without lines cannot be submitted.
    NoLines,
    /// An order that shipped goods is not cancelled whole.
    PickedOrShipped,
    /// A draft or rejected order is edited, not cancelled line by line.
    EditInsteadOfCancelLine,
    /// A cancelled or closed order's lines cannot be cancelled.
    LinesFinal { stage: OrderStage },
    /// The order has no such line.
    NoSuchLine { line_no: i64 },
    /// The line is cancelled already.
    LineAlreadyCancelled { line: i64 },
    /// The line is invoiced ahead of shipping.
    LineInvoicedAhead { line: i64 },
    /// Everything of the line is shipped.
    LineAllPickedOrShipped { line: i64 },
    /// In the intake line editor: a quantity of zero or less (Del removes a line).
    LineQtyNotPositive,

    // --- stock
    /// An inactive product.
    InactiveProduct { sku: String },
    /// No bin was typed or scanned.
    BinRequired,
    /// An inactive bin.
    InactiveBin { code: String },
    /// A lot-tracked product needs its lot.
    LotRequired { sku: String },
    /// A product without lots takes no lot.
    LotNotTracked { sku: String },
    /// The first receipt of a product needs its unit cost.
    NoCostYet { sku: String },
    /// The scanned label says a quantity of zero.
    LabelQtyZero,
    /// The label's quantity is larger than any quantity.
    QtyTooLarge,
    /// No quantity was typed.
    QtyRequired,
    /// An expiry-tracked product needs its expiry date.
    ExpiryRequired { sku: String },
    /// A product without expiry takes no expiry date.
    ExpiryNotTracked { sku: String },
    /// The expiry date is before the receipt date.
    ExpiryBeforeReceipt { expiry: NaiveDate, today: NaiveDate },
    /// The lot is stored with another expiry date.
    LotExpiryDiffers {
        lot: String,
        stored: String,
        given: String,
    },
    /// The stock would exceed the largest quantity.
    StockOverflow,
    /// An adjustment needs a reason.
    AdjustReasonRequired,
    /// An adjustment would take more than the bin holds.
    BinHoldsLessToTake { bin: String, held: Qty, take: Qty },
    /// A transfer would move more than the bin holds.
    BinHoldsLessToMove { bin: String, held: Qty, moving: Qty },
    /// An adjustment would leave less than is reserved for orders.
    BelowReservedAfterAdjust { sku: String, reserved: Qty },
    /// A count would leave less than is reserved for orders.
    BelowReservedAfterCount { sku: String, reserved: Qty },
    /// A transfer from a bin to itself.
    SameBins,
    /// A count of one product met a line of another.
    CountOfOtherProduct { line: usize, sku: String },
    /// A bin, product and lot counted twice in one count.
    CountedTwice {
        line: usize,
        bin: String,
        sku: String,
        lot: String,
    },

    // --- master data, users, settings
    /// A required field is empty.
    Empty,
    /// Not an e-mail address.
    NotAnEmail,
    /// A blocked customer needs a reason.
    BlockReasonRequired,
    /// The floor price is above the list price.
    FloorAboveList { floor: String, list: String },
    /// Expiry is tracked only with lots.
    ExpiryNeedsLots,
    /// Lot tracking changes only without stock.
    LotTrackingWithStock,
    /// A password shorter than the minimum.
    PasswordTooShort { min: usize },
    /// A password too long or with control characters.
    PasswordInvalid,
    /// The password could not be hashed.
    PasswordHash { detail: String },
    /// A user name of the wrong length.
    UsernameLength,
    /// A user name with a character it may not have.
    UsernameCharacter { ch: char },
    /// A user needs a role.
    NoRoles,
    /// A negative approval limit.
    NegativeLimit,
    /// The last active administrator stays.
    LastAdministrator,
    /// Not a whole number in the allowed range.
    NotWholeNumberIn { text: String, min: i64, max: i64 },
    /// No price mode chosen.
    PriceModeRequired,
    /// Not a date.
    NotADate { text: String },
    /// The end of a date range before its start.
    DateRangeReversed,

    // --- finding things
    /// Nothing matches the typed text.
    NothingMatches { text: String },
    /// Several customers match the typed text.
    SeveralCustomersMatch { count: usize },
    /// No customer matches the typed text.
    NoCustomerMatches { text: String },
    /// The stress writer needs products and bins.
    StressNeedsData,

    // --- whole units
    /// A fraction of a product sold in whole units (个, 台, 把 …).
    WholeUnitsOnly { sku: String, unit: String, qty: Qty },
    // --- picking, shipping and delivery (物流)
    /// Receipts, adjustments, transfers and counts by hand do not touch a staging bin.
    StagingBinByHand { code: String },
    /// Only an approved order is picked.
    OrderNotPickable { number: String, stage: OrderStage },
    /// None of the orders has reserved stock that is not picked or on a pick list yet.
    NothingToPick,
    /// The pick list is done or cancelled.
    PickListClosed {
        number: String,
        status: crate::domain::goods::PickListStatus,
    },
    /// The scanned pick list is not one of the order being picked.
    PickListOfAnotherOrder { number: String, order: String },
    /// A picker has one pick list open at a time.
    PickerHasOpenList { number: String },
    /// Open a pick list first.
    NoPickListOpen,
    /// Another picker holds the task.
    TaskHeldBy { name: String },
    /// The task is finished (done, short or cancelled).
    TaskFinished,
    /// The scanned bin is not the task's.
    WrongBin { expected: String, scanned: String },
    /// Scan the task's bin before its items.
    BinNotConfirmed { bin: String },
    /// The scanned item is another product.
    WrongProduct { expected: String, scanned: String },
    /// The label's lot is not the task's.
    WrongLot { expected: String, scanned: String },
    /// The lot has expired.
    ExpiredLot { lot: String, expiry: NaiveDate },
    /// More than the task asks.
    OverPick {
        asked: Qty,
        picked: Qty,
        adding: Qty,
    },
    /// A short pick found at least what the task asks, or less than is picked already.
    ShortFoundOutside { asked: Qty, picked: Qty, found: Qty },
    /// A short pick needs a reason.
    ShortReasonRequired,
    /// The picker named cannot pick (no warehouse permission).
    NotAPicker { name: String },
    /// Only an approved order ships (not a cancelled, held or unapproved one).
    OrderNotShippable { number: String, stage: OrderStage },
    /// Nothing picked is left to ship.
    NothingToShip,
    /// A line ships at most what is picked (and packed).
    ShipMoreThanPicked { line: i64, picked: Qty, asked: Qty },
    /// A carrier must be chosen.
    CarrierRequired,
    /// The tracking number is on another shipment of the carrier.
    TrackingUsed { tracking: String, shipment: String },
    /// The shipment is delivered or settled already.
    ShipmentSettled {
        number: String,
        status: crate::domain::goods::ShipmentStatus,
    },
    /// A delivery needs the signer's name.
    SignerRequired,
    /// The delivery date is before the shipment left or after today.
    DeliveryDateOutside { date: NaiveDate, shipped: String },
    /// An exception needs a note saying what happened.
    ExceptionNoteRequired,
    /// A partly received line got more than was shipped.
    ReceivedMoreThanShipped { line: i64, shipped: Qty },
    /// Packing is required and the line is not packed in full.
    NotPacked { line: i64, picked: Qty, packed: Qty },
    /// The packed count does not match the pick.
    PackCountMismatch { line: i64, picked: Qty, packed: Qty },
    // --- invoices, payments, receivables and the ledger (账流 + 钱流)
    /// Nothing may be posted into a closed period.
    PeriodClosed { period: String },
    /// A posting that does not balance (a defect, never user input).
    LedgerUnbalanced { debit: Money, credit: Money },
    /// The order (or shipment) has nothing left to invoice.
    NothingToInvoice { number: String },
    /// A shipment that is on an invoice already.
    AlreadyInvoiced { number: String, invoice: String },
    /// An amount must be more than zero.
    AmountNotPositive,
    /// A payment dated after today.
    PaymentInFuture { date: NaiveDate },
    /// The same payment reference for one customer twice.
    ReferenceUsed { reference: String, receipt: String },
    /// More allocated to an invoice than is open on it.
    AboveOpenBalance { invoice: String, open: Money },
    /// More allocated from a payment than is left unapplied on it.
    AboveUnapplied { receipt: String, unapplied: Money },
    /// More allocated by hand to invoices than the new payment brings.
    AllocatedAbovePayment { allocated: Money, amount: Money },
    /// A payment allocated by hand with no amount on any invoice.
    NothingAllocatedByHand,
    /// A payment and an invoice of different customers.
    OtherCustomer { receipt: String, invoice: String },
    /// Writing off more than is open on the invoice.
    WriteOffAboveOpen { invoice: String, open: Money },
    /// A statement period that ends before it starts.
    PeriodReversed { from: NaiveDate, to: NaiveDate },
    /// Payment before shipping (款到发货): the order is not paid in full.
    NotPaidBeforeShipping { number: String, missing: Money },
    /// A credit note can only correct an invoice.
    NotAnInvoice { number: String },
    /// The customer is not on credit hold.
    NotOnCreditHold { customer: String },
    /// The new price of a correction must be below the invoiced one.
    CorrectionNotLower { line: i64 },
    /// A counter sale without a customer needs the company's walk-in customer.
    WalkInMissing,
    /// No customer has the code typed for the walk-in customer.
    NoSuchWalkInCustomer { code: String },
    /// A period is a month written YYYY-MM.
    BadPeriod { text: String },
    /// A counter sale whose order a rule sends to the approval queue.
    CounterNeedsApproval { reason: Reason },
    /// Not enough of a line in the counter's bin.
    CounterShort { line: i64, available: Qty },
    /// Cash handed over below the total.
    TenderedBelowTotal { total: Money, given: Money },
    /// Money is received into 1001, 1002 or 1012 only.
    NotAPaymentAccount { code: String },

    // --- returns and exchanges (售后: 退货 / 换货)
    /// Into a return or quarantine bin, less would be left for sale than is reserved.
    HoldBelowReserved { sku: String, reserved: Qty },
    /// A shipment still on its way: its delivery or exception comes first.
    ShipmentNotSettled { number: String },
    /// Refused or lost: only goods the customer never signed for.
    ReasonNeedsUndelivered {
        reason: crate::domain::returns::ReturnReason,
    },
    /// No line and quantity chosen to return.
    NothingToReturn,
    /// More than was delivered (or shipped and never signed for) less returned before.
    ReturnMoreThanDelivered {
        line: i64,
        delivered: Qty,
        returned: Qty,
        asked: Qty,
        undelivered: bool,
    },
    /// The goods were sold to another customer.
    OtherCustomersGoods { shipment: String, customer: String },
    /// The return takes no more goods: received in full, credited, closed or cancelled.
    ReturnClosed {
        number: String,
        status: crate::domain::returns::ReturnStatus,
    },
    /// The scanned item is not on the return.
    WrongReturnItem { number: String, scanned: String },
    /// The label's lot is not one the customer got.
    ReturnLotDiffers {
        sku: String,
        expected: String,
        scanned: String,
    },
    /// More received than is still to come on the return.
    ReceiveMoreThanReturned { sku: String, left: Qty, adding: Qty },
    /// Goods back for sale go into a storage bin.
    NotASellableBin { code: String },
    /// The bin is in another warehouse than the return's.
    BinOfOtherWarehouse { code: String },
    /// Crediting waits until every quantity is received (or written off as lost).
    ReturnNotReceived {
        number: String,
        status: crate::domain::returns::ReturnStatus,
    },
    /// A credit note above what the invoice still holds (invoiced less credited).
    CreditAboveInvoice {
        invoice: String,
        left: Money,
        asked: Money,
    },
    /// A typed credit above the value of the goods returned.
    CreditAboveReturnValue { value: Money, asked: Money },
    /// Only a return with nothing received can be cancelled.
    ReturnNotCancellable {
        number: String,
        status: crate::domain::returns::ReturnStatus,
    },
    /// Only a credited return is closed.
    ReturnNotClosable {
        number: String,
        status: crate::domain::returns::ReturnStatus,
    },
    /// A write-off as lost is for goods the customer never signed for.
    LostNeedsUndelivered { number: String },
    /// The return has its exchange order already.
    ExchangeExists { number: String, order: String },
    /// A cancellation of a return needs a reason.
    ReturnCancelReasonRequired,
    // --- export and import of files
    /// The folder an export was asked to go to does not exist (or is a file).
    ExportFolderMissing { folder: String },
    /// The folder of an export cannot be written by this user.
    ExportFolderNotWritable { folder: String },
    /// The file named for an export is a folder.
    ExportTargetIsFolder { path: String },
    /// No list has this name.
    UnknownExportList { name: String, known: String },
    /// This list needs an option of the command line.
    ExportNeeds { option: &'static str, list: String },
    /// A status, stage or filter the list does not know.
    ExportBadStatus { text: String, list: String },
    /// Figures asked for a period longer than they are read for (ten years).
    PeriodTooLong { from: NaiveDate, to: NaiveDate },
    /// What figures are compared with, typed as nothing the command knows.
    BadComparison { text: String },
    /// An imported text file is neither UTF-8 nor GBK, from this line on.
    NotUtf8OrGbk { line: u64 },
    /// An imported file named .xlsx is no workbook (or a damaged one).
    NotAWorkbook { detail: String },
    /// The first sheet of an imported workbook holds nothing.
    SheetEmpty { sheet: String },
    /// An imported sheet has merged cells; the first range, and how many.
    SheetMerged {
        sheet: String,
        range: String,
        count: usize,
    },
    /// An imported sheet holds formulas; the first cell, and how many.
    SheetFormulas {
        sheet: String,
        cell: String,
        count: usize,
    },
    /// An imported sheet shows an error value (#DIV/0!, #REF!, …) in a cell.
    SheetErrorValue { cell: String, value: String },
    // --- after-sales tickets (客诉)
    /// A ticket names its customer.
    TicketCustomerRequired,
    /// The order named on a ticket is another customer's.
    OrderOfOtherCustomer { order: String, customer: String },
    /// The shipment named on a ticket is not of its order.
    ShipmentOfOtherOrder { shipment: String, order: String },
    /// A satisfaction score is a whole number from 1 to 5.
    SatisfactionOutOfRange { text: String },
    /// A ticket is resolved or closed with what was done.
    ResolutionRequired,
    /// A closed ticket changes no more.
    TicketClosed { number: String },
    /// Only an open or in-progress ticket is resolved.
    TicketAlreadyResolved { number: String },
    /// Only a resolved ticket is reopened.
    TicketNotResolved { number: String },
    /// The promised hours of tickets are typed `response/resolution`.
    BadTicketHours { text: String },

    // --- shortages and purchase requests (缺货跟进)
    /// A purchase request needs the date the goods are expected.
    ExpectedDateRequired,
    /// The expected date is before today.
    ExpectedDateInPast { date: NaiveDate },
    /// The request is received or cancelled: nothing more arrives against it.
    RequestClosed {
        number: String,
        status: crate::domain::purchase::RequestStatus,
    },
    /// Only an open request is marked ordered.
    RequestNotOpen {
        number: String,
        status: crate::domain::purchase::RequestStatus,
    },
    /// A receipt of one product against a request for another.
    RequestOfOtherProduct { number: String, sku: String },
    /// A receipt names a request that does not exist.
    UnknownRequest { number: String },
    /// Goods have arrived against the request: it is no longer cancelled, but received.
    RequestHasReceipts { number: String },
}

impl Localized for Refusal {
    fn localized(&self, lang: Lang) -> String {
        use Refusal::*;
        let (zh, en): (String, String) = match self {
            Stage(e) => return e.localized(lang),
            LineField {
                line,
                field,
                problem,
            } => (
                format!("第 {line} 行：{}：{}", field.zh, problem.localized(Lang::Zh)),
                format!("Line {line}: {}: {}", field.en, problem.localized(Lang::En)),
            ),
            OwnOrder => (
                "不能审批自己录入或提交的订单".into(),
                "Nobody approves an order they wrote or submitted".into(),
            ),
            NotApprovable { stage } => (
                format!("订单处于“{}”状态，不能审批", stage.label(Lang::Zh)),
                format!("The order is {} and cannot be approved", stage.label(Lang::En)),
            ),
            NotEditable { stage } => (
                format!("订单处于“{}”状态，不能修改", stage.label(Lang::Zh)),
                format!("The order is {} and cannot be edited", stage.label(Lang::En)),
            ),
            NotOnHold => ("订单没有暂停".into(), "The order is not on hold".into()),
            CustomerNotCleared => (
                "客户尚未审核或已冻结，请先由财务处理客户状态".into(),
                "The customer is not qualified or is blocked; finance must clear the customer first".into(),
            ),
            AboveLimit { reason } => (
                format!("订单金额超过您的审批额度（{}）", reason.label(Lang::Zh)),
                format!("The amount is above your approval limit ({})", reason.label(Lang::En)),
            ),
            ReasonRequired => ("必须写明原因".into(), "a reason is required".into()),
            CancelReasonRequired => (
                "取消订单必须写明原因".into(),
                "a cancellation needs a reason".into(),
            ),
            LineCancelReasonRequired => (
                "取消订单行必须写明原因".into(),
                "a line cancellation needs a reason".into(),
            ),
            NoCustomerChosen => ("请选择客户".into(), "choose a customer".into()),
            CustomerBlocked { name, code, reason } => (
                format!("客户 {name}（{code}）已冻结，不能下单：{reason}"),
                format!("Customer {name} ({code}) is blocked and cannot order: {reason}"),
            ),
            CustomerBlockedOnSubmit { name, reason } => (
                format!("客户 {name} 已冻结，不能提交：{reason}"),
                format!("Customer {name} is blocked; the order cannot be submitted: {reason}"),
            ),
            DateInPast { date } => (
                format!("{date} 已经过去，请选择今天或以后的日期"),
                format!("{date} is in the past; choose today or a later date"),
            ),
            TooManyLines { max } => (
                format!("一张订单最多 {max} 行"),
                format!("An order has at most {max} lines"),
            ),
            NoProductOnLine { line, product } => (
                format!("第 {line} 行：找不到商品“{product}”"),
                format!("Line {line}: no product \"{product}\""),
            ),
            InactiveProductOnLine { line, sku } => (
                format!("第 {line} 行：{sku} 已停用"),
                format!("Line {line}: {sku} is inactive"),
            ),
            NoLines => (
                "订单还没有商品行，不能提交".into(),
                "The order has no lines and cannot be submitted".into(),
            ),
            PickedOrShipped => (
                "订单已发货，不能整单取消：请逐行取消未发部分，已发货物办理退货".into(),
                "The order has shipped goods and cannot be cancelled whole; cancel what is still open line by line and return what shipped".into(),
            ),
            EditInsteadOfCancelLine => (
                "草稿或被驳回的订单请直接修改（F3），删去该行".into(),
                "A draft or rejected order is edited instead (F3): remove the line there".into(),
            ),
            LinesFinal { stage } => (
                format!("订单{}，不能再取消订单行", stage.label(Lang::Zh)),
                format!("The order is {}; its lines cannot be cancelled", stage.label(Lang::En)),
            ),
            NoSuchLine { line_no } => (
                format!("订单没有第 {line_no} 行"),
                format!("The order has no line {line_no}"),
            ),
            LineAlreadyCancelled { line } => (
                format!("第 {line} 行已经全部取消"),
                format!("Line {line} is already cancelled"),
            ),
            LineInvoicedAhead { line } => (
                format!("第 {line} 行已开票尚未发货，请先冲销发票"),
                format!("Line {line} is invoiced ahead of shipping; reverse the invoice first"),
            ),
            LineAllPickedOrShipped { line } => (
                format!("第 {line} 行已全部发货，不能取消，请办理退货"),
                format!("Line {line} is all shipped and cannot be cancelled; process a return"),
            ),
            LineQtyNotPositive => (
                "数量必须大于零；要去掉这一行请按 Del".into(),
                "the quantity must be above zero; Del removes the line".into(),
            ),
            InactiveProduct { sku } => (format!("{sku} 已停用"), format!("{sku} is inactive")),
            BinRequired => ("请扫描或输入库位".into(), "scan or type a bin".into()),
            InactiveBin { code } => (
                format!("库位 {code} 已停用"),
                format!("bin {code} is inactive"),
            ),
            LotRequired { sku } => (
                format!("{sku} 按批次管理，请输入批号"),
                format!("{sku} is tracked by lot; enter the lot"),
            ),
            LotNotTracked { sku } => (
                format!("{sku} 不按批次管理，批号应留空"),
                format!("{sku} is not tracked by lot; leave the lot empty"),
            ),
            NoCostYet { sku } => (
                format!("{sku} 还没有成本，请输入单位成本"),
                format!("{sku} has no cost yet; enter the unit cost"),
            ),
            LabelQtyZero => (
                "标签上的数量为 0，请输入数量".into(),
                "the label's quantity is 0; enter a quantity".into(),
            ),
            QtyTooLarge => ("数量过大".into(), "quantity too large".into()),
            QtyRequired => ("请输入数量".into(), "enter a quantity".into()),
            ExpiryRequired { sku } => (
                format!("{sku} 跟踪有效期，请输入有效期"),
                format!("{sku} tracks expiry; enter the expiry date"),
            ),
            ExpiryNotTracked { sku } => (
                format!("{sku} 不跟踪有效期，应留空"),
                format!("{sku} does not track expiry; leave it empty"),
            ),
            ExpiryBeforeReceipt { expiry, today } => (
                format!("有效期 {expiry} 早于入库日期 {today}"),
                format!("the expiry date {expiry} is before the receipt date {today}"),
            ),
            LotExpiryDiffers { lot, stored, given } => (
                format!("批次 {lot} 的有效期是 {stored}，与输入的 {given} 不同"),
                format!("lot {lot} has expiry {stored}, not {given}"),
            ),
            StockOverflow => (
                "库存数量将超过上限".into(),
                "the stock would exceed the largest quantity".into(),
            ),
            AdjustReasonRequired => (
                "调整库存必须写明原因".into(),
                "an adjustment needs a reason".into(),
            ),
            BinHoldsLessToTake { bin, held, take } => (
                format!("库位 {bin} 只有 {held}，不能减少 {take}"),
                format!("bin {bin} holds only {held}; cannot take away {take}"),
            ),
            BinHoldsLessToMove { bin, held, moving } => (
                format!("库位 {bin} 只有 {held}，不能移出 {moving}"),
                format!("bin {bin} holds only {held}; cannot move {moving}"),
            ),
            BelowReservedAfterAdjust { sku, reserved } => (
                format!("{sku} 已为订单预留 {reserved}，调整后库存将少于预留数"),
                format!("{sku} has {reserved} reserved for orders; the adjustment would leave less than that"),
            ),
            BelowReservedAfterCount { sku, reserved } => (
                format!("{sku} 已为订单预留 {reserved}，盘点后库存将少于预留数，请先处理订单"),
                format!("{sku} has {reserved} reserved for orders; after this count less would be left; deal with the orders first"),
            ),
            SameBins => ("移出和移入库位相同".into(), "The two bins are the same".into()),
            CountOfOtherProduct { line, sku } => (
                format!("第 {line} 行：扫描的是另一个商品（{sku}），本次只盘点指定商品"),
                format!("Line {line}: that is another product ({sku}); this count is of one product only"),
            ),
            CountedTwice {
                line,
                bin,
                sku,
                lot,
            } => (
                format!("第 {line} 行：库位 {bin} 的 {sku} {lot} 已经盘点过一次"),
                format!("Line {line}: {sku} {lot} in bin {bin} was already counted"),
            ),
            Empty => ("不能为空".into(), "must not be empty".into()),
            NotAnEmail => ("格式不正确".into(), "is not an e-mail address".into()),
            BlockReasonRequired => (
                "冻结客户时必须写明原因".into(),
                "a blocked customer needs a reason".into(),
            ),
            FloorAboveList { floor, list } => (
                format!("最低售价 {floor} 不能高于标准售价 {list}"),
                format!("the floor price {floor} cannot be above the list price {list}"),
            ),
            ExpiryNeedsLots => (
                "跟踪有效期的商品必须同时按批次管理".into(),
                "A product that tracks expiry must also track lots".into(),
            ),
            LotTrackingWithStock => (
                "该商品还有库存，不能更改批次管理；请先把库存调整为零".into(),
                "This product has stock; lot tracking can only be changed when none is left".into(),
            ),
            PasswordTooShort { min } => (
                format!("至少需要 {min} 个字符"),
                format!("must have at least {min} characters"),
            ),
            PasswordInvalid => (
                "不能超过 128 个字符，也不能含控制字符".into(),
                "must have at most 128 characters and no control characters".into(),
            ),
            PasswordHash { detail } => (
                format!("无法计算密码摘要：{detail}"),
                format!("cannot hash the password: {detail}"),
            ),
            UsernameLength => ("需要 1 到 32 个字符".into(), "must have 1 to 32 characters".into()),
            UsernameCharacter { ch } => (
                format!("不能含“{ch}”：只能用小写字母、数字和 . _ -"),
                format!("cannot contain '{ch}': use letters, digits and . _ - only"),
            ),
            NoRoles => ("至少选择一个角色".into(), "choose at least one role".into()),
            NegativeLimit => (
                "审批额度不能为负数".into(),
                "The approval limit cannot be negative".into(),
            ),
            LastAdministrator => (
                "不能停用最后一个系统管理员".into(),
                "The last active administrator cannot be disabled".into(),
            ),
            NotWholeNumberIn { text, min, max } => (
                format!("“{text}”无效：请输入 {min} 到 {max} 之间的整数"),
                format!("\"{text}\" is not valid: enter a whole number from {min} to {max}"),
            ),
            PriceModeRequired => (
                "请选择含税价或不含税价".into(),
                "choose prices including or excluding tax".into(),
            ),
            NotADate { text } => (
                format!("“{text}”不是日期，请输入如 2026-12-31、12/31、+3 或 明天"),
                format!("\"{text}\" is not a date; type e.g. 2026-12-31, 12/31, +3 or tomorrow"),
            ),
            DateRangeReversed => (
                "截止日期早于起始日期".into(),
                "the to date is before the from date".into(),
            ),
            NothingMatches { text } => (
                format!("找不到与“{text}”相符的订单、商品或客户。"),
                format!("No order, product or customer matches \"{text}\"."),
            ),
            SeveralCustomersMatch { count } => (
                format!("有 {count} 个客户相符，请输入客户编号"),
                format!("{count} customers match; type the customer code"),
            ),
            NoCustomerMatches { text } => (
                format!("找不到客户“{text}”"),
                format!("no customer \"{text}\""),
            ),
            StressNeedsData => (
                "压力测试需要商品和库位".into(),
                "the stress writer needs products and bins".into(),
            ),
            WholeUnitsOnly { sku, unit, qty } => (
                format!("{sku} 按整{unit}计，数量不能是 {qty}：请输入整数"),
                format!("{sku} comes in whole units ({unit}); {qty} is not a whole number"),
            ),
            StagingBinByHand { code } => (
                format!("{code} 是发货暂存区：暂存的货物只随拣货和发货移动，不能手工入库、调整、移库或盘点"),
                format!("{code} is a staging bin: staged goods move only by picking and shipping, not by receipts, adjustments, transfers or counts"),
            ),
            OrderNotPickable { number, stage } => (
                format!("订单 {number} {}，不能拣货", stage.label(Lang::Zh)),
                format!("Order {number} is {}; it cannot be picked", stage.label(Lang::En).to_lowercase()),
            ),
            NothingToPick => (
                "没有可拣的货：所选订单的预留已全部拣货或已在拣货单上".into(),
                "Nothing to pick: what the orders reserve is picked or on a pick list already".into(),
            ),
            PickListClosed { number, status } => (
                format!("拣货单 {number} {}，不能再拣", status.label(Lang::Zh)),
                format!("Pick list {number} is {}; it cannot be picked", status.label(Lang::En).to_lowercase()),
            ),
            PickListOfAnotherOrder { number, order } => (
                format!("拣货单 {number} 不含订单 {order}，请扫描本订单的拣货单"),
                format!("Pick list {number} is not for order {order}; scan this order's pick list"),
            ),
            PickerHasOpenList { number } => (
                format!("您已打开拣货单 {number}，请先完成或退出它"),
                format!("You have pick list {number} open; finish or leave it first"),
            ),
            NoPickListOpen => (
                "请先扫描拣货单号".into(),
                "Scan a pick list number first".into(),
            ),
            TaskHeldBy { name } => (
                format!("该任务正由 {name} 拣货，请拣下一项"),
                format!("{name} is picking this task; take the next one"),
            ),
            TaskFinished => (
                "该任务已结束，请拣下一项".into(),
                "This task is finished; take the next one".into(),
            ),
            WrongBin { expected, scanned } => (
                format!("库位错误：扫描的是 {scanned}，应在 {expected} 拣货。未做任何修改。"),
                format!("Wrong bin: scanned {scanned}, pick from {expected}. Nothing was changed."),
            ),
            BinNotConfirmed { bin } => (
                format!("请先扫描库位 {bin}"),
                format!("Scan bin {bin} first"),
            ),
            WrongProduct { expected, scanned } => (
                format!("商品错误：扫描的是 {scanned}，应拣 {expected}。未做任何修改。"),
                format!("Wrong product: scanned {scanned}, pick {expected}. Nothing was changed."),
            ),
            WrongLot { expected, scanned } => (
                format!("批次错误：标签批次为 {scanned}，应拣批次 {expected}。未做任何修改。"),
                format!("Wrong lot: the label says {scanned}, pick lot {expected}. Nothing was changed."),
            ),
            ExpiredLot { lot, expiry } => (
                format!("批次 {lot} 已于 {expiry} 过期，不能拣货"),
                format!("Lot {lot} expired on {expiry}; it cannot be picked"),
            ),
            OverPick { asked, picked, adding } => (
                format!("超拣：本任务要 {asked}，已拣 {picked}，不能再加 {adding}。未做任何修改。"),
                format!("Over-pick: the task asks {asked}, {picked} picked; cannot add {adding}. Nothing was changed."),
            ),
            ShortFoundOutside { asked, picked, found } => (
                format!("短拣数量 {found} 无效：应不少于已拣的 {picked} 且少于要求的 {asked}"),
                format!("A short pick of {found} is not valid: at least the {picked} picked and less than the {asked} asked"),
            ),
            ShortReasonRequired => ("短拣必须写明原因".into(), "A short pick needs a reason".into()),
            NotAPicker { name } => (
                format!("{name} 没有拣货权限"),
                format!("{name} may not pick"),
            ),
            OrderNotShippable { number, stage } => (
                format!("订单 {number} {}，不能发货", stage.label(Lang::Zh)),
                format!("Order {number} is {}; it cannot ship", stage.label(Lang::En).to_lowercase()),
            ),
            NothingToShip => (
                "没有已拣待发的货".into(),
                "Nothing picked is waiting to ship".into(),
            ),
            ShipMoreThanPicked { line, picked, asked } => (
                format!("第 {line} 行只拣了 {picked}，不能发 {asked}"),
                format!("Line {line} has only {picked} picked; cannot ship {asked}"),
            ),
            CarrierRequired => ("请选择承运商".into(), "Choose a carrier".into()),
            TrackingUsed { tracking, shipment } => (
                format!("运单号 {tracking} 已用于发货单 {shipment}，请勿重复扫描"),
                format!("Tracking number {tracking} is already on shipment {shipment}; it was scanned twice"),
            ),
            ShipmentSettled { number, status } => (
                format!("发货单 {number} 已是“{}”，不能再次签收或登记", status.label(Lang::Zh)),
                format!("Shipment {number} is {} already; it cannot be settled again", status.label(Lang::En).to_lowercase()),
            ),
            SignerRequired => ("请填写签收人".into(), "Enter who signed for it".into()),
            DeliveryDateOutside { date, shipped } => (
                format!("{date} 不行：签收日期不能早于发货日 {shipped}，也不能晚于今天"),
                format!("{date} will not do: a delivery is dated from the shipping date {shipped} to today"),
            ),
            ExceptionNoteRequired => (
                "请写明发生了什么（拒收、破损、丢失的情况）".into(),
                "Say what happened (refused, damaged, lost)".into(),
            ),
            ReceivedMoreThanShipped { line, shipped } => (
                format!("第 {line} 行只发了 {shipped}，签收数量不能更多"),
                format!("Line {line} shipped only {shipped}; no more can be received"),
            ),
            NotPacked { line, picked, packed } => (
                format!("第 {line} 行已拣 {picked}，只装箱 {packed}：须先复核装箱"),
                format!("Line {line}: {picked} picked but {packed} packed; pack it first"),
            ),
            PackCountMismatch { line, picked, packed } => (
                format!("第 {line} 行装箱 {packed} 与拣货 {picked} 不符"),
                format!("Line {line}: {packed} packed does not match the {picked} picked"),
            ),
            PeriodClosed { period } => (
                format!("会计期间 {period} 已结账，不能再记账；请在当前期间做更正"),
                format!("Period {period} is closed; nothing can be posted into it. Post the correction in the open period"),
            ),
            LedgerUnbalanced { debit, credit } => (
                format!("凭证借贷不平（借 {debit}，贷 {credit}），未记账"),
                format!("The entry does not balance (debit {debit}, credit {credit}); nothing was posted"),
            ),
            NothingToInvoice { number } => (
                format!("{number} 没有可开票的数量（已全部开票或尚未发货）"),
                format!("{number} has nothing left to invoice (all invoiced, or nothing shipped yet)"),
            ),
            AlreadyInvoiced { number, invoice } => (
                format!("{number} 已开票（发票 {invoice}），不能重复开票"),
                format!("{number} is invoiced already (invoice {invoice}); it cannot be invoiced twice"),
            ),
            AmountNotPositive => ("金额必须大于零".into(), "The amount must be more than zero".into()),
            PaymentInFuture { date } => (
                format!("{date} 晚于今天，收款不能记在以后的日期"),
                format!("{date} is after today; a payment cannot be dated ahead"),
            ),
            ReferenceUsed { reference, receipt } => (
                format!("{reference} 已登记在收款单 {receipt}，请勿重复收款"),
                format!("{reference} is already on receipt {receipt}; it was recorded before"),
            ),
            AboveOpenBalance { invoice, open } => (
                format!("发票 {invoice} 只欠 {open}，核销金额不能更多"),
                format!("Invoice {invoice} has only {open} open; no more can be allocated to it"),
            ),
            AboveUnapplied { receipt, unapplied } => (
                format!("收款单 {receipt} 只剩 {unapplied} 未核销"),
                format!("Receipt {receipt} has only {unapplied} left to allocate"),
            ),
            AllocatedAbovePayment { allocated, amount } => (
                format!("手工核销合计 {allocated} 超过本次收款 {amount}：请减少核销金额或改正收款金额"),
                format!("{allocated} allocated by hand is more than the payment of {amount}: lower the amounts or correct the payment"),
            ),
            NothingAllocatedByHand => (
                "手工核销：请在要核销的发票行输入金额（或选“全部作预收款”）".into(),
                "By hand: type an amount on the invoices to pay (or choose \"All as prepayment\")".into(),
            ),
            OtherCustomer { receipt, invoice } => (
                format!("收款单 {receipt} 与发票 {invoice} 不是同一客户"),
                format!("Receipt {receipt} and invoice {invoice} belong to different customers"),
            ),
            WriteOffAboveOpen { invoice, open } => (
                format!("发票 {invoice} 只欠 {open}，核销不能超过未收金额"),
                format!("Invoice {invoice} has only {open} open; no more can be written off"),
            ),
            PeriodReversed { from, to } => (
                format!("截止日期 {to} 早于起始日期 {from}"),
                format!("The period ends ({to}) before it starts ({from})"),
            ),
            NotPaidBeforeShipping { number, missing } => (
                format!("订单 {number} 为款到发货，尚欠 {missing}，收款后才能发货"),
                format!("Order {number} is payment before shipping and {missing} is still unpaid; it ships once paid"),
            ),
            NotAnInvoice { number } => (
                format!("{number} 不是发票，不能开红字更正"),
                format!("{number} is not an invoice; only an invoice can be corrected"),
            ),
            NotOnCreditHold { customer } => (
                format!("客户 {customer} 未被信用冻结"),
                format!("Customer {customer} is not on credit hold"),
            ),
            CorrectionNotLower { line } => (
                format!("第 {line} 行的更正价须低于原开票价"),
                format!("Line {line}: the corrected price must be below the invoiced one"),
            ),
            CounterNeedsApproval { reason } => (
                format!("这笔门市销售需要审批（{}），不能当场成交", reason.label(Lang::Zh)),
                format!("This counter sale needs approval ({}); it cannot be completed at the counter", reason.label(Lang::En)),
            ),
            CounterShort { line, available } => (
                format!("第 {line} 行门市货架上只有 {available}"),
                format!("Line {line}: only {available} in the counter's bin"),
            ),
            TenderedBelowTotal { total, given } => (
                format!("实收 {given} 少于应收 {total}"),
                format!("{given} handed over is less than the total {total}"),
            ),
            NotAPaymentAccount { code } => (
                format!("科目 {code} 不能收款：请选 1001 库存现金、1002 银行存款或 1012 其他货币资金"),
                format!("Account {code} cannot receive money: choose 1001 cash, 1002 bank or 1012 other funds"),
            ),
            BadPeriod { text } => (
                format!("会计期间“{text}”无效，请写成 2026-11 这样的年月"),
                format!("Period \"{text}\" is not valid; write a month such as 2026-11"),
            ),
            ExportFolderMissing { folder } => (
                format!("文件夹 {} 不存在，请检查路径或先建好文件夹；未导出任何内容", shown(folder)),
                format!("The folder {} does not exist; check the path or make the folder first. Nothing was exported", shown(folder)),
            ),
            ExportFolderNotWritable { folder } => (
                format!("没有写入文件夹 {} 的权限，请换一个文件夹；未导出任何内容", shown(folder)),
                format!("You may not write into the folder {}; choose another folder. Nothing was exported", shown(folder)),
            ),
            ExportTargetIsFolder { path } => (
                format!("{} 是文件夹，请写出文件名（如 orders.xlsx）；未导出任何内容", shown(path)),
                format!("{} is a folder; name a file (such as orders.xlsx). Nothing was exported", shown(path)),
            ),
            UnknownExportList { name, known } => (
                format!("没有名为“{}”的列表，可导出：{known}", shown(name)),
                format!("There is no list \"{}\"; the lists are: {known}", shown(name)),
            ),
            ExportNeeds { option, list } => (
                format!("导出 {list} 需要 {option}"),
                format!("Exporting {list} needs {option}"),
            ),
            ExportBadStatus { text, list } => (
                format!("{list} 没有状态“{}”，请用 --help 查看可用的状态", shown(text)),
                format!("{list} has no status \"{}\"; see --help for the ones it has", shown(text)),
            ),
            PeriodTooLong { from, to } => (
                format!("{from} 至 {to} 超过 10 年：数据分析最长读 10 年，请缩短期间"),
                format!("{from} to {to} is longer than 10 years, the longest period figures are read for; choose a shorter one"),
            ),
            BadComparison { text } => (
                format!("不明白对比期“{}”：请用 previous（环比）、year（同比）、none，或 2026-10-01..2026-10-31", shown(text)),
                format!("Cannot read the comparison \"{}\": use previous, year, none, or 2026-10-01..2026-10-31", shown(text)),
            ),
            NotUtf8OrGbk { line } => (
                format!("文件从第 {line} 行起既不是 UTF-8 也不是 GBK 编码，无法读取。请在 Excel 中“另存为”CSV UTF-8 或 Excel 工作簿（.xlsx）后重新导入；未导入任何内容"),
                format!("From line {line} on the file is neither UTF-8 nor GBK and cannot be read. In Excel choose Save As \"CSV UTF-8\" or an Excel workbook (.xlsx) and import again. Nothing was imported"),
            ),
            NotAWorkbook { detail } => (
                format!("文件不是有效的 Excel 工作簿（.xlsx）：{}。请用 Excel 重新保存为 .xlsx 或 CSV UTF-8；未导入任何内容", shown(detail)),
                format!("The file is not a valid Excel workbook (.xlsx): {}. Save it again from Excel as .xlsx or CSV UTF-8. Nothing was imported", shown(detail)),
            ),
            SheetEmpty { sheet } => (
                format!("工作簿的第一个工作表“{}”是空的：请把数据放在第一个工作表，第一行是表头；未导入任何内容", shown(sheet)),
                format!("The workbook's first sheet \"{}\" is empty: put the data on the first sheet, the header in its first row. Nothing was imported", shown(sheet)),
            ),
            SheetMerged { sheet, range, count } => (
                format!("工作表“{}”有 {count} 处合并单元格（第一处 {range}）：合并的单元格说不清属于哪一行，请取消合并并在每一行填上值后重新导入；未导入任何内容", shown(sheet)),
                format!("The sheet \"{}\" has {count} merged cell range(s), the first {range}: a merged cell belongs to no single row. Unmerge them, fill in every row, and import again. Nothing was imported", shown(sheet)),
            ),
            SheetFormulas { sheet, cell, count } => (
                format!("工作表“{}”有 {count} 个公式（第一个在 {cell}）：公式的结果可能未重新计算，导入不采用。请复制这些单元格，“选择性粘贴 → 数值”后重新导入；未导入任何内容", shown(sheet)),
                format!("The sheet \"{}\" has {count} formula(s), the first in {cell}: their results may not be recalculated, so they are not imported. Copy the cells and use Paste Special → Values, then import again. Nothing was imported", shown(sheet)),
            ),
            SheetErrorValue { cell, value } => (
                format!("单元格 {cell} 显示错误值 {}：请改正后重新导入；未导入任何内容", shown(value)),
                format!("The cell {cell} shows the error {}: correct it and import again. Nothing was imported", shown(value)),
            ),
            WalkInMissing => (
                "未设置散客客户：请管理员在公司设置中填写散客的客户编码".into(),
                "No walk-in customer (散客) is set up: an administrator sets its customer code in the company settings".into(),
            ),
            NoSuchWalkInCustomer { code } => (
                format!("没有编码为“{}”的客户：请先建好散客客户，再填写它的编码", crate::domain::text::shown(code)),
                format!("No customer has the code \"{}\": create the walk-in customer first, then type its code", crate::domain::text::shown(code)),
            ),
            HoldBelowReserved { sku, reserved } => (
                format!("{sku} 已为订单预留 {reserved}：移入退货区或待检区后可售库存将少于预留数"),
                format!("{sku} has {reserved} reserved for orders; moved into a return or quarantine bin, less would be left for sale"),
            ),
            ShipmentNotSettled { number } => (
                format!("发货单 {number} 仍在运输中：请先登记签收或异常（拒收、丢失），再办理退货"),
                format!("Shipment {number} is still in transit; record its delivery or what went wrong (refused, lost) first, then the return"),
            ),
            ReasonNeedsUndelivered { reason } => (
                format!("“{}”只用于客户未签收的货；已签收的货请选其他退货原因", reason.label(Lang::Zh)),
                format!("\"{}\" is only for goods the customer never signed for; choose another reason for goods signed for", reason.label(Lang::En)),
            ),
            NothingToReturn => (
                "请选择要退的订单行并填写数量".into(),
                "Choose the line to return and type the quantity".into(),
            ),
            ReturnMoreThanDelivered { line, delivered, returned, asked, undelivered } => {
                if *undelivered {
                    (
                        format!("第 {line} 行未签收 {delivered}，已办理 {returned}，不能再退 {asked}。未做任何修改。"),
                        format!("Line {line}: {delivered} not signed for, {returned} settled before; {asked} cannot be returned. Nothing was changed."),
                    )
                } else {
                    (
                        format!("第 {line} 行签收 {delivered}，已退 {returned}，不能再退 {asked}。未做任何修改。"),
                        format!("Line {line}: {delivered} delivered, {returned} returned before; {asked} cannot be returned. Nothing was changed."),
                    )
                }
            }
            OtherCustomersGoods { shipment, customer } => (
                format!("发货单 {shipment} 的货不是客户 {customer} 的，不能为该客户退货。未做任何修改。"),
                format!("Shipment {shipment} went to another customer, not to {customer}; it cannot be returned for them. Nothing was changed."),
            ),
            ReturnClosed { number, status } => (
                format!("退货单 {number} {}，不能再收货。未做任何修改。", status.label(Lang::Zh)),
                format!("Return {number} is {}; nothing more can be received on it. Nothing was changed.", status.label(Lang::En).to_lowercase()),
            ),
            WrongReturnItem { number, scanned } => (
                format!("商品错误：{scanned} 不在退货单 {number} 上，请单独处理。未做任何修改。"),
                format!("Wrong item: {scanned} is not on return {number}; set it aside. Nothing was changed."),
            ),
            ReturnLotDiffers { sku, expected, scanned } => (
                format!("批次不符：{sku} 标签批次 {scanned}，客户收到的是 {expected}。未做任何修改。"),
                format!("Wrong lot: the {sku} label says {scanned}, the customer got {expected}. Nothing was changed."),
            ),
            ReceiveMoreThanReturned { sku, left, adding } => (
                format!("{sku} 只剩 {left} 待收，不能再收 {adding}。未做任何修改。"),
                format!("Only {left} of {sku} is still to come; {adding} cannot be received. Nothing was changed."),
            ),
            NotASellableBin { code } => (
                format!("{code} 不是存储库位：可售的退货请放入存储库位"),
                format!("{code} is not a storage bin; sellable returns go into a storage bin"),
            ),
            BinOfOtherWarehouse { code } => (
                format!("库位 {code} 不在退货的仓库：请放入本仓库的库位，跨仓库请另做移库"),
                format!("Bin {code} is in another warehouse than the return's; use a bin of this warehouse and transfer afterwards"),
            ),
            ReturnNotReceived { number, status } => (
                format!("退货单 {number} {}：货物收齐（或丢失核销）后才能冲账", status.label(Lang::Zh)),
                format!("Return {number} is {}; it is credited once every quantity is received (or written off as lost)", status.label(Lang::En).to_lowercase()),
            ),
            CreditAboveInvoice { invoice, left, asked } => (
                format!("发票 {invoice} 开票金额减已冲红后只剩 {left}，红字发票不能开 {asked}。未做任何修改。"),
                format!("Invoice {invoice} has only {left} left to credit (invoiced less credited); a credit note of {asked} is refused. Nothing was changed."),
            ),
            CreditAboveReturnValue { value, asked } => (
                format!("退货商品按发票价值 {value}，冲账金额不能是 {asked}"),
                format!("The returned goods are worth {value} as invoiced; {asked} cannot be credited"),
            ),
            ReturnNotCancellable { number, status } => (
                format!("退货单 {number} {}：已收到货的退货不能取消", status.label(Lang::Zh)),
                format!("Return {number} is {}; a return with goods received cannot be cancelled", status.label(Lang::En).to_lowercase()),
            ),
            ReturnNotClosable { number, status } => (
                format!("退货单 {number} {}：冲账后才能关闭", status.label(Lang::Zh)),
                format!("Return {number} is {}; it is closed once credited", status.label(Lang::En).to_lowercase()),
            ),
            LostNeedsUndelivered { number } => (
                format!("退货单 {number} 的货客户已签收：丢失核销只用于运输途中未签收的货"),
                format!("Return {number} is of goods signed for; only goods never signed for are written off as lost"),
            ),
            ExchangeExists { number, order } => (
                format!("退货单 {number} 已有换货订单 {order}"),
                format!("Return {number} has its exchange order {order} already"),
            ),
            ReturnCancelReasonRequired => (
                "取消退货必须写明原因".into(),
                "a cancelled return needs a reason".into(),
            ),
            TicketCustomerRequired => (
                "请填写客户编号：每张客诉单都要对应一个客户".into(),
                "Enter the customer's code: every ticket belongs to a customer".into(),
            ),
            OrderOfOtherCustomer { order, customer } => (
                format!("订单 {order} 不是客户 {customer} 的订单，请核对订单号或客户"),
                format!("Order {order} is not an order of customer {customer}; check the order number or the customer"),
            ),
            ShipmentOfOtherOrder { shipment, order } => (
                format!("发货单 {shipment} 不属于订单 {order}"),
                format!("Shipment {shipment} is not of order {order}"),
            ),
            SatisfactionOutOfRange { text } => (
                format!("满意度“{text}”无效：请输入 1 到 5 的整数（1 很不满意，5 很满意）"),
                format!("Satisfaction \"{text}\" is not valid: enter a whole number from 1 (very unhappy) to 5 (very happy)"),
            ),
            ResolutionRequired => (
                "请写明处理结果：没有处理结果的客诉单不能解决或关闭".into(),
                "Write the resolution: a ticket is not resolved or closed without one".into(),
            ),
            TicketClosed { number } => (
                format!("客诉单 {number} 已关闭，不能再修改；如客户又有问题，请新开一张"),
                format!("Ticket {number} is closed and changes no more; open a new ticket if the customer comes back"),
            ),
            TicketAlreadyResolved { number } => (
                format!("客诉单 {number} 已解决，等待关闭；如需继续处理请先重新打开"),
                format!("Ticket {number} is resolved and waits to be closed; reopen it to work on it again"),
            ),
            TicketNotResolved { number } => (
                format!("客诉单 {number} 尚未解决，无需重新打开"),
                format!("Ticket {number} is not resolved; there is nothing to reopen"),
            ),
            BadTicketHours { text } => (
                format!("“{text}”无效：请写成 响应小时/解决小时，如 4/48（响应不超过 720，解决不超过 2160，且响应不长于解决）"),
                format!("\"{text}\" is not valid: write response/resolution hours, e.g. 4/48 (response at most 720, resolution at most 2160 and not shorter)"),
            ),
            ExpectedDateRequired => (
                "请填写预计到货日期，柜台会据此答复客户".into(),
                "Enter the expected date: the counter tells customers when the goods come".into(),
            ),
            ExpectedDateInPast { date } => (
                format!("预计到货日 {date} 已经过去，请填写今天或以后的日期"),
                format!("The expected date {date} is past; enter today or a later date"),
            ),
            RequestClosed { number, status } => (
                format!("请购单 {number} {}，不能再登记到货；请不填请购单直接入库，或新开请购单", status.label(Lang::Zh)),
                format!("Purchase request {number} is {}; nothing more arrives against it. Receive without a request, or make a new one", status.label(Lang::En).to_lowercase()),
            ),
            RequestNotOpen { number, status } => (
                format!("请购单 {number} {}，只有待下单的请购单可以标记为已下单", status.label(Lang::Zh)),
                format!("Purchase request {number} is {}; only an open request is marked ordered", status.label(Lang::En).to_lowercase()),
            ),
            RequestOfOtherProduct { number, sku } => (
                format!("请购单 {number} 请购的是 {sku}，不是这件商品；请核对请购单号"),
                format!("Purchase request {number} is for {sku}, not this product; check the request number"),
            ),
            UnknownRequest { number } => (
                format!("找不到请购单“{number}”，请核对单号，或留空直接入库"),
                format!("No purchase request \"{number}\"; check the number, or leave it empty"),
            ),
            RequestHasReceipts { number } => (
                format!("请购单 {number} 已有到货，不能取消"),
                format!("Goods have arrived against purchase request {number}; it cannot be cancelled"),
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
