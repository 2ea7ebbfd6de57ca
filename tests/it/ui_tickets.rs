//! The ticket and shortage screens driven by keys on the demo data: a complaint opened
//! from an order, logged and closed with the customer's score (a 7 and a missing
//! resolution refused, the form kept); the list's filters and overdue marks; a
//! customer's tickets from the customer list; the shortage list giving free stock to
//! waiting orders and making a purchase request that the counter then sees; a request
//! received from its list and another cancelled; the promised hours on the settings
//! screen; what a user may not do refused at the key.

use crossterm::event::KeyCode;
use orderdesk::domain::ticket::TicketStatus;
use orderdesk::i18n::Lang;
use orderdesk::ops::tickets::{self, Scope, TicketFilter};
use orderdesk::ops::{self, shortage};
use orderdesk::store::Db;
use orderdesk::ui::harness::Ui;
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::goods::shortages::ShortageList;
use orderdesk::ui::screens::settings::SettingsView;
use orderdesk::ui::screens::tickets::detail::TicketDetail;
use orderdesk::ui::screens::tickets::list::TicketList;

use crate::ui_picking::is_error;
use crate::world::*;

fn ui_as(path: &std::path::Path, lang: Lang, user: &str) -> Ui {
    let mut ui = Ui::new(path, lang, 80, 24).unwrap();
    ui.login(user);
    assert_eq!(ui.on(), home_of(user), "{user} logged in");
    ui
}

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

fn detail(ui: &Ui) -> &TicketDetail {
    ui.view::<TicketDetail>().expect("on the ticket's detail")
}

#[test]
fn a_complaint_is_opened_from_an_order_logged_and_closed_with_the_customers_score() {
    let (_d, path) = demo_copy();
    let order = newest_numbers(&db(&path), 1).remove(0);
    let order_id = ops::orders::order_by_number(&db(&path), &order).unwrap().id;
    for lang in [Lang::Zh, Lang::En] {
        let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
        let mut ui = ui_as(&path, lang, "sales");
        ui.go(Route::Order(order_id));
        assert_eq!(ui.on(), "order-detail");
        // F11: a ticket for this order, its customer and number filled in.
        ui.key(KeyCode::F(11));
        assert_eq!(ui.on(), "new-ticket");
        let s = ui.screen();
        assert!(s.contains(&order), "{s}");
        ui.text("螺栓规格不对");
        ui.key(KeyCode::F(5));
        assert_eq!(ui.on(), "ticket", "{}", ui.status());
        let number = detail(&ui)
            .view
            .as_ref()
            .unwrap()
            .summary
            .row
            .number
            .clone();
        assert!(ui.status().contains(&number), "{}", ui.status());
        let s = ui.screen();
        assert!(
            s.contains(t("待处理", "Open")) && s.contains("螺栓规格不对"),
            "{s}"
        );

        // F2: what was done; the ticket is in progress.
        ui.key(KeyCode::F(2));
        assert_eq!(ui.app.top_layer(), Some("prompt"));
        ui.text("已安排换货").key(KeyCode::Enter);
        assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
        let s = ui.screen();
        assert!(
            s.contains("已安排换货") && s.contains(t("处理中", "In progress")),
            "{s}"
        );

        // F9: a score of 7 is refused, the form stays with what was typed.
        ui.key(KeyCode::F(9));
        assert_eq!(ui.app.top_layer(), Some("close-ticket"));
        ui.text("换货 20 个")
            .key(KeyCode::Enter)
            .text("7")
            .key(KeyCode::F(5));
        // Refused: the form stays (under the message, where the words are long).
        assert!(
            matches!(ui.app.top_layer(), Some("close-ticket" | "message")),
            "{:?}",
            ui.app.top_layer()
        );
        assert!(is_error(&ui));
        assert!(
            ui.status().contains(t("1 到 5", "1 (very unhappy) to 5")),
            "{}",
            ui.status()
        );
        // The score put right (the focus is on it), the customer's words, F5.
        ui.ctrl('u').text("5").key(KeyCode::Enter).text("很满意");
        ui.key(KeyCode::F(5));
        assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
        let s = ui.screen();
        assert!(s.contains("★★★★★") && s.contains("很满意"), "{s}");
        let row = tickets::ticket(&db(&path), &number).unwrap().summary.row;
        assert_eq!(row.status, TicketStatus::Closed);
        assert_eq!(row.satisfaction, Some(5));
        // Back on the order, the ticket shows under it.
        ui.key(KeyCode::Esc);
        assert_eq!(ui.on(), "order-detail");
        assert!(ui.screen().contains(&number), "{}", ui.screen());
    }
    assert_consistent(&db(&path));
}

