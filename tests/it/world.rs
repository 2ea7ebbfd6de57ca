//! A company as the integration tests find it: a fresh database with an administrator,
//! one user of every other role, a warehouse with two bins and two products.
//!
//! Building it hashes and checks passwords (Argon2, tens of milliseconds each), so the
//! test binary builds it once, keeps the file's bytes, and gives every test its own copy
//! in its own temporary folder. The actors stay valid in the copies because they are
//! only user ids: every operation re-reads the permissions from the database it writes.
//!
//! What a test needs beyond that it makes by name, through `ops` as a user would:
//! `w.customer("老王五金").credit_limit("5000").create()`,
//! `w.product(PLAIN_SKU).stock(BIN_A, "100")`,
//! `w.order(&w.sales).customer(code).line(PLAIN_SKU, "3").submit()`. The order builder
//! also works on any database (`order_by`), such as a copy of the demo.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate, Utc};
use tempfile::TempDir;

use orderdesk::config::JournalSetting;
use orderdesk::domain::access::Role;
use orderdesk::domain::barcode;
use orderdesk::domain::money::Money;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::master::{CustomerInput, ProductInput};
use orderdesk::ops::users::NewUserInput;
use orderdesk::ops::{self, Actor};
use orderdesk::store::{self, Db};

mod build;
mod demo;

pub use build::{line, order_by, NewOrder};
pub use demo::{demo_actor, demo_copy, newest_numbers, queue_numbers, DEMO_CASH_CUSTOMER};

pub const COMPANY: &str = "测试五金";
pub const ADMIN_PASSWORD: &str = "adminpass1";
pub const PASSWORD: &str = "password1";

/// The plain product: no lots, one EAN-13.
pub const PLAIN_SKU: &str = "BOLT-M8";
pub const PLAIN_NAME: &str = "不锈钢螺栓M8";
pub const PLAIN_EAN: &str = "6901234567892";

/// The product tracked by lot and expiry.
pub const LOT_SKU: &str = "GLUE-502";
pub const LOT_NAME: &str = "快干胶水502";

pub const WAREHOUSE: &str = "WH1";
pub const BIN_A: &str = "A-01";
pub const BIN_B: &str = "A-02";

/// Display names of the users, as a conflict message names them.
pub const SALES_NAME: &str = "王销售";
pub const MANAGER_NAME: &str = "李经理";
pub const WAREHOUSE_NAME: &str = "赵仓管";
pub const FINANCE_NAME: &str = "钱会计";

/// The EAN-13 of the lot-tracked product, with its real check digit.
pub fn lot_ean() -> String {
    barcode::ean13_with_check("690123456790").expect("12 digits")
}

/// A test's own company. `dir` keeps the database folder alive as long as the world.
pub struct World {
    pub dir: TempDir,
    pub path: PathBuf,
    pub db: Db,
    pub admin: Actor,
    pub sales: Actor,
    pub manager: Actor,
    pub warehouse: Actor,
    pub finance: Actor,
    pub plain_id: i64,
    pub lot_id: i64,
}

impl World {
    /// A second session on the same file, as another user's terminal would have.
    pub fn other_session(&self) -> Db {
        Db::open(&self.path, JournalSetting::Auto).expect("open a second session")
    }
}

/// Everything a test needs besides the database itself.
#[derive(Clone)]
struct Cast {
    admin: Actor,
    sales: Actor,
    manager: Actor,
    warehouse: Actor,
    finance: Actor,
    plain_id: i64,
    lot_id: i64,
}

struct Template {
    bytes: Vec<u8>,
    cast: Cast,
}

/// Builds a company the way a user does, through `ops`, in a new temporary folder.
pub fn build_world() -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("company.orderdesk");
    let db = Db::create(&path, JournalSetting::Auto).expect("create database");
    let admin = ops::setup::init_company(&db, COMPANY, "admin", ADMIN_PASSWORD).expect("init");

    let mut logged_in = Vec::new();
    for (username, display, role) in [
        ("sales", SALES_NAME, Role::Sales),
        ("manager", MANAGER_NAME, Role::Manager),
        ("warehouse", WAREHOUSE_NAME, Role::Warehouse),
        ("finance", FINANCE_NAME, Role::Finance),
    ] {
        ops::users::add_user(&db, &admin, &new_user(username, display, role)).expect("add user");
        logged_in.push(ops::auth::login(&db, username, PASSWORD).expect("login"));
    }
    let [sales, manager, warehouse, finance]: [Actor; 4] =
        logged_in.try_into().expect("four users");

    ops::master::create_warehouse(&db, &admin, WAREHOUSE, "主仓库").expect("warehouse");
    ops::master::create_bin(&db, &admin, WAREHOUSE, BIN_A, "A区1号").expect("bin A-01");
    ops::master::create_bin(&db, &admin, WAREHOUSE, BIN_B, "A区2号").expect("bin A-02");

    let plain_id = ops::master::create_product(
        &db,
        &admin,
        &ProductInput {
            barcodes: vec![PLAIN_EAN.into()],
            list_price: "1.20".into(),
            floor_price: "0.80".into(),
            tax_rate: "13".into(),
            ..product_input(PLAIN_SKU, PLAIN_NAME)
        },
    )
    .expect("plain product");
    let lot_id = ops::master::create_product(
        &db,
        &admin,
        &ProductInput {
            barcodes: vec![lot_ean()],
            list_price: "5.00".into(),
            tracks_lots: true,
            tracks_expiry: true,
            // Sold by weight: it may be divided, where the plain product (个) may not.
            unit: "千克".into(),
            ..product_input(LOT_SKU, LOT_NAME)
        },
    )
    .expect("lot product");

    World {
        dir,
        path,
        db,
        admin,
        sales,
        manager,
        warehouse,
        finance,
        plain_id,
        lot_id,
    }
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let w = build_world();
        let cast = Cast {
            admin: w.admin,
            sales: w.sales,
            manager: w.manager,
            warehouse: w.warehouse,
            finance: w.finance,
            plain_id: w.plain_id,
            lot_id: w.lot_id,
        };
        // Closing the only connection checkpoints the WAL into the file.
        drop(w.db);
        let bytes = std::fs::read(&w.path).expect("read template");
        Template { bytes, cast }
    })
}

