//! Importing orders from CSV and JSON files as a user does: orders get their numbers,
//! importing twice creates nothing new, one bad order refuses the file (or, with
//! `partial`, only itself), and every refusal names the file's line and says why in both
//! languages.

use std::path::Path;
use std::process::{Command, Output};

use chrono::Datelike;

use crate::world::*;
use orderdesk::domain::money::{Money, Qty, UnitPrice};
use orderdesk::domain::order::{Channel, OrderStage, Urgency};
use orderdesk::domain::terms::PaymentTerms;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::import::{
    import_orders, parse_csv, parse_json, Format, ImportFailure, ImportReport, ImportedOrder,
    Location, RowError,
};
use orderdesk::ops::{self, Actor};
use orderdesk::store::Db;

const HEADER: &str = "channel,channel_ref,customer,customer_ref,requested_date,urgency,terms,special,product,qty,unit_price,discount";

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).expect("fixture")
}

fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The test company with the customers the fixtures name: HX001 and SD002 active,
/// BK003 blocked. The products are the world's BOLT-M8 (EAN 6901234567892, 1.20, 13%)
/// and GLUE-502 (5.00).
fn shop() -> World {
    let w = world();
    for (code, name) in [("HX001", "华信建材商行"), ("SD002", "顺达装饰工程有限公司")]
    {
        w.customer(name).code(code).terms("net:30").create();
    }
    w.customer("欠款五金店")
        .code("BK003")
        .terms("net:30")
        .blocked("欠款未还")
        .create();
    w
}

fn so(n: u32) -> String {
    format!("SO-{}-{n:06}", company_today().year())
}

fn orders(db: &Db) -> i64 {
    count_rows(db, "orders")
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}

fn import(
    w: &World,
    actor: &Actor,
    parsed: &[ImportedOrder],
    partial: bool,
) -> Result<ImportReport, ImportFailure> {
    let r = import_orders(&w.db, actor, parsed, partial);
    assert_consistent(&w.db);
    r
}

fn import_csv(w: &World, bytes: &[u8], partial: bool) -> Result<ImportReport, ImportFailure> {
    import(
        w,
        &w.sales,
        &parse_csv(bytes).expect("the file parses"),
        partial,
    )
}

fn refused(r: Result<ImportReport, ImportFailure>) -> (ImportReport, usize) {
    match r {
        Err(ImportFailure::Refused { report, good }) => {
            assert!(report.imported.is_empty());
            (report, good)
        }
        other => panic!("expected the file to be refused, got {other:?}"),
    }
}

fn assert_all_bilingual(report: &ImportReport) {
    for e in report.errors() {
        assert_bilingual(e);
    }
}

fn file_errors(r: Result<Vec<ImportedOrder>, Vec<RowError>>) -> Vec<RowError> {
    let errors = r.expect_err("the file should be refused");
    assert!(!errors.is_empty());
    for e in &errors {
        assert_bilingual(e);
    }
    errors
}

fn en(e: &impl Localized) -> String {
    e.localized(Lang::En)
}

fn zh(e: &impl Localized) -> String {
    e.localized(Lang::Zh)
}

/// The bad file: four good-looking orders, an unknown SKU on line 5 (order W-2) and
/// letters in the quantity on line 7 (order E-2).
fn bad_file() -> Vec<u8> {
    csv(&[
        "web,W-1,HX001,,,,,,BOLT-M8,5,,",      // line 2
        "web,W-1,HX001,,,,,,GLUE-502,1,,",     // line 3
        "web,W-2,HX001,,,,,,BOLT-M8,3,,",      // line 4
        "web,W-2,HX001,,,,,,NO-SUCH,1,,",      // line 5
        "email,E-1,SD002,,,,,,BOLT-M8,2,,",    // line 6
        "email,E-2,SD002,,,,,,GLUE-502,abc,,", // line 7
        "chat,C-1,SD002,,,,,,BOLT-M8,1,,",     // line 8
    ])
}

