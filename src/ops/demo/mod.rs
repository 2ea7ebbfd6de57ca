//! The deterministic demo data set of a hardware wholesaler (五金批发): users for every
//! role, warehouses and bins, products with valid EAN-13 barcodes and lots, customers
//! with terms and limits, stock, and orders in every stage. The same seed and business
//! date give the same data. `Large` builds about a million orders for benchmarks.
//!
//! The small set goes through the real operations (so it exercises their validation);
//! the bulk rows of the large set, and the orders of both (intake operations come with
//! the order screens), are written with the store functions in large transactions,
//! keeping every cached balance equal to its ledger so that `check` passes.

use std::path::Path;

use chrono::NaiveDate;

use super::{master, users, Actor, Result};
use crate::config::JournalSetting;
use crate::domain::access::Role;
use crate::domain::money::Money;
use crate::store::Db;

mod catalogue;
mod master_data;
mod orders;
mod scale;

use master_data::{bulk_master_data, small_master_data};
use orders::generate_orders;
pub use scale::{Progress, Scale};

/// The demo company.
pub const DEMO_COMPANY: &str = "华信五金批发有限公司";
/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo1234";
/// Demo users: user name, display name, roles.
pub const DEMO_USERS: [(&str, &str, &str); 6] = [
    ("admin", "管理员", "admin"),
    ("sales", "张丽", "sales"),
    ("sales2", "王强", "sales"),
    ("manager", "李建国", "manager"),
    ("warehouse", "赵师傅", "warehouse"),
    ("finance", "陈会计", "finance"),
];

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
    pub lines: usize,
}

/// Creates a new database at `path` and fills it. The file must not exist; on failure
/// the half-made file is removed.
pub fn generate(
    path: &Path,
    journal: JournalSetting,
    scale: Scale,
    seed: u64,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let db = Db::create(path, journal)?;
    let result = fill(&db, scale, seed, as_of, progress);
    if result.is_err() {
        drop(db);
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(p));
        }
    }
    result
}

fn fill(
    db: &Db,
    scale: Scale,
    seed: u64,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let admin = super::setup::init_company(db, DEMO_COMPANY, "admin", DEMO_PASSWORD)?;
    let mut user_ids = vec![admin.id()];
    for (name, display, role) in DEMO_USERS.iter().skip(1) {
        let limit = match *role {
            "manager" => Money::from_minor(5_000_000),
            "sales" => Money::from_minor(500_000),
            _ => Money::ZERO,
        };
        let id = users::add_user(
            db,
            &admin,
            &users::NewUserInput {
                username: name.to_string(),
                display_name: display.to_string(),
                password: DEMO_PASSWORD.into(),
                roles: vec![Role::parse(role).unwrap_or(Role::Sales)],
                os_user: None,
                approval_limit: limit,
            },
        )?;
        user_ids.push(id);
    }
    master::create_warehouse(db, &admin, "WH1", "主仓库")?;
    master::create_warehouse(db, &admin, "WH2", "门店仓")?;
    let mut bin_codes = Vec::new();
    for aisle in ['A', 'B', 'C'] {
        for rack in 1..=4 {
            let code = format!("{aisle}-{rack:02}-01");
            master::create_bin(db, &admin, "WH1", &code, &format!("{aisle}区{rack}号架"))?;
            bin_codes.push(code);
        }
    }
    for n in 1..=4 {
        let code = format!("S-{n:02}");
        master::create_bin(db, &admin, "WH2", &code, &format!("门店货架{n}"))?;
        bin_codes.push(code);
    }
    progress(Progress::Setup);

    match scale {
        Scale::Small => {
            // Customers with terms and limits are credit decisions: the finance user's.
            let finance = Actor::new(
                user_ids[5],
                "finance".into(),
                "陈会计".into(),
                vec![Role::Finance],
            );
            small_master_data(db, &admin, &finance, &mut rng, &bin_codes, as_of)?
        }
        Scale::Large => {
            db.set_bulk_load(true)?;
            bulk_master_data(db, &admin, scale, &mut rng, as_of, progress)?;
        }
    }
    progress(Progress::MasterData);
    let (orders, lines) = generate_orders(
        db,
        scale,
        &mut rng,
        as_of,
        &user_ids[1..3],
        user_ids[3],
        progress,
    )?;
    db.set_bulk_load(false)?;
    let customers = scale.customers() as i64;
    db.write(|tx| crate::store::company::mark_demo(tx, customers))?;
    Ok(Report {
        customers: scale.customers(),
        products: scale.products(),
        orders,
        lines,
    })
}
