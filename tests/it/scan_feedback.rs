//! Feedback per scan for staff who do not look at the screen: the terminal's bell on an
//! error (a company setting, off by default, edited on the settings screen), and the
//! line a scan changed marked on the stock forms and the count as on intake.

use crossterm::event::KeyCode;

use crate::world::*;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, setup};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::settings::SettingsView;
use orderdesk::ui::screens::stock_count::CountView;

fn as_user(path: &std::path::Path, lang: Lang, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, 80, 24).unwrap();
    ui.login(user);
    ui
}

/// The company's bell on scan errors, set by the administrator through `ops`.
fn set_bell(path: &std::path::Path, on: bool) {
    let db = orderdesk::store::Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap();
    let admin = demo_actor(&db, "admin");
    let s = setup::company_settings(&db).unwrap();
    let input = setup::SettingsInput {
        error_bell: on,
        ..setup::SettingsInput::from_settings(&s)
    };
    setup::update_settings(&db, &admin, s.version, &input).unwrap();
}

/// A barcode with a valid check digit that no product of the demo has.
const UNKNOWN_EAN: &str = "6900000000000";

#[test]
fn the_bell_is_off_until_the_company_turns_it_on() {
    let (_d, path) = demo_copy();
    let mut ui = as_user(&path, Lang::En, "sales");
    ui.go(Route::NewOrder);
    ui.text(DEMO_CASH_CUSTOMER).key(KeyCode::Enter);
    ui.scan(UNKNOWN_EAN);
    assert!(ui.status().contains(UNKNOWN_EAN), "{}", ui.status());
    assert_eq!(ui.bells(), 0, "off by default");

    // Turned on by the administrator in another session: the next error rings.
    set_bell(&path, true);
    ui.scan(UNKNOWN_EAN);
    assert_eq!(ui.bells(), 1);
    // Each error rings once; a good scan does not.
    ui.scan("HW-000001");
    assert_eq!(ui.bells(), 1, "{}", ui.status());
    ui.scan(UNKNOWN_EAN).scan(UNKNOWN_EAN);
    assert_eq!(ui.bells(), 3);
    // However many errors a burst met, the terminal is sent one bell per frame.
    assert!(ui.app.take_bell());
    assert!(!ui.app.take_bell(), "rung already");

    set_bell(&path, false);
    ui.scan(UNKNOWN_EAN);
    assert_eq!(ui.bells(), 3, "off again");
}

#[test]
fn every_scan_screen_rings_on_an_error_and_other_screens_do_not() {
    let (_d, path) = demo_copy();
    set_bell(&path, true);
    let mut ui = as_user(&path, Lang::Zh, "warehouse");
    let rang = |ui: &mut Ui, what: &str, before: usize| {
        assert_eq!(ui.bells(), before + 1, "{what}: {}", ui.status());
        ui.bells()
    };

    ui.go(Route::Receipt(None));
    ui.scan(UNKNOWN_EAN);
    let n = rang(&mut ui, "receipt", 0);
    // An error at F5 (no product yet) rings too.
    ui.key(KeyCode::F(5));
    let n = rang(&mut ui, "receipt F5", n);
    ui.key(KeyCode::Esc);

    ui.go(Route::Transfer(None, None));
    ui.scan(UNKNOWN_EAN);
    let n = rang(&mut ui, "transfer", n);
    ui.key(KeyCode::Esc);

    ui.go(Route::Adjust(None, None));
    ui.scan(UNKNOWN_EAN);
    let n = rang(&mut ui, "adjust", n);
    ui.key(KeyCode::Esc);

    ui.go(Route::Count);
    ui.scan("NO-SUCH-BIN");
    let n = rang(&mut ui, "count", n);
    ui.key(KeyCode::Esc);

    // The scan box of a list.
    ui.go(Route::Orders);
    ui.scan(UNKNOWN_EAN);
    let mut n = rang(&mut ui, "the order list's scan box", n);
    for (route, what) in [
        (Route::Stock, "the stock overview's search box"),
        (Route::Products, "the product list's search box"),
        (Route::Customers, "the customer list's search box"),
    ] {
        ui.go(route);
        ui.scan(UNKNOWN_EAN);
        n = rang(&mut ui, what, n);
    }

    // Not a scan: a screen this user may not open says so without the bell.
    ui.go(Route::Settings);
    assert!(!ui.status().is_empty());
    assert_eq!(ui.bells(), n, "{}", ui.status());
}

