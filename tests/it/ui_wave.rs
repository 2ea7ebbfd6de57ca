//! The warehouse home and wave planning driven by keys: the home's rows, most urgent
//! first, read again when another session commits, each opening what it names; wave
//! planning's filter, sort and the question before marks are dropped; the menu entries
//! only warehouse users see.

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, picking};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::goods::home::WarehouseHome;
use orderdesk::ui::screens::goods::wave::WaveView;

use crate::picking::{approved_order, number};
use crate::ui_picking::ui_as;
use crate::world::*;

#[test]
fn the_warehouse_home_lists_todays_work_most_urgent_first_and_opens_each_row() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "100");
    let to_pick = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let late = approved_order(&w, &[(PLAIN_SKU, "1")]);
    w.db.conn()
        .execute(
            "UPDATE orders SET requested_date = ?1 WHERE id = ?2",
            rusqlite::params![days_from_today(-3).to_string(), late.id],
        )
        .unwrap();
    let picking_now = approved_order(&w, &[(PLAIN_SKU, "2")]);
    let list =
        picking::create_pick_list(&w.db, &w.warehouse, &[number(&picking_now)], None).unwrap();
    let ready = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let done = picking::create_pick_list(&w.db, &w.warehouse, &[number(&ready)], None).unwrap();
    crate::picking::pick_all(&w.db, &w.warehouse, &done.number);

    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.go(Route::Warehouse);
    assert_eq!(ui.on(), "warehouse");
    let s = ui.screen();
    let row_of = |n: &str| {
        s.lines()
            .position(|l| l.starts_with('│') && l.contains(n))
            .unwrap_or_else(|| panic!("{n} is on the home: {s}"))
    };
    let late_row = row_of(&number(&late));
    assert!(s.lines().nth(late_row).unwrap().contains("逾期"), "{s}");
    assert!(s.lines().nth(late_row).unwrap().contains("晚 3 天"), "{s}");
    assert!(late_row < row_of(&number(&to_pick)), "late work first: {s}");
    assert!(s.lines().nth(row_of(&list.number)).unwrap().contains("0/1"));
    assert!(s
        .lines()
        .nth(row_of(&number(&ready)))
        .unwrap()
        .contains("待发货"));

    assert!(
        s.lines()
            .nth(row_of(&list.number))
            .unwrap()
            .contains("未分配"),
        "nobody was given the list: {s}"
    );

    // A picker opens it in another session: the home reads itself again and names them.
    picking::open_pick_list(&w.other_session(), &w.warehouse, &list.number, None).unwrap();
    assert!(ui.app.refresh_if_changed());
    let s = ui.screen();
    let row = s
        .lines()
        .find(|l| l.contains(&list.number))
        .unwrap_or_default();
    assert!(row.contains(WAREHOUSE_NAME), "who picks now: {s}");

    // Another session picks the list: the home reads itself again.
    crate::picking::pick_all(&w.other_session(), &w.warehouse, &list.number);
    assert!(ui.app.refresh_if_changed());
    let v = ui.view::<WarehouseHome>().unwrap();
    assert!(
        !v.rows.iter().any(|r| r.number() == list.number),
        "a finished list leaves the home"
    );

    // Enter on a row opens what it names.
    let i = v
        .rows
        .iter()
        .position(|r| r.number() == number(&to_pick))
        .unwrap();
    for _ in 0..i {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::Enter);
    assert_eq!(ui.on(), "order-detail");
    assert!(ui.screen().contains(&number(&to_pick)));
}

#[test]
fn only_warehouse_users_see_the_warehouse_entries_in_the_menu() {
    let w = world();
    let entries = ["仓库工作台", "波次拣货单", "拣货"];
    for (user, sees) in [
        ("warehouse", true),
        ("sales", false),
        ("manager", false),
        ("finance", false),
        ("admin", false),
    ] {
        let mut ui = Ui::new(&w.path, Lang::Zh, 80, 24).unwrap();
        let password = if user == "admin" {
            ADMIN_PASSWORD
        } else {
            PASSWORD
        };
        ui.text(user)
            .key(KeyCode::Tab)
            .text(password)
            .key(KeyCode::Enter);
        ui.key(KeyCode::F(4));
        let s = ui.screen();
        for e in entries {
            let shown = s
                .lines()
                .any(|l| l.split_whitespace().any(|word| word == e));
            assert_eq!(shown, sees, "{user} and {e}: {s}");
        }
    }
}

#[test]
fn leaving_wave_planning_with_marked_orders_asks_first() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    approved_order(&w, &[(PLAIN_SKU, "1")]);
    let mut ui = ui_as(&w, "warehouse", Lang::En, 80, 24);
    ui.go(Route::Waves);
    ui.text(" ").key(KeyCode::Esc);
    assert_eq!(ui.on(), "waves", "the marks are not dropped unasked");
    assert_eq!(ui.app.top_layer(), Some("confirm"));
    ui.key(KeyCode::Up);
    assert_eq!((ui.on(), ui.app.top_layer()), ("waves", None));
    assert_eq!(ui.view::<WaveView>().unwrap().marked.len(), 1);
    ui.key(KeyCode::Esc).key(KeyCode::Esc);
    assert_eq!(ui.on(), "warehouse");
}

