//! The application shell and the order screens beyond the first ones: the menu by role,
//! the global scan box, the order list's filters, editing and cancelling orders from
//! their detail, the intake form's header fields and line editor, logging in as the
//! operating-system user, and printing without freezing the screen.

use crossterm::event::KeyCode;
use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{Channel, OrderStage, Urgency};
use orderdesk::i18n::Lang;
use orderdesk::ops::{self, demo};
use orderdesk::store::Db;
use orderdesk::ui::harness::{self, Ui};
use orderdesk::ui::route::Route;
use orderdesk::ui::screens::intake::IntakeForm;
use orderdesk::ui::screens::orders::OrdersScreen;

fn setup(lang: Lang) -> (tempfile::TempDir, std::path::PathBuf, Ui) {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let ui = Ui::new(&path, lang, 80, 24).unwrap();
    (dir, path, ui)
}

fn db(path: &std::path::Path) -> Db {
    Db::open(path, orderdesk::config::JournalSetting::Auto).unwrap()
}

fn first_of_stage(path: &std::path::Path, stage: OrderStage) -> ops::orders::OrderListRow {
    ops::orders::orders_page(&db(path), &ops::orders::stage_filter(stage), None, 1)
        .unwrap()
        .remove(0)
}

fn menu_text(ui: &mut Ui) -> String {
    ui.key(KeyCode::F(4));
    assert_eq!(ui.on(), "menu");
    let s = ui.screen();
    ui.key(KeyCode::Esc);
    s
}

#[test]
fn the_menu_offers_what_each_role_may_do() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("warehouse");
    let s = menu_text(&mut ui);
    assert!(
        s.contains("Stock receipt") && s.contains("Stock count"),
        "{s}"
    );
    assert!(
        !s.contains("New order") && !s.contains("Approval queue"),
        "{s}"
    );
    assert!(!s.contains("Settings"), "{s}");
    // F2 on the order list is refused for the warehouse too, and nothing opens.
    ui.go(Route::Orders);
    ui.key(KeyCode::F(2));
    assert_eq!(ui.on(), "orders");
    assert!(ui.status().contains("Permission denied"), "{}", ui.status());

    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("manager");
    let s = menu_text(&mut ui);
    assert!(s.contains("审批队列"), "{s}");
    assert!(!s.contains("设置"), "{s}");

    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("sales");
    let s = menu_text(&mut ui);
    assert!(s.contains("新订单") && !s.contains("审批队列"), "{s}");

    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("admin");
    assert!(menu_text(&mut ui).contains("设置"));
}

#[test]
fn the_menu_opens_screens_and_esc_comes_back_to_where_the_user_was() {
    let (_d, _path, mut ui) = setup(Lang::En);
    ui.login("sales");
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    assert_eq!(ui.on(), "intake");
    // The menu over an order being taken: the order is still there after Esc.
    ui.key(KeyCode::F(4));
    assert_eq!(ui.on(), "menu");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "intake");
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert_eq!(f.customer.as_ref().map(|c| c.0.as_str()), Some("C00002"));
    // Choosing "Orders" from the menu opens the list; Esc goes back to the intake form.
    ui.key(KeyCode::F(4)).key(KeyCode::Enter);
    assert_eq!(ui.on(), "orders");
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "intake", "the form under the menu is kept");
}

#[test]
fn the_scan_box_opens_orders_by_number_and_refuses_what_matches_nothing() {
    let (_d, path, mut ui) = setup(Lang::Zh);
    ui.login("sales");
    let approved = first_of_stage(&path, OrderStage::Approved);
    let number = approved.number.clone().unwrap();
    ui.key(KeyCode::F(4)).scan(&number);
    assert_eq!(ui.on(), "order-detail");
    assert!(ui.screen().contains(&number));
    ui.key(KeyCode::Esc);
    ui.text("zzzz-no-such-thing").key(KeyCode::Tab);
    assert!(ui.status().contains("找不到"), "{}", ui.status());
    assert_eq!(ui.on(), "orders");
}

