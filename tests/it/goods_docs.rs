//! The warehouse's documents and command line: the pick list and the delivery note in
//! text (80 and 136 columns, Chinese measured by display width) and HTML with the
//! special requirements and the signature block; `pick`, `ship` and `import
//! deliveries` as a script runs them.

use std::path::Path;
use std::process::{Command, Output};

use orderdesk::domain::text::display_width;
use orderdesk::i18n::Lang;
use orderdesk::ops::shipping::{self, ShipInput};
use orderdesk::ops::{self, intake, picking};
use orderdesk::print::goods;

use crate::picking::pick_all;
use crate::world::*;

const SPECIAL: &str = "送货前请电话联系仓库王先生，只收整箱，外箱须贴防潮标签并注明订单号。";

/// An approved, picked order with special requirements; returns its number and the
/// pick list's.
fn picked_with_special(w: &World) -> (String, String) {
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let code = w.customer("单据客户").create();
    let mut input = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "12")
        .input();
    input.special = SPECIAL.into();
    let d = intake::create_draft(&w.db, &w.sales, &input).unwrap();
    let s = intake::submit_order(&w.db, &w.sales, d.id, d.version).unwrap();
    if let intake::Outcome::Waiting(_) = s.outcome {
        ops::approval::approve_order(&w.db, &w.manager, s.id, s.version).unwrap();
    }
    let made = picking::create_pick_list(
        &w.db,
        &w.warehouse,
        std::slice::from_ref(&s.number),
        Some("warehouse"),
    )
    .unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    (s.number, made.number)
}

fn assert_width(text: &str, width: usize) {
    for l in text.lines() {
        assert!(display_width(l) <= width, "wider than {width}: {l}");
    }
}

#[test]
fn pick_lists_and_delivery_notes_fit_their_paper_and_carry_what_matters() {
    let w = world();
    let (order, list) = picked_with_special(&w);
    let v = picking::pick_list(&w.db, &list).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let t = goods::pick_list_text(&v, lang, 80);
        assert_width(&t, 80);
        assert!(
            t.contains(&list) && t.contains(BIN_A) && t.contains(PLAIN_SKU),
            "{t}"
        );
        assert!(t.contains("送货前请电话联系"), "special requirements: {t}");
        assert!(t.contains(lang.pick("拣货人签字", "Picked by")), "{t}");
        let h = goods::pick_list_html(&v, lang);
        assert!(h.contains(&list) && h.contains("只收整箱"), "{h}");
    }
    let sh = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: order.clone(),
            carrier: "SF".into(),
            tracking: "SF100200300".into(),
            ..ShipInput::default()
        },
    )
    .unwrap();
    let v = shipping::shipment(&w.db, &sh.number).unwrap();
    for (lang, width) in [
        (Lang::Zh, 80),
        (Lang::Zh, 136),
        (Lang::En, 80),
        (Lang::En, 136),
    ] {
        let t = goods::delivery_note_text(&v, COMPANY, lang, width);
        assert_width(&t, width);
        assert!(
            t.contains(&sh.number) && t.contains(&order) && t.contains("SF100200300"),
            "{t}"
        );
        assert!(
            t.contains(lang.pick("收货人签字", "Received by")),
            "signature block: {t}"
        );
        assert!(t.contains(PLAIN_NAME) || width == 80, "{t}");
        assert!(t.contains("12"), "the quantity: {t}");
    }
    let h = goods::delivery_note_html(&v, COMPANY, Lang::Zh);
    assert!(
        h.contains("出库单") && h.contains("收货人签字") && h.contains(PLAIN_NAME),
        "{h}"
    );
    let dir = w.dir.path().join("out");
    let (txt, html) = goods::write_delivery_note(&dir, &v, COMPANY, Lang::Zh, 136).unwrap();
    assert!(txt.ends_with(format!("{}.txt", sh.number)) && html.exists());
}

fn orderdesk(dir: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
    let cfg = dir.join("cli.toml");
    std::fs::write(&cfg, format!("output_dir = {:?}\n", dir.join("docs"))).unwrap();
    c.arg("--config")
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .arg("--lang")
        .arg("en");
    c.env("XDG_DATA_HOME", dir)
        .env("ORDERDESK_USER", "warehouse")
        .env("ORDERDESK_PASSWORD", PASSWORD)
        .env_remove("ORDERDESK_DB");
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn scripts_make_pick_lists_print_shipments_and_import_deliveries() {
    let w = world();
    let dir = w.dir.path();
    let (order, list) = picked_with_special(&w);
    for sub in [["pick", "--help"], ["ship", "--help"]] {
        let o = orderdesk(dir, &w.path).args(sub).output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
    }
    let o = orderdesk(dir, &w.path)
        .args(["pick", "show", &list])
        .output()
        .unwrap();
    assert!(
        o.status.success() && text(&o).contains(BIN_A),
        "{}",
        text(&o)
    );

    // A pick list of an order with nothing left to pick is refused, in words.
    let o = orderdesk(dir, &w.path)
        .args(["pick", "create", &order])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("Nothing to pick"), "{}", text(&o));

    let a = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: order.clone(),
            carrier: "ZTO".into(),
            tracking: "ZT1".into(),
            lines: vec![shipping::ShipLineInput {
                line_no: 1,
                qty: "5".into(),
            }],
            ..ShipInput::default()
        },
    )
    .unwrap();
    let b = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: order.clone(),
            carrier: "ZTO".into(),
            tracking: "ZT2".into(),
            ..ShipInput::default()
        },
    )
    .unwrap();
    let o = orderdesk(dir, &w.path)
        .args(["ship", "show", "ZT1", "--width", "136"])
        .output()
        .unwrap();
    assert!(
        o.status.success() && text(&o).contains(&a.number),
        "{}",
        text(&o)
    );

    let o = orderdesk(dir, &w.path)
        .args(["ship", "deliver", &a.number, "--signer", "王先生"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = orderdesk(dir, &w.path)
        .args(["ship", "deliver", &a.number, "--signer", "王先生"])
        .output()
        .unwrap();
    assert!(
        !o.status.success() && text(&o).contains("delivered already"),
        "{}",
        text(&o)
    );

    let csv = dir.join("zto.csv");
    std::fs::write(
        &csv,
        "运单号,状态,签收时间,签收人\nZT2,已签收,,李四\nZT1,delivered,,王先生\nNOPE9,delivered,,某人\n",
    )
    .unwrap();
    for round in 0..2 {
        let o = orderdesk(dir, &w.path)
            .args(["import", "deliveries", csv.to_str().unwrap()])
            .output()
            .unwrap();
        let t = text(&o);
        assert!(!o.status.success(), "an unknown number fails the run: {t}");
        assert!(t.contains("NOPE9"), "{t}");
        let delivered = if round == 0 {
            "1 delivered"
        } else {
            "0 delivered"
        };
        assert!(t.contains(delivered), "round {round}: {t}");
    }
    let view = shipping::shipment(&w.db, &b.number).unwrap();
    assert_eq!(view.head.signer.as_deref(), Some("李四"));
    assert_eq!(
        ops::orders::order_detail(&w.db, view.head.order_id)
            .unwrap()
            .stage,
        orderdesk::domain::order::OrderStage::Closed
    );
    assert_consistent(&w.db);
}
