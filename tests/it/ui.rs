//! The screens driven by key sequences on a test terminal, asserting on the text and on
//! the cells whose style carries meaning.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use orderdesk::config::JournalSetting;
use orderdesk::i18n::Lang;
use orderdesk::ops::demo;
use orderdesk::store::Db;
use orderdesk::ui::app::App;
use orderdesk::ui::harness;
use orderdesk::ui::screens::intake::IntakeForm;
use orderdesk::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

use crate::world::newest_numbers;

fn demo_path(dir: &std::path::Path) -> std::path::PathBuf {
    harness::demo_copy(dir).unwrap()
}

fn start(path: &std::path::Path, lang: Lang, w: u16, h: u16) -> harness::Ui {
    harness::Ui::new(path, lang, w, h).unwrap()
}

#[test]
fn log_in_list_orders_open_one_by_scanning_and_go_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::Zh, 80, 24);
    let [newest, older] = <[String; 2]>::try_from(newest_numbers(&ui.app.db, 2)).unwrap();
    let s = ui.screen();
    assert!(
        s.contains("登录") && s.contains("华信五金批发有限公司"),
        "{s}"
    );
    ui.login("sales");
    let s = ui.screen();
    assert!(s.contains("张丽（销售）"), "{s}");
    assert!(s.contains(&newest), "{s}");
    assert!(
        s.contains("F10 退出"),
        "the key bar comes from the keymap: {s}"
    );
    // A scanner types the number and presses Enter; "q" and digits never quit.
    ui.text(&older.to_lowercase()).key(KeyCode::Enter);
    assert!(!ui.app.quit);
    let s = ui.screen();
    assert!(ui.app.screen.name() == "order-detail");
    assert!(s.contains(&older) && s.contains("价税合计"), "{s}");
    ui.key(KeyCode::Esc);
    assert!(ui.app.screen.name() == "orders");
    // An unknown number is refused with a message, and nothing else happens.
    ui.text("SO-2099-999999").key(KeyCode::Enter);
    let s = ui.screen();
    assert!(s.contains("找不到订单"), "{s}");
    assert!(ui.app.screen.name() == "orders");
}

#[test]
fn the_selected_row_is_reversed_even_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.app.theme.color = false;
    ui.login("manager");
    ui.key(KeyCode::Down);
    ui.screen();
    let buf = ui.term.backend().buffer().clone();
    // Row 0 of the table is screen row 4 (header, tabs, border, column titles).
    // The order number and date columns (ASCII, one cell per character).
    let reversed = |y: u16| (1..27).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED));
    assert!(!reversed(3), "the column titles are not selected");
    assert!(!reversed(4), "the first row is no longer selected");
    assert!(reversed(5), "the second row is");
}

#[test]
fn wrong_password_says_so_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.text("sales")
        .key(KeyCode::Tab)
        .text("nope-nope")
        .key(KeyCode::Enter);
    let s = ui.screen();
    assert!(s.contains("Wrong user name or password"), "{s}");
    assert!(ui.on() == "login");
}

#[test]
fn english_and_wide_and_too_small() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::En, 160, 48);
    ui.login("sales");
    let s = ui.screen();
    assert!(
        s.contains("Orders") && s.contains("Order no.") && s.contains("Quit"),
        "{s}"
    );
    let rows = s.lines().filter(|l| l.contains("SO-")).count();
    assert_eq!(
        rows as i64,
        ui.app.page_len - count_drafts(&s),
        "a page fills the height"
    );
    let mut small = start(&path, Lang::Zh, 20, 5);
    let s = small.screen();
    assert!(s.contains("窗口太小"), "{s}");
}

fn count_drafts(s: &str) -> i64 {
    s.lines().filter(|l| l.contains("DR-")).count() as i64
}

#[test]
fn help_is_built_from_the_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.login("sales");
    ui.key(KeyCode::F(1));
    let s = ui.screen();
    assert!(
        s.contains("F10 / Ctrl+Q") && s.contains("Next stage"),
        "{s}"
    );
    assert_eq!(
        s.matches("Quit").count(),
        2,
        "once in the help, once in the key bar: {s}"
    );
    ui.key(KeyCode::Esc);
    assert!(!ui.screen().contains("F10 / Ctrl+Q"));
}