#[test]
fn closing_without_a_resolution_is_refused_and_the_form_kept() {
    let (_d, path) = demo_copy();
    let open = tickets::tickets_page(&db(&path), None, Scope::All, TicketFilter::Open, None, 1)
        .unwrap()
        .remove(0);
    let mut ui = ui_as(&path, Lang::En, "sales");
    ui.go(Route::Ticket(open.row.id));
    ui.key(KeyCode::F(9));
    // No resolution typed, none recorded: a score alone does not close it.
    ui.key(KeyCode::Enter).text("4").key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), Some("close-ticket"));
    assert!(ui.status().contains("resolution"), "{}", ui.status());
    let row = tickets::ticket(&db(&path), &open.row.number)
        .unwrap()
        .summary
        .row;
    assert_eq!(row.status, open.row.status, "nothing changed");
    // Esc gives the form up; the ticket is as it was.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.app.top_layer(), None);
    assert_eq!(ui.on(), "ticket");
}

#[test]
fn the_list_filters_open_mine_overdue_and_all_and_marks_the_overdue_ones() {
    let (_d, path) = demo_copy();
    let d = db(&path);
    let sales = demo_actor(&d, "sales");
    let page = |f| {
        tickets::tickets_page(&d, Some(&sales), Scope::All, f, None, 50)
            .unwrap()
            .into_iter()
            .map(|t| t.row.number)
            .collect::<Vec<_>>()
    };
    let mut ui = ui_as(&path, Lang::Zh, "sales");
    ui.go(Route::Tickets);
    assert_eq!(ui.on(), "tickets");
    let shown = |ui: &Ui| -> Vec<String> {
        ui.view::<TicketList>()
            .unwrap()
            .page
            .rows
            .iter()
            .map(|t| t.row.number.clone())
            .collect()
    };
    assert_eq!(shown(&ui), page(TicketFilter::Open));
    let s = ui.screen();
    // An overdue ticket's state is marked in the error colour.
    let overdue = page(TicketFilter::Overdue);
    assert!(!overdue.is_empty(), "the demo has overdue tickets");
    let (y, line) = s
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(&overdue[0]))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(line.contains("超时!") || line.contains("未响应!"), "{line}");
    let x = line
        .find('!')
        .map(|b| {
            line[..b]
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<u16>()
        })
        .unwrap();
    assert_eq!(
        ui.style_at(x, y as u16).fg,
        orderdesk::ui::theme::Theme {
            color: true,
            ascii_borders: false
        }
        .error()
        .fg,
        "{line}"
    );
    ui.key(KeyCode::Right);
    assert_eq!(shown(&ui), page(TicketFilter::Mine));
    ui.key(KeyCode::Right);
    assert_eq!(shown(&ui), overdue);
    ui.key(KeyCode::Right);
    assert_eq!(shown(&ui), page(TicketFilter::All));
    // A scanned ticket number opens it.
    let all = page(TicketFilter::All);
    ui.scan(&all[all.len() - 1]);
    assert_eq!(ui.on(), "ticket");
    assert!(ui.screen().contains(&all[all.len() - 1]));
}

#[test]
fn a_customers_tickets_open_from_the_customer_list_and_a_new_one_is_theirs() {
    let (_d, path) = demo_copy();
    let d = db(&path);
    let newest = tickets::tickets_page(&d, None, Scope::All, TicketFilter::All, None, 1)
        .unwrap()
        .remove(0);
    let code = newest.row.customer_code.clone();
    let mut ui = ui_as(&path, Lang::En, "sales");
    ui.go(Route::Customers);
    ui.text(&code).key(KeyCode::F(7));
    assert_eq!(ui.on(), "tickets", "{}", ui.status());
    let s = ui.screen();
    assert!(
        s.contains(&newest.row.customer_name) && s.contains(&newest.row.number),
        "{s}"
    );
    let list = ui.view::<TicketList>().unwrap();
    assert!(list.page.rows.iter().all(|t| t.row.customer_code == code));
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "new-ticket");
    assert!(ui.screen().contains(&code));
    // Esc with nothing typed goes straight back.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "tickets");
}

