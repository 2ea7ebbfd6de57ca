//! The screenshot generator: drives the real screens with key sequences on the demo
//! data and renders each to SVG, in Chinese and English. `screenshots/` holds the
//! result, and a test fails when the committed files no longer match the code.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;

use super::harness::{self, Ui};
use crate::config::JournalSetting;
use crate::i18n::Lang;
use crate::ops::{self, demo};
use crate::store::Db;

pub use super::harness::{as_of, SEED};

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

/// What the screenshots need from the demo data: a few barcodes.
struct Data {
    barcodes: Vec<String>,
}

fn shots(d: &Data) -> Vec<Shot> {
    let sales = || login_as("sales");
    let mut scans = Vec::new();
    for (i, code) in d.barcodes.iter().enumerate() {
        for _ in 0..=i {
            scans.push(Step::Text(code.clone()));
            scans.push(key(KeyCode::Enter));
        }
    }
    vec![
        shot("login", 80, 24, vec![text("sales"), key(KeyCode::Tab)]),
        shot("orders", 80, 24, sales()),
        shot(
            "orders-wide",
            160,
            40,
            with(sales(), vec![key(KeyCode::Right), key(KeyCode::Right)]),
        ),
        shot(
            "orders-filter",
            80,
            24,
            with(
                login_as("manager"),
                vec![
                    key(KeyCode::F(6)),
                    text("C00002"),
                    key(KeyCode::Tab),
                    text("2026-11-01"),
                    key(KeyCode::Tab),
                ],
            ),
        ),
        shot("menu", 80, 24, with(sales(), vec![key(KeyCode::F(4))])),
        shot(
            "order-detail",
            80,
            24,
            with(sales(), vec![text("SO-2026-000233"), key(KeyCode::Enter)]),
        ),
        shot(
            "intake",
            80,
            24,
            with(
                sales(),
                with(
                    vec![
                        key(KeyCode::F(2)),
                        text("C00002"),
                        key(KeyCode::F(3)),
                        key(KeyCode::Right),
                        key(KeyCode::Tab),
                        key(KeyCode::Right),
                        key(KeyCode::Tab),
                        text("PO-2026-118"),
                        key(KeyCode::Tab),
                        key(KeyCode::Tab),
                        key(KeyCode::Tab),
                        text("送货前电话联系"),
                        key(KeyCode::Tab),
                    ],
                    scans.clone(),
                ),
            ),
        ),
        shot(
            "intake-edit-line",
            80,
            24,
            with(
                sales(),
                with(
                    vec![key(KeyCode::F(2)), text("C00002"), key(KeyCode::Enter)],
                    with(
                        scans,
                        vec![
                            key(KeyCode::F(6)),
                            key(KeyCode::Tab),
                            Step::Ctrl('u'),
                            text("9.50"),
                            key(KeyCode::Tab),
                        ],
                    ),
                ),
            ),
        ),
        shot("help", 80, 24, with(sales(), vec![key(KeyCode::F(1))])),
        shot(
            "customers",
            80,
            24,
            with(
                sales(),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    text("yswj"),
                    key(KeyCode::Enter),
                ],
            ),
        ),
        shot(
            "customer-form",
            80,
            24,
            with(
                login_as("finance"),
                vec![text("C00006"), key(KeyCode::Enter)],
            ),
        ),
        shot(
            "product-form",
            80,
            24,
            with(
                login_as("manager"),
                vec![text("HW-000013"), key(KeyCode::Enter)],
            ),
        ),
        shot(
            "products-wide",
            160,
            40,
            with(
                sales(),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                ],
            ),
        ),
        shot(
            "stock",
            80,
            24,
            with(
                login_as("warehouse"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                ],
            ),
        ),
        shot(
            "stock-detail",
            80,
            24,
            with(
                login_as("warehouse"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    text("HW-000013"),
                    key(KeyCode::Enter),
                ],
            ),
        ),
        shot(
            "stock-receipt",
            80,
            24,
            with(
                login_as("warehouse"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    text("HW-000013"),
                    key(KeyCode::Enter),
                    text("L2701"),
                    key(KeyCode::Enter),
                    text("2027-06-30"),
                    key(KeyCode::Enter),
                    text("24"),
                    key(KeyCode::Enter),
                    text("12.80"),
                    key(KeyCode::F(5)),
                ],
            ),
        ),
        shot(
            "stock-count",
            80,
            24,
            with(
                login_as("warehouse"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    text("S-01"),
                    key(KeyCode::Enter),
                    text("HW-000013"),
                    key(KeyCode::Enter),
                    text("L261201"),
                    key(KeyCode::Enter),
                    key(KeyCode::F(3)),
                    text("370"),
                    key(KeyCode::Enter),
                    key(KeyCode::F(6)),
                ],
            ),
        ),
        shot(
            "stock-wide",
            160,
            40,
            with(
                login_as("warehouse"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    text("HW-000013"),
                    key(KeyCode::Enter),
                ],
            ),
        ),
        shot(
            "queue",
            80,
            24,
            with(
                login_as("manager"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                    key(KeyCode::Down),
                ],
            ),
        ),
        shot(
            "queue-reject",
            80,
            24,
            with(
                login_as("manager"),
                vec![
                    key(KeyCode::F(4)),
                    key(KeyCode::Down),
                    key(KeyCode::Enter),
                    key(KeyCode::F(8)),
                    text("价格低于底价，请重新报价"),
                ],
            ),
        ),
        shot(
            "queue-wide",
            160,
            40,
            with(
                login_as("manager"),
                vec![key(KeyCode::F(4)), key(KeyCode::Down), key(KeyCode::Enter)],
            ),
        ),
        shot(
            "settings",
            80,
            24,
            with(login_as("admin"), {
                // The last entry of the menu.
                let mut v = vec![key(KeyCode::F(4))];
                v.extend((0..12).map(|_| key(KeyCode::Down)));
                v.push(key(KeyCode::Enter));
                v
            }),
        ),
    ]
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
    let barcodes: Vec<String> = {
        let db = Db::open(db, JournalSetting::Auto)?;
        let mut codes = Vec::new();
        for p in ops::master::products_page(&db, "", 3)? {
            codes.extend(
                ops::master::product(&db, p.id)?
                    .barcodes
                    .into_iter()
                    .take(1),
            );
        }
        codes
    };
    let data = Data { barcodes };
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