#[test]
fn the_order_list_filters_by_customer_date_and_channel() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("manager");
    let some = first_of_stage(&path, OrderStage::Approved);
    let detail = ops::orders::order_detail(&db(&path), some.id).unwrap();
    // A wrong date: the panel stays open and says why.
    ui.key(KeyCode::F(6));
    assert!(ui.screen().contains("Filter orders"));
    ui.text(&detail.customer_code)
        .key(KeyCode::Tab)
        .text("2026-13-45")
        .key(KeyCode::Enter);
    assert!(ui.status().contains("not a date"), "{}", ui.status());
    assert!(ui.screen().contains("Filter orders"));
    // Correct it: only that customer's orders remain.
    // Enter applies the panel from any field.
    ui.ctrl('u').text("2020-01-01").key(KeyCode::Enter);
    let s = ui.screen();
    assert!(!s.contains("Filter orders"), "{s}");
    let list = ui.app.screen.view::<OrdersScreen>().expect("orders");
    assert!(!list.page.rows.is_empty());
    assert!(
        list.page
            .rows
            .iter()
            .all(|r| r.customer_name == detail.customer_name),
        "only the chosen customer's orders"
    );
    assert!(
        s.contains(&detail.customer_code),
        "the title says what is filtered: {s}"
    );
    // A channel filter: every row has that channel.
    ui.key(KeyCode::F(6));
    ui.ctrl('u')
        .key(KeyCode::Tab)
        .ctrl('u')
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    // Channel: cycle to "web".
    let list = ui.app.screen.view_mut::<OrdersScreen>().expect("orders");
    let form = list.filter_form.as_mut().unwrap();
    assert_eq!(form.focus_key(), "channel");
    while form.get("channel") != Channel::Web.as_str() {
        form.command(orderdesk::ui::keymap::Command::ChoiceNext);
    }
    ui.key(KeyCode::Enter);
    let list = ui.app.screen.view::<OrdersScreen>().expect("orders");
    assert!(list.filter_form.is_none());
    for r in &list.page.rows {
        let d = ops::orders::order_detail(&db(&path), r.id).unwrap();
        assert_eq!(d.channel, Channel::Web);
    }
}

#[test]
fn a_draft_is_edited_from_its_detail_and_a_cancel_needs_a_reason() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("sales");
    // A draft of a customer in good standing (the demo has blocked ones too).
    let draft = ops::orders::orders_page(
        &db(&path),
        &ops::orders::stage_filter(OrderStage::Draft),
        None,
        50,
    )
    .unwrap()
    .into_iter()
    .find(|r| {
        let d = ops::orders::order_detail(&db(&path), r.id).unwrap();
        ops::master::customer(&db(&path), d.customer_id)
            .unwrap()
            .customer
            .status
            == ops::master::CustomerStatus::Active
    })
    .expect("an active customer's draft");
    let before = ops::orders::order_detail(&db(&path), draft.id).unwrap();
    ui.go(Route::Order(draft.id));
    ui.key(KeyCode::F(3));
    assert_eq!(ui.on(), "intake");
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert_eq!(f.lines.len(), before.lines.len());
    // One more unit on the first line through the line editor, urgency raised.
    ui.key(KeyCode::F(6));
    let s = ui.screen();
    assert!(s.contains("Edit line"), "{s}");
    let qty = before.lines[0].qty.to_string();
    let more = format!("{}", qty.parse::<i64>().unwrap() + 1);
    ui.ctrl('u').text("x").key(KeyCode::F(5));
    assert!(ui.status().contains("Quantity"), "{}", ui.status());
    ui.ctrl('u').text(&more).key(KeyCode::F(5));
    assert!(ui.status().is_empty(), "{}", ui.status());
    ui.key(KeyCode::F(3))
        .key(KeyCode::Right)
        .key(KeyCode::Enter);
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains("saved"), "{}", ui.status());
    let after = ops::orders::order_detail(&db(&path), draft.id).unwrap();
    assert_eq!(after.lines[0].qty.to_string(), more);
    assert_eq!(after.urgency, Urgency::Urgent);
    assert!(after.version > before.version);

    // Cancel it from its detail: an empty reason is refused, then a reason works.
    ui.key(KeyCode::Esc);
    assert_eq!(ui.on(), "orders");
    ui.go(Route::Order(draft.id));
    ui.key(KeyCode::F(7)).key(KeyCode::Enter);
    assert!(ui.status().contains("reason"), "{}", ui.status());
    assert_eq!(
        ops::orders::order_detail(&db(&path), draft.id)
            .unwrap()
            .stage,
        OrderStage::Draft
    );
    ui.key(KeyCode::F(7))
        .text("customer called it off")
        .key(KeyCode::Enter);
    let d = ops::orders::order_detail(&db(&path), draft.id).unwrap();
    assert_eq!(d.stage, OrderStage::Cancelled);
    assert!(ui.screen().contains("Cancelled"));
}

