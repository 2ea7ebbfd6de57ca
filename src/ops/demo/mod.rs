//! The deterministic demo data set of a hardware wholesaler (五金批发): users for every
//! role, warehouses and bins, products with valid EAN-13 barcodes and lots, customers
//! with terms and limits, stock, and orders in every stage. The same seed and business
//! date give the same data. `Large` builds about a million orders for benchmarks.
//!
//! The small set goes through the real operations (so it exercises their validation);
//! the bulk rows of the large set, and the orders of both (intake operations come with
//! the order screens), are written with the store functions in large transactions,
//! keeping every cached balance equal to its ledger so that `check` passes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{master, users, Actor, Result};
use crate::config::JournalSetting;
use crate::domain::access::Role;
use crate::domain::money::Money;
use crate::store::{Db, StoreError};

mod after_sales;
mod cash;
mod catalogue;
mod goods;
mod master_data;
mod orders;
mod returns;
mod scale;

use master_data::{bulk_master_data, import_examples, small_master_data};
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

/// Creates a new database at `path` and fills it. The file must not exist. The data is
/// built in a file of its own next to `path` and renamed into place only when complete,
/// so that an interrupted run (Ctrl+C, a kill) never leaves a half-built database where
/// `demo` and `--demo` look; on failure the half-made file is removed.
/// Whether a demo database at `path` was made by an older version of the program: its
/// history lacks what later schema versions record (pick lists, shipments, the journal),
/// so it is made anew rather than migrated.
pub fn is_outdated(path: &Path) -> bool {
    crate::store::file_schema_version(path).is_some_and(|v| v < crate::store::SCHEMA_VERSION)
}

pub fn generate(
    path: &Path,
    journal: JournalSetting,
    scale: Scale,
    seed: u64,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    if path.exists() {
        return Err(StoreError::Exists(path.to_path_buf()).into());
    }
    let building = partial_path(path);
    // What an interrupted run left behind is of no use to anyone.
    remove_db_files(&building);
    let db = Db::create(&building, journal)?;
    let result = fill(&db, scale, seed, as_of, progress).and_then(|report| {
        // A rollback journal makes the file whole on its own: nothing may stay behind in
        // a `-wal` file when it is renamed.
        db.conn()
            .query_row("PRAGMA journal_mode = delete", [], |r| {
                r.get::<_, String>(0)
            })
            .map_err(StoreError::from)?;
        Ok(report)
    });
    drop(db);
    let result = result.and_then(|report| {
        move_into_place(&building, path)?;
        Ok(report)
    });
    if result.is_err() {
        remove_db_files(&building);
    }
    result
}