#[test]
fn wave_planning_filters_by_customer_and_sorts_by_requested_date() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let first = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let code = w.customer("远方建材").create();
    let second = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "1")
        .submit();
    if let ops::approval::Outcome::Waiting(_) = second.outcome {
        ops::approval::approve_order(&w.db, &w.manager, second.id, second.version).unwrap();
    }
    w.db.conn()
        .execute(
            "UPDATE orders SET requested_date = ?1 WHERE id = ?2",
            rusqlite::params![days_from_today(1).to_string(), second.id],
        )
        .unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.go(Route::Waves);
    let order_rows = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with('│') && l.contains("SO-"))
            .map(|l| l.to_string())
            .collect()
    };
    let s = ui.screen();
    assert_eq!(order_rows(&s).len(), 2, "{s}");
    // By requested date: the dated order first, the undated one last.
    ui.key(KeyCode::F(6));
    let s = ui.screen();
    assert!(s.contains("排序：要求交货日期"), "{s}");
    assert!(order_rows(&s)[0].contains(&second.number), "{s}");
    assert!(order_rows(&s)[1].contains(&number(&first)), "{s}");
    // Typing filters by customer.
    ui.text("远方");
    let s = ui.screen();
    assert_eq!(order_rows(&s).len(), 1, "{s}");
    assert!(s.contains("1/2") && s.contains(&second.number), "{s}");
}

#[test]
fn wave_planning_filters_and_sorts_by_the_customers_default_carrier() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "10");
    let first = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let code = w.customer("远方建材").create();
    let second = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "1")
        .submit();
    if let ops::approval::Outcome::Waiting(_) = second.outcome {
        ops::approval::approve_order(&w.db, &w.manager, second.id, second.version).unwrap();
    }
    let sf = ops::shipping::carriers(&w.db)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "SF")
        .unwrap();
    let far = picking::orders_to_pick(&w.db, 10)
        .unwrap()
        .into_iter()
        .find(|r| r.number == second.number)
        .unwrap();
    ops::master::set_default_carrier(&w.db, &w.admin, far.customer_id, Some(sf.id)).unwrap();
    // Someone without the customer permission may not set it.
    assert!(ops::master::set_default_carrier(&w.db, &w.warehouse, far.customer_id, None).is_err());

    let mut ui = ui_as(&w, "warehouse", Lang::Zh, 80, 24);
    ui.go(Route::Waves);
    let order_rows = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with('│') && l.contains("SO-"))
            .map(|l| l.to_string())
            .collect()
    };
    let s = ui.screen();
    assert_eq!(order_rows(&s).len(), 2, "{s}");
    let far_row = order_rows(&s)
        .into_iter()
        .find(|l| l.contains(&second.number))
        .unwrap();
    assert!(far_row.contains(&sf.name), "the carrier is shown: {s}");

    // By carrier: the order with a carrier first, the one without last.
    ui.key(KeyCode::F(6)).key(KeyCode::F(6)).key(KeyCode::F(6));
    let s = ui.screen();
    assert!(s.contains("排序：承运商"), "{s}");
    assert!(order_rows(&s)[0].contains(&second.number), "{s}");
    assert!(order_rows(&s)[1].contains(&number(&first)), "{s}");

    // F9 offers all, none, then the carriers: the third entry is 顺丰.
    ui.key(KeyCode::F(9));
    assert_eq!(ui.app.top_layer(), Some("picker"));
    ui.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None);
    let s = ui.screen();
    assert_eq!(order_rows(&s).len(), 1, "{s}");
    assert!(order_rows(&s)[0].contains(&second.number), "{s}");
    assert!(s.contains(&format!("承运商：{}", sf.name)), "{s}");
    let v = ui.view::<WaveView>().unwrap();
    assert_eq!(v.carrier.as_ref().map(|c| c.0), Some(sf.id));
    assert_eq!(
        v.rows.len(),
        1,
        "the filter is read in SQL, not hidden on screen"
    );

    // The orders of customers without a carrier.
    ui.key(KeyCode::F(9)).key(KeyCode::Down).key(KeyCode::Enter);
    let s = ui.screen();
    assert_eq!(order_rows(&s).len(), 1, "{s}");
    assert!(order_rows(&s)[0].contains(&number(&first)), "{s}");

    // All carriers again.
    ui.key(KeyCode::F(9)).key(KeyCode::Enter);
    assert_eq!(order_rows(&ui.screen()).len(), 2);
    assert!(ui.view::<WaveView>().unwrap().carrier.is_none());
}

#[test]
fn a_customers_default_carrier_is_shown_and_set_on_the_command_line() {
    let w = world();
    let code = w.customer("远方建材").code("FAR").create();
    let path = w.path.clone();
    drop(w.db);
    let run = |user: &str, password: &str, args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_orderdesk"))
            .arg("--db")
            .arg(&path)
            .args(["--lang", "en"])
            .args(args)
            .env("ORDERDESK_USER", user)
            .env("ORDERDESK_PASSWORD", password)
            .output()
            .unwrap();
        (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let admin = |args: &[&str]| run("admin", ADMIN_PASSWORD, args);
    let (ok, out) = admin(&["settings", "carrier", &code]);
    assert!(ok && out.contains("FAR has no default carrier"), "{out}");
    let (ok, out) = admin(&["settings", "carrier", &code, "NOPE"]);
    assert!(!ok && out.contains("NOPE"), "{out}");
    let (ok, out) = admin(&["settings", "carrier", &code, "sf"]);
    assert!(
        ok && out.contains("default carrier of FAR: 顺丰速运"),
        "{out}"
    );
    let (ok, out) = admin(&["settings", "carrier", &code, "--clear"]);
    assert!(ok && out.contains("FAR has no default carrier"), "{out}");
}