#[test]
fn intake_header_fields_and_the_line_editor_reach_the_saved_order() {
    let (_d, path, mut ui) = setup(Lang::Zh);
    ui.login("sales");
    let products = ops::master::products_page(&db(&path), "", 1).unwrap();
    let p = ops::master::product(&db(&path), products[0].id).unwrap();
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::F(3));
    // Channel (typed letter picks "email"), urgency, customer reference, a past date.
    ui.text("e").key(KeyCode::Enter);
    ui.key(KeyCode::Right)
        .key(KeyCode::Right)
        .key(KeyCode::Enter);
    ui.text("PO-778").key(KeyCode::Enter);
    ui.text("2020-01-01").key(KeyCode::Enter);
    ui.key(KeyCode::Enter)
        .text("送货前电话联系")
        .key(KeyCode::Enter);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert_eq!(f.focus, orderdesk::ui::screens::intake::Focus::Scan);
    ui.scan(&p.barcodes[0]);
    // A price below the floor is flagged on the line and in the footer.
    let floor = orderdesk::domain::money::UnitPrice::from_db(p.product.floor_price.to_db());
    let low = orderdesk::domain::money::UnitPrice::from_db(p.product.floor_price.to_db() - 100);
    assert!(floor.to_db() > 100);
    ui.key(KeyCode::F(6))
        .key(KeyCode::Enter)
        .ctrl('u')
        .text(&low.to_string())
        .key(KeyCode::Enter)
        .text("5")
        .key(KeyCode::Enter);
    let s = ui.screen();
    assert!(s.contains("低于底价"), "{s}");
    // The past requested date is refused on save, in Chinese, and nothing is stored.
    ui.key(KeyCode::F(5));
    assert!(ui.status().contains("日期"), "{}", ui.status());
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert!(f.saved.is_none());
    // Clear the date and save.
    let Some(f) = ui.view_mut::<IntakeForm>() else {
        panic!("intake")
    };
    f.head.set("requested", "");
    ui.key(KeyCode::F(5));
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    let id = f.saved.expect("saved").id;
    let d = ops::orders::order_detail(&db(&path), id).unwrap();
    assert_eq!(d.channel, Channel::Email);
    assert_eq!(d.urgency, Urgency::Critical);
    assert_eq!(d.customer_ref.as_deref(), Some("PO-778"));
    assert_eq!(d.special, "送货前电话联系");
    assert_eq!(d.lines[0].unit_price, low);
    assert_eq!(d.lines[0].discount_bp, 500);
}

#[test]
fn a_typed_name_offers_the_matching_products_to_pick() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.login("sales");
    let products = ops::master::products_page(&db(&path), "", 1).unwrap();
    let name = &products[0].name;
    let word: String = name.chars().take(2).collect();
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    ui.scan(&word);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert!(!f.picks.is_empty(), "{word} matches {name}");
    let picked = f.picks[0].id;
    assert!(ui.screen().contains("Pick a product"));
    ui.key(KeyCode::Enter);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert!(f.picks.is_empty());
    assert_eq!(f.lines.len(), 1);
    assert_eq!(f.lines[0].product_id, picked);
    // Digits that are no barcode are not searched as names: a clear message.
    ui.scan("99999");
    assert!(ui.status().contains("No product"), "{}", ui.status());
}

