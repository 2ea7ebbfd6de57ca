//! The screens after picking, driven by keys and scans: shipping picked goods with a
//! carrier and a scanned tracking number, the delivery note written, the signature
//! (签收) or what went wrong recorded, the order detail showing the shipments, the order
//! list filtered by fulfilment, and the carriers the admin keeps. Every refusal shows in
//! the error style and changes nothing.

use crossterm::event::KeyCode;
use orderdesk::domain::goods::{Fulfilment, ShipmentStatus};
use orderdesk::domain::order::OrderStage;
use orderdesk::i18n::Lang;
use orderdesk::ops::master::CarrierInput;
use orderdesk::ops::shipping::{self, ShipInput};
use orderdesk::ops::{self, orders, picking};
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::goods::delivery::{self, DeliveryView};
use orderdesk::ui::screens::goods::shipping::{ShippingView, Slot};
use orderdesk::ui::screens::orders::OrdersScreen;

use crate::picking::{approved_order, number, pick_all};
use crate::world::*;

fn ui_as(w: &World, user: &str, lang: Lang) -> Ui {
    let mut ui = Ui::new(&w.path, lang, 80, 24).unwrap();
    let password = if user == "admin" {
        ADMIN_PASSWORD
    } else {
        PASSWORD
    };
    ui.text(user)
        .key(KeyCode::Tab)
        .text(password)
        .key(KeyCode::Enter);
    assert_eq!(ui.on(), home_of(user), "{user} logged in: {}", ui.status());
    ui
}

fn is_error(ui: &Ui) -> bool {
    ui.app.status.as_ref().is_some_and(|(_, e)| *e)
}

/// An approved order of `qty` of the plain product, picked in full.
fn picked_order(w: &World, qty: &str) -> ops::intake::Submitted {
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let so = approved_order(w, &[(PLAIN_SKU, qty)]);
    let made = picking::create_pick_list(&w.db, &w.warehouse, &[number(&so)], None).unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    so
}

fn shipments(w: &World, order_id: i64) -> Vec<orderdesk::ops::shipping::ShipmentRow> {
    shipping::shipments_of_order(&w.db, order_id).unwrap()
}

/// Ships the whole picked order through `ops`, with this tracking number.
fn ship_by_ops(w: &World, so: &ops::intake::Submitted, tracking: &str) -> String {
    shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: number(so),
            carrier: "SF".into(),
            tracking: tracking.into(),
            ..ShipInput::default()
        },
    )
    .unwrap()
    .number
}

/// On the shipping screen: scan the order, choose the first carrier (顺丰) from the
/// list, scan the tracking number.
fn fill_shipment(ui: &mut Ui, order: &str, tracking: &str) {
    ui.scan(order);
    assert_eq!(
        ui.view::<ShippingView>().unwrap().focus,
        Slot::Carrier,
        "after the order the carrier is asked: {}",
        ui.status()
    );
    ui.key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("picker"), "{}", ui.status());
    ui.key(KeyCode::Enter);
    assert_eq!(
        ui.view::<ShippingView>().unwrap().carrier.as_deref(),
        Some("SF")
    );
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Tracking);
    ui.scan(tracking);
}