#[test]
fn csv_import_creates_submitted_orders_with_numbers() {
    let w = shop();
    let report = import_csv(&w, &fixture("orders.csv"), false).expect("import");
    assert!(report.already_imported.is_empty() && report.refused.is_empty());
    let numbers: Vec<&str> = report.imported.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, [so(1), so(2), so(3)]);
    assert_eq!(report.imported[0].at, Location::Lines(vec![2, 3]));
    assert_eq!(report.imported[2].at, Location::Lines(vec![5]));
    assert_eq!(orders(&w.db), 3);
    let text = en(&report);
    assert!(
        text.contains(&format!("web TM-20261128-0001 → {}", so(1))),
        "{text}"
    );
    assert!(text.contains("Imported 3 orders"), "{text}");
    assert!(zh(&report).contains("已导入 3 张订单"));

    let first = ops::orders::order_detail(&w.db, report.imported[0].id).expect("order 1");
    assert_eq!(first.number.as_deref(), Some(so(1).as_str()));
    assert_eq!(first.stage, OrderStage::Submitted);
    assert_eq!(first.channel, Channel::Web);
    assert_eq!(first.channel_ref.as_deref(), Some("TM-20261128-0001"));
    assert_eq!(first.customer_code, "HX001");
    assert_eq!(first.customer_ref.as_deref(), Some("PO-7781"));
    assert_eq!(first.created_by, SALES_NAME);
    assert_eq!(
        first.terms,
        PaymentTerms::NetDays(30),
        "the customer's terms"
    );
    assert_eq!(first.lines.len(), 2);
    let (bolt, glue) = (&first.lines[0], &first.lines[1]);
    assert_eq!(
        (bolt.sku.as_str(), bolt.qty),
        (PLAIN_SKU, Qty::from_int(100))
    );
    assert_eq!(
        bolt.unit_price,
        UnitPrice::parse("1.20").unwrap(),
        "list price"
    );
    assert_eq!(bolt.amounts.gross, Money::parse("120.00").unwrap());
    assert_eq!((glue.sku.as_str(), glue.qty), (LOT_SKU, Qty::from_int(10)));
    assert_eq!(glue.unit_price, UnitPrice::parse("4.50").unwrap());
    assert_eq!(glue.discount_bp, 500);
    assert_eq!(glue.amounts.gross, Money::parse("42.75").unwrap());
    assert_eq!(first.totals.gross, Money::parse("162.75").unwrap());

    let second = ops::orders::order_detail(&w.db, report.imported[1].id).expect("order 2");
    assert_eq!(second.channel, Channel::Email);
    assert_eq!(second.customer_code, "SD002");
    assert_eq!(second.urgency, Urgency::Urgent);
    assert_eq!(second.special, "送货前请电话联系");
    assert_eq!(second.lines[0].sku, PLAIN_SKU, "found by its EAN-13");
    assert_eq!(second.totals.gross, Money::parse("55.00").unwrap());

    let third = ops::orders::order_detail(&w.db, report.imported[2].id).expect("order 3");
    assert_eq!(third.channel, Channel::Chat);
    assert_eq!(third.urgency, Urgency::Critical);
    assert_eq!(third.special, "门市自提, 请备好发票");
    assert_eq!(third.lines[0].qty, Qty::from_int(1000), "\"1,000\"");
    assert_eq!(third.lines[0].discount_bp, 250);
    assert_eq!(third.totals.gross, Money::parse("975.00").unwrap());
}

#[test]
fn importing_the_same_file_again_creates_nothing() {
    let w = shop();
    let first = import_csv(&w, &fixture("orders.csv"), false).expect("first import");
    let again = import_csv(&w, &fixture("orders.csv"), false).expect("second import");
    assert!(again.imported.is_empty() && again.refused.is_empty());
    assert_eq!(again.already_imported.len(), 3);
    for (a, b) in first.imported.iter().zip(&again.already_imported) {
        assert_eq!((a.id, Some(&a.number)), (b.id, b.number.as_ref()));
        assert_eq!((a.channel, &a.channel_ref), (b.channel, &b.channel_ref));
    }
    assert_eq!(orders(&w.db), 3);
    let text = en(&again);
    assert!(
        text.contains(&format!(
            "web TM-20261128-0001: already imported as {}",
            so(1)
        )),
        "{text}"
    );
    assert!(
        text.contains("Imported 0 orders, already imported 3"),
        "{text}"
    );
    // A byte-order mark (Excel's "CSV UTF-8") changes nothing, and no number was used up.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(fixture("orders.csv"));
    let third = import_csv(&w, &bom, false).expect("with a BOM");
    assert_eq!(third.already_imported.len(), 3);
    let next = import_csv(&w, &csv(&["fax,F-1,HX001,,,,,,BOLT-M8,1,,"]), false).unwrap();
    assert_eq!(next.imported[0].number, so(4));
}

