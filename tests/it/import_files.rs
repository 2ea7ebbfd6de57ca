//! The everyday files of the order and payment imports: an Excel workbook's first
//! sheet and a CSV file saved in GBK read as Excel shows them, and the same file twice
//! creates nothing new; a workbook with merged cells, formulas or an empty sheet is
//! refused naming the cells, in both languages, with nothing changed.

// Amounts in fen are written yuan_fen (1234_60 is ¥1,234.60).
#![allow(clippy::inconsistent_digit_grouping)]

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use crate::world::*;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::import::{self, describe, import_orders, parse_csv};
use orderdesk::ops::{self, cash, Refusal};

/// A workbook of the rows given, each cell written by `put`.
fn workbook(put: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    put(sheet);
    book.save_to_buffer().expect("a workbook")
}

fn orders_count(w: &World) -> i64 {
    count_rows(&w.db, "orders")
}

const ORDER_HEADER: [&str; 7] = [
    "channel",
    "channel_ref",
    "customer",
    "requested_date",
    "product",
    "qty",
    "unit_price",
];

/// Two orders: the first of two lines (one product given by its barcode, read by Excel
/// as a number), with a requested date typed as a date and numbers typed as numbers.
fn order_book(customer: &str) -> Vec<u8> {
    let customer = customer.to_string();
    workbook(move |s| {
        let date = Format::new().set_num_format("yyyy/m/d");
        for (c, h) in ORDER_HEADER.iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        let day = ExcelDateTime::from_ymd(2031, 1, 15).unwrap();
        for (r, (reference, product, qty)) in [
            ("XL-1", None, 3.0),
            ("XL-1", Some(6901234567892.0), 2.0),
            ("XL-2", None, 10.0),
        ]
        .into_iter()
        .enumerate()
        {
            let r = r as u32 + 1;
            s.write_string(r, 0, "web").unwrap();
            s.write_string(r, 1, reference).unwrap();
            s.write_string(r, 2, &customer).unwrap();
            s.write_datetime_with_format(r, 3, &day, &date).unwrap();
            match product {
                Some(ean) => s.write_number(r, 4, ean).unwrap(),
                None => s.write_string(r, 4, PLAIN_SKU).unwrap(),
            };
            s.write_number(r, 5, qty).unwrap();
            s.write_number(r, 6, 4.5).unwrap();
        }
    })
}

#[test]
fn an_order_workbook_imports_as_excel_shows_it_and_a_second_time_creates_nothing() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w.customer("表格客户").create();
    let before = orders_count(&w);
    let bytes = order_book(&cu);
    let read = import::parse_xlsx(&bytes).expect("the sheet reads");
    assert_eq!(read.len(), 2, "two orders");
    let first = &read[0].order;
    assert_eq!(
        first.requested_date, "2031-01-15",
        "a date cell reads as a date"
    );
    assert_eq!(
        first.lines[1].product, PLAIN_EAN,
        "a barcode read as a number stays digits"
    );
    assert_eq!(
        first.lines[1].qty, "2",
        "a whole number without a decimal point"
    );
    assert_eq!(first.lines[1].unit_price, "4.5");
    assert_eq!(
        read[0].line_at[1],
        import::Location::Lines(vec![3]),
        "sheet rows as lines"
    );

    let report = import_orders(&w.db, &w.sales, &read, false).expect("imported");
    assert_eq!(report.imported.len(), 2);
    assert_eq!(orders_count(&w), before + 2);
    let d = ops::orders::order_detail(&w.db, report.imported[0].id).unwrap();
    assert_eq!(d.lines.len(), 2);
    assert_eq!(d.lines[1].qty.to_string(), "2");
    assert_eq!(d.lines[0].unit_price.as_decimal().to_string(), "4.5000");

    let again = import_orders(&w.db, &w.sales, &import::parse_xlsx(&bytes).unwrap(), false)
        .expect("a second import");
    assert!(again.imported.is_empty());
    assert_eq!(again.already_imported.len(), 2);
    assert_eq!(orders_count(&w), before + 2, "nothing new");
    assert_consistent(&w.db);
}

#[test]
fn a_gbk_csv_of_orders_imports_once() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let cu = w.customer("华信五金").create();
    let text = format!(
        "channel,channel_ref,customer,product,qty,special\nweb,GBK-1,{cu},{PLAIN_SKU},2,送货前请电话联系\n"
    );
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK");
    let read = parse_csv(&gbk).expect("GBK is read");
    assert_eq!(read[0].order.special, "送货前请电话联系");
    let before = orders_count(&w);
    import_orders(&w.db, &w.sales, &read, false).expect("imported");
    let again = import_orders(&w.db, &w.sales, &parse_csv(&gbk).unwrap(), false).unwrap();
    assert_eq!(again.already_imported.len(), 1);
    assert_eq!(orders_count(&w), before + 1);
}