#[test]
fn picked_goods_ship_and_are_signed_for_through_the_screens() {
    let w = world();
    let so = picked_order(&w, "5");
    let out = tempfile::tempdir().unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.app.output.dir = Some(out.path().to_path_buf());

    ui.go(Route::Shipping(None));
    assert_eq!(ui.on(), "shipping");
    fill_shipment(&mut ui, &number(&so), "SF1000000001");
    let s = ui.screen();
    assert!(s.contains(&number(&so)), "the order is shown: {s}");
    assert!(
        s.contains("SF1000000001"),
        "the tracking number is shown: {s}"
    );
    ui.text("2")
        .key(KeyCode::Enter)
        .text("3.5")
        .key(KeyCode::Enter);
    ui.text("15.00");
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let made = shipments(&w, so.id);
    assert_eq!(made.len(), 1, "one shipment: {}", ui.status());
    let sh = &made[0];
    assert_eq!(sh.tracking_no.as_deref(), Some("SF1000000001"));
    assert_eq!((sh.cartons, sh.weight_g, sh.cost_minor), (2, 3500, 1500));
    assert!(ui.status().contains(&sh.number), "{}", ui.status());
    assert!(
        ui.status().contains("已发货"),
        "the order's fulfilment is named: {}",
        ui.status()
    );
    let note = out.path().join(format!("{}.txt", sh.number));
    let text = std::fs::read_to_string(&note).expect("the delivery note is written");
    assert!(
        text.contains(&sh.number) && text.contains(PLAIN_SKU),
        "{text}"
    );
    assert!(out.path().join(format!("{}.html", sh.number)).exists());
    // Everything shipped: the screen waits for the next scan.
    assert!(ui.view::<ShippingView>().unwrap().order.is_none());
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Scan);

    // F9 prints the note again, 136 columns wide.
    ui.key(KeyCode::F(9));
    assert_eq!(ui.app.top_layer(), Some("picker"));
    ui.key(KeyCode::Down).key(KeyCode::Enter);
    assert!(!is_error(&ui), "{}", ui.status());
    let wide = std::fs::read_to_string(&note).unwrap();
    assert!(
        wide.lines()
            .find(|l| l.contains(PLAIN_SKU))
            .is_some_and(|l| l.trim_end().ends_with(" 5")),
        "{wide}"
    );
    assert!(
        wide.lines()
            .map(orderdesk::domain::text::display_width)
            .max()
            > Some(80),
        "the wide note is wider than 80 columns:\n{wide}"
    );

    // Delivery: scan the tracking number, the signer, F5.
    ui.go(Route::Delivery(None));
    assert_eq!(ui.on(), "delivery");
    ui.scan("SF1000000001");
    let s = ui.screen();
    assert!(
        s.contains(&sh.number),
        "the shipment is found by tracking: {s}"
    );
    assert_eq!(
        ui.view::<DeliveryView>().unwrap().focus,
        delivery::Slot::Signer
    );
    ui.text("王收货").key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let after = shipments(&w, so.id);
    assert_eq!(after[0].status, ShipmentStatus::Delivered);
    assert_eq!(after[0].signer.as_deref(), Some("王收货"));
    assert_eq!(
        after[0].delivered_on.as_deref(),
        Some(&*company_today().to_string())
    );
    let d = orders::order_detail(&w.db, so.id).unwrap();
    assert_eq!(
        d.stage,
        OrderStage::Closed,
        "delivered in full closes the order"
    );
    assert!(ui.status().contains("已完成"), "{}", ui.status());

    // The order detail shows the shipment and the per-line quantities.
    ui.go(Route::Order(so.id));
    let s = ui.screen();
    assert!(s.contains(&sh.number), "the shipment is listed: {s}");
    assert!(s.contains("SF1000000001"), "with its tracking number: {s}");
    assert!(s.contains("已签收") && s.contains("王收货"), "{s}");
    assert!(
        s.contains("已拣") && s.contains("签收"),
        "the line columns: {s}"
    );
    assert_consistent(&w.db);
}

#[test]
fn part_of_a_line_ships_and_the_rest_waits() {
    let w = world();
    let so = picked_order(&w, "5");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Shipping(Some(number(&so))));
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Carrier);
    // Up from the carrier is the line's quantity: 2 of the 5 picked.
    ui.key(KeyCode::Up);
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Line(0));
    ui.ctrl('u').text("2");
    ui.key(KeyCode::F(7)).key(KeyCode::Enter);
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("partly shipped"), "{}", ui.status());
    let d = orders::order_detail(&w.db, so.id).unwrap();
    assert_eq!(d.lines[0].shipped.to_string(), "2");
    assert_eq!(d.lines[0].picked.to_string(), "3");
    // The order stays on the screen with what is left to ship.
    let v = ui.view::<ShippingView>().unwrap();
    assert_eq!(v.order.as_ref().map(|o| o.lines[0].qty.as_str()), Some("3"));
    assert_eq!(v.carrier.as_deref(), Some("SF"), "the carrier is kept");
}