#[test]
fn the_os_user_logs_in_when_mapped_and_is_told_when_not() {
    let (_d, path, mut ui) = setup(Lang::En);
    ui.key(KeyCode::F(7));
    assert_eq!(ui.on(), "login");
    assert!(ui.status().contains("No user is mapped"), "{}", ui.status());
    let os = ops::auth::current_os_user().expect("an OS user");
    let admin = ops::auth::login(&db(&path), "admin", demo::DEMO_PASSWORD).unwrap();
    ops::users::add_user(
        &db(&path),
        &admin,
        &ops::users::NewUserInput {
            username: "counter1".into(),
            display_name: "Counter One".into(),
            password: "long-enough-pass".into(),
            roles: vec![Role::Sales],
            os_user: Some(os),
            approval_limit: Money::from_minor(0),
        },
    )
    .unwrap();
    ui.key(KeyCode::F(7));
    assert_eq!(ui.on(), "orders");
    assert!(ui.screen().contains("Counter One"));
}

#[test]
fn printing_runs_beside_the_screen_and_reports_when_done() {
    let (dir, path, mut ui) = setup(Lang::En);
    let out = dir.path().join("printed.txt");
    ui.app.output.dir = Some(dir.path().join("docs"));
    ui.app.output.printer = Some(format!("sleep 0.3; cat > '{}'", out.display()));
    let products = ops::master::products_page(&db(&path), "", 1).unwrap();
    let code = ops::master::product(&db(&path), products[0].id)
        .unwrap()
        .barcodes[0]
        .clone();
    ui.login("sales");
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    ui.scan(&code).key(KeyCode::F(9));
    assert!(ui.status().contains("Submitted"), "{}", ui.status());
    // "Submitted SO-… (…)": the number the order just took.
    let status = ui.status();
    let number = status
        .split_whitespace()
        .find(|w| w.starts_with("SO-"))
        .unwrap_or_else(|| panic!("no number in {status}"))
        .to_string();
    assert_eq!(ui.app.printing, 1, "the job runs on its own thread");
    assert!(ui.app.has_pending(), "the loop keeps ticking for it");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ui.app.printing > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        ui.app.tick();
    }
    assert_eq!(ui.app.printing, 0);
    assert!(
        ui.status().contains("sent to the printer"),
        "{}",
        ui.status()
    );
    let printed = std::fs::read_to_string(&out).unwrap();
    assert!(printed.contains(&number), "{printed}");
}

#[test]
fn ascii_mode_leaves_only_ascii_and_chinese_on_every_screen() {
    let (_d, path, _) = setup(Lang::Zh);
    let only_safe = |s: &str| {
        s.chars().all(|c| {
            c.is_ascii()
                || ('\u{4e00}'..='\u{9fff}').contains(&c)
                || ('\u{3000}'..='\u{303f}').contains(&c)
                || ('\u{ff00}'..='\u{ffef}').contains(&c)
        })
    };
    let mut seen = Vec::new();
    for keys in [
        vec![],
        vec![KeyCode::F(4)],
        vec![KeyCode::F(4), KeyCode::Down, KeyCode::Enter],
        vec![KeyCode::F(6)],
        vec![KeyCode::F(1)],
    ] {
        let mut fresh = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
        fresh.app.theme.ascii_borders = true;
        fresh.login("manager");
        for k in keys {
            fresh.key(k);
        }
        let s = fresh.screen();
        let bad: String = s.chars().filter(|c| !only_safe(&c.to_string())).collect();
        assert!(bad.is_empty(), "{bad:?} on\n{s}");
        seen.push(fresh.on());
    }
    assert!(
        seen.contains(&"menu") && seen.contains(&"queue"),
        "{seen:?}"
    );
}

