//! The picking screen driven by keys and scans: from an approved order through wave
//! planning to a finished pick list, scanning bin then items (a 200-scan burst counted
//! right, through the test terminal and a real pseudo-terminal), every bad scan refused
//! in the error style with nothing changed, a short pick that proposes a count, a second
//! picker told who holds a task, put-back tasks of a cancelled order.

use crossterm::event::KeyCode;
use orderdesk::domain::access::Role;
use orderdesk::domain::goods::{Fulfilment, PickListStatus, TaskStatus};
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, picking};
use orderdesk::store::{self, Db};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::goods::picking::PickingView;
use orderdesk::ui::screens::goods::wave::WaveView;
use orderdesk::ui::screens::stock_count::CountView;
use orderdesk::ui::theme::Theme;

use crate::picking::{approved_order, number};
use crate::world::*;

/// The application logged in as one of the world's users.
pub(crate) fn ui_as(w: &World, user: &str, lang: Lang, width: u16, height: u16) -> Ui {
    let mut ui = Ui::new(&w.path, lang, width, height).unwrap();
    ui.text(user)
        .key(KeyCode::Tab)
        .text(PASSWORD)
        .key(KeyCode::Enter);
    assert_eq!(ui.on(), "orders", "{user} logged in: {}", ui.status());
    ui
}

pub(crate) fn is_error(ui: &Ui) -> bool {
    ui.app.status.as_ref().is_some_and(|(_, e)| *e)
}

/// The GS1 data of a label of `count` of the plain product, as a scanner sends it
/// (with the GS1-128 symbology identifier).
pub(crate) fn gs1_of_plain(count: u32) -> String {
    format!("]C1010{PLAIN_EAN}30{count}")
}

/// A task's id, count picked, status and holder.
pub(crate) type TaskState = (i64, i64, String, Option<i64>);