#[test]
fn a_tracking_number_scanned_twice_is_refused_naming_the_earlier_shipment() {
    let w = world();
    let first = picked_order(&w, "2");
    let second = picked_order(&w, "3");
    let sh = ship_by_ops(&w, &first, "SF2000000002");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Shipping(None));
    fill_shipment(&mut ui, &number(&second), "SF2000000002");
    assert!(is_error(&ui), "refused at the scan: {}", ui.status());
    assert!(
        ui.status().contains(&sh) && ui.status().contains("SF2000000002"),
        "the message names the earlier shipment: {}",
        ui.status()
    );
    let v = ui.view::<ShippingView>().unwrap();
    assert_eq!(v.tracking, "", "the field is ready for the right scan");
    assert_eq!(v.focus, Slot::Tracking);
    // Typed anyway and shipped: ops refuses too, and nothing ships.
    ui.text("SF2000000002").key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains(&sh), "{}", ui.status());
    assert!(shipments(&w, second.id).is_empty());
}

#[test]
fn shipping_more_than_picked_is_refused_with_the_cursor_on_the_line() {
    let w = world();
    let so = picked_order(&w, "5");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Shipping(None));
    fill_shipment(&mut ui, &number(&so), "SF3000000003");
    ui.key(KeyCode::BackTab)
        .key(KeyCode::BackTab)
        .key(KeyCode::BackTab);
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Line(0));
    ui.ctrl('u').text("6");
    ui.key(KeyCode::Down).key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(
        ui.status().contains("5") && ui.status().contains("6"),
        "picked and asked are named: {}",
        ui.status()
    );
    assert_eq!(ui.view::<ShippingView>().unwrap().focus, Slot::Line(0));
    assert!(shipments(&w, so.id).is_empty());
    let d = orders::order_detail(&w.db, so.id).unwrap();
    assert_eq!(d.lines[0].picked.to_string(), "5", "nothing changed");
}

#[test]
fn a_cancelled_order_is_refused_clearly_when_scanned() {
    let w = world();
    // Picked goods hold a cancellation back; an order not picked yet can be cancelled.
    let so = approved_order(&w, &[(PLAIN_SKU, "2")]);
    let v = orders::order_detail(&w.db, so.id).unwrap().version;
    ops::intake::cancel_order(&w.db, &w.sales, so.id, v, "客户取消").unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Shipping(None));
    ui.scan(&number(&so));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(
        ui.status().contains(&number(&so)) && ui.status().contains("已取消"),
        "the stage is named: {}",
        ui.status()
    );
    ui.key(KeyCode::F(5));
    assert!(is_error(&ui));
    assert!(shipments(&w, so.id).is_empty());
}

#[test]
fn delivering_a_shipment_twice_is_refused() {
    let w = world();
    let so = picked_order(&w, "2");
    let sh = ship_by_ops(&w, &so, "SF4000000004");
    shipping::deliver(&w.db, &w.warehouse, &sh, "李四", "").unwrap();
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    let audit = count_rows(&w.db, "audit_log");
    ui.go(Route::Delivery(None));
    ui.scan(&sh);
    assert!(is_error(&ui), "said at the scan: {}", ui.status());
    assert!(
        ui.status().contains(&sh) && ui.status().to_lowercase().contains("delivered"),
        "{}",
        ui.status()
    );
    ui.key(KeyCode::Down)
        .key(KeyCode::Down)
        .text("王五")
        .key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert_eq!(count_rows(&w.db, "audit_log"), audit, "nothing written");
    assert_eq!(shipments(&w, so.id)[0].signer.as_deref(), Some("李四"));
}

