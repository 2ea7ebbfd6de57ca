//! The screenshot generator: drives the real screens with key sequences on the demo
//! data and renders each to SVG, in Chinese and English. `screenshots/` holds the
//! result, and a test fails when the committed files no longer match the code.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;

use super::harness::{self, Ui};

mod after_sales;
mod returns;
use crate::config::JournalSetting;
use crate::i18n::Lang;
use crate::ops::Db;
use crate::ops::{self, demo};

pub use super::harness::{as_of, SEED};

mod figures;

/// One step of a script: text typed (a scanner types the same way), a key, or a key
/// with Ctrl.
#[derive(Clone)]
enum Step {
    Text(String),
    Key(KeyCode),
    Ctrl(char),
}

fn text(s: &str) -> Step {
    Step::Text(s.to_string())
}

fn key(k: KeyCode) -> Step {
    Step::Key(k)
}

struct Shot {
    name: &'static str,
    width: u16,
    height: u16,
    steps: Vec<Step>,
}

fn login_as(user: &str) -> Vec<Step> {
    vec![
        text(user),
        key(KeyCode::Tab),
        text(demo::DEMO_PASSWORD),
        key(KeyCode::Enter),
    ]
}

/// Opens the menu and the entry `downs` rows below the first.
fn menu(downs: usize) -> Vec<Step> {
    let mut v = vec![key(KeyCode::F(4))];
    v.extend((0..downs).map(|_| key(KeyCode::Down)));
    v.push(key(KeyCode::Enter));
    v
}

fn with(mut v: Vec<Step>, more: Vec<Step>) -> Vec<Step> {
    v.extend(more);
    v
}

fn shot(name: &'static str, width: u16, height: u16, steps: Vec<Step>) -> Shot {
    Shot {
        name,
        width,
        height,
        steps,
    }
}

/// What the screenshots need from the demo data: a few barcodes, an order with picked
/// goods to ship, and a shipment on its way (number and order number).
struct Data {
    barcodes: Vec<String>,
    to_ship: String,
    /// The SKU of the first line of `to_ship`.
    to_ship_sku: String,
    in_transit: String,
    in_transit_order: String,
    /// An order waiting for goods a purchase request brings, and about which the
    /// customer has a ticket.
    short_order: String,
    /// The customer of the newest ticket.
    ticket_customer: String,
    /// The returns the after-sales shots open.
    returns: returns::Returns,
}

/// A script: log in as `user`, then each group of steps in turn.
fn script(user: &str, parts: Vec<Vec<Step>>) -> Vec<Step> {
    parts.into_iter().fold(login_as(user), with)
}

fn keys(codes: &[KeyCode]) -> Vec<Step> {
    codes.iter().map(|k| key(*k)).collect()
}

