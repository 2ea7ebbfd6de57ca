//! The order confirmation (订单确认函) as a customer and a printer see it: every line
//! within the paper width, the content complete in either language, the HTML safe, the
//! files written, the printer command run.

use chrono::NaiveDate;

use orderdesk::domain::money::{
    line_amounts, order_totals, Discount, PriceMode, Qty, TaxRate, UnitPrice,
};
use orderdesk::domain::order::{Channel, OrderStage, Urgency};
use orderdesk::domain::terms::PaymentTerms;
use orderdesk::domain::text::display_width;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::orders::{OrderDetail, OrderLineView};
use orderdesk::print::{
    confirmation_html, confirmation_text, send_to_printer, write_confirmation, PrintError,
};

const LONG_NAME: &str = "永固不锈钢六角螺栓加长型工业级 A123";
const SKUS: [&str; 3] = ["BOLT-M8-30-A123", "NUT-M8", "TAPE-PVC-18"];
const NUMBER: &str = "SO-2026-000123";
const CUSTOMER: &str = "宏达建材商行";

/// A line of `[sku, name, spec, unit]`, its amounts computed as intake does.
fn line(
    no: i64,
    [sku, name, spec, unit]: [&str; 4],
    qty: &str,
    price: &str,
    discount_bp: i64,
    mode: PriceMode,
) -> OrderLineView {
    let qty = Qty::parse(qty).unwrap();
    let unit_price = UnitPrice::parse(price).unwrap();
    let amounts = line_amounts(
        qty,
        unit_price,
        Discount::from_bp(discount_bp).unwrap(),
        TaxRate::from_bp(1300).unwrap(),
        mode,
    )
    .unwrap();
    OrderLineView {
        line_no: no,
        product_id: no,
        sku: sku.into(),
        name: name.into(),
        spec: spec.into(),
        unit: unit.into(),
        qty,
        unit_price,
        discount_bp,
        tax_bp: 1300,
        amounts,
        reserved: Qty::ZERO,
        backordered: Qty::ZERO,
        picked: Qty::ZERO,
        shipped: Qty::ZERO,
        delivered: Qty::ZERO,
        invoiced: Qty::ZERO,
        returned: Qty::ZERO,
        cancelled: Qty::ZERO,
    }
}

/// An approved order of three lines (one discounted, one with a long Chinese name) with
/// every header field filled in.
fn order(mode: PriceMode) -> OrderDetail {
    let lines = vec![
        line(
            1,
            [SKUS[0], LONG_NAME, "M8×30", "个"],
            "100",
            "12.50",
            0,
            mode,
        ),
        line(
            2,
            [SKUS[1], "六角螺母", "M8", "个"],
            "200",
            "0.30",
            1000,
            mode,
        ),
        line(
            3,
            [SKUS[2], "电工胶带", "18mm×10m", "卷"],
            "2.5",
            "3.80",
            0,
            mode,
        ),
    ];
    let totals = order_totals(lines.iter().map(|l| l.amounts)).unwrap();
    OrderDetail {
        id: 42,
        number: Some(NUMBER.into()),
        stage: OrderStage::Approved,
        stage_reason: None,
        version: 3,
        company_name: "永固五金批发有限公司".into(),
        customer_id: 7,
        customer_code: "C0007".into(),
        customer_name: CUSTOMER.into(),
        customer_phone: Some("0571-88886666".into()),
        customer_address: Some("浙江省杭州市余杭区五常街道文一西路998号海创园18幢3楼".into()),
        channel: Channel::Phone,
        channel_ref: Some("TEL-0305".into()),
        customer_ref: Some("PO-7788".into()),
        order_date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        requested_date: NaiveDate::from_ymd_opt(2026, 3, 12),
        urgency: Urgency::Urgent,
        terms: PaymentTerms::MonthEndPlus(30),
        price_mode: mode,
        special: "请用木箱包装，每箱不超过25公斤；周六不收货，送货前请先电话联系仓库王师傅。"
            .into(),
        created_by: "张三".into(),
        lines,
        totals,
        timeline: vec![],
    }
}