#[test]
fn a_refused_shipment_is_recorded_with_its_note_and_waits() {
    let w = world();
    let so = picked_order(&w, "2");
    let sh = ship_by_ops(&w, &so, "SF5000000005");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Delivery(Some(sh.clone())));
    ui.key(KeyCode::F(7));
    assert_eq!(ui.app.top_layer(), Some("picker"));
    let s = ui.screen();
    assert!(s.contains("拒收") && s.contains("部分签收"), "{s}");
    ui.key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("prompt"), "{}", ui.status());
    // An empty note is refused; the prompt stays.
    ui.key(KeyCode::Enter);
    assert!(is_error(&ui), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    ui.text("客户拒收，外箱破损").key(KeyCode::Enter);
    assert!(!is_error(&ui), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), None);
    let row = &shipments(&w, so.id)[0];
    assert_eq!(row.status, ShipmentStatus::Refused);
    assert_eq!(row.exception_note.as_deref(), Some("客户拒收，外箱破损"));
    let waiting = shipping::shipments_waiting(&w.db, i64::MAX, 10).unwrap();
    assert_eq!(waiting.len(), 1, "the goods wait visibly");
    assert_consistent(&w.db);
}

#[test]
fn a_partly_received_shipment_records_the_quantities_and_a_note() {
    let w = world();
    let so = picked_order(&w, "5");
    let sh = ship_by_ops(&w, &so, "SF6000000006");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Delivery(Some("SF6000000006".into())));
    // F7, "partly received": the cursor goes to the lines.
    ui.key(KeyCode::F(7));
    ui.key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Enter);
    assert_eq!(
        ui.view::<DeliveryView>().unwrap().focus,
        delivery::Slot::Line(0)
    );
    ui.ctrl('u').text("3");
    ui.key(KeyCode::Down).text("today");
    ui.key(KeyCode::Down).text("Wang");
    ui.key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), Some("prompt"), "{}", ui.status());
    ui.text("2 boxes missing").key(KeyCode::Enter);
    assert!(!is_error(&ui), "{}", ui.status());
    let row = &shipments(&w, so.id)[0];
    assert_eq!(row.number, sh);
    assert_eq!(row.status, ShipmentStatus::PartlyReceived);
    assert_eq!(
        row.delivered_on.as_deref(),
        Some(&*company_today().to_string())
    );
    let d = orders::order_detail(&w.db, so.id).unwrap();
    assert_eq!(d.lines[0].delivered.to_string(), "3");
    assert_eq!(d.stage, OrderStage::Approved, "not everything was received");
    assert_consistent(&w.db);
}

#[test]
fn the_order_list_shows_and_filters_by_fulfilment() {
    let w = world();
    let ready = picked_order(&w, "2");
    let waiting = approved_order(&w, &[(PLAIN_SKU, "1")]);
    let mut ui = ui_as(&w, "sales", Lang::Zh);
    let s = ui.screen();
    assert!(
        s.contains("待发货") && s.contains("待拣货"),
        "the column: {s}"
    );
    ui.key(KeyCode::F(6));
    for _ in 0..5 {
        ui.key(KeyCode::Tab);
    }
    // All, 待拣货, 拣货中, 待发货.
    ui.key(KeyCode::Right)
        .key(KeyCode::Right)
        .key(KeyCode::Right);
    ui.key(KeyCode::Enter);
    let v = ui.view::<OrdersScreen>().unwrap();
    assert_eq!(v.applied.fulfilment, Some(Fulfilment::ReadyToShip));
    let ids: Vec<i64> = v.page.rows.iter().map(|r| r.id).collect();
    assert_eq!(ids, [ready.id], "only the order ready to ship");
    let s = ui.screen();
    assert!(
        s.contains(&number(&ready)) && !s.contains(&number(&waiting)),
        "{s}"
    );
}