#[test]
fn pasted_lines_stay_in_the_field_and_a_tiny_terminal_loses_nothing() {
    let (_d, path, mut ui) = setup(Lang::En);
    let products = ops::master::products_page(&db(&path), "", 1).unwrap();
    let code = ops::master::product(&db(&path), products[0].id)
        .unwrap()
        .barcodes[0]
        .clone();
    ui.login("sales");
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    ui.scan(&code).scan(&code);
    // To the special requirements, then a pasted block of three lines.
    let Some(f) = ui.view_mut::<IntakeForm>() else {
        panic!("intake")
    };
    f.focus = orderdesk::ui::screens::intake::Focus::Head;
    f.head.focus_on("special");
    ui.app
        .paste("deliver to gate 3\r\nask for Mr. Li\ncall first");
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert_eq!(
        f.head.get("special"),
        "deliver to gate 3  ask for Mr. Li call first"
    );
    assert!(
        f.saved.is_none() && f.number.is_none(),
        "nothing was submitted"
    );
    assert_eq!(f.units().to_string(), "2");
    // The terminal shrinks to 20×5 in the middle of it, then comes back.
    let mut tiny = ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 5)).unwrap();
    ui.app.set_height(5);
    tiny.draw(|fr| ui.app.draw(fr)).unwrap();
    let cells: String = tiny
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(cells.contains("small"), "{cells}");
    // F3 from the last header field goes to the scan box.
    ui.key(KeyCode::F(3)).scan(&code);
    ui.app.set_height(24);
    let s = ui.screen();
    assert!(s.contains("Units 3"), "{s}");
    assert!(s.contains("deliver to gate"), "{s}");
    ui.key(KeyCode::F(5));
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    let d = ops::orders::order_detail(&db(&path), f.saved.unwrap().id).unwrap();
    assert_eq!(d.special, "deliver to gate 3  ask for Mr. Li call first");
}

#[test]
fn a_scan_while_the_pick_list_is_open_adds_what_was_scanned() {
    let (_d, path, mut ui) = setup(Lang::En);
    let p = ops::master::products_page(&db(&path), "", 20).unwrap();
    let scanned = &p[12];
    let ean = ops::master::product(&db(&path), scanned.id)
        .unwrap()
        .barcodes[0]
        .clone();
    let word: String = p[0].name.chars().take(2).collect();
    ui.login("sales");
    ui.key(KeyCode::F(2)).text("C00002").key(KeyCode::Enter);
    ui.scan(&word);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert!(f.picks.len() > 1, "{word} lists several products");
    let first = f.picks[0].id;
    ui.scan(&ean);
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert!(f.picks.is_empty(), "the scan closed the list");
    assert_eq!(f.lines.len(), 1, "{:?}", f.lines);
    assert_eq!(f.lines[0].product_id, scanned.id);
    assert_ne!(f.lines[0].product_id, first);
    // F10 with a line being edited asks first.
    ui.key(KeyCode::F(6)).key(KeyCode::Tab).text("9");
    ui.key(KeyCode::F(10));
    assert!(!ui.app.quit, "{}", ui.status());
}

