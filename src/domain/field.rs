//! Field ids (字段): every form field a message can name, with its name in both
//! languages. Code decides by the id (which field to focus, which field a test expects);
//! the words are only for people.

use std::ops::Deref;

use crate::domain::text::FieldName;

macro_rules! fields {
    ($($(#[$doc:meta])* $id:ident => $zh:literal, $en:literal;)*) => {
        /// A form field a message can name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FieldId {
            $($(#[$doc])* $id,)*
        }

        impl FieldId {
            /// The field's name in both languages.
            pub fn name(self) -> &'static FieldName {
                match self {
                    $(FieldId::$id => {
                        const NAME: FieldName = FieldName::new($zh, $en);
                        &NAME
                    })*
                }
            }
        }
    };
}

fields! {
    Address => "地址", "Address";
    ApprovalLimit => "审批额度", "Approval limit";
    Barcode => "条码", "Barcode";
    /// A bin where only one is typed (receipt, adjustment).
    Bin => "库位", "Bin";
    /// The bin a transfer takes stock from.
    FromBin => "库位", "Bin";
    /// The bin a transfer puts stock in.
    ToBin => "库位", "Bin";
    BinCode => "库位编码", "Bin code";
    ChannelRef => "渠道单号", "Channel reference";
    Code => "编码", "Code";
    CompanyName => "公司名称", "Company name";
    ContactName => "联系人", "Contact name";
    CountedQty => "实盘数量", "Counted quantity";
    CreditLimit => "信用额度", "Credit limit";
    Customer => "客户", "Customer";
    CustomerName => "客户名称", "Customer name";
    CustomerRef => "客户单号", "Customer reference";
    DateFrom => "起始日期", "From date";
    DateTo => "截止日期", "To date";
    DefaultBin => "默认库位", "Default bin";
    DefaultTax => "默认税率", "Default tax rate";
    Discount => "折扣", "Discount";
    /// The discount as typed in the intake line editor, in percent.
    DiscountPercent => "折扣 %", "Discount %";
    DisplayName => "姓名", "Display name";
    Email => "邮箱", "Email";
    CustomerCodePrefix => "客户编码前缀", "Customer code prefix";
    Expiry => "有效期", "Expiry date";
    FloorPrice => "最低售价", "Floor price";
    GraceDays => "逾期宽限天数", "Grace days";
    ListPrice => "标准售价", "List price";
    LockoutFailures => "锁定前失败次数", "Failed logins to lock";
    LockoutMinutes => "锁定分钟数", "Lockout minutes";
    Lot => "批号", "Lot";
    ManagerLimit => "经理审批上限", "Manager approval limit";
    MaxDiscount => "最大折扣", "Maximum discount";
    Name => "名称", "Name";
    Note => "备注", "Note";
    Password => "密码", "Password";
    Phone => "电话", "Phone";
    PriceMode => "价格模式", "Price mode";
    Product => "商品", "Product";
    ProductName => "商品名称", "Product name";
    Qty => "数量", "Quantity";
    Reason => "原因", "Reason";
    RequestedDate => "要求交货日期", "Requested date";
    Roles => "角色", "Roles";
    Sku => "货号", "SKU";
    Spec => "规格", "Specification";
    Special => "特殊要求", "Special requirements";
    StatusReason => "状态原因", "Status reason";
    TaxRate => "税率", "Tax rate";
    Terms => "付款条件", "Payment terms";
    Title => "职务", "Title";
    Unit => "单位", "Unit";
    UnitCost => "单位成本", "Unit cost";
    UnitPrice => "单价", "Unit price";
    Username => "用户名", "User name";
    Carrier => "承运商", "Carrier";
    TrackingNo => "运单号", "Tracking number";
    Cartons => "箱数", "Cartons";
    Weight => "重量(kg)", "Weight (kg)";
    ShippingCost => "运费", "Shipping cost";
    Signer => "签收人", "Signed by";
    DeliveryDate => "签收日期", "Delivery date";
    ExceptionNote => "异常说明", "What happened";
    Amount => "金额", "Amount";
    PaymentMethod => "收款方式", "Payment method";
    PaymentRef => "付款参考号", "Payment reference";
    PaymentDate => "收款日期", "Payment date";
    InvoiceNo => "发票号", "Invoice number";
    VatInvoiceNo => "税票号码", "VAT invoice number";
    VatInvoiceDate => "开票日期", "VAT invoice date";
    Period => "会计期间", "Period";
    PromiseDate => "承诺付款日", "Promised date";
    ReturnReason => "退货原因", "Return reason";
    /// The condition returned goods are received in (可售, 待检, 报废).
    Condition => "验收结果", "Condition";
    /// A return's number (RMA-…).
    ReturnNo => "退货单号", "Return number";
    /// How the money of a return is settled (退款, 转预收款).
    Settlement => "退款方式", "Settlement";
    /// The folder an export is written to.
    ExportFolder => "文件夹", "Folder";
    // --- after-sales tickets and shortages
    Subject => "主题", "Subject";
    TicketKind => "类型", "Type";
    Severity => "严重程度", "Severity";
    Owner => "负责人", "Owner";
    Order => "订单", "Order";
    Shipment => "发货单", "Shipment";
    Ticket => "客诉单", "Ticket";
    Resolution => "处理结果", "Resolution";
    Satisfaction => "满意度", "Satisfaction";
    CustomerWords => "客户评价", "Customer's words";
    /// The promised response/resolution hours of urgent tickets.
    SlaUrgent => "紧急客诉时限", "Urgent ticket hours";
    SlaHigh => "高级客诉时限", "High ticket hours";
    SlaNormal => "一般客诉时限", "Normal ticket hours";
    SlaLow => "低级客诉时限", "Low ticket hours";
    RequestKind => "来源", "Source";
    Supplier => "供应商/车间", "Supplier/workshop";
    ExpectedDate => "预计到货日", "Expected date";
    PurchaseRequest => "请购单", "Purchase request";
    /// The company's walk-in customer (散客) of counter sales.
    WalkInCustomer => "散客客户", "Walk-in customer";
}

/// A field id reads as its name (`field.zh`, `field.en`) where a message needs the words.
impl Deref for FieldId {
    type Target = FieldName;

    fn deref(&self) -> &FieldName {
        self.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_named_in_both_languages() {
        for id in [
            FieldId::Bin,
            FieldId::ToBin,
            FieldId::Username,
            FieldId::DiscountPercent,
        ] {
            assert!(!id.zh.is_empty() && !id.en.is_empty() && id.zh != id.en);
        }
        assert_ne!(
            FieldId::FromBin,
            FieldId::ToBin,
            "same words, different fields"
        );
    }
}