#[test]
fn the_order_detail_ships_its_picked_goods_with_f5() {
    let w = world();
    let so = picked_order(&w, "2");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Order(so.id));
    let s = ui.screen();
    assert!(
        s.contains("F5") && s.contains("发货"),
        "the key bar offers it: {s}"
    );
    ui.key(KeyCode::F(5));
    assert_eq!(ui.on(), "shipping");
    let v = ui.view::<ShippingView>().unwrap();
    assert_eq!(
        v.order.as_ref().and_then(|o| o.detail.number.clone()),
        Some(number(&so))
    );
    // A sales user does not see the key.
    let mut sales = ui_as(&w, "sales", Lang::Zh);
    sales.go(Route::Order(so.id));
    let s = sales.screen();
    assert!(!s.contains("F5 发货"), "{s}");
}

#[test]
fn a_pick_list_number_opens_its_order_with_picked_goods() {
    let w = world();
    w.product(PLAIN_SKU).stock(BIN_A, "50");
    let a = approved_order(&w, &[(PLAIN_SKU, "2")]);
    let b = approved_order(&w, &[(PLAIN_SKU, "3")]);
    let made =
        picking::create_pick_list(&w.db, &w.warehouse, &[number(&a), number(&b)], None).unwrap();
    pick_all(&w.db, &w.warehouse, &made.number);
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Shipping(None));
    ui.scan(&made.number);
    assert_eq!(
        ui.app.top_layer(),
        Some("picker"),
        "two orders: {}",
        ui.status()
    );
    ui.key(KeyCode::Down).key(KeyCode::Enter);
    let v = ui.view::<ShippingView>().unwrap();
    assert_eq!(
        v.order.as_ref().and_then(|o| o.detail.number.clone()),
        Some(number(&b))
    );
}

#[test]
fn the_admin_keeps_the_carriers_and_an_inactive_one_is_not_offered() {
    let w = world();
    let mut ui = ui_as(&w, "admin", Lang::Zh);
    ui.go(Route::Carriers);
    assert_eq!(ui.on(), "carriers");
    let s = ui.screen();
    assert!(s.contains("顺丰速运") && s.contains("自有车辆"), "{s}");
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "carrier-form");
    ui.text("jd")
        .key(KeyCode::Enter)
        .text("京东物流")
        .key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let all = shipping::carriers(&w.db).unwrap();
    let jd = all
        .iter()
        .find(|c| c.code == "JD")
        .expect("added, code in capitals");
    assert!(jd.active);
    // A second carrier with the same code is refused.
    ui.key(KeyCode::Esc).key(KeyCode::F(2));
    ui.text("JD")
        .key(KeyCode::Enter)
        .text("别的")
        .key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    ui.key(KeyCode::Esc).key(KeyCode::Esc);
    // Renamed and taken out of use.
    ui.go(Route::Carrier(jd.id));
    ui.key(KeyCode::Down).ctrl('u').text("京东快递");
    ui.key(KeyCode::Down).key(KeyCode::Left).key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let jd = ops::master::carrier(&w.db, jd.id).unwrap();
    assert_eq!((jd.name.as_str(), jd.active), ("京东快递", false));

    let so = picked_order(&w, "1");
    let mut wh = ui_as(&w, "warehouse", Lang::Zh);
    wh.go(Route::Shipping(Some(number(&so))));
    wh.key(KeyCode::F(7));
    let s = wh.screen();
    assert!(s.contains("顺丰速运") && !s.contains("京东"), "{s}");
}