fn shots(d: &Data) -> Vec<Shot> {
    use KeyCode::{Down, Enter, Right, Tab, F};
    let mut scans = Vec::new();
    for (i, code) in d.barcodes.iter().enumerate() {
        for _ in 0..=i {
            scans.push(Step::Text(code.clone()));
            scans.push(key(Enter));
        }
    }
    // Where each screen is in the menu of the user the shot logs in as.
    const CUSTOMERS: usize = 2; // sales
    const PRODUCTS: usize = 3; // sales
    const STOCK: usize = 3; // warehouse
    const RECEIPT: usize = 4; // warehouse
    const COUNT: usize = 6; // warehouse
    const WAREHOUSE: usize = 7; // warehouse
    const WAVES: usize = 8; // warehouse
    const PICKING: usize = 9; // warehouse
    const PACKING: usize = 10; // warehouse
    const SHIPPING: usize = 11; // warehouse
    const DELIVERY: usize = 12; // warehouse
    const QUEUE: usize = 1; // manager
    const CARRIERS: usize = 17; // admin
    const PAYMENT: usize = 5; // finance
    const INVOICES: usize = 6; // finance
    const OVERDUE: usize = 7; // finance
    const LEDGER: usize = 8; // finance
    const LAST: usize = 18; // admin: settings, the last entry
                            // The demo's slow payer whose credit hold finance released.
    const RELEASED: &str = "C00037";
    let payment = vec![
        text("C00014"),
        key(Enter),
        key(Right),
        key(Enter),
        text("BK20261202-0042"),
        key(Enter),
        key(Enter),
        text("¥1,500.00"),
    ];
    let receipt = vec![
        text("HW-000013"),
        key(Enter),
        text("L2701"),
        key(Enter),
        text("2027-06-30"),
        key(Enter),
        text("24"),
        key(Enter),
        text("12.80"),
        key(F(5)),
    ];
    let count = vec![
        text("S-01"),
        key(Enter),
        text("HW-000013"),
        key(Enter),
        text("L261201"),
        key(Enter),
        key(F(3)),
        text("370"),
        key(Enter),
        key(F(6)),
    ];
    let intake_head = vec![
        key(F(2)),
        text("C00002"),
        key(F(3)),
        key(Right),
        key(Tab),
        key(Right),
        key(Tab),
        text("PO-2026-118"),
        key(Tab),
        key(Tab),
        key(Tab),
        text("送货前电话联系"),
        key(Tab),
    ];
    let find = |t: &str| vec![text(t), key(Enter)];
    let mut all = vec![
        shot("login", 80, 24, vec![text("sales"), key(Tab)]),
        shot("orders", 80, 24, login_as("sales")),
        shot(
            "orders-wide",
            160,
            40,
            script("sales", vec![keys(&[Right, Right])]),
        ),
        shot(
            "orders-filter",
            80,
            24,
            script(
                "manager",
                vec![vec![
                    key(F(6)),
                    text("C00002"),
                    key(Tab),
                    text("2026-11-01"),
                    key(Tab),
                ]],
            ),
        ),
        shot("menu", 80, 24, script("sales", vec![keys(&[F(4)])])),
        shot(
            "order-detail",
            80,
            24,
            // The newest approved order, whatever its number.
            script("sales", vec![keys(&[Right, Right, Right, Enter])]),
        ),
        shot(
            "intake",
            80,
            24,
            script("sales", vec![intake_head, scans.clone()]),
        ),
        shot(
            "intake-edit-line",
            80,
            24,
            script(
                "sales",
                vec![
                    vec![key(F(2)), text("C00002"), key(Enter)],
                    scans,
                    vec![key(F(6)), key(Tab), Step::Ctrl('u'), text("9.50"), key(Tab)],
                ],
            ),
        ),
        shot("help", 80, 24, script("sales", vec![keys(&[F(1)])])),
        shot(
            "customers",
            80,
            24,
            script("sales", vec![menu(CUSTOMERS), find("yswj")]),
        ),
        shot(
            "customer-form",
            80,
            24,
            script("finance", vec![find("C00006")]),
        ),
        shot(
            "product-form",
            80,
            24,
            script("manager", vec![find("HW-000013")]),
        ),
        shot(
            "products-wide",
            160,
            40,
            script("sales", vec![menu(PRODUCTS)]),
        ),
        shot("stock", 80, 24, script("warehouse", vec![menu(STOCK)])),
        shot(
            "stock-detail",
            80,
            24,
            script("warehouse", vec![menu(STOCK), find("HW-000013")]),
        ),
        shot(
            "stock-receipt",
            80,
            24,
            script("warehouse", vec![menu(RECEIPT), receipt]),
        ),
        shot(
            "stock-count",
            80,
            24,
            script("warehouse", vec![menu(COUNT), count]),
        ),
        shot(
            "stock-wide",
            160,
            40,
            script("warehouse", vec![menu(STOCK), find("HW-000013")]),
        ),
        shot(
            "warehouse",
            80,
            24,
            script("warehouse", vec![menu(WAREHOUSE)]),
        ),
        shot(
            "warehouse-wide",
            160,
            40,
            script("warehouse", vec![menu(WAREHOUSE)]),
        ),
        shot(
            "waves",
            80,
            24,
            script(
                "warehouse",
                vec![menu(WAVES), vec![text(" "), key(Down), text(" ")]],
            ),
        ),
        shot(
            "waves-made",
            80,
            24,
            script("warehouse", vec![menu(WAVES), vec![text(" "), key(F(5))]]),
        ),
        shot(
            "picking",
            80,
            24,
            script(
                "warehouse",
                vec![
                    menu(WAVES),
                    vec![text(" "), text(" "), key(F(5)), key(KeyCode::Esc)],
                    menu(PICKING),
                    vec![key(Enter)],
                ],
            ),
        ),
        shot(
            "picking-wide",
            160,
            40,
            script(
                "warehouse",
                vec![
                    menu(WAVES),
                    vec![text(" "), text(" "), key(F(5)), key(KeyCode::Esc)],
                    menu(PICKING),
                    vec![key(Enter)],
                ],
            ),
        ),
        shot(
            "queue",
            80,
            24,
            script("manager", vec![menu(QUEUE), keys(&[Down, Down, Down])]),
        ),
        shot(
            "queue-reject",
            80,
            24,
            script(
                "manager",
                vec![
                    menu(QUEUE),
                    vec![key(F(8)), text("价格低于底价，请重新报价")],
                ],
            ),
        ),
        shot("queue-wide", 160, 40, script("manager", vec![menu(QUEUE)])),
        shot(
            "order-flows",
            80,
            24,
            // A closed order: shipped, invoiced and paid.
            script(
                "sales",
                vec![keys(&[
                    Right,
                    Right,
                    Right,
                    Right,
                    Right,
                    Right,
                    Enter,
                    F(9),
                ])],
            ),
        ),
        shot("overdue", 80, 24, script("finance", vec![menu(OVERDUE)])),
        shot(
            "overdue-wide",
            160,
            40,
            script("finance", vec![menu(OVERDUE)]),
        ),
        shot(
            "receivables",
            80,
            24,
            script("finance", vec![menu(OVERDUE), vec![key(Enter)]]),
        ),
        shot(
            "receivables-wide",
            160,
            40,
            script("finance", vec![menu(OVERDUE), vec![key(Enter)]]),
        ),
        shot(
            "receivables-follow-up",
            80,
            24,
            script(
                "finance",
                vec![
                    menu(OVERDUE),
                    vec![
                        key(Enter),
                        key(F(2)),
                        key(Enter),
                        text("王经理"),
                        key(Enter),
                        text("答应下周一转账"),
                        key(Enter),
                        text("5000"),
                        key(Enter),
                        text("+5"),
                    ],
                ],
            ),
        ),
        shot(
            "intake-credit",
            80,
            24,
            script("sales", vec![menu(1), vec![text("C00004"), key(Enter)]]),
        ),
        shot(
            "intake-credit-released",
            80,
            24,
            script("sales", vec![menu(1), vec![text(RELEASED), key(Enter)]]),
        ),
        shot(
            "receivables-released",
            80,
            24,
            script(
                "sales",
                vec![menu(CUSTOMERS), vec![text(RELEASED), key(F(6))]],
            ),
        ),
        shot("settings", 80, 24, script("admin", vec![menu(LAST)])),
        shot(
            "packing",
            80,
            24,
            script(
                "warehouse",
                vec![
                    menu(PACKING),
                    find(&d.to_ship),
                    find(&d.to_ship_sku),
                    find(&d.to_ship_sku),
                    keys(&[Down]),
                    vec![text("18.5"), key(Enter), key(F(2))],
                    find(&d.to_ship_sku),
                ],
            ),
        ),
        shot(
            "shipping",
            80,
            24,
            script(
                "warehouse",
                vec![
                    menu(SHIPPING),
                    find(&d.to_ship),
                    keys(&[Enter, Enter]),
                    vec![text("SF1302418867"), key(Enter), text("2"), key(Enter)],
                    vec![text("8.6"), key(Enter)],
                ],
            ),
        ),
        shot(
            "shipping-wide",
            160,
            40,
            script(
                "warehouse",
                vec![menu(SHIPPING), find(&d.to_ship), keys(&[F(7)])],
            ),
        ),
        shot(
            "delivery",
            80,
            24,
            script(
                "warehouse",
                vec![menu(DELIVERY), find(&d.in_transit), vec![text("陈建国")]],
            ),
        ),
        shot(
            "delivery-exception",
            80,
            24,
            script(
                "warehouse",
                vec![menu(DELIVERY), find(&d.in_transit), keys(&[F(7)])],
            ),
        ),
        shot(
            "order-shipments",
            80,
            24,
            script("warehouse", vec![find(&d.in_transit_order)]),
        ),
        shot("carriers", 80, 24, script("admin", vec![menu(CARRIERS)])),
        shot(
            "payment",
            80,
            24,
            script("finance", vec![menu(PAYMENT), payment.clone()]),
        ),
        shot(
            "payment-wide",
            160,
            40,
            script("finance", vec![menu(PAYMENT), payment.clone()]),
        ),
        shot(
            "payment-by-hand",
            80,
            24,
            script(
                "finance",
                vec![
                    menu(PAYMENT),
                    payment,
                    vec![key(Enter), key(Enter), key(Right), key(Enter)],
                    vec![text("800"), key(Enter), key(Right)],
                ],
            ),
        ),
        shot("invoices", 80, 24, script("finance", vec![menu(INVOICES)])),
        shot(
            "invoices-wide",
            160,
            40,
            script("finance", vec![menu(INVOICES)]),
        ),
        shot(
            "invoice",
            80,
            24,
            script("finance", vec![menu(INVOICES), keys(&[Enter])]),
        ),
        shot("ledger", 80, 24, script("finance", vec![menu(LEDGER)])),
        shot(
            "ledger-wide",
            160,
            40,
            script("finance", vec![menu(LEDGER)]),
        ),
        shot(
            "account-ledger",
            80,
            24,
            script(
                "finance",
                vec![menu(LEDGER), keys(&[Down, Down, Down, Enter])],
            ),
        ),
        // The export layer over a list: the format and the folder (the output folder
        // of the configuration in real use; typed here).
        shot(
            "export",
            80,
            24,
            script(
                "finance",
                vec![
                    menu(INVOICES),
                    keys(&[F(12), Down]),
                    vec![text("/srv/orderdesk/documents")],
                ],
            ),
        ),
        // Over the order list it also asks whether the orders or their lines.
        shot(
            "export-wide",
            160,
            40,
            script(
                "sales",
                vec![
                    keys(&[F(12), KeyCode::Up, Right, Down, Down]),
                    vec![text("/srv/orderdesk/documents")],
                ],
            ),
        ),
    ];
    all.extend(after_sales::shots(d));
    all.extend(returns::shots(d));
    all.extend(figures::shots());
    all
}