#[test]
fn one_bad_order_refuses_the_whole_file_and_names_every_bad_line() {
    let w = shop();
    let (report, good) = refused(import_csv(&w, &bad_file(), false));
    assert_eq!(good, 3);
    assert_eq!(report.refused.len(), 2);
    assert_eq!(report.refused_lines(), [5, 7]);
    assert_eq!(report.refused[0].at, Location::Lines(vec![4, 5]));
    assert_all_bilingual(&report);
    assert_eq!(orders(&w.db), 0, "nothing was imported");

    let failure = import_csv(&w, &bad_file(), false).expect_err("refused");
    assert_bilingual(&failure);
    let text = en(&failure);
    assert!(text.contains("Line 5: no product \"NO-SUCH\""), "{text}");
    assert!(
        text.contains("Line 7: qty: \"abc\" is not a number"),
        "{text}"
    );
    assert!(
        text.contains("Nothing was imported: 2 orders have errors (3 are fine"),
        "{text}"
    );
    let text = zh(&failure);
    assert!(text.contains("第 5 行：找不到商品“NO-SUCH”"), "{text}");
    assert!(
        text.contains("第 7 行：数量（qty）：“abc”不是有效的数字"),
        "{text}"
    );
    assert!(text.contains("未导入任何订单"), "{text}");

    // The refused import used up no order number.
    let ok = import_csv(&w, &fixture("orders.csv"), false).expect("good file");
    assert_eq!(ok.imported[0].number, so(1));
}

#[test]
fn partial_imports_the_good_orders_and_reports_the_rest() {
    let w = shop();
    let report = import_csv(&w, &bad_file(), true).expect("partial import");
    let refs: Vec<&str> = report
        .imported
        .iter()
        .map(|o| o.channel_ref.as_str())
        .collect();
    assert_eq!(refs, ["W-1", "E-1", "C-1"]);
    let numbers: Vec<&str> = report.imported.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(
        numbers,
        [so(1), so(2), so(3)],
        "gapless despite the refusals"
    );
    assert_eq!(report.refused_lines(), [5, 7]);
    assert_all_bilingual(&report);
    assert_eq!(orders(&w.db), 3);
    let text = en(&report);
    assert!(
        text.contains("Imported 3 orders, already imported 0 (skipped), refused 2."),
        "{text}"
    );

    // Again: the good ones are skipped, the bad ones refused again.
    let again = import_csv(&w, &bad_file(), true).expect("again");
    assert_eq!((again.imported.len(), again.already_imported.len()), (0, 3));
    assert_eq!(again.refused_lines(), [5, 7]);

    // Fixed, the whole file goes through: only the two missing orders are created.
    let fixed = String::from_utf8(bad_file())
        .unwrap()
        .replace("NO-SUCH", "BOLT-M8")
        .replace("abc", "4");
    let done = import_csv(&w, fixed.as_bytes(), false).expect("fixed file");
    let refs: Vec<&str> = done
        .imported
        .iter()
        .map(|o| o.channel_ref.as_str())
        .collect();
    assert_eq!(refs, ["W-2", "E-2"]);
    assert_eq!(done.already_imported.len(), 3);
    assert_eq!(orders(&w.db), 5);
}