#[test]
fn carriers_are_edited_by_those_who_may_edit_settings_only() {
    let w = world();
    let input = CarrierInput {
        code: "YTO".into(),
        name: "圆通速递".into(),
        active: true,
    };
    let id = shipping::add_carrier(&w.db, &w.admin, &input.code, &input.name).unwrap();
    let e = ops::master::update_carrier(&w.db, &w.warehouse, id, &input).unwrap_err();
    assert!(matches!(e, ops::Error::PermissionDenied { .. }), "{e:?}");
    let sf = shipping::carriers(&w.db)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "SF")
        .unwrap();
    let e = ops::master::update_carrier(
        &w.db,
        &w.admin,
        id,
        &CarrierInput {
            code: "sf".into(),
            ..input.clone()
        },
    )
    .unwrap_err();
    assert!(matches!(e, ops::Error::Duplicate { .. }), "{e:?}");
    let e = ops::master::update_carrier(
        &w.db,
        &w.admin,
        id,
        &CarrierInput {
            name: "顺丰速运".into(),
            ..input.clone()
        },
    )
    .unwrap_err();
    assert!(
        matches!(e, ops::Error::Duplicate { .. }),
        "another's name: {e:?}"
    );
    let e = ops::master::update_carrier(
        &w.db,
        &w.admin,
        sf.id,
        &CarrierInput {
            code: "SF".into(),
            name: " ".into(),
            active: true,
        },
    )
    .unwrap_err();
    assert_eq!(field_of(&e), Some("Name"), "{e:?}");
    ops::master::update_carrier(
        &w.db,
        &w.admin,
        id,
        &CarrierInput {
            active: false,
            ..input
        },
    )
    .unwrap();
    // An inactive carrier no longer ships.
    let so = picked_order(&w, "1");
    let e = shipping::ship(
        &w.db,
        &w.warehouse,
        &ShipInput {
            order: number(&so),
            carrier: "YTO".into(),
            ..ShipInput::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, ops::Error::NotFound { .. }), "{e:?}");
}

#[test]
fn with_packing_required_the_pick_is_scanned_into_cartons_then_ships_as_packed() {
    let w = world();
    ops::packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    let so = picked_order(&w, "5");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    // Shipping first: the screen says it must be packed.
    ui.go(Route::Shipping(Some(number(&so))));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("装箱"), "{}", ui.status());
    ui.key(KeyCode::Esc);

    ui.go(Route::Packing(None));
    assert_eq!(ui.on(), "packing");
    ui.scan(&number(&so));
    assert!(!is_error(&ui), "{}", ui.status());
    for _ in 0..3 {
        ui.scan(PLAIN_EAN);
    }
    assert!(!is_error(&ui), "{}", ui.status());
    ui.key(KeyCode::Down).text("2.5").key(KeyCode::Enter);
    ui.key(KeyCode::F(2));
    ui.scan(PLAIN_EAN).scan(PLAIN_SKU);
    // A sixth item is more than was picked: refused, not counted.
    ui.scan(PLAIN_EAN);
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains('6'), "{}", ui.status());
    let s = ui.screen();
    assert!(s.contains("#1 3件 2.5kg") && s.contains("#2 2件"), "{s}");
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("2 箱"), "{}", ui.status());
    assert_eq!(count_rows(&w.db, "cartons"), 2);

    ui.go(Route::Shipping(Some(number(&so))));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.screen().contains("已装箱"));
    ui.key(KeyCode::Enter)
        .key(KeyCode::Enter)
        .key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let sh = &shipments(&w, so.id)[0];
    assert_eq!((sh.cartons, sh.weight_g), (2, 2500), "the cartons ship");
    assert_consistent(&w.db);
}

#[test]
fn a_packed_count_that_does_not_match_the_pick_is_refused() {
    let w = world();
    ops::packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    let so = picked_order(&w, "5");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Packing(Some(number(&so))));
    for _ in 0..4 {
        ui.scan(PLAIN_EAN);
    }
    ui.key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(
        ui.status().contains('4') && ui.status().contains('5'),
        "the counts are named: {}",
        ui.status()
    );
    assert_eq!(count_rows(&w.db, "cartons"), 0, "nothing packed");
    // Esc asks before the count is dropped.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), Some("confirm"));
}

#[test]
fn the_confirmation_names_where_an_approved_order_stands() {
    let w = world();
    let so = picked_order(&w, "5");
    let d = orders::order_detail(&w.db, so.id).unwrap();
    let text = orderdesk::print::confirmation_text(&d, Lang::Zh, 80);
    assert!(
        text.contains("履约状态") && text.contains("待发货"),
        "{text}"
    );
    let html = orderdesk::print::confirmation_html(&d, Lang::En);
    assert!(
        html.contains("Fulfilment") && html.contains("Ready to ship"),
        "{html}"
    );
    let code = w.customer("草稿客户").create();
    let draft = w
        .order(&w.sales)
        .customer(&code)
        .line(PLAIN_SKU, "1")
        .draft();
    let d = orders::order_detail(&w.db, draft.id).unwrap();
    let text = orderdesk::print::confirmation_text(&d, Lang::Zh, 80);
    assert!(
        !text.contains("履约状态"),
        "a draft has no fulfilment: {text}"
    );
}