/// The settings form's field whose line has the focus marker, as drawn.
fn focused_label(ui: &mut Ui) -> String {
    ui.screen()
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn every_setting_is_reachable_at_80x24_and_the_focused_one_is_shown() {
    for lang in [Lang::Zh, Lang::En] {
        let (_d, path) = demo_copy();
        let mut ui = as_user(&path, lang, "admin");
        ui.go(Route::Settings);
        assert_eq!(ui.on(), "settings");
        let fields: Vec<(&'static str, &'static str)> = {
            let v = ui.view::<SettingsView>().unwrap();
            v.form
                .fields
                .iter()
                .map(|f| (f.key, lang.pick(f.name.zh, f.name.en)))
                .collect()
        };
        assert!(fields.iter().any(|f| f.0 == "customer_code_prefix"));
        assert!(fields.iter().any(|f| f.0 == "error_bell"));
        for (i, (key, label)) in fields.iter().enumerate() {
            let v = ui.view::<SettingsView>().unwrap();
            assert_eq!(v.form.focus_key(), *key, "field {i}");
            let line = focused_label(&mut ui);
            assert!(line.contains(label), "{key} is not shown focused: {line}");
            ui.key(KeyCode::Tab);
        }
        // Past the company fields: the users' limits, and back up to the last field.
        assert!(ui.view::<SettingsView>().unwrap().user.is_some());
        ui.key(KeyCode::BackTab);
        let line = focused_label(&mut ui);
        assert!(line.contains(fields[fields.len() - 1].1), "{line}");
    }
}

#[test]
fn the_administrator_sets_the_prefix_and_the_bell_on_the_settings_screen() {
    let (_d, path) = demo_copy();
    let mut ui = as_user(&path, Lang::En, "admin");
    ui.go(Route::Settings);
    while ui.view::<SettingsView>().unwrap().form.focus_key() != "customer_code_prefix" {
        ui.key(KeyCode::Tab);
    }
    ui.ctrl('u').text("hz").key(KeyCode::Tab);
    assert_eq!(
        ui.view::<SettingsView>().unwrap().form.focus_key(),
        "error_bell"
    );
    ui.key(KeyCode::Right).key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    let s = setup::company_settings(&ui.app.db).unwrap();
    assert_eq!(
        (s.customer_code_prefix.as_str(), s.error_bell),
        ("HZ", true)
    );

    // A wrong prefix is named, focused, and nothing is saved.
    while ui.view::<SettingsView>().unwrap().form.focus_key() != "customer_code_prefix" {
        ui.key(KeyCode::BackTab);
    }
    ui.ctrl('u').key(KeyCode::F(5));
    assert!(
        ui.status().contains("Customer code prefix"),
        "{}",
        ui.status()
    );
    assert_eq!(setup::company_settings(&ui.app.db).unwrap(), s);
    let line = focused_label(&mut ui);
    assert!(line.contains("Customer code prefix"), "{line}");
    // Nobody but an administrator gets the screen.
    let mut sales = as_user(&path, Lang::En, "sales");
    sales.go(Route::Settings);
    assert_ne!(sales.on(), "settings");
    let e = setup::update_settings(
        &ui.app.db,
        &demo_actor(&ui.app.db, "sales"),
        s.version,
        &setup::SettingsInput {
            error_bell: false,
            ..setup::SettingsInput::from_settings(&s)
        },
    )
    .unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
}

/// Whether the panel's row that starts with `text` (just inside its border) is drawn
/// marked: reversed, as the selected line is.
fn marked_row(ui: &mut Ui, text: &str) -> Option<bool> {
    let s = ui.screen();
    let needle = format!("│{text} ");
    let (y, line) = s.lines().enumerate().find(|(_, l)| l.contains(&needle))?;
    let before = &line[..line.find(&needle)?];
    let x = unicode_width::UnicodeWidthStr::width(before) + 1;
    let style = ui.style_at(x as u16, y as u16);
    Some(
        style
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED),
    )
}