fn refusal_of(e: &ops::Error) -> Refusal {
    e.refusal()
        .cloned()
        .unwrap_or_else(|| panic!("not a refusal: {e:?}"))
}

#[test]
fn merged_cells_formulas_and_an_empty_sheet_are_refused_naming_the_cells() {
    let w = world();
    let cu = w.customer("表格客户").create();
    let before = orders_count(&w);

    let merged = workbook(|s| {
        for (c, h) in ORDER_HEADER.iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        s.merge_range(1, 0, 2, 0, "web", &Format::new()).unwrap();
        s.write_string(1, 1, "M-1").unwrap();
    });
    let errors = import::parse_xlsx(&merged).expect_err("merged cells are refused");
    let zh = describe(&errors, Lang::Zh);
    let en = describe(&errors, Lang::En);
    assert!(zh.contains("合并单元格") && zh.contains("A2:A3"), "{zh}");
    assert!(en.contains("merged") && en.contains("A2:A3"), "{en}");
    assert!(en.contains("Nothing was imported"));

    let formula = workbook(|s| {
        for (c, h) in ORDER_HEADER.iter().enumerate() {
            s.write_string(0, c as u16, *h).unwrap();
        }
        s.write_string(1, 0, "web").unwrap();
        s.write_string(1, 1, "F-1").unwrap();
        s.write_string(1, 2, &cu).unwrap();
        s.write_string(1, 4, PLAIN_SKU).unwrap();
        s.write_formula(1, 5, Formula::new("=2*6").set_result("12"))
            .unwrap();
    });
    let errors = import::parse_xlsx(&formula).expect_err("formulas are refused");
    let en = describe(&errors, Lang::En);
    assert!(en.contains("formula") && en.contains("F2"), "{en}");
    assert!(describe(&errors, Lang::Zh).contains("选择性粘贴"));

    let empty = workbook(|_| {});
    let errors = import::parse_xlsx(&empty).expect_err("an empty sheet is refused");
    assert!(describe(&errors, Lang::En).contains("empty"));
    let errors = import::parse_xlsx(b"PK\x03\x04 not really").expect_err("no workbook");
    assert!(describe(&errors, Lang::En).contains("not a valid Excel workbook"));
    assert_eq!(orders_count(&w), before, "nothing changed");

    // The payment import refuses the same sheets, by variant.
    for (bytes, is) in [
        (&merged, "merged"),
        (&formula, "formula"),
        (&empty, "empty"),
    ] {
        let e = cash::parse_payments(bytes).expect_err("refused");
        let r = refusal_of(&e);
        match is {
            "merged" => assert!(
                matches!(&r, Refusal::SheetMerged { range, .. } if range == "A2:A3"),
                "{r:?}"
            ),
            "formula" => assert!(
                matches!(&r, Refusal::SheetFormulas { cell, count: 1, .. } if cell == "F2"),
                "{r:?}"
            ),
            _ => assert!(matches!(r, Refusal::SheetEmpty { .. }), "{r:?}"),
        }
        assert_ne!(e.localized(Lang::Zh), e.localized(Lang::En));
    }
}

#[test]
fn a_payment_workbook_records_each_payment_once() {
    let w = world();
    let cu = w.customer("付款客户").create();
    let bytes = workbook(|s| {
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (c, h) in ["日期", "付款方", "金额", "方式", "流水号"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        let today = company_today();
        let day = ExcelDateTime::parse_from_str(&today.to_string()).unwrap();
        for (r, (amount, reference)) in [(1234.5, "B-001"), (0.1, "B-002")].into_iter().enumerate()
        {
            let r = r as u32 + 1;
            s.write_datetime_with_format(r, 0, &day, &date).unwrap();
            s.write_string(r, 1, &cu).unwrap();
            s.write_number(r, 2, amount).unwrap();
            s.write_string(r, 3, "银行转账").unwrap();
            s.write_string(r, 4, reference).unwrap();
        }
    });
    let rows = cash::parse_payments(&bytes).expect("the sheet reads");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].amount, "1234.5");
    assert_eq!(
        rows[1].amount, "0.1",
        "a number as typed, not 0.1000000000000000055"
    );
    assert_eq!(rows[0].date, company_today().to_string());
    assert_eq!(rows[0].line, 2);
    let done = cash::import_payments(&w.db, &w.finance, &rows, Lang::En).unwrap();
    assert_eq!(done.recorded.len(), 2, "{done:?}");
    let again = cash::import_payments(&w.db, &w.finance, &rows, Lang::En).unwrap();
    assert!(again.recorded.is_empty());
    assert_eq!(again.already.len(), 2);
    let total: i64 =
        w.db.conn()
            .query_row("SELECT SUM(amount_minor) FROM payments", [], |r| r.get(0))
            .unwrap();
    assert_eq!(total, 1234_60, "¥1,234.50 + ¥0.10, once each");
    assert_consistent(&w.db);
}