#[test]
fn a_parcel_scanned_while_the_signer_is_asked_opens_that_parcel() {
    let w = world();
    let a = picked_order(&w, "1");
    let b = picked_order(&w, "2");
    let first = ship_by_ops(&w, &a, "SF7000000007");
    let second = ship_by_ops(&w, &b, "SF7000000008");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Delivery(Some(first.clone())));
    assert_eq!(
        ui.view::<DeliveryView>().unwrap().focus,
        delivery::Slot::Signer
    );
    ui.scan("SF7000000008");
    let v = ui.view::<DeliveryView>().unwrap();
    assert_eq!(
        v.shipment.as_ref().map(|s| s.head.number.clone()),
        Some(second)
    );
    assert_eq!(v.signer, "", "the number is not taken for a name");
    assert_eq!(shipments(&w, a.id)[0].status, ShipmentStatus::InTransit);
}

#[test]
fn the_admin_turns_packing_on_beside_the_carriers() {
    let w = world();
    assert!(!ops::packing::packing_required(&w.db).unwrap());
    let mut ui = ui_as(&w, "admin", Lang::Zh);
    ui.go(Route::Carriers);
    let s = ui.screen();
    assert!(s.contains("复核装箱：否") && s.contains("F7"), "{s}");
    ui.key(KeyCode::F(7));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ops::packing::packing_required(&w.db).unwrap());
    assert!(ui.screen().contains("复核装箱：是"));
    // The warehouse may not change it: no key, and ops refuses.
    let mut wh = ui_as(&w, "warehouse", Lang::Zh);
    wh.go(Route::Carriers);
    wh.key(KeyCode::F(7));
    assert!(is_error(&wh), "{}", wh.status());
    assert!(ops::packing::packing_required(&w.db).unwrap());
}

#[test]
fn esc_asks_before_typed_shipping_or_delivery_work_is_dropped() {
    let w = world();
    let so = picked_order(&w, "2");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Shipping(Some(number(&so))));
    // Nothing typed yet: Esc goes back at once.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "warehouse");
    ui.go(Route::Shipping(Some(number(&so))));
    ui.key(KeyCode::Down).text("SF8000000008");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), Some("confirm"), "{}", ui.status());
    assert_eq!(ui.on(), "shipping");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "warehouse", "the second Esc drops it");

    let sh = ship_by_ops(&w, &so, "SF8000000009");
    ui.go(Route::Delivery(Some(sh)));
    ui.text("王");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), Some("confirm"), "{}", ui.status());
}

#[test]
fn at_the_bench_a_count_is_typed_or_read_from_a_gs1_label() {
    let w = world();
    ops::packing::set_packing_required(&w.db, &w.admin, true).unwrap();
    let so = picked_order(&w, "12");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Packing(Some(number(&so))));
    ui.key(KeyCode::F(3));
    assert!(is_error(&ui), "an item first: {}", ui.status());
    ui.scan(PLAIN_EAN);
    ui.key(KeyCode::F(3));
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    // More than was picked is refused and the prompt stays.
    ui.text("13").key(KeyCode::Enter);
    assert!(is_error(&ui), "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    ui.ctrl('u').text("4").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    ui.key(KeyCode::F(2));
    // A GS1 label of 8 counts 8.
    ui.scan(&format!("]C101{}308", gtin14(PLAIN_EAN)));
    assert!(!is_error(&ui), "{}", ui.status());
    let v = ui
        .view::<orderdesk::ui::screens::goods::packing::PackingView>()
        .unwrap();
    let counts: Vec<i64> = v
        .cartons
        .iter()
        .map(|c| c.counts.iter().map(|x| x.1).sum())
        .collect();
    assert_eq!(counts, [4000, 8000]);
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    assert_eq!(count_rows(&w.db, "cartons"), 2);
}