/// Where the demo is built before it is renamed to `path`: the same folder, so that the
/// rename is one step of the file system.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Gives the finished file its name, refusing to replace a file that appeared meanwhile.
fn move_into_place(from: &Path, to: &Path) -> Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => {
            let _ = std::fs::remove_file(from);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StoreError::Exists(to.to_path_buf()).into())
        }
        // A file system without hard links (some network drives): a plain rename.
        Err(_) if to.exists() => Err(StoreError::Exists(to.to_path_buf()).into()),
        Err(_) => std::fs::rename(from, to).map_err(|e| {
            StoreError::CannotOpen {
                path: to.to_path_buf(),
                reason: e.to_string(),
            }
            .into()
        }),
    }
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn fill(
    db: &Db,
    scale: Scale,
    seed: u64,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (admin_name, admin_display, _) = DEMO_USERS[0];
    let admin = super::setup::init_company_named(
        db,
        DEMO_COMPANY,
        admin_name,
        admin_display,
        DEMO_PASSWORD,
    )?;
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

    // Customers with terms and limits are credit decisions: the finance user's.
    let finance = Actor::new(
        user_ids[5],
        "finance".into(),
        "陈会计".into(),
        vec![Role::Finance],
    );
    match scale {
        Scale::Small => small_master_data(db, &admin, &finance, &mut rng, &bin_codes, as_of)?,
        Scale::Large | Scale::Sample => {
            db.set_bulk_load(true)?;
            bulk_master_data(db, &admin, scale, &mut rng, as_of, progress)?;
        }
    }
    progress(Progress::MasterData);
    // Millions of rows arrive in the orders' tables and the stock moves: their secondary
    // indexes are built once afterwards.
    let aside = if scale.bulk() {
        db.write(|tx| {
            crate::store::bulk::set_indexes_aside(
                tx,
                &["orders", "order_lines", "order_timeline", "stock_moves"],
            )
        })?
    } else {
        Vec::new()
    };
    let (orders, lines) = generate_orders(
        db,
        scale,
        &mut rng,
        as_of,
        &user_ids[1..3],
        user_ids[3],
        progress,
    )?;
    // The warehouse's side of the closed orders, set-based.
    goods::closed_order_history(db, user_ids[4], progress)?;
    if !aside.is_empty() {
        db.write(|tx| crate::store::bulk::rebuild_indexes(tx, &aside))?;
        progress(Progress::Indexed);
    }
    // The orders were written in bulk, without the operations that keep each customer's
    // exposure: count it once from their lines.
    db.write(|tx| crate::store::credit::rebuild_uninvoiced(tx))?;
    if scale == Scale::Small {
        // The history's steps a while apart, as the processing times show them.
        let moment = super::stamp(orders::as_of_moment(as_of, super::clock::now()));
        db.write(|tx| {
            crate::store::demo_history::spread_demo_times(tx, &moment, &as_of.to_string())
        })?;
    }
    // Made after the orders, so that the orders drawn are the same with or without them.
    let examples = if scale == Scale::Small {
        import_examples(db, &admin, &finance, as_of)?
    } else {
        0
    };
    if scale == Scale::Small {
        let warehouse = Actor::new(
            user_ids[4],
            "warehouse".into(),
            "赵师傅".into(),
            vec![Role::Warehouse],
        );
        cash::deposits_for_prepaid_orders(db, &finance, 5)?;
        goods::work_in_progress(db, &warehouse)?;
        goods::default_carriers(db, &admin)?;
    }
    // The history above was written without journal entries: post them.
    let posted = super::ledger::post_history(db, &admin)?;
    progress(Progress::Journal(posted));
    match scale {
        Scale::Small => {
            cash::receivables_history(db, &finance, as_of)?;
            let sales = Actor::new(
                user_ids[1],
                "sales".into(),
                "张丽".into(),
                vec![Role::Sales],
            );
            let warehouse = Actor::new(
                user_ids[4],
                "warehouse".into(),
                "赵师傅".into(),
                vec![Role::Warehouse],
            );
            returns::after_sales(
                db,
                &returns::Staff {
                    sales: &sales,
                    warehouse: &warehouse,
                    finance: &finance,
                },
                as_of,
            )?;
        }
        Scale::Large | Scale::Sample => {
            cash::receivables_at_scale(db, &finance, as_of, progress)?;
            db.set_bulk_load(false)?;
            // The invoices were written set-based too: what is left uninvoiced, again.
            db.write(|tx| crate::store::credit::rebuild_uninvoiced(tx))?;
        }
    }
    // The counter's walk-in customer (散客): a cash sale needs no customer record.
    let walk_in = super::master::create_customer(
        db,
        &admin,
        &super::master::CustomerInput {
            name: "散客".into(),
            terms: "cod".into(),
            ..super::master::CustomerInput::default()
        },
    )?;
    let walk_in = super::master::customer(db, walk_in)?.customer.code;
    super::cash::set_walk_in_customer(db, &admin, &walk_in)?;
    if scale == Scale::Small {
        let actor = |i: usize, role: Role| {
            let (name, display, _) = DEMO_USERS[i];
            Actor::new(user_ids[i], name.into(), display.into(), vec![role])
        };
        let (sales, sales2) = (actor(1, Role::Sales), actor(2, Role::Sales));
        let (manager, warehouse) = (actor(3, Role::Manager), actor(4, Role::Warehouse));
        let staff = after_sales::Staff {
            sales: &sales,
            sales2: &sales2,
            manager: &manager,
            warehouse: &warehouse,
        };
        after_sales::tickets(db, &staff, as_of)?;
        after_sales::requests(db, &staff, as_of)?;
        // A walk-in paid cash at the counter and took change: its receipt reprints so.
        let counter = Actor::new(
            user_ids[1],
            "sales".into(),
            "张丽".into(),
            vec![Role::Sales],
        );
        super::cash::counter_sale(
            db,
            &counter,
            &super::cash::CounterSaleInput {
                customer: String::new(),
                lines: vec![super::intake::LineInput {
                    product: "HW-000001".into(),
                    qty: "2".into(),
                    ..super::intake::LineInput::default()
                }],
                bin: "A-01-01".into(),
                method: super::cash::PaymentMethod::Cash,
                tendered: "50".into(),
                reference: String::new(),
            },
        )?;
    }
    let customers = scale.customers() as i64;
    db.write(|tx| crate::store::company::mark_demo(tx, customers))?;
    Ok(Report {
        customers: scale.customers() + examples,
        products: scale.products() + examples,
        orders,
        lines,
    })
}