/// The moment the screenshots are taken: the demo data's business date, 18:00 in
/// China. The demo is generated and the screens are driven with `ops::clock` fixed
/// there, so the files are the same whatever day they are made.
pub fn moment() -> chrono::DateTime<chrono::Utc> {
    as_of().and_hms_opt(10, 0, 0).unwrap_or_default().and_utc()
}

/// Renders every screenshot from the demo database at `db` (each on its own copy, made
/// in `work`): (file name, SVG).
pub fn render_all(db: &Path, work: &Path) -> Result<Vec<(String, String)>, ops::Error> {
    let mut out = Vec::new();
    let data = {
        let db = Db::open(db, JournalSetting::Auto)?;
        let mut barcodes = Vec::new();
        for p in ops::master::products_page(&db, "", 3)? {
            barcodes.extend(
                ops::master::product(&db, p.id)?
                    .barcodes
                    .into_iter()
                    .take(1),
            );
        }
        let ready = ops::shipping::orders_ready_to_ship(&db, 1)?
            .into_iter()
            .next();
        let to_ship_sku = match &ready {
            Some(r) => ops::orders::order_detail(&db, r.order_id)?
                .lines
                .into_iter()
                .find(|l| l.picked.is_positive())
                .map(|l| l.sku)
                .unwrap_or_default(),
            None => String::new(),
        };
        let to_ship = ready.map(|r| r.number).unwrap_or_default();
        let transit = ops::shipping::shipments_in_transit(&db, i64::MAX, 1)?
            .into_iter()
            .next();
        let in_transit = transit
            .as_ref()
            .map(|s| s.number.clone())
            .unwrap_or_default();
        let in_transit_order = transit.and_then(|s| s.order_number).unwrap_or_default();
        let (short_order, ticket_customer) = after_sales::data(&db)?;
        let returns = returns::data(&db)?;
        Data {
            barcodes,
            to_ship,
            to_ship_sku,
            in_transit,
            in_transit_order,
            short_order,
            ticket_customer,
            returns,
        }
    };
    for lang in [Lang::Zh, Lang::En] {
        for shot in shots(&data) {
            // Each shot starts from the same data: a shot that posts (a receipt) must
            // not show up in the next one.
            let copy = work.join(format!("{}.{}.db", shot.name, lang.code()));
            Db::open(db, JournalSetting::Auto)?.backup_to(&copy)?;
            let mut ui = Ui::new(&copy, lang, shot.width, shot.height)?;
            for step in &shot.steps {
                match step {
                    Step::Text(t) => ui.text(t),
                    Step::Key(k) => ui.key(*k),
                    Step::Ctrl(c) => ui.ctrl(*c),
                };
            }
            // Work done off the drawing thread (the figures) is in before the picture.
            ui.settle();
            ui.screen();
            let title = format!("orderdesk — {} ({})", shot.name, lang.code());
            let svg = super::svg::buffer_to_svg(ui.term.backend().buffer(), &title);
            out.push((format!("{}.{}.svg", shot.name, lang.code()), svg));
        }
    }
    Ok(out)
}

/// Builds the demo database the screenshots show in `dir` and renders them.
pub fn render_with_fresh_demo(dir: &Path) -> Result<Vec<(String, String)>, ops::Error> {
    ops::clock::fixed(moment(), || {
        let path: PathBuf = dir.join("demo.db");
        let path = if path.exists() {
            path
        } else {
            harness::demo_path(dir)?
        };
        render_all(&path, dir)
    })
}