/// What a refused scan must leave alone: stock moves, and every task's count and holder.
pub(crate) fn goods_state(db: &Db) -> (i64, Vec<TaskState>) {
    let c = db.conn();
    let moves: i64 = c
        .query_row("SELECT COUNT(*) FROM stock_moves", [], |r| r.get(0))
        .unwrap();
    let tasks = c
        .prepare("SELECT id, qty_picked, status, claimed_by FROM pick_tasks ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (moves, tasks)
}

/// The picker reads the screen before the next scan: longer than the gap between the
/// codes of one scanner burst.
pub(crate) fn look_up() {
    std::thread::sleep(std::time::Duration::from_millis(350));
}

pub(crate) fn made_number(ui: &Ui) -> String {
    ui.view::<WaveView>()
        .and_then(|v| v.made.as_ref())
        .map(|m| m.number.clone())
        .unwrap_or_else(|| panic!("no pick list made: {}", ui.status()))
}

/// Wave planning as a warehouse user uses it: mark the order, make the list.
pub(crate) fn make_list_on_screen(ui: &mut Ui, order: &str) -> String {
    ui.go(Route::Waves);
    assert_eq!(ui.on(), "waves");
    let s = ui.screen();
    assert!(s.contains(order), "{order} waits to be picked: {s}");
    ui.scan(order);
    assert!(
        ui.view::<WaveView>().unwrap().marked.len() == 1,
        "a scanned order number marks it: {}",
        ui.status()
    );
    ui.key(KeyCode::F(5));
    made_number(ui)
}

#[test]
fn an_approved_order_is_picked_through_the_screens_from_wave_to_done() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "2").stock(BIN_B, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "4")]);
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);

    // Wave planning: Space marks the selected order, F7 chooses the picker.
    ui.go(Route::Waves);
    ui.text(" ");
    assert_eq!(ui.view::<WaveView>().unwrap().marked.len(), 1);
    ui.key(KeyCode::F(7));
    assert_eq!(ui.app.top_layer(), Some("picker"));
    let s = ui.screen();
    assert!(s.contains(WAREHOUSE_NAME), "the pickers are offered: {s}");
    ui.key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(
        ui.view::<WaveView>()
            .unwrap()
            .picker
            .as_ref()
            .map(|p| p.0.as_str()),
        Some("warehouse")
    );
    ui.key(KeyCode::F(5));
    let pl = made_number(&ui);
    assert!(ui.status().contains(&pl), "{}", ui.status());
    assert!(!is_error(&ui));
    let s = ui.screen();
    assert!(s.contains(&pl), "the new number stays on screen: {s}");
    assert!(
        !s.lines()
            .any(|l| l.starts_with('│') && l.contains(&number(&so))),
        "the order is no longer to pick: {s}"
    );

    // F8 prints it into the output folder, with its bins in walking order.
    ui.app.output.dir = Some(w.dir.path().join("docs"));
    ui.key(KeyCode::F(8));
    assert!(!is_error(&ui), "{}", ui.status());
    let printed =
        std::fs::read_to_string(w.dir.path().join("docs").join(format!("{pl}.txt"))).unwrap();
    let (a, b) = (printed.find(BIN_A), printed.find(BIN_B));
    assert!(a.is_some() && a < b, "{printed}");

    // Picking: the open lists, the list scanned, then bin and items task by task.
    ui.go(Route::Picking(None));
    assert_eq!(ui.on(), "picking");
    assert!(ui.screen().contains(&pl));
    ui.scan(&pl);
    let s = ui.screen();
    assert!(s.contains(BIN_A) && s.contains(PLAIN_SKU), "{s}");
    assert!(
        s.contains("扫描库位 A-01"),
        "the next step says what to scan: {s}"
    );
    ui.scan(BIN_A);
    assert!(ui.view::<PickingView>().unwrap().bin_confirmed());
    ui.scan(PLAIN_EAN).scan(PLAIN_EAN);
    let v = ui.view::<PickingView>().unwrap();
    assert_eq!(
        v.task.as_ref().map(|t| t.bin_code.as_str()),
        Some(BIN_B),
        "the next task appears by itself: {}",
        ui.status()
    );
    // The second task's quantity typed (F3) where a label is unreadable.
    ui.scan(BIN_B).key(KeyCode::F(3));
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    ui.text("2").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    assert!(ui.status().contains("已全部拣完"), "{}", ui.status());

    // Enter on the finished list goes on to the open lists.
    ui.key(KeyCode::Enter);
    let v = ui.view::<PickingView>().unwrap();
    assert!(v.list.is_none(), "the open lists show");
    assert!(ui.screen().contains("进行中的拣货单"));
    let view = picking::pick_list(&w.db, &pl).unwrap();
    assert_eq!(view.list.status, PickListStatus::Done);
    assert!(view.tasks.iter().all(|t| t.status == TaskStatus::Done));
    assert_eq!(
        ops::shipping::fulfilment(&w.db, so.id).unwrap(),
        Some(Fulfilment::ReadyToShip)
    );
}

#[test]
fn a_burst_of_200_scans_into_one_task_counts_every_scan_and_refuses_the_over_pick() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "250");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 60, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "200"), (LOT_SKU, "1")]);
    let mut ui = ui_as(&w, "warehouse", Lang::En, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl.clone())));
    let task = ui.view::<PickingView>().unwrap().task.clone().unwrap();
    assert_eq!(task.sku, PLAIN_SKU);

    // One burst, no pause: the bin, 199 items, a label of 5 (one too many), one more.
    let mut burst = format!("{BIN_A}\r");
    for _ in 0..199 {
        burst.push_str(PLAIN_EAN);
        burst.push('\r');
    }
    for c in burst.chars() {
        match c {
            '\r' => ui.key(KeyCode::Enter),
            c => ui.key(KeyCode::Char(c)),
        };
    }
    let picked = |db: &Db| {
        store::picking::task(db.conn(), task.id)
            .unwrap()
            .unwrap()
            .qty_picked
    };
    assert_eq!(picked(&w.db), 199_000, "every scan counted once");
    let before = goods_state(&w.db);
    ui.scan(&gs1_of_plain(5));
    assert!(is_error(&ui), "an over-pick is loud: {}", ui.status());
    assert!(ui.status().contains("Over-pick"), "{}", ui.status());
    assert_eq!(goods_state(&w.db), before, "the over-pick changed nothing");
    ui.scan(PLAIN_EAN);
    assert_eq!(picked(&w.db), 200_000);
    let v = ui.view::<PickingView>().unwrap();
    assert_eq!(
        v.task.as_ref().map(|t| t.sku.as_str()),
        Some(LOT_SKU),
        "the task finished and the next one shows"
    );
    assert_eq!(
        bin_on_hand(&w.db, w.plain_id, BIN_A),
        50_000,
        "200 left the bin"
    );
}

