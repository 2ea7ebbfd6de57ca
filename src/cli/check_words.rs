//! The words of `orderdesk check` in the user's language: each violation keeps its stable
//! name (scripts and tests match on it) and its detail with the keys and numbers, and
//! gets a sentence in the user's language saying what is wrong.

use crate::i18n::Lang;
use crate::ops::check::Violation;

/// What a check found, in Chinese, by the check's stable name.
fn summary_zh(check: &str) -> &'static str {
    match check {
        "integrity_check" => "数据库文件结构损坏",
        "foreign_key_check" => "有记录指向不存在的记录",
        "stock_levels_match_moves" => "库位库存与出入库记录不符",
        "product_on_hand_matches_levels" => "商品库存与各库位合计不符",
        "no_negative_stock" => "库存为负数",
        "reserved_within_on_hand" => "预留数量超过现有库存",
        "product_reserved_matches_reservations" => "商品的预留数量与预留记录不符",
        "line_reserved_matches_reservations" => "订单行的预留数量与预留记录不符",
        "reservation_product_matches_line" => "预留记录的商品与订单行不符",
        "product_backordered_matches_lines" => "商品的缺货数量与订单行不符",
        "no_reservation_before_approval" => "未审核的订单有预留",
        "open_reservations_on_open_orders" => "已结束的订单仍有预留",
        "approved_lines_fully_placed" => "已审核订单行的数量未全部预留或登记缺货",
        "cancelled_lines_hold_nothing" => "已取消的订单行仍占用库存",
        "line_quantities_consistent" => "订单行的数量前后不一致",
        "order_totals_match_lines" => "订单合计与各行不符",
        "counters_cover_numbers" => "订单编号超过了编号计数器，编号可能重复发出",
        "counters_cover_stock_documents" => "库存单据编号超过了编号计数器，编号可能重复发出",
        "audited_records_exist" => "审计日志提到的记录不存在",
        "order_numbers_well_formed" => "订单编号格式不对",
        "gram_counts_match_grams" => "名称搜索的字词计数与索引不符",
        "returned_within_delivered" => "退货数量超过了签收（或未签收）的数量",
        "line_returned_matches_returns" => "订单行的退货数量与退货单不符",
        "credit_notes_within_invoices" => "红字发票与发票的冲减金额不符，或超过了开票金额",
        "returns_credited_within_invoiced" => "退货冲减的数量超过了开票数量",
        "line_uninvoiced_matches_returns" => "订单行的退货未开票数量与退货单不符",
        "return_credit_matches_credit_note" => "退货单的冲账金额与红字发票不符",
        "return_moves_match_receipts" => "退货入库记录与退货收货不符",
        "return_lines_match_receipts" => "退货单行的收货数量与收货记录不符",
        "return_status_matches_lines" => "退货单状态与收货、冲账情况不符",
        "product_held_matches_levels" => "商品的不可售库存与退货区、待检区的库存不符",
        "reserved_within_sellable" => "预留数量超过了可售库存",
        "invoice_paid_matches_allocations" => "发票的已付金额与核销记录不符",
        "payment_allocated_matches_allocations" => "收款单的已核销金额与核销记录不符",
        "counters_cover_returns" => "退货单编号超过了编号计数器，编号可能重复发出",
        "exposure_matches_orders" => "客户的信用占用与已审核未开票的订单不符",
        _ => "数据前后不一致",
    }
}

/// One violation as a line of the report: `name: detail` in English, `name：说明（detail）`
/// in Chinese.
pub(super) fn violation_line(v: &Violation, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{}: {}", v.check, v.detail),
        Lang::Zh => format!("{}：{}（{}）", v.check, summary_zh(v.check), v.detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_violation_reads_in_chinese_and_keeps_its_name() {
        let v = Violation {
            check: "no_negative_stock",
            detail: "product 3: on hand -2".into(),
        };
        assert_eq!(
            violation_line(&v, Lang::Zh),
            "no_negative_stock：库存为负数（product 3: on hand -2）"
        );
        assert_eq!(
            violation_line(&v, Lang::En),
            "no_negative_stock: product 3: on hand -2"
        );
    }
}