#[test]
fn the_list_follows_changes_from_another_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.login("manager");
    // Stage tab "Submitted".
    ui.key(KeyCode::Right).key(KeyCode::Right);
    let before = ui.screen();
    let first = before
        .lines()
        .find(|l| l.contains("SO-"))
        .unwrap()
        .to_string();
    // Another terminal puts the top order of that list on hold.
    let other = Db::open(&path, JournalSetting::Auto).unwrap();
    let boss = orderdesk::ops::auth::login(&other, "finance", demo::DEMO_PASSWORD).unwrap();
    let at = first.find("SO-").unwrap();
    let number = &first[at..at + 14];
    let row = orderdesk::ops::orders::order_by_number(&other, number).unwrap();
    orderdesk::ops::approval::hold_order(&other, &boss, row.id, row.version, "电话确认").unwrap();
    assert!(ui.app.refresh_if_changed(), "data_version moved");
    let after = ui.screen();
    assert!(!after.contains(number), "{after}");
}

fn barcodes(path: &std::path::Path, n: usize) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT b.barcode FROM product_barcodes b JOIN products p ON p.id = b.product_id ORDER BY p.id LIMIT ?1")
        .unwrap();
    st.query_map([n as i64], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_burst_of_fifty_scans_adds_exactly_fifty_units_and_fires_no_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let codes = barcodes(&path, 3);
    let mut ui = start(&path, Lang::Zh, 80, 24);
    ui.login("sales");
    ui.key(KeyCode::F(2));
    ui.text("C00002").key(KeyCode::Enter);
    // 50 scans, no pauses: 13 digits and Enter each, over three products, some ending
    // in Tab or LF as scanners may be set up.
    for i in 0..50 {
        ui.text(&codes[i % 3]);
        match i % 5 {
            3 => {
                ui.key(KeyCode::Tab);
            }
            4 => ui
                .app
                .handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            _ => {
                ui.key(KeyCode::Enter);
            }
        }
    }
    assert!(!ui.app.quit);
    let Some(form) = ui.view::<IntakeForm>() else {
        panic!("still on the intake screen")
    };
    assert_eq!(form.lines.len(), 3);
    assert_eq!(
        form.units().to_db(),
        50_000,
        "nothing dropped, nothing doubled"
    );
    assert_eq!(
        form.lines.iter().map(|l| l.qty.to_db()).collect::<Vec<_>>(),
        [17_000, 17_000, 16_000]
    );
    let s = ui.screen();
    assert!(s.contains("件数 50"), "{s}");
    // Saved as a draft, and submitted: the number and the confirmation file.
    ui.app.output.dir = Some(dir.path().join("docs"));
    ui.key(KeyCode::F(9));
    let s = ui.screen();
    assert!(s.contains("已提交 SO-"), "{s}");
    let Some(form) = ui.view::<IntakeForm>() else {
        panic!()
    };
    let number = form.number.clone().unwrap();
    let row = orderdesk::ops::orders::order_by_number(&ui.app.db, &number).unwrap();
    let d = orderdesk::ops::orders::order_detail(&ui.app.db, row.id).unwrap();
    let units: i64 = d.lines.iter().map(|l| l.qty.to_db()).sum();
    assert_eq!(units, 50_000);
    assert!(dir
        .path()
        .join("docs")
        .join(format!("{number}.txt"))
        .exists());
}