#[test]
fn intake_and_row_errors_name_their_lines() {
    let w = shop();
    let yesterday = days_from_today(-1);
    let past = format!("web,K-3,HX001,,{yesterday},,,,BOLT-M8,1,,");
    let report = import_csv(
        &w,
        &csv(&[
            "web,K-1,NOBODY,,,,,,BOLT-M8,1,,",    // 2: unknown customer
            "web,K-2,BK003,,,,,,BOLT-M8,1,,",     // 3: blocked customer
            &past,                                // 4: requested date in the past
            "web,K-4,HX001,,,,,,BOLT-M8,1,,",     // 5
            "web,K-4,SD002,,,,,,GLUE-502,1,,",    // 6: another customer in the same order
            "web,,HX001,,,,,,BOLT-M8,1,,",        // 7: no channel_ref
            "taobao,K-5,HX001,,,,,,BOLT-M8,1,,",  // 8: unknown channel
            "WEB,K-6,HX001,,,加急,,,BOLT-M8,1,,", // 9: good
            "web,K-1,HX001,,,,,,BOLT-M8,1,,",     // 10: K-1 again, apart from its rows
            "web,K-7,HX001,,,,,,BOLT-M8,0,,",     // 11: zero quantity
        ]),
        true,
    )
    .expect("partial import");
    assert_eq!(report.imported.len(), 1);
    assert_eq!(report.imported[0].channel_ref, "K-6");
    let detail = ops::orders::order_detail(&w.db, report.imported[0].id).unwrap();
    assert_eq!(detail.urgency, Urgency::Urgent, "加急");
    assert_all_bilingual(&report);
    let expect: [(Vec<u64>, &str); 8] = [
        (vec![2], "NOBODY"),
        (vec![3], "blocked"),
        (vec![4], "past"),
        (
            vec![6],
            "customer \"SD002\" differs from \"HX001\" on line 5",
        ),
        (vec![7], "no channel_ref"),
        (vec![8], "channel \"taobao\" is not valid"),
        (vec![10], "already appears at line 2"),
        (vec![11], "qty: \"0\" must be greater than zero"),
    ];
    assert_eq!(report.refused.len(), expect.len(), "{}", en(&report));
    for (r, (lines, words)) in report.refused.iter().zip(expect) {
        let text: Vec<String> = r.errors.iter().map(en).collect();
        let text = text.join(" | ");
        assert!(text.contains(words), "{lines:?}: {text}");
        let named: Vec<u64> = r.errors.iter().flat_map(|e| e.at.lines()).collect();
        assert!(named.iter().all(|l| lines.contains(l)), "{lines:?}: {text}");
        assert!(named.contains(&lines[0]), "{lines:?}: {text}");
    }
    assert_eq!(orders(&w.db), 1);
}

#[test]
fn json_import_works_the_same() {
    let w = shop();
    let parsed = parse_json(&fixture("orders.json")).expect("parses");
    let report = import(&w, &w.sales, &parsed, false).expect("import");
    let numbers: Vec<&str> = report.imported.iter().map(|o| o.number.as_str()).collect();
    assert_eq!(numbers, [so(1), so(2), so(3)]);
    assert_eq!(report.imported[1].at, Location::Order(2));
    assert_eq!(
        report.imported[2].channel_ref, "5522",
        "a number as reference"
    );

    let first = ops::orders::order_detail(&w.db, report.imported[0].id).unwrap();
    assert_eq!(first.customer_ref.as_deref(), Some("PO-7790"));
    assert_eq!(first.lines.len(), 2);
    assert_eq!(first.lines[0].qty, Qty::from_int(200));
    assert_eq!(first.totals.gross, Money::parse("268.80").unwrap());
    let second = ops::orders::order_detail(&w.db, report.imported[1].id).unwrap();
    assert_eq!(second.terms, PaymentTerms::MonthEndPlus(30), "月结30天");
    assert_eq!(second.special, "请用木箱包装");
    assert_eq!(second.lines[0].sku, PLAIN_SKU);
    assert_eq!(second.lines[0].unit_price, UnitPrice::parse("1.1").unwrap());
    assert_eq!(second.lines[0].discount_bp, 1000);
    assert_eq!(second.totals.gross, Money::parse("24.75").unwrap());
    let third = ops::orders::order_detail(&w.db, report.imported[2].id).unwrap();
    assert_eq!(
        (third.channel, third.urgency),
        (Channel::Chat, Urgency::Urgent)
    );
    assert_eq!(third.totals.gross, Money::parse("60.00").unwrap());

    let again = import(&w, &w.sales, &parsed, false).expect("again");
    assert_eq!((again.imported.len(), again.already_imported.len()), (0, 3));
    assert_eq!(orders(&w.db), 3);
}