fn assert_fits(text: &str, width: usize) {
    for l in text.lines() {
        assert!(
            display_width(l) <= width,
            "line of {} columns at width {width}: {l:?}\n{text}",
            display_width(l)
        );
    }
}

#[test]
fn every_line_fits_the_paper_in_both_languages() {
    let d = order(PriceMode::TaxInclusive);
    for lang in [Lang::Zh, Lang::En] {
        for width in [80, 42, 32, 60, 100] {
            assert_fits(&confirmation_text(&d, lang, width), width);
        }
    }
}

#[test]
fn amounts_are_right_aligned_at_the_paper_edge() {
    let d = order(PriceMode::TaxInclusive);
    let gross = d.totals.gross.to_string();
    assert_eq!(gross, "1,313.50");
    for width in [80, 42] {
        let text = confirmation_text(&d, Lang::Zh, width);
        let total = text
            .lines()
            .find(|l| l.contains("价税合计"))
            .expect("gross total line");
        assert!(total.ends_with(&gross), "{total:?}");
        assert_eq!(display_width(total), width, "{total:?}");
        // The first line's amount ends at the same column.
        let first = d.lines[0].amounts.gross.to_string();
        let row = text
            .lines()
            .find(|l| l.ends_with(&first))
            .expect("line amount");
        assert_eq!(display_width(row), width, "{row:?}");
    }
}

#[test]
fn the_text_says_what_was_ordered() {
    let d = order(PriceMode::TaxInclusive);
    for width in [80, 42] {
        let text = confirmation_text(&d, Lang::Zh, width);
        for needle in [
            NUMBER,
            CUSTOMER,
            "C0007",
            "2026-03-05",
            "2026-03-12",
            "PO-7788",
            "月结30天",
            "加急",
            "1,313.50",
            "订单确认函",
            "价税合计",
            "付款条件",
            "要求交货日期",
            "客户单号",
            "客户签字",
            "以上单价均为含税价",
            "-10%",
            "100 个",
            "2.5 卷",
            "12.50",
        ] {
            assert!(
                text.contains(needle),
                "{needle:?} missing at {width}:\n{text}"
            );
        }
        for sku in SKUS {
            assert!(text.contains(sku), "{sku} missing at {width}:\n{text}");
        }
    }
}

#[test]
fn the_long_name_is_cut_with_an_ellipsis_only_when_it_does_not_fit() {
    let d = order(PriceMode::TaxInclusive);
    let full = format!("{LONG_NAME} M8×30");
    for width in [80, 42] {
        let text = confirmation_text(&d, Lang::Zh, width);
        let row = text
            .lines()
            .find(|l| l.contains("永固不锈钢"))
            .expect("the long name");
        assert!(row.contains('…'), "{row:?}");
        assert!(!text.contains(&full), "{text}");
    }
    let wide = confirmation_text(&d, Lang::Zh, 132);
    assert!(wide.contains(&full), "{wide}");
    assert!(!wide.contains('…'), "{wide}");
}

#[test]
fn narrow_paper_puts_the_name_on_its_own_line() {
    let d = order(PriceMode::TaxInclusive);
    let amount = d.lines[0].amounts.gross.to_string();
    let find = |width| {
        confirmation_text(&d, Lang::Zh, width)
            .lines()
            .find(|l| l.contains("永固不锈钢"))
            .expect("the long name")
            .to_string()
    };
    let wide = find(80);
    assert!(wide.contains(SKUS[0]) && wide.contains(&amount), "{wide:?}");
    let narrow = find(42);
    assert!(!narrow.contains(SKUS[0]), "{narrow:?}");
    assert!(!narrow.contains(&amount), "{narrow:?}");
}