#[test]
fn intake_refuses_unknown_codes_and_blocked_customers_and_asks_before_discarding() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let count_orders = || -> i64 {
        rusqlite::Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .unwrap()
    };
    let orders_before = count_orders();
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.login("sales");
    ui.key(KeyCode::F(2));
    // C00006 is blocked in the demo (every 37th customer from the 6th).
    ui.text("C00006").key(KeyCode::Enter);
    let s = ui.screen();
    assert!(s.contains("is blocked"), "{s}");
    ui.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .text("01")
        .key(KeyCode::Enter);
    ui.text("6900000000000").key(KeyCode::Enter);
    let s = ui.screen();
    assert!(s.contains("No product"), "{s}");
    let code = barcodes(&path, 1).remove(0);
    ui.text(&code).key(KeyCode::Enter);
    // Esc once asks, Esc twice discards.
    ui.key(KeyCode::Esc);
    assert!(ui.on() == "intake");
    assert!(ui.screen().contains("Unsaved changes"));
    ui.key(KeyCode::Esc);
    assert!(ui.app.screen.name() == "orders");
    assert_eq!(
        count_orders(),
        orders_before,
        "the discarded order was never saved"
    );
}

#[test]
fn scans_during_a_held_lock_wait_and_all_arrive_once_when_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("delete.db");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    demo::generate(
        &path,
        JournalSetting::Delete,
        demo::Scale::Small,
        2026,
        as_of,
        &mut |_| {},
    )
    .unwrap();
    let codes = barcodes(&path, 2);
    let mut db = Db::open(&path, JournalSetting::Delete).unwrap();
    db.set_busy_deadline(std::time::Duration::from_millis(50));
    let app = App::new(
        db,
        Lang::En,
        Theme {
            color: true,
            ascii_borders: false,
        },
    );
    let mut ui = harness::Ui {
        app,
        term: Terminal::new(TestBackend::new(80, 24)).unwrap(),
    };
    ui.login("sales")
        .key(KeyCode::F(2))
        .text("C00002")
        .key(KeyCode::Enter);
    // Another user's long write holds the file (rollback journal: readers wait too).
    let blocker = rusqlite::Connection::open(&path).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    for i in 0..20 {
        ui.text(&codes[i % 2]).key(KeyCode::Enter);
    }
    let waiting = match ui.view::<IntakeForm>() {
        Some(f) => (f.pending.len(), f.units().to_db()),
        None => panic!("left the intake screen"),
    };
    assert_eq!(waiting, (20, 0), "every scan waits, none is lost");
    assert!(ui.screen().contains("20 scans queued"));
    assert!(!ui.app.tick() || ui.app.has_pending(), "still locked");
    blocker.execute_batch("COMMIT").unwrap();
    assert!(ui.app.tick());
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!()
    };
    assert!(f.pending.is_empty());
    assert_eq!(f.units().to_db(), 20_000, "each scanned unit once");
    assert_eq!(
        f.lines.iter().map(|l| l.qty.to_db()).collect::<Vec<_>>(),
        [10_000, 10_000]
    );
}

#[test]
fn scanner_quirks_cr_lf_gs_and_help_do_not_lose_units() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_path(dir.path());
    let codes = barcodes(&path, 1);
    let mut ui = start(&path, Lang::En, 80, 24);
    ui.login("sales");
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    let lf = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
    // A scanner that ends every code in CR+LF: 5 scans are 5 units, not a lost field.
    for _ in 0..5 {
        ui.text(&codes[0]).key(KeyCode::Enter);
        ui.app.handle_key(lf);
    }
    // A GS1 label with the FNC1 separator (Ctrl+]) and a count of 12 (AI 37).
    let gtin14 = format!("0{}", codes[0]);
    ui.text(&format!("]C101{gtin14}10LOT7"));
    ui.app
        .handle_key(KeyEvent::new(KeyCode::Char(']'), KeyModifiers::CONTROL));
    ui.text("3712").key(KeyCode::Enter);
    // A scan typed while the help is open closes the help and is added.
    ui.key(KeyCode::F(1));
    ui.text(&codes[0]).key(KeyCode::Enter);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("left the form")
    };
    assert_eq!(ui.app.top_layer(), None, "the help is closed");
    assert_eq!(f.units().to_db(), 18_000, "5 + 12 + 1: {:?}", ui.app.status);
    // Quitting with an unsaved order asks first.
    ui.key(KeyCode::F(10));
    assert!(!ui.app.quit);
    assert!(ui.screen().contains("press F10 again to quit"));
    ui.key(KeyCode::F(10));
    assert!(ui.app.quit);
}