#[test]
fn the_shortage_list_fills_from_free_stock_and_makes_a_request_the_counter_sees() {
    let (_d, path) = demo_copy();
    let d = db(&path);
    let before = shortage::shortage_page(&d, None, 10).unwrap();
    let free = before
        .iter()
        .find(|s| s.available.is_positive())
        .expect("the demo has a short product with free stock")
        .clone();
    let bare = before
        .iter()
        .find(|s| s.product_id != free.product_id && s.uncovered().is_positive())
        .expect("a short product not all requested")
        .clone();
    let mut ui = ui_as(&path, Lang::Zh, "warehouse");
    ui.go(Route::Shortages);
    assert_eq!(ui.on(), "shortages");
    let select = |ui: &mut Ui, product_id: i64| {
        ui.key(KeyCode::PageUp);
        for _ in 0..20 {
            let v = ui.view::<ShortageList>().unwrap();
            if v.page.selected_row().map(|s| s.product_id) == Some(product_id) {
                return;
            }
            ui.key(KeyCode::Down);
        }
        panic!("product {product_id} not in the list: {}", ui.screen());
    };
    // F5: the free stock goes to the waiting orders.
    select(&mut ui, free.product_id);
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains(&free.sku), "{}", ui.status());
    let after = shortage::shortage_page(&d, None, 10).unwrap();
    let left = after
        .iter()
        .find(|s| s.product_id == free.product_id)
        .map_or(0, |s| s.backordered.to_db());
    assert!(left < free.backordered.to_db(), "{left}");
    assert_consistent(&d);

    // F2: a request, expected in 3 days.
    select(&mut ui, bare.product_id);
    ui.key(KeyCode::F(2));
    assert_eq!(ui.app.top_layer(), Some("purchase-request"));
    let form = ui.screen();
    assert!(form.contains(&bare.sku), "{form}");
    // The source, supplier and quantity come from the product's last request; the
    // focus waits on the expected date.
    assert!(form.contains("二车间") || form.contains("永康"), "{form}");
    ui.text("+3").key(KeyCode::F(5));
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    assert!(ui.status().contains("PR-"), "{}", ui.status());
    let expected = ops::today(&d).unwrap() + chrono::Duration::days(3);
    let again = shortage::shortage_page(&d, None, 10).unwrap();
    let s = again
        .iter()
        .find(|s| s.product_id == bare.product_id)
        .unwrap();
    assert!(s.expected.is_some());

    // The counter sees when the goods come on the intake's short line.
    let mut ui = ui_as(&path, Lang::Zh, "sales");
    ui.go(Route::NewOrder);
    ui.text(DEMO_CASH_CUSTOMER).key(KeyCode::Enter);
    ui.text(&bare.sku).key(KeyCode::Enter);
    let s = ui.screen();
    let d_text = expected.format("%m-%d").to_string();
    assert!(
        s.contains("缺货") && s.contains(&d_text),
        "the expected date {d_text} on intake: {s}"
    );
}