#[test]
fn chinese_and_english_labels_differ() {
    let d = order(PriceMode::TaxInclusive);
    let zh = confirmation_text(&d, Lang::Zh, 80);
    let en = confirmation_text(&d, Lang::En, 80);
    for label in [
        "ORDER CONFIRMATION",
        "Order no.",
        "Payment terms",
        "Month end + 30 days",
        "Total incl. tax",
        "Customer signature",
        "All unit prices include tax.",
    ] {
        assert!(en.contains(label), "{label:?} missing:\n{en}");
        assert!(!zh.contains(label), "{label:?} in the Chinese text");
    }
    for label in ["订单确认函", "订单号", "价税合计", "客户签字"] {
        assert!(!en.contains(label), "{label:?} in the English text:\n{en}");
    }
    // The data stays as entered in both.
    assert!(en.contains(CUSTOMER) && en.contains(NUMBER) && en.contains("1,313.50"));
}

#[test]
fn tax_exclusive_prices_show_net_amounts_and_say_so() {
    let d = order(PriceMode::TaxExclusive);
    let text = confirmation_text(&d, Lang::Zh, 80);
    assert!(!text.contains("以上单价均为含税价"), "{text}");
    assert!(text.contains("不含税"), "{text}");
    // 100 × 12.50 net, plus 13 % tax.
    assert!(text.contains("1,250.00"), "{text}");
    assert!(text.contains(&d.totals.gross.to_string()), "{text}");
    assert_eq!(d.totals.gross.to_string(), "1,484.26");
}

#[test]
fn no_discount_column_without_discounts() {
    let mut d = order(PriceMode::TaxInclusive);
    assert!(confirmation_text(&d, Lang::Zh, 80).contains("折扣"));
    d.lines.remove(1);
    let text = confirmation_text(&d, Lang::Zh, 80);
    assert!(!text.contains("折扣") && !text.contains("-10%"), "{text}");
}

#[test]
fn a_draft_says_draft_and_is_filed_by_its_id() {
    let mut d = order(PriceMode::TaxInclusive);
    d.number = None;
    d.stage = OrderStage::Draft;
    assert!(confirmation_text(&d, Lang::Zh, 42).contains("订单号：草稿"));
    assert!(confirmation_text(&d, Lang::En, 42).contains("Order no.: DRAFT"));
    let dir = tempfile::tempdir().unwrap();
    let (txt, html) = write_confirmation(dir.path(), &d, Lang::Zh).unwrap();
    assert_eq!(txt.file_name().unwrap(), "DRAFT-42.txt");
    assert_eq!(html.file_name().unwrap(), "DRAFT-42.html");
}

#[test]
fn special_requirements_are_wrapped_not_cut() {
    let d = order(PriceMode::TaxInclusive);
    for width in [80, 42] {
        let text = confirmation_text(&d, Lang::Zh, width);
        let start = text.find("特殊要求：").expect("special requirements");
        let wrapped: String = text[start..]
            .lines()
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect();
        assert_eq!(wrapped, d.special, "at {width}");
        if width == 42 {
            assert!(text[start..].lines().nth(2).unwrap().starts_with("  "));
        }
    }
}

#[test]
fn control_characters_never_reach_the_printer() {
    let mut d = order(PriceMode::TaxInclusive);
    d.customer_name = "宏达\x1b@建材\r\n商行".into();
    let text = confirmation_text(&d, Lang::Zh, 80);
    assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
    assert!(text.contains("宏达 @建材"), "{text}");
}

#[test]
fn html_is_a_complete_escaped_page() {
    let mut d = order(PriceMode::TaxInclusive);
    d.special = "<script>alert('x')</script> & \"quoted\"".into();
    d.customer_name = "A&B <五金>".into();
    let html = confirmation_html(&d, Lang::Zh);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("@media print"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
    );
    assert!(html.contains("A&amp;B &lt;五金&gt;"));
    for needle in [
        NUMBER,
        "订单确认函",
        "价税合计",
        "1,313.50",
        "客户签字",
        LONG_NAME,
        "M8×30",
    ] {
        assert!(html.contains(needle), "{needle:?} missing");
    }
    for sku in SKUS {
        assert!(html.contains(sku));
    }
    let en = confirmation_html(&d, Lang::En);
    assert!(en.contains("<html lang=\"en\">") && en.contains("ORDER CONFIRMATION"));
    assert!(!en.contains("订单确认函"));
}