#[test]
fn the_english_delivery_note_has_no_chinese_date_pattern() {
    let w = world();
    let so = picked_order(&w, "2");
    let sh = ship_by_ops(&w, &so, "SF9000000009");
    let v = shipping::shipment(&w.db, &sh).unwrap();
    let text = orderdesk::print::goods::delivery_note_text(&v, COMPANY, Lang::En, 80);
    assert!(
        !text.contains('年') && text.contains("Date: ____-__-__"),
        "{text}"
    );
}

#[test]
fn the_order_detail_opens_the_delivery_of_its_shipment_with_f6() {
    let w = world();
    let so = picked_order(&w, "2");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Order(so.id));
    ui.key(KeyCode::F(6));
    assert!(is_error(&ui), "no shipment yet: {}", ui.status());
    assert_eq!(ui.on(), "order-detail");
    ui.key(KeyCode::Esc);
    let sh = ship_by_ops(&w, &so, "SF9100000001");
    ui.go(Route::Order(so.id));
    ui.key(KeyCode::F(6));
    assert_eq!(ui.on(), "delivery");
    let v = ui.view::<DeliveryView>().unwrap();
    assert_eq!(v.shipment.as_ref().map(|s| s.head.number.clone()), Some(sh));
}

#[test]
fn the_next_order_scanned_into_the_tracking_field_opens_that_order() {
    let w = world();
    let a = picked_order(&w, "1");
    let b = picked_order(&w, "2");
    let mut ui = ui_as(&w, "warehouse", Lang::Zh);
    ui.go(Route::Shipping(None));
    fill_shipment(&mut ui, &number(&a), "SF9200000001");
    // The cursor moved on to the cartons; the next order is scanned there.
    ui.scan(&number(&b));
    let v = ui.view::<ShippingView>().unwrap();
    assert_eq!(
        v.order.as_ref().and_then(|o| o.detail.number.clone()),
        Some(number(&b))
    );
    assert_eq!(v.cartons, "", "the order number is not taken for cartons");
    assert_eq!(
        v.tracking, "",
        "the first order's tracking number is not kept"
    );
    assert!(shipments(&w, a.id).is_empty());
}

#[test]
fn a_received_quantity_typed_as_the_same_number_is_a_full_delivery() {
    let w = world();
    let so = picked_order(&w, "5");
    let sh = ship_by_ops(&w, &so, "SF9300000001");
    let mut ui = ui_as(&w, "warehouse", Lang::En);
    ui.go(Route::Delivery(Some(sh)));
    ui.key(KeyCode::Up).key(KeyCode::Up);
    assert_eq!(
        ui.view::<DeliveryView>().unwrap().focus,
        delivery::Slot::Line(0)
    );
    ui.ctrl('u').text("5.0");
    ui.key(KeyCode::Down)
        .key(KeyCode::Down)
        .text("Wang")
        .key(KeyCode::F(5));
    assert_eq!(
        ui.app.top_layer(),
        None,
        "no note is asked: {}",
        ui.status()
    );
    assert_eq!(shipments(&w, so.id)[0].status, ShipmentStatus::Delivered);
}

#[test]
fn a_shipment_number_scanned_anywhere_opens_its_order() {
    let w = world();
    let so = picked_order(&w, "2");
    let sh = ship_by_ops(&w, &so, "SF9400000001");
    let mut ui = ui_as(&w, "sales", Lang::Zh);
    ui.scan(&sh.to_lowercase());
    assert_eq!(ui.on(), "order-detail", "{}", ui.status());
    assert!(ui.screen().contains(&sh));
    ui.key(KeyCode::Esc).scan("SH-2026-999999");
    assert!(is_error(&ui), "{}", ui.status());
}
