//! The screenshot generator: drives the real screens with key sequences on the demo
//! data and renders each to SVG, in Chinese and English. `screenshots/` holds the
//! result, and a test fails when the committed files no longer match the code.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::app::App;
use super::theme::Theme;
use crate::config::JournalSetting;
use crate::i18n::Lang;
use crate::ops::{self, demo};
use crate::store::Db;

/// The seed and business date of the data the screenshots show.
pub const SEED: u64 = 2026;
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

/// One step of a script: text typed (a scanner types the same way) or a key.
enum Step {
    Text(String),
    Key(KeyCode),
}

fn text(s: &str) -> Step {
    Step::Text(s.to_string())
}

struct Shot {
    name: &'static str,
    width: u16,
    height: u16,
    steps: Vec<Step>,
}

fn login() -> Vec<Step> {
    vec![
        text("sales"),
        Step::Key(KeyCode::Tab),
        text(demo::DEMO_PASSWORD),
        Step::Key(KeyCode::Enter),
    ]
}

fn shots(barcodes: &[String]) -> Vec<Shot> {
    let with = |mut v: Vec<Step>, more: Vec<Step>| {
        v.extend(more);
        v
    };
    vec![
        Shot {
            name: "login",
            width: 80,
            height: 24,
            steps: vec![text("sales"), Step::Key(KeyCode::Tab)],
        },
        Shot {
            name: "orders",
            width: 80,
            height: 24,
            steps: login(),
        },
        Shot {
            name: "orders-wide",
            width: 160,
            height: 40,
            steps: with(
                login(),
                vec![Step::Key(KeyCode::Right), Step::Key(KeyCode::Right)],
            ),
        },
        Shot {
            name: "order-detail",
            width: 80,
            height: 24,
            steps: with(
                login(),
                vec![text("SO-2026-000233"), Step::Key(KeyCode::Enter)],
            ),
        },
        Shot {
            name: "intake",
            width: 80,
            height: 24,
            steps: {
                let mut v = with(
                    login(),
                    vec![
                        Step::Key(KeyCode::F(2)),
                        text("C00002"),
                        Step::Key(KeyCode::Enter),
                    ],
                );
                for (i, code) in barcodes.iter().enumerate() {
                    for _ in 0..=i {
                        v.push(Step::Text(code.clone()));
                        v.push(Step::Key(KeyCode::Enter));
                    }
                }
                v
            },
        },
        Shot {
            name: "help",
            width: 80,
            height: 24,
            steps: with(login(), vec![Step::Key(KeyCode::F(1))]),
        },
    ]
}

/// Renders every screenshot from the demo database at `db`: (file name, SVG).
pub fn render_all(db: &Path) -> Result<Vec<(String, String)>, ops::Error> {
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
    for lang in [Lang::Zh, Lang::En] {
        for shot in shots(&barcodes) {
            let db = Db::open(db, JournalSetting::Auto)?;
            let mut app = App::new(
                db,
                lang,
                Theme {
                    color: true,
                    ascii_borders: false,
                },
            );
            app.set_height(shot.height);
            for step in &shot.steps {
                match step {
                    Step::Text(t) => {
                        for c in t.chars() {
                            app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                        }
                    }
                    Step::Key(k) => app.handle_key(KeyEvent::new(*k, KeyModifiers::NONE)),
                }
            }
            let mut term = Terminal::new(TestBackend::new(shot.width, shot.height))
                .map_err(|e| ops::Error::rule(e.to_string(), e.to_string()))?;
            term.draw(|f| app.draw(f))
                .map_err(|e| ops::Error::rule(e.to_string(), e.to_string()))?;
            let title = format!("orderdesk — {} ({})", shot.name, lang.code());
            let svg = super::svg::buffer_to_svg(term.backend().buffer(), &title);
            out.push((format!("{}.{}.svg", shot.name, lang.code()), svg));
        }
    }
    Ok(out)
}

/// Builds the demo database the screenshots show in `dir` and renders them.
pub fn render_with_fresh_demo(dir: &Path) -> Result<Vec<(String, String)>, ops::Error> {
    let path: PathBuf = dir.join("screenshots-demo.db");
    if !path.exists() {
        demo::generate(
            &path,
            JournalSetting::Auto,
            demo::Scale::Small,
            SEED,
            as_of(),
            &mut |_| {},
        )?;
    }
    render_all(&path)
}