#[test]
fn write_confirmation_creates_the_folder_and_both_files() {
    let d = order(PriceMode::TaxInclusive);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("prints").join("2026");
    let (txt, html) = write_confirmation(&dir, &d, Lang::Zh).unwrap();
    assert_eq!(txt, dir.join(format!("{NUMBER}.txt")));
    assert_eq!(html, dir.join(format!("{NUMBER}.html")));
    let text = std::fs::read_to_string(&txt).unwrap();
    assert_eq!(text, confirmation_text(&d, Lang::Zh, 80));
    assert_fits(&text, 80);
    assert_eq!(
        std::fs::read_to_string(&html).unwrap(),
        confirmation_html(&d, Lang::Zh)
    );
}

#[test]
fn write_confirmation_reports_a_folder_it_cannot_create() {
    let d = order(PriceMode::TaxInclusive);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let err = write_confirmation(&file.join("sub"), &d, Lang::Zh).unwrap_err();
    assert!(matches!(err, PrintError::CreateDir { .. }), "{err:?}");
    let zh = err.localized(Lang::Zh);
    let en = err.localized(Lang::En);
    assert!(
        zh.contains("无法创建文件夹") && zh.contains("not-a-folder"),
        "{zh}"
    );
    assert!(en.contains("Cannot create the folder"), "{en}");
}

#[cfg(unix)]
#[test]
fn the_printer_command_gets_the_text_on_standard_input() {
    let d = order(PriceMode::TaxInclusive);
    let text = confirmation_text(&d, Lang::Zh, 42);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("printed.txt");
    send_to_printer(&format!("cat > '{}'", out.display()), &text).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn a_failing_printer_command_is_reported_with_its_status() {
    let err = send_to_printer("false", "x").unwrap_err();
    match &err {
        PrintError::Failed { command, code, .. } => {
            assert_eq!(command, "false");
            assert_eq!(*code, Some(1));
        }
        other => panic!("{other:?}"),
    }
    assert!(err
        .localized(Lang::Zh)
        .contains("“false”执行失败（退出码 1）"));
    assert!(err
        .localized(Lang::En)
        .contains("\"false\" failed (exit code 1)"));

    let err =
        send_to_printer("echo 'printer offline' >&2; echo more >&2; exit 3", "x").unwrap_err();
    let msg = err.localized(Lang::En);
    assert!(
        msg.contains("exit code 3") && msg.contains("printer offline"),
        "{msg}"
    );
    match &err {
        PrintError::Failed { stderr, .. } => assert_eq!(stderr, "printer offline"),
        other => panic!("{other:?}"),
    }

    let err = send_to_printer("no-such-printer-command-xyz", "x").unwrap_err();
    assert!(
        matches!(
            err,
            PrintError::Failed {
                code: Some(127),
                ..
            }
        ),
        "{err:?}"
    );

    assert!(matches!(
        send_to_printer("  ", "x").unwrap_err(),
        PrintError::NoCommand
    ));
}

#[cfg(unix)]
#[test]
fn a_command_that_never_reads_its_input_does_not_hang() {
    // Much more than a pipe buffer: the writer must see the broken pipe, not block.
    let big = "打印测试\n".repeat(200_000);
    let err = send_to_printer("exit 2", &big).unwrap_err();
    assert!(
        matches!(err, PrintError::Failed { code: Some(2), .. }),
        "{err:?}"
    );
}

proptest::proptest! {
    #[test]
    fn any_text_at_any_usable_width_fits(
        width in 32usize..140,
        name in "[A-Za-z 宏达建材五金（）。<>&\\t\\n]{0,60}",
        special in "[A-Za-z 请用木箱包装，。；\\n]{0,200}",
        en in proptest::bool::ANY,
    ) {
        let mut d = order(PriceMode::TaxInclusive);
        d.customer_name = name;
        d.special = special;
        d.lines[2].name = "超长品名".repeat(10);
        let lang = if en { Lang::En } else { Lang::Zh };
        let text = confirmation_text(&d, lang, width);
        for l in text.lines() {
            proptest::prop_assert!(display_width(l) <= width, "{:?} at {}", l, width);
        }
        let gross = d.totals.gross.to_string();
        proptest::prop_assert!(text.contains(&gross));
    }
}