#[test]
fn json_errors_name_the_order_and_its_line() {
    let w = shop();
    let text = r#"[
      { "channel": "web", "channel_ref": "J-1", "customer": "HX001",
        "lines": [ { "product": "BOLT-M8", "qty": 1 } ] },
      { "channel": "web", "channel_ref": "J-2", "customer": "HX001",
        "lines": [ { "product": "BOLT-M8", "qty": 1 }, { "product": "NO-SUCH", "qty": 1 } ] },
      { "channel": "web", "channel_ref": "J-3", "customer": "HX001",
        "lines": [ { "product": "BOLT-M8", "qty": "many" } ] },
      { "channel": "web", "channel_ref": "J-4", "customer": "HX001", "colour": "red",
        "lines": [ { "product": "BOLT-M8", "qty": 1 } ] },
      { "channel": "web", "customer": "HX001",
        "lines": [ { "product": "BOLT-M8", "qty": 1 } ] },
      { "channel": "web", "channel_ref": "J-6", "customer": "HX001", "lines": [] }
    ]"#;
    let parsed = parse_json(text.as_bytes()).expect("well-formed JSON");
    let (report, good) = refused(import(&w, &w.sales, &parsed, false));
    assert_eq!(good, 1);
    assert_all_bilingual(&report);
    let places: Vec<Vec<Location>> = report
        .refused
        .iter()
        .map(|r| r.errors.iter().map(|e| e.at.clone()).collect())
        .collect();
    assert_eq!(
        places,
        [
            vec![Location::OrderLine { order: 2, line: 2 }],
            vec![Location::OrderLine { order: 3, line: 1 }],
            vec![Location::Order(4)],
            vec![Location::Order(5)],
            vec![Location::Order(6)],
        ]
    );
    let all: Vec<String> = report.errors().map(en).collect();
    assert!(
        all[0].starts_with("Order 2, line 2: no product \"NO-SUCH\""),
        "{all:?}"
    );
    assert!(all[1].contains("qty: \"many\" is not a number"), "{all:?}");
    assert!(all[2].contains("unknown field `colour`"), "{all:?}");
    assert!(all[3].contains("no channel_ref"), "{all:?}");
    assert!(all[4].contains("no lines"), "{all:?}");
    assert!(zh(&report.refused[0].errors[0]).starts_with("第 2 张订单第 2 行："));
    assert_eq!(orders(&w.db), 0);
}

#[test]
fn file_errors_are_clear_in_both_languages() {
    // An unknown column, named, with the columns that exist.
    let text = format!("{HEADER},colour\nweb,X-1,HX001,,,,,,BOLT-M8,1,,,red\n");
    let errors = file_errors(parse_csv(text.as_bytes()));
    assert_eq!(errors[0].at, Location::Lines(vec![1]));
    assert!(
        en(&errors[0]).contains("unknown column \"colour\""),
        "{errors:?}"
    );
    assert!(zh(&errors[0]).contains("未知的列“colour”"), "{errors:?}");

    // Header names in any case and order; a missing required column is named.
    let ok = parse_csv(b"QTY,Product,Customer,Channel,Channel_Ref\n2,BOLT-M8,HX001,web,X-1\n")
        .expect("any case and order");
    assert_eq!(ok[0].order.lines[0].qty, "2");
    assert_eq!(ok[0].order.channel_ref, "X-1");
    let errors = file_errors(parse_csv(
        b"channel,customer,product,qty\nweb,HX001,BOLT-M8,1\n",
    ));
    assert!(
        en(&errors[0]).contains("lacks the required columns channel_ref"),
        "{errors:?}"
    );

    // GBK bytes, as Excel in China saves: "华信" is BB AA D0 C5.
    let mut gbk = format!("{HEADER}\nweb,G-1,HX001,,,,,").into_bytes();
    gbk.extend([0xBB, 0xAA, 0xD0, 0xC5]);
    gbk.extend(b",BOLT-M8,1,,\n");
    let read = parse_csv(&gbk).expect("GBK is read as Excel wrote it");
    assert_eq!(read[0].order.special, "华信");
    // Bytes that are neither UTF-8 nor GBK are refused at their line.
    let mut garbled =
        format!("{HEADER}\nweb,G-1,HX001,,,,,ok,BOLT-M8,1,,\nweb,G-2,HX001,,,,,").into_bytes();
    garbled.extend([0x81, 0x20]);
    garbled.extend(b",BOLT-M8,1,,\n");
    let errors = file_errors(parse_csv(&garbled));
    assert_eq!(errors[0].at, Location::Lines(vec![3]));
    assert!(
        zh(&errors[0]).contains("既不是 UTF-8 也不是 GBK"),
        "{errors:?}"
    );
    assert!(en(&errors[0]).contains("CSV UTF-8"), "{errors:?}");

    // An empty file.
    let errors = file_errors(parse_csv(b""));
    assert!(en(&errors[0]).contains("empty"), "{errors:?}");

    // Malformed JSON: serde's line and column.
    let bad =
        b"[\n  { \"channel\": \"web\",\n    \"channel_ref\": \"X-1\" \"customer\": \"HX001\" }\n]";
    let errors = file_errors(parse_json(bad));
    assert!(
        matches!(errors[0].at, Location::Text { line: 3, .. }),
        "{errors:?}"
    );
    assert!(en(&errors[0]).starts_with("Line 3, column"), "{errors:?}");
    assert!(en(&errors[0]).contains("malformed JSON"), "{errors:?}");
    assert!(zh(&errors[0]).contains("JSON 格式错误"), "{errors:?}");
    let errors = file_errors(parse_json(b"{\"channel\": \"web\"}"));
    assert!(en(&errors[0]).contains("array of orders"), "{errors:?}");
    let errors = file_errors(parse_json(b"[\x81\x20]"));
    assert!(
        en(&errors[0]).contains("neither UTF-8 nor GBK"),
        "{errors:?}"
    );

    // The format is chosen by the extension.
    assert_eq!(Format::of_path(Path::new("a/Orders.CSV")), Ok(Format::Csv));
    assert_eq!(Format::of_path(Path::new("orders.json")), Ok(Format::Json));
    assert_eq!(Format::of_path(Path::new("orders.XLSX")), Ok(Format::Xlsx));
    let e = Format::of_path(Path::new("orders.xls")).expect_err("refused");
    assert_bilingual(&e);
    assert!(en(&e).contains("only .csv, .xlsx and .json"), "{}", en(&e));
}