const PLAIN: &str = "HW-000001";

#[test]
fn a_posting_marks_the_bins_it_changed_beside_the_stock_form() {
    let (_d, path) = demo_copy();
    let db = orderdesk::store::Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let id = ops::master::product_by_code(&db, PLAIN)
        .unwrap()
        .unwrap()
        .id;
    let a = ops::stock::stock_detail(&db, id).unwrap().levels[0]
        .bin_code
        .clone();
    let b = ops::master::bins(&db)
        .unwrap()
        .into_iter()
        .map(|b| b.code)
        .find(|c| *c != a)
        .unwrap();
    let form = |ui: &mut Ui| {
        ui.view_mut::<orderdesk::ui::screens::stock_forms::StockForm>()
            .unwrap()
            .form
            .clone()
    };

    let mut ui = Ui::new(&path, Lang::En, 120, 30).unwrap();
    ui.login("warehouse");
    // A transfer marks both bins.
    ui.go(Route::Transfer(Some(id), Some((a.clone(), String::new()))));
    assert_eq!(marked_row(&mut ui, &a), Some(false), "nothing posted yet");
    assert_eq!(form(&mut ui).focus_key(), "to_bin");
    ui.scan(&b.to_lowercase()).scan("1");
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains("TR-"), "{}", ui.status());
    assert_eq!(marked_row(&mut ui, &a), Some(true), "{}", ui.screen());
    assert_eq!(marked_row(&mut ui, &b), Some(true), "{}", ui.screen());
    ui.key(KeyCode::Esc);

    // An adjustment marks its bin only.
    ui.go(Route::Adjust(Some(id), Some((a.clone(), String::new()))));
    assert_eq!(form(&mut ui).focus_key(), "qty");
    ui.scan("+1").text("found").key(KeyCode::F(5));
    assert!(ui.status().contains("ADJ-"), "{}", ui.status());
    assert_eq!(marked_row(&mut ui, &a), Some(true), "{}", ui.screen());
    assert_eq!(marked_row(&mut ui, &b), Some(false), "{}", ui.screen());

    // The next product scanned starts unmarked.
    ui.scan("HW-000002");
    let s = ui.screen();
    assert!(s.contains("Stock: HW-000002"), "{s}");
    for bin in [&a, &b] {
        assert_ne!(marked_row(&mut ui, bin), Some(true), "{s}");
    }
}

#[test]
fn the_count_marks_the_line_each_scan_counted() {
    let (_d, path) = demo_copy();
    let db = orderdesk::store::Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let id = ops::master::product_by_code(&db, PLAIN)
        .unwrap()
        .unwrap()
        .id;
    let bin = ops::stock::stock_detail(&db, id).unwrap().levels[0]
        .bin_code
        .clone();
    let mut ui = as_user(&path, Lang::En, "warehouse");
    ui.go(Route::Count);
    ui.scan(&bin).scan(PLAIN).scan("HW-000002");
    let v = ui.view::<CountView>().unwrap();
    assert_eq!((v.lines.len(), v.selected), (2, 1), "{}", ui.status());
    ui.scan(PLAIN);
    let v = ui.view::<CountView>().unwrap();
    assert_eq!(v.selected, 0, "the line the scan counted");
    let s = ui.screen();
    let y = s.lines().position(|l| l.contains(PLAIN)).unwrap();
    let line = s.lines().nth(y).unwrap();
    let x = unicode_width::UnicodeWidthStr::width(&line[..line.find(PLAIN).unwrap()]);
    let style = ui.style_at(x as u16, y as u16);
    assert!(style
        .add_modifier
        .contains(ratatui::style::Modifier::REVERSED));
}
