//! Codes a user reads go through the message catalogue: none shows bare.

use orderdesk::domain::order::OrderStage;
use orderdesk::i18n::Lang;
use orderdesk::ops;
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

/// Words of `s` (split on anything but letters, digits, `_` and `:`) that are codes.
/// In English some labels are the code's own word ("(draft)"): there only the codes
/// no label spells are looked for.
fn bare_codes(s: &str, lang: Lang) -> Vec<String> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| {
            (lang == Lang::Zh && CODES.contains(w))
                || w.contains('_')
                || w.starts_with("net:")
                || w.starts_with("eom:")
        })
        .map(str::to_string)
        .collect()
}

/// Stage, terms, channel and approval codes as they are stored.
const CODES: &[&str] = &[
    "draft",
    "submitted",
    "approved",
    "on_hold",
    "rejected",
    "cancelled",
    "closed",
    "auto",
    "cod",
    "prepay",
    "counter",
    "phone",
    "sales",
    "manager",
    "finance",
    "warehouse",
];

#[test]
fn orders_in_every_stage_show_no_bare_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let db = db(&path);
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(&path, lang, 120, 40).unwrap();
        ui.login("manager");
        for stage in [
            OrderStage::Draft,
            OrderStage::Submitted,
            OrderStage::Approved,
            OrderStage::OnHold,
            OrderStage::Rejected,
            OrderStage::Closed,
            OrderStage::Cancelled,
        ] {
            let rows =
                ops::orders::orders_page(&db, &ops::orders::stage_filter(stage), None, 5).unwrap();
            for r in rows {
                ui.go(Route::Order(r.id));
                let s = ui.screen();
                let bare = bare_codes(&s, lang);
                assert!(bare.is_empty(), "{stage:?} {lang:?}: {bare:?}\n{s}");
            }
        }
        ui.go(Route::Orders);
        let s = ui.screen();
        assert!(bare_codes(&s, lang).is_empty(), "{s}");
        for route in [Route::Queue, Route::Customers] {
            ui.go(route);
            let s = ui.screen();
            assert!(bare_codes(&s, lang).is_empty(), "{s}");
        }
    }
}
