//! Two managers in two processes approve two orders that both want the last units at
//! the same moment: exactly one order gets them, the other is backordered, and
//! available stock never goes negative.

use std::process::Command;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::domain::money::Money;
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::master::{self, CustomerInput, CustomerStatus, ProductInput};
use orderdesk::ops::users::NewUserInput;
use orderdesk::ops::{self, auth, orders, stock};
use orderdesk::store::{self, Db};

const PW: &str = "password1";

fn user(db: &Db, admin: &ops::Actor, name: &str, role: Role) {
    ops::users::add_user(
        db,
        admin,
        &NewUserInput {
            username: name.into(),
            display_name: name.into(),
            password: PW.into(),
            roles: vec![role],
            os_user: None,
            approval_limit: Money::ZERO,
        },
    )
    .unwrap();
}

#[test]
fn two_approvers_race_for_the_last_units() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let db = Db::create(&path, JournalSetting::Auto).unwrap();
    let admin = ops::setup::init_company(&db, "竞争测试", "admin", "adminpass1").unwrap();
    for (n, r) in [
        ("clerk", Role::Sales),
        ("m1", Role::Manager),
        ("m2", Role::Manager),
        ("fin", Role::Finance),
        ("wh", Role::Warehouse),
    ] {
        user(&db, &admin, n, r);
    }
    let clerk = auth::login(&db, "clerk", PW).unwrap();
    let fin = auth::login(&db, "fin", PW).unwrap();
    let wh = auth::login(&db, "wh", PW).unwrap();
    master::create_warehouse(&db, &admin, "WH1", "主仓库").unwrap();
    master::create_bin(&db, &admin, "WH1", "A-01", "").unwrap();
    let product = master::create_product(
        &db,
        &admin,
        &ProductInput {
            sku: "LAST".into(),
            name: "最后一批货".into(),
            unit: "个".into(),
            list_price: "10".into(),
            ..Default::default()
        },
    )
    .unwrap();
    master::create_customer(
        &db,
        &fin,
        &CustomerInput {
            status: CustomerStatus::Active,
            ..master::CustomerInput {
                code: "C1".into(),
                name: "客户甲".into(),
                ..Default::default()
            }
        },
    )
    .unwrap();
    let bin = std::env::var_os("CARGO_BIN_EXE_orderdesk")
        .map(std::path::PathBuf::from)
        .unwrap();
    // An empty configuration: the user's own must not leak in.
    let cfg = dir.path().join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    for round in 0..4 {
        stock::receive_stock(
            &db,
            &wh,
            &stock::ReceiptInput {
                product: "LAST".into(),
                bin: "A-01".into(),
                qty: "10".into(),
                unit_cost: "5".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let mut numbers = Vec::new();
        for _ in 0..2 {
            let input = OrderInput {
                customer: "C1".into(),
                channel: Channel::Phone,
                urgency: Urgency::Normal,
                lines: vec![LineInput {
                    product: "LAST".into(),
                    qty: "10".into(),
                    ..Default::default()
                }],
                ..OrderInput::default()
            };
            let d = intake::create_draft(&db, &clerk, &input).unwrap();
            // The clerk's limit is zero: both wait for a manager.
            numbers.push(
                intake::submit_order(&db, &clerk, d.id, d.version)
                    .unwrap()
                    .number,
            );
        }
        let spawn = |manager: &str, number: &str| {
            Command::new(&bin)
                .args([
                    "--config",
                    cfg.to_str().unwrap(),
                    "--db",
                    path.to_str().unwrap(),
                    "--lang",
                    "en",
                ])
                .args(["--user", manager, "order", "approve", number])
                .env("ORDERDESK_PASSWORD", PW)
                .spawn()
                .unwrap()
        };
        let mut a = spawn("m1", &numbers[0]);
        let mut b = spawn("m2", &numbers[1]);
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        let lines: Vec<(i64, i64)> = numbers
            .iter()
            .map(|n| {
                let row = orders::order_by_number(&db, n).unwrap();
                let d = orders::order_detail(&db, row.id).unwrap();
                (d.lines[0].reserved.to_db(), d.lines[0].backordered.to_db())
            })
            .collect();
        let mut got = lines.clone();
        got.sort();
        assert_eq!(
            got,
            [(0, 10_000), (10_000, 0)],
            "round {round}: exactly one order gets the ten: {lines:?}"
        );
        let st = store::stock::product_stock(db.conn(), product).unwrap();
        assert_eq!(st.available(), 0);
        assert!(st.reserved <= st.on_hand);
        // The backordered order is the next to get stock: it is filled by this round's
        // next receipt, so every round starts from the same state.
        let v = store::check::run(db.conn()).unwrap();
        assert!(v.is_empty(), "{v:?}");
        stock::receive_stock(
            &db,
            &wh,
            &stock::ReceiptInput {
                product: "LAST".into(),
                bin: "A-01".into(),
                qty: "10".into(),
                unit_cost: "5".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let st = store::stock::product_stock(db.conn(), product).unwrap();
        assert_eq!((st.available(), st.backordered), (0, 0));
    }
}
