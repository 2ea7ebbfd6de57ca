//! What a person reads is never cut: the key bar leaves out whole entries that do not
//! fit, and a message longer than the status line opens in full.

use crossterm::event::KeyCode;
use orderdesk::domain::order::OrderStage;
use orderdesk::i18n::Lang;
use orderdesk::ops;
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::keymap::{defaults, key_label, label, Context};
use orderdesk::ui::route::Route;

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

/// Every entry of the key bar (the last row) is whole: a key shown is followed by its
/// whole label.
fn assert_whole_entries(ui: &mut Ui, ctx: Context, lang: Lang) {
    let s = ui.screen();
    let bar = s.lines().last().unwrap_or_default().trim_end().to_string();
    let mut shown = 0;
    for bd in defaults(ctx).iter().filter(|b| b.in_bar) {
        let key = key_label(bd.key);
        let entry = format!("{key} {}", label(bd, lang));
        let starts = bar.starts_with(&format!("{key} ")) || bar.contains(&format!(" {key} "));
        if starts || bar.ends_with(&format!(" {key}")) {
            assert!(
                bar.contains(&entry),
                "{ctx:?} {lang:?}: {entry:?} is cut in the key bar {bar:?}"
            );
            shown += 1;
        }
    }
    assert!(shown > 0, "{ctx:?}: {bar:?}");
}

#[test]
fn key_bar_entries_are_left_out_whole_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let draft = ops::orders::orders_page(
        &db(&path),
        &ops::orders::stage_filter(OrderStage::Draft),
        None,
        1,
    )
    .unwrap()[0]
        .id;
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(&path, lang, 80, 24).unwrap();
        ui.login("sales");
        ui.go(Route::Orders);
        assert_whole_entries(&mut ui, Context::Orders, lang);
        ui.go(Route::EditOrder(draft));
        assert_eq!(ui.on(), "intake", "{}", ui.status());
        assert_whole_entries(&mut ui, Context::Intake, lang);
        // The line editor: "F6 Edit" for "Edit line" was the cut one.
        ui.key(KeyCode::F(6));
        assert_whole_entries(&mut ui, Context::IntakeLine, lang);
        let mut ui = Ui::new(&path, lang, 80, 24).unwrap();
        ui.login("warehouse");
        for (route, ctx) in [
            (Route::Stock, Context::Stock),
            (Route::Receipt(None), Context::Form),
            (Route::Count, Context::Count),
        ] {
            ui.go(route);
            assert_whole_entries(&mut ui, ctx, lang);
        }
    }
}

#[test]
fn a_long_message_opens_in_full_with_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let mut ui = Ui::new(&path, lang, 80, 24).unwrap();
        ui.login("warehouse");
        ui.go(Route::Receipt(None));
        // An unknown code as long as a path: the message quoting it is wider than the
        // status line and has long words that wrap early.
        let code = format!("{}/END", "/home/shop/orders/confirmations-2026".repeat(2));
        ui.scan(&code);
        let s = ui.screen();
        let joined: String = s
            .lines()
            .map(|l| l.trim_matches(|c: char| c == '│' || c == ' '))
            .collect();
        assert!(
            joined.contains(&code),
            "the message shows the whole code: {code}\n{s}"
        );
    }
}