/// A fresh company of the test's own: a copy of the template in a new folder.
pub fn world() -> World {
    let t = template();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("company.orderdesk");
    std::fs::write(&path, &t.bytes).expect("copy template");
    let db = Db::open(&path, JournalSetting::Auto).expect("open copy");
    let c = t.cast.clone();
    World {
        dir,
        path,
        db,
        admin: c.admin,
        sales: c.sales,
        manager: c.manager,
        warehouse: c.warehouse,
        finance: c.finance,
        plain_id: c.plain_id,
        lot_id: c.lot_id,
    }
}

pub fn new_user(username: &str, display: &str, role: Role) -> NewUserInput {
    NewUserInput {
        username: username.into(),
        display_name: display.into(),
        password: PASSWORD.into(),
        roles: vec![role],
        os_user: None,
        approval_limit: Money::ZERO,
    }
}

pub fn customer_input(code: &str, name: &str) -> CustomerInput {
    CustomerInput {
        code: code.into(),
        name: name.into(),
        ..CustomerInput::default()
    }
}

/// A product without prices, which any user with the product permission may create.
pub fn product_input(sku: &str, name: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        name: name.into(),
        unit: "个".into(),
        list_price: "0".into(),
        ..ProductInput::default()
    }
}

/// Today in the company's time zone (UTC+8, the default of a new company).
pub fn company_today() -> NaiveDate {
    ops::business_date(Utc::now(), 480)
}

pub fn days_from_today(days: i64) -> NaiveDate {
    let today = company_today();
    if days >= 0 {
        today.checked_add_days(Days::new(days as u64))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .expect("date in range")
}

/// The GS1 date form YYMMDD.
pub fn gs1_date(d: NaiveDate) -> String {
    d.format("%y%m%d").to_string()
}

/// The GTIN-14 of an EAN-13 (a leading 0, same check digit).
pub fn gtin14(ean13: &str) -> String {
    barcode::gtin_to_14(ean13).expect("valid EAN-13")
}

/// Total on hand of a product, in thousandths.
pub fn on_hand(db: &Db, product_id: i64) -> i64 {
    ops::master::product(db, product_id)
        .expect("product")
        .stock
        .on_hand
        .to_db()
}

/// On hand of a product in one bin (all lots), in thousandths.
pub fn bin_on_hand(db: &Db, product_id: i64, bin: &str) -> i64 {
    db.conn()
        .query_row(
            "SELECT COALESCE(SUM(l.on_hand), 0) FROM stock_levels l \
             JOIN bins b ON b.id = l.bin_id WHERE l.product_id = ?1 AND b.code = ?2",
            rusqlite::params![product_id, bin],
            |r| r.get(0),
        )
        .expect("bin on hand")
}

pub fn count_rows(db: &Db, table: &str) -> i64 {
    db.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count rows")
}

pub fn customer_count(db: &Db) -> usize {
    ops::master::customers_page(db, "", 1000)
        .expect("customers page")
        .len()
}

pub fn product_count(db: &Db) -> usize {
    ops::master::products_page(db, "", 1000)
        .expect("products page")
        .len()
}

/// `orderdesk check` finds nothing wrong.
pub fn assert_consistent(db: &Db) {
    let violations = store::check::run(db.conn()).expect("run check");
    assert!(violations.is_empty(), "check found: {violations:?}");
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The message a user reads exists in both languages: Chinese text with Chinese
/// characters, English text with English words, and they are not the same text.
pub fn assert_bilingual(e: &impl Localized) {
    let zh = e.localized(Lang::Zh);
    let en = e.localized(Lang::En);
    assert!(!zh.trim().is_empty(), "empty Chinese message");
    assert!(!en.trim().is_empty(), "empty English message");
    assert_ne!(zh, en, "the two languages give the same text");
    assert!(has_cjk(&zh), "Chinese message without Chinese: {zh}");
    assert!(
        en.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .count()
            >= 2,
        "English message without English words: {en}"
    );
}

/// The English name of the field an error is about, when it is about one field.
pub fn field_of(e: &ops::Error) -> Option<&'static str> {
    match e {
        ops::Error::Field { field, .. } => Some(field.en),
        _ => None,
    }
}

/// A refusal, as a user sees it: the operation failed and said why in both languages.
pub trait Refused {
    fn refused(self) -> ops::Error;
}

impl<T: std::fmt::Debug> Refused for Result<T, ops::Error> {
    #[track_caller]
    fn refused(self) -> ops::Error {
        let e = self.expect_err("the operation should have been refused");
        assert_bilingual(&e);
        e
    }
}

/// The screen a user of the world lands on after login: the warehouse home for the
/// warehouse worker, whose work is picking and shipping; the order list for the others.
pub fn home_of(user: &str) -> &'static str {
    if matches!(user, "warehouse" | "wh2") {
        "warehouse"
    } else {
        "orders"
    }
}