#[test]
fn a_wrong_bin_product_lot_or_an_over_pick_is_refused_loudly_and_changes_nothing() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 60, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "2"), (LOT_SKU, "2")]);
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl)));

    let refused = |ui: &mut Ui, scan: &str, says: &str| {
        let before = goods_state(&w.db);
        ui.scan(scan);
        assert!(is_error(ui), "{scan} is loud: {}", ui.status());
        assert!(ui.status().contains(says), "{scan}: {}", ui.status());
        assert_eq!(goods_state(&w.db), before, "{scan} changed nothing");
        // The error style on the status line itself (the row above the key bar).
        ui.screen();
        let theme = Theme {
            color: true,
            ascii_borders: false,
        };
        assert_eq!(ui.style_at(0, 22).fg, theme.error().fg, "{scan}: in red");
        look_up();
    };
    // The first task is the plain product in A-01: an item before its bin, another bin.
    refused(&mut ui, PLAIN_EAN, BIN_A);
    refused(&mut ui, BIN_B, BIN_B);
    ui.scan(BIN_A);
    assert!(!is_error(&ui), "{}", ui.status());
    refused(&mut ui, &lot_ean(), LOT_SKU);
    refused(&mut ui, &gs1_of_plain(3), "超");
    ui.scan(&gs1_of_plain(2));
    assert!(
        !is_error(&ui),
        "a label of 2 finishes the task: {}",
        ui.status()
    );
    // The lot product in A-02: a label of another lot.
    ui.scan(BIN_B);
    let gtin = format!("0{}", lot_ean());
    refused(&mut ui, &format!("]C101{gtin}10L9"), "L9");
    ui.scan(&format!("]C101{gtin}10L1"));
    assert!(!is_error(&ui), "the right lot counts: {}", ui.status());
    let v = ui.view::<PickingView>().unwrap();
    assert_eq!(v.task.as_ref().map(|t| t.qty_picked), Some(1_000));
}

#[test]
fn a_short_pick_backorders_the_rest_and_offers_the_count_of_its_bin() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "5")]);
    let mut ui = ui_as(&w, "warehouse", Lang::En, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl.clone())));
    ui.key(KeyCode::F(8));
    assert!(is_error(&ui), "the bin comes first: {}", ui.status());
    assert_eq!(ui.app.top_layer(), None);
    ui.scan(BIN_A).scan(PLAIN_EAN).key(KeyCode::F(8));
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    ui.text("3").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("prompt"), "then the reason");
    // No reason: the prompt stays.
    ui.key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("prompt"), "{}", ui.status());
    ui.text("shelf half empty").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    assert!(ui.status().contains(BIN_A), "{}", ui.status());
    let line = &store::orders::lines_of(w.db.conn(), so.id).unwrap()[0];
    assert_eq!(
        (line.qty_picked, line.qty_backordered),
        (3_000, 2_000),
        "found 3, the other 2 backordered"
    );
    assert_eq!(
        picking::pick_list(&w.db, &pl).unwrap().list.status,
        PickListStatus::Done
    );
    // F6 opens the count on that bin.
    ui.key(KeyCode::F(6));
    assert_eq!(ui.on(), "stock-count");
    assert_eq!(ui.view::<CountView>().unwrap().bin.as_deref(), Some(BIN_A));
}