#[test]
fn a_warehouse_user_cannot_import() {
    let w = shop();
    let parsed = parse_csv(&fixture("orders.csv")).unwrap();
    for partial in [false, true] {
        match import(&w, &w.warehouse, &parsed, partial) {
            Err(e @ ImportFailure::Failed(ops::Error::PermissionDenied { .. })) => {
                assert_bilingual(&e)
            }
            other => panic!("expected permission denied, got {other:?}"),
        }
    }
    assert_eq!(orders(&w.db), 0);
    // Already imported orders do not slip past the permission either.
    import(&w, &w.sales, &parsed, false).expect("sales may import");
    assert!(matches!(
        import(&w, &w.warehouse, &parsed, false),
        Err(ImportFailure::Failed(ops::Error::PermissionDenied { .. }))
    ));
}

fn orderdesk(dir: &Path, db: &Path, user: &str, lang: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
    // An empty configuration: the user's own must not leak in.
    let cfg = dir.join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    c.arg("--config")
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .args(["--lang", lang, "--user", user])
        .env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .env("ORDERDESK_PASSWORD", PASSWORD);
    c
}

fn run(c: &mut Command, args: &[&str]) -> (Option<i32>, String, String) {
    let o: Output = c.args(args).output().expect("run orderdesk");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_command_line_import() {
    let w = shop();
    let (dir, path) = (w.dir.path().to_path_buf(), w.path.clone());
    let cmd = |user: &str, lang: &str| orderdesk(&dir, &path, user, lang);
    let csv_file = fixture_path("orders.csv");

    let (code, out, err) = run(&mut cmd("sales", "en"), &["import", "orders", &csv_file]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains(&format!("web TM-20261128-0001 → {}", so(1))),
        "{out}"
    );
    assert!(
        out.contains("Imported 3 orders, already imported 0 (skipped), refused 0."),
        "{out}"
    );

    let (code, out, err) = run(&mut cmd("sales", "zh-CN"), &["import", "orders", &csv_file]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("已导入 0 张订单，以前已导入 3 张"), "{out}");

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, bad_file()).unwrap();
    let bad = bad.to_str().unwrap();
    let (code, out, err) = run(&mut cmd("sales", "en"), &["import", "orders", bad]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains("Line 5: no product \"NO-SUCH\""), "{err}");
    assert!(
        err.contains("Line 7: qty: \"abc\" is not a number"),
        "{err}"
    );
    assert!(err.contains("Nothing was imported"), "{err}");
    assert_eq!(orders(&w.db), 3);

    let (code, out, err) = run(
        &mut cmd("sales", "en"),
        &["import", "orders", bad, "--partial"],
    );
    assert_eq!(code, Some(1), "refusals give exit status 1: {out}{err}");
    assert!(
        out.contains("Imported 3 orders, already imported 0 (skipped), refused 2."),
        "{out}"
    );
    assert!(
        out.contains("Line 5: no product") && out.contains("Line 7: qty"),
        "{out}"
    );
    assert_eq!(orders(&w.db), 6);

    let (code, out, err) = run(&mut cmd("sales", "en"), &["import", "orders", "orders.xls"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains("only .csv, .xlsx and .json"), "{err}");

    let json_file = fixture_path("orders.json");
    let (code, out, err) = run(
        &mut cmd("warehouse", "en"),
        &["import", "orders", &json_file],
    );
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains("Permission denied"), "{err}");
    assert_eq!(orders(&w.db), 6);
    assert_consistent(&w.db);
}