#[test]
fn editing_a_rejected_order_keeps_its_cancelled_line_cancelled() {
    let (_d, path, mut ui) = setup(Lang::En);
    let db = db(&path);
    let sales = ops::auth::login(&db, "sales", demo::DEMO_PASSWORD).unwrap();
    let manager = ops::auth::login(&db, "manager", demo::DEMO_PASSWORD).unwrap();
    let skus: Vec<String> = ops::master::products_page(&db, "", 2)
        .unwrap()
        .into_iter()
        .map(|p| p.sku)
        .collect();
    let input = ops::intake::OrderInput {
        customer: "C00002".into(),
        lines: vec![
            ops::intake::LineInput {
                product: skus[0].clone(),
                qty: "2".into(),
                discount: "50".into(),
                ..Default::default()
            },
            ops::intake::LineInput {
                product: skus[1].clone(),
                qty: "3".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let saved = ops::intake::create_draft(&db, &sales, &input).unwrap();
    let sub = ops::intake::submit_order(&db, &sales, saved.id, saved.version).unwrap();
    ops::intake::cancel_line(&db, &sales, sub.id, sub.version, 2, "not needed").unwrap();
    let d = ops::orders::order_detail(&db, sub.id).unwrap();
    ops::approval::reject_order(&db, &manager, d.id, d.version, "discount too high").unwrap();
    let before = ops::orders::order_detail(&db, sub.id).unwrap();
    assert_eq!(before.stage, OrderStage::Rejected);

    ui.login("sales");
    ui.go(Route::Order(sub.id));
    ui.key(KeyCode::F(3));
    let Some(f) = ui.view::<IntakeForm>() else {
        panic!("intake")
    };
    assert_eq!(f.lines.len(), 1, "the cancelled line is not offered again");
    ui.key(KeyCode::F(5));
    let after = ops::orders::order_detail(&db, sub.id).unwrap();
    assert_eq!(after.totals, before.totals, "{}", ui.status());
    assert_eq!(after.lines.len(), 1);
}

#[test]
fn the_key_bar_offers_only_what_the_users_roles_and_the_top_layer_allow() {
    let bar = |ui: &mut Ui| ui.screen().lines().last().unwrap_or_default().to_string();
    for (user, may) in [("sales", true), ("finance", false), ("warehouse", false)] {
        let (_d, _path, mut ui) = setup(Lang::En);
        ui.login(user);
        if user == "warehouse" {
            assert_eq!(ui.on(), "warehouse", "the warehouse lands on its own home");
            ui.go(Route::Orders);
        }
        assert_eq!(ui.on(), "orders");
        let shown = bar(&mut ui);
        assert_eq!(shown.contains("New order"), may, "{user}: {shown}");
        // Hiding is a courtesy: the key still asks, and the op decides.
        ui.key(KeyCode::F(2));
        assert_eq!(ui.on() == "intake", may, "{user}: {}", ui.status());
    }
    // While the reject prompt is open, the bar offers the prompt's keys, not F9 Approve.
    let (_d, _path, mut ui) = setup(Lang::En);
    ui.login("manager");
    ui.go(Route::Queue);
    assert!(bar(&mut ui).contains("Approve"));
    ui.key(KeyCode::F(8));
    assert_eq!(ui.app.top_layer(), Some("prompt"));
    let shown = bar(&mut ui);
    assert!(
        !shown.contains("Approve") && shown.contains("Give up"),
        "{shown}"
    );
}

#[test]
fn a_message_too_long_for_the_status_line_opens_in_full_until_the_next_key() {
    let (_d, _path, mut ui) = setup(Lang::En);
    ui.login("sales");
    // Sales may count but not post: the warning is longer than 80 columns.
    ui.go(Route::Count);
    assert_eq!(ui.on(), "stock-count");
    assert!(ui.status().chars().count() > 80, "{}", ui.status());
    assert_eq!(ui.app.top_layer(), Some("message"));
    let s = ui.screen();
    assert!(s.contains("posting will be refused"), "{s}");
    // The next key closes it and does what it does on the screen.
    ui.text("S-01");
    assert_eq!(ui.app.top_layer(), None);
    assert!(ui.screen().contains("S-01"));
}

/// The menu groups what the user may open by the flow it serves, each group under its
/// heading, and numbers the entries straight through.
#[test]
fn the_menu_groups_its_entries_by_flow() {
    let dir = tempfile::tempdir().unwrap();
    let path = orderdesk::ui::harness::demo_copy(dir.path()).unwrap();
    let mut ui = Ui::new(&path, Lang::Zh, 80, 24).unwrap();
    ui.login("warehouse");
    ui.key(KeyCode::F(4));
    let s = ui.screen();
    let at = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("{needle}: {s}"));
    assert!(at("商流 · 订单与审批") < at("订单列表"));
    assert!(at("订单列表") < at("物流 · 库存与仓库"));
    assert!(at("物流 · 库存与仓库") < at("库存"));
    assert!(
        !s.contains("系统"),
        "the warehouse may open no system screen: {s}"
    );
    let mut ui = Ui::new(&path, Lang::En, 80, 24).unwrap();
    ui.login("admin");
    ui.key(KeyCode::F(4));
    let s = ui.screen();
    assert!(s.contains("Commerce · orders and approval"), "{s}");
    assert!(s.contains("System"), "{s}");
    // The numbers run on across the groups: the last entry is Settings.
    let settings = s
        .lines()
        .find(|l| l.contains("Settings"))
        .unwrap_or_else(|| panic!("{s}"));
    let n = ui
        .view::<orderdesk::ui::screens::menu::Menu>()
        .map(|m| m.entries.len())
        .expect("the menu");
    assert!(n > 5, "{s}");
    assert!(settings.contains(&format!("{n}  Settings")), "{settings}");
}