#[test]
fn a_second_picker_on_the_list_is_told_who_holds_the_task() {
    let w = world();
    w.user("wh2")
        .name("孙拣货")
        .roles(&[Role::Warehouse])
        .create();
    w.product(PLAIN_SKU).stock(BIN_A, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "3")]);
    let mut first = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    let pl = make_list_on_screen(&mut first, &number(&so));
    first.go(Route::Picking(Some(pl.clone())));
    first.scan(BIN_A);

    let mut second = ui_as(&w, "wh2", Lang::Zh, 80, 24);
    second.go(Route::Picking(Some(pl)));
    let s = second.screen();
    assert!(
        s.contains(WAREHOUSE_NAME),
        "the holder is named on the screen: {s}"
    );
    assert!(second.view::<PickingView>().unwrap().task.is_none());
    // Scanning anyway changes nothing.
    let before = goods_state(&w.db);
    second.scan(BIN_A).scan(PLAIN_EAN);
    assert_eq!(goods_state(&w.db), before);
}

/// A scanner burst on the picking screen through a real pseudo-terminal: the bin and
/// every item of the first task in one write, with no pause between codes, then one
/// scan too many. Every item counts once; the one too many is refused.
#[cfg(unix)]
#[test]
fn a_burst_of_bin_and_items_through_a_pty_picks_the_task_exactly() {
    use crate::pty_scan::Pty;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let path = orderdesk::ui::harness::demo_copy(dir.path()).unwrap();
    let (pl, task) = {
        let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
        let clerk = demo_actor(&db, "warehouse");
        // The demo's picker has a list half done: they put it down first.
        picking::leave_pick_list(&db, &clerk).unwrap();
        let order = picking::orders_to_pick(&db, 1).unwrap().remove(0);
        let made = picking::create_pick_list(&db, &clerk, &[order.number], None).unwrap();
        let view = picking::pick_list(&db, &made.number).unwrap();
        (made.number, view.tasks[0].clone())
    };
    let barcode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT barcode FROM product_barcodes WHERE product_id = ?1 LIMIT 1",
            [task.product_id],
            |r| r.get(0),
        )
        .unwrap();
    let units = task.qty / 1_000;

    let mut pty = Pty::start(&path);
    pty.wait_for("Log in");
    pty.send(b"warehouse\tdemo1234\r");
    pty.wait_for("Welcome");
    pty.send(b"\x1bOS"); // F4: the menu
    pty.wait_for("Picking");
    pty.send(b"10\r");
    pty.wait_for("open pick lists");
    pty.send(format!("{pl}\r").as_bytes());
    pty.wait_for("tasks done");
    let mut burst = format!("{}\r", task.bin_code);
    for _ in 0..=units {
        burst.push_str(&barcode);
        burst.push('\r');
    }
    pty.send_behind(burst.into_bytes());

    let picked = || {
        rusqlite::Connection::open(&path)
            .ok()?
            .query_row(
                "SELECT qty_picked FROM pick_tasks WHERE id = ?1",
                [task.id],
                |r| r.get::<_, i64>(0),
            )
            .ok()
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while picked() != Some(task.qty) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(picked(), Some(task.qty), "every item of the burst counted");
    // The scan too many meets the next task, whose bin was not scanned (or a finished
    // list): refused.
    std::thread::sleep(Duration::from_millis(1_000));
    assert_eq!(picked(), Some(task.qty), "and nothing more");
    let moves: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM stock_moves WHERE doc_no = ?1 AND qty < 0",
            [&pl],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(moves, units, "one move out of the bin per item");
}

#[test]
fn a_lot_expiring_before_the_requested_date_is_flagged_on_the_task() {
    let w = world();
    w.product(LOT_SKU).stock_lot(BIN_B, "L-SOON", 5, "5");
    let so = approved_order(&w, &[(LOT_SKU, "2")]);
    w.db.conn()
        .execute(
            "UPDATE orders SET requested_date = ?1, special = '送货前电话联系' WHERE id = ?2",
            rusqlite::params![days_from_today(10).to_string(), so.id],
        )
        .unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl)));
    let s = ui.screen();
    assert!(
        s.contains("L-SOON") && s.contains("早于要求交货日期"),
        "{s}"
    );
    assert!(
        s.contains("送货前电话联系"),
        "the special requirements show: {s}"
    );
}