/// JSON numbers are read as the text they are, never through floating point: a
/// quantity with more decimals than allowed is refused, not silently rounded.
#[test]
fn json_numbers_keep_their_exact_text() {
    let text = br#"[{"channel":"web","channel_ref":"N-1","customer":"HX001",
        "lines":[{"product":"BOLT-M8","qty":1.0000000000000001}]}]"#;
    let parsed = orderdesk::ops::import::parse_json(text);
    let orders = match parsed {
        Ok(o) => o,
        Err(e) => panic!("{e:?}"),
    };
    assert_eq!(orders.len(), 1);
    assert!(
        !orders[0].problems.is_empty(),
        "1.0000000000000001 has too many decimals for a quantity and must not become 1"
    );
    let text = br#"[{"channel":"web","channel_ref":"N-2","customer":"HX001",
        "lines":[{"product":"BOLT-M8","qty":2,"unit_price":12345678.1234}]}]"#;
    let orders = orderdesk::ops::import::parse_json(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(orders[0].order.lines[0].unit_price, "12345678.1234");
}

/// A key given twice in one object would let the last value win unseen: the order is
/// refused, naming the key and the order, and the other orders of the file are kept.
#[test]
fn a_json_key_given_twice_refuses_that_order_naming_the_key() {
    let text = br#"[{"channel":"web","channel_ref":"D-1","customer":"HX001",
        "lines":[{"product":"BOLT-M8","qty":1,"qty":900}]},
        {"channel":"web","channel_ref":"D-2","customer":"HX001",
        "lines":[{"product":"BOLT-M8","qty":2}]},
        {"channel":"web","channel":"phone","channel_ref":"D-3","customer":"HX001",
        "lines":[{"product":"BOLT-M8","qty":3}]}]"#;
    let orders = orderdesk::ops::import::parse_json(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(orders.len(), 3);
    let en = |i: usize| {
        orders[i]
            .problems
            .iter()
            .map(|p| p.localized(Lang::En))
            .collect::<Vec<_>>()
            .join("; ")
    };
    assert!(
        en(0).contains("\"lines[0].qty\" is given twice"),
        "{}",
        en(0)
    );
    assert!(en(0).contains("Order 1"), "{}", en(0));
    assert!(orders[1].problems.is_empty(), "{}", en(1));
    assert!(en(2).contains("\"channel\" is given twice"), "{}", en(2));
    assert!(orders[0].problems[0]
        .localized(Lang::Zh)
        .contains("键“lines[0].qty”出现了两次"));
}

/// A full disk, simulated by capping the file's size: the import says so, imports
/// nothing, and the file is whole (the same import goes through once there is room).
#[test]
fn a_full_disk_is_named_and_nothing_is_half_written() {
    let w = shop();
    let note = "备注".repeat(200);
    let rows: Vec<String> = (1..=200)
        .map(|n| format!("web,F-{n},HX001,,,,,{note},BOLT-M8,1,,"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let file = csv(&rows);
    let pages: i64 =
        w.db.conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
    let _: i64 =
        w.db.conn()
            .query_row(&format!("PRAGMA max_page_count = {}", pages + 4), [], |r| {
                r.get(0)
            })
            .unwrap();
    let e = import_csv(&w, &file, false).unwrap_err();
    assert!(
        matches!(
            e,
            ImportFailure::Failed(ops::Error::Store(orderdesk::store::StoreError::Full(_)))
        ),
        "{e:?}"
    );
    let en = e.localized(Lang::En);
    assert!(en.contains("disk is full"), "{en}");
    assert!(en.contains("no order of the file was imported"), "{en}");
    assert!(en.contains("nothing was half-written"), "{en}");
    assert!(e.localized(Lang::Zh).contains("磁盘已满"));
    assert_eq!(orders(&w.db), 0);

    let _: i64 =
        w.db.conn()
            .query_row("PRAGMA max_page_count = 1073741823", [], |r| r.get(0))
            .unwrap();
    let report = import_csv(&w, &file, false).unwrap();
    assert_eq!(report.imported.len(), 200);
    assert_eq!(orders(&w.db), 200);
}