#[test]
fn a_request_is_received_from_its_list_and_another_cancelled_with_a_reason() {
    let (_d, path) = demo_copy();
    let d = db(&path);
    let pending = shortage::requests_page(&d, shortage::RequestFilter::Pending, None, 10).unwrap();
    let ordered = pending
        .iter()
        .position(|r| r.status == orderdesk::domain::purchase::RequestStatus::Ordered)
        .expect("the demo has an ordered request");
    let number = pending[ordered].number.clone();
    let mut ui = ui_as(&path, Lang::En, "warehouse");
    ui.go(Route::Purchases);
    for _ in 0..ordered {
        ui.key(KeyCode::Down);
    }
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "stock-receipt", "{}", ui.status());
    let s = ui.screen();
    assert!(s.contains(&number), "{s}");
    // The product and what is still to come are filled in; a bin, F5.
    ui.view_mut::<orderdesk::ui::screens::stock_forms::StockForm>()
        .unwrap()
        .form
        .set("bin", "A-01-01");
    ui.key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains(&number), "{}", ui.status());
    let (r, receipts) = shortage::request(&d, &number).unwrap();
    assert_eq!(
        r.status,
        orderdesk::domain::purchase::RequestStatus::Received
    );
    assert_eq!(receipts.len(), 1);
    assert_consistent(&d);

    // The open one: F8 without a reason is refused and the prompt stays.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "purchases");
    let open = shortage::requests_page(&d, shortage::RequestFilter::Pending, None, 10).unwrap();
    assert_eq!(open.len(), pending.len() - 1, "received: no longer pending");
    ui.key(KeyCode::PageUp);
    ui.key(KeyCode::F(8)).key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    assert!(is_error(&ui));
    ui.text("供应商停产").key(KeyCode::Enter);
    assert_eq!(ui.app.top_layer(), None, "{}", ui.status());
    let (r, _) = shortage::request(&d, &open[0].number).unwrap();
    assert_eq!(
        r.status,
        orderdesk::domain::purchase::RequestStatus::Cancelled
    );
}

#[test]
fn the_promised_hours_are_edited_on_the_settings_screen_and_bad_ones_refused() {
    let (_d, path) = demo_copy();
    let mut ui = ui_as(&path, Lang::Zh, "admin");
    ui.go(Route::Settings);
    assert_eq!(ui.on(), "settings");
    ui.view_mut::<SettingsView>()
        .unwrap()
        .form
        .focus_on("sla_urgent");
    ui.ctrl('u').text("48/4").key(KeyCode::F(5));
    assert!(is_error(&ui), "{}", ui.status());
    assert!(ui.status().contains("紧急客诉时限"), "{}", ui.status());
    assert_eq!(
        ui.view::<SettingsView>().unwrap().form.focus_key(),
        "sla_urgent"
    );
    ui.ctrl('u').text("1/12").key(KeyCode::F(5));
    assert!(!is_error(&ui), "{}", ui.status());
    let slas = tickets::ticket_slas(&db(&path)).unwrap();
    assert_eq!(slas[0].1.text(), "1/12");
}

#[test]
fn what_a_user_may_not_do_is_refused_at_the_key() {
    let (_d, path) = demo_copy();
    // Sales may look at the shortages but not request purchases.
    let mut ui = ui_as(&path, Lang::En, "sales");
    ui.go(Route::Shortages);
    assert_eq!(ui.on(), "shortages");
    ui.key(KeyCode::F(2));
    assert_ne!(ui.app.top_layer(), Some("purchase-request"));
    assert!(ui.status().contains("Permission denied"), "{}", ui.status());
    // The key bar does not offer it either.
    let s = ui.screen();
    let bar = s.lines().last().unwrap_or_default().to_string();
    assert!(!bar.contains("F2") && !bar.contains("F5"), "{bar}");
}

#[test]
fn the_ticket_list_pages_through_sql_a_page_at_a_time() {
    let (_d, path) = demo_copy();
    let d = db(&path);
    let sales = demo_actor(&d, "sales");
    for i in 0..25 {
        tickets::open_ticket(
            &d,
            &sales,
            &tickets::TicketInput {
                customer: DEMO_CASH_CUSTOMER.into(),
                subject: format!("第 {i} 个问题"),
                ..tickets::TicketInput::default()
            },
        )
        .unwrap();
    }
    let mut ui = ui_as(&path, Lang::En, "sales");
    ui.go(Route::Tickets);
    let page = |ui: &Ui| {
        let v = ui.view::<TicketList>().unwrap();
        (
            v.page.page_no(),
            v.page.rows.iter().map(|t| t.row.id).collect::<Vec<_>>(),
        )
    };
    let (n, first) = page(&ui);
    assert_eq!(n, 1);
    assert_eq!(first.len() as i64, ui.app.page_len, "a full page");
    ui.key(KeyCode::PageDown);
    let (n, second) = page(&ui);
    assert_eq!(n, 2);
    assert!(!second.is_empty());
    assert!(
        first.last().unwrap() > second.first().unwrap(),
        "newest first, no ticket twice"
    );
    assert!(ui.screen().contains("page 2"));
    ui.key(KeyCode::PageUp);
    assert_eq!(page(&ui), (1, first));
}