#[test]
fn the_goods_of_a_cancelled_order_are_put_back_through_the_picking_screen() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "3");
    let so = approved_order(&w, &[(PLAIN_SKU, "2")]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &made.number);
    let version = ops::orders::order_detail(&w.db, so.id).unwrap().version;
    ops::intake::cancel_order(&w.db, &w.sales, so.id, version, "客户取消").unwrap();
    let back = picking::open_pick_lists(&w.db, 0, 10).unwrap().remove(0);

    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.go(Route::Picking(Some(back.list.number.clone())));
    let s = ui.screen();
    assert!(s.contains("放回") && s.contains(BIN_A), "{s}");
    ui.scan(BIN_A).scan(PLAIN_EAN).scan(PLAIN_EAN);
    assert!(ui.status().contains("放回库位"), "{}", ui.status());
    assert_eq!(bin_on_hand(&w.db, w.plain_id, BIN_A), 3_000, "all back");
    assert_eq!(bin_on_hand(&w.db, w.plain_id, "STG-WH1"), 0);
}

#[test]
fn a_code_refused_in_the_middle_of_a_burst_stays_on_the_status_line() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    w.product(LOT_SKU).stock_lot(BIN_B, "L1", 60, "5");
    let so = approved_order(&w, &[(PLAIN_SKU, "5")]);
    let mut ui = ui_as(&w, "warehouse", Lang::En, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl)));
    // Bin, item, another product's item, item: one burst, no pause.
    ui.scan(BIN_A)
        .scan(PLAIN_EAN)
        .scan(&lot_ean())
        .scan(PLAIN_EAN);
    let v = ui.view::<PickingView>().unwrap();
    assert_eq!(
        v.task.as_ref().map(|t| t.qty_picked),
        Some(2_000),
        "the codes around the refused one count"
    );
    assert!(is_error(&ui), "{}", ui.status());
    assert!(
        ui.status().contains(LOT_SKU),
        "the refusal stays: {}",
        ui.status()
    );
    // A scan after a look at the screen speaks for itself again.
    look_up();
    ui.scan(PLAIN_EAN);
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("3 picked"), "{}", ui.status());
}

#[test]
fn a_picker_whose_order_was_cancelled_meanwhile_is_told_and_nothing_is_lost() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let so = approved_order(&w, &[(PLAIN_SKU, "3")]);
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    let pl = make_list_on_screen(&mut ui, &number(&so));
    ui.go(Route::Picking(Some(pl)));
    ui.scan(BIN_A).scan(PLAIN_EAN);
    // The counter cancels the order in another session.
    let other = w.other_session();
    let version = ops::orders::order_detail(&other, so.id).unwrap().version;
    ops::intake::cancel_order(&other, &w.sales, so.id, version, "客户取消").unwrap();
    look_up();
    let before = goods_state(&w.db);
    ui.scan(PLAIN_EAN);
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains(&number(&so)), "{}", ui.status());
    assert_eq!(goods_state(&w.db), before, "the scan changed nothing");
    assert_eq!(on_hand(&w.db, w.plain_id), 10_000, "nothing lost");
}

#[test]
fn opening_a_second_list_keeps_the_picker_on_the_one_they_have_open() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let a = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let b = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let first = picking::create_pick_list(&w.db, &w.warehouse, &[number(&a)], None).unwrap();
    let second = picking::create_pick_list(&w.db, &w.warehouse, &[number(&b)], None).unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::En, 80, 24);
    ui.go(Route::Picking(Some(first.number.clone())));
    ui.key(KeyCode::Esc);
    ui.go(Route::Picking(Some(second.number.clone())));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains(&first.number), "{}", ui.status());
    let v = ui.view::<PickingView>().unwrap();
    assert_eq!(
        v.list.as_ref().map(|l| l.list.number.clone()),
        Some(first.number),
        "still on the list they have open"
    );
}
