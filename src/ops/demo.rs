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

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};

use super::{master, stamp, stock, users, Actor, Result};
use crate::config::JournalSetting;
use crate::domain::access::Role;
use crate::domain::barcode::ean13_with_check;
use crate::domain::money::{
    line_amounts, order_totals, Discount, Money, PriceMode, Qty, TaxRate, UnitPrice,
};
use crate::domain::{pinyin, search};
use crate::store::{self, Db};

/// Size of the generated data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 80 products, 40 customers, 240 orders: every screen shows something real.
    Small,
    /// 100,000 products, 20,000 customers, 1,000,000 orders, about 5,000,000 lines.
    Large,
}

impl Scale {
    fn products(self) -> usize {
        match self {
            Scale::Small => 80,
            Scale::Large => 100_000,
        }
    }
    fn customers(self) -> usize {
        match self {
            Scale::Small => 40,
            Scale::Large => 20_000,
        }
    }
    fn orders(self) -> usize {
        match self {
            Scale::Small => 240,
            Scale::Large => 1_000_000,
        }
    }
    fn days(self) -> i64 {
        match self {
            Scale::Small => 150,
            Scale::Large => 1000,
        }
    }
}

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

/// How far the generator has come, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Setup,
    MasterData,
    Products(usize),
    Customers(usize),
    Orders(usize),
}

impl crate::i18n::Localized for Progress {
    fn localized(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Progress::Setup => lang
                .pick("已建用户、仓库和库位", "users, warehouses and bins done")
                .into(),
            Progress::MasterData => lang
                .pick("已建商品、客户和库存", "products, customers and stock done")
                .into(),
            Progress::Products(n) => crate::bi!(lang, "商品 {}", "products {}", n),
            Progress::Customers(n) => crate::bi!(lang, "客户 {}", "customers {}", n),
            Progress::Orders(n) => crate::bi!(lang, "订单 {}", "orders {}", n),
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub customers: usize,
    pub products: usize,
    pub orders: usize,
    pub lines: usize,
}

struct Category {
    name: &'static str,
    unit: &'static str,
    specs: &'static [&'static str],
    /// Price range in yuan.
    price: (u32, u32),
    lots: bool,
    expiry: bool,
}

const CATEGORIES: &[Category] = &[
    Category {
        name: "六角螺栓",
        unit: "个",
        specs: &["M6×20", "M8×30", "M10×40", "M12×50"],
        price: (1, 3),
        lots: false,
        expiry: false,
    },
    Category {
        name: "自攻螺丝",
        unit: "盒",
        specs: &["ST3.5×16", "ST4.2×25", "ST4.8×32"],
        price: (8, 25),
        lots: false,
        expiry: false,
    },
    Category {
        name: "膨胀螺丝",
        unit: "个",
        specs: &["M6", "M8", "M10", "M12"],
        price: (1, 3),
        lots: false,
        expiry: false,
    },
    Category {
        name: "平垫片",
        unit: "盒",
        specs: &["M6", "M8", "M10"],
        price: (5, 15),
        lots: false,
        expiry: false,
    },
    Category {
        name: "不锈钢合页",
        unit: "副",
        specs: &["3寸", "4寸", "5寸"],
        price: (6, 20),
        lots: false,
        expiry: false,
    },
    Category {
        name: "球形门锁",
        unit: "把",
        specs: &["通用型", "卫生间型"],
        price: (35, 120),
        lots: false,
        expiry: false,
    },
    Category {
        name: "活动扳手",
        unit: "把",
        specs: &["6寸", "8寸", "10寸", "12寸"],
        price: (15, 60),
        lots: false,
        expiry: false,
    },
    Category {
        name: "十字螺丝刀",
        unit: "把",
        specs: &["PH1×100", "PH2×150"],
        price: (6, 18),
        lots: false,
        expiry: false,
    },
    Category {
        name: "冲击电钻",
        unit: "台",
        specs: &["500W", "710W", "850W"],
        price: (180, 520),
        lots: false,
        expiry: false,
    },
    Category {
        name: "麻花钻头",
        unit: "支",
        specs: &["3mm", "5mm", "8mm", "10mm"],
        price: (2, 15),
        lots: false,
        expiry: false,
    },
    Category {
        name: "钢卷尺",
        unit: "把",
        specs: &["3米", "5米", "7.5米"],
        price: (8, 30),
        lots: false,
        expiry: false,
    },
    Category {
        name: "电工胶带",
        unit: "卷",
        specs: &["黑色", "红色", "蓝色"],
        price: (2, 6),
        lots: false,
        expiry: false,
    },
    Category {
        name: "玻璃胶",
        unit: "支",
        specs: &["透明", "白色", "黑色"],
        price: (12, 28),
        lots: true,
        expiry: true,
    },
    Category {
        name: "AB胶",
        unit: "支",
        specs: &["快干", "慢干"],
        price: (8, 20),
        lots: true,
        expiry: true,
    },
    Category {
        name: "防锈漆",
        unit: "桶",
        specs: &["1L", "3L", "5L"],
        price: (35, 160),
        lots: true,
        expiry: true,
    },
    Category {
        name: "铜芯电线",
        unit: "卷",
        specs: &["1.5平方", "2.5平方", "4平方"],
        price: (120, 380),
        lots: true,
        expiry: false,
    },
    Category {
        name: "五孔插座",
        unit: "个",
        specs: &["86型", "带开关"],
        price: (6, 25),
        lots: false,
        expiry: false,
    },
    Category {
        name: "PVC水管",
        unit: "米",
        specs: &["20mm", "25mm", "32mm"],
        price: (3, 9),
        lots: false,
        expiry: false,
    },
    Category {
        name: "水龙头",
        unit: "个",
        specs: &["单冷", "冷热"],
        price: (25, 150),
        lots: false,
        expiry: false,
    },
    Category {
        name: "角阀",
        unit: "个",
        specs: &["4分", "6分"],
        price: (10, 35),
        lots: false,
        expiry: false,
    },
];

const BRANDS: &[&str] = &[
    "永固", "恒利", "金鼎", "长城", "华达", "东成", "正泰", "公牛", "世达", "得力",
];
const MATERIALS: &[&str] = &[
    "",
    "镀锌",
    "不锈钢",
    "加厚",
    "工业级",
    "家用",
    "重型",
    "精品",
];
const CITIES: &[&str] = &[
    "杭州", "宁波", "温州", "义乌", "上海", "苏州", "南京", "合肥", "福州", "广州", "深圳", "佛山",
    "东莞", "长沙", "武汉", "成都", "重庆", "西安", "郑州", "济南",
];
const TRADE_NAMES: &[&str] = &[
    "永顺", "恒达", "宏远", "鑫盛", "金泰", "华丰", "兴隆", "广源", "联发", "汇通", "正大", "通利",
    "德邦", "三和", "利民", "信达",
];
const BUSINESS_TYPES: &[&str] = &[
    "五金店",
    "建材商行",
    "机电设备有限公司",
    "装饰工程有限公司",
    "五金交电批发部",
    "水电材料店",
];
const DISTRICTS: &[&str] = &[
    "",
    "东区",
    "西区",
    "南区",
    "北区",
    "新区",
    "开发区",
    "高新区",
    "城南",
    "城北",
];
const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
];
const TERMS: &[&str] = &[
    "cod", "cod", "cod", "net:30", "net:30", "eom:30", "eom:30", "eom:30", "eom:60", "prepay",
];

/// One generated product, before it is stored.
struct ProductSpec {
    sku: String,
    name: String,
    spec: String,
    unit: &'static str,
    barcode: String,
    list_price: UnitPrice,
    floor_price: UnitPrice,
    unit_cost: UnitPrice,
    tax_bp: i64,
    lots: bool,
    expiry: bool,
}

fn product_spec(i: usize, rng: &mut fastrand::Rng) -> ProductSpec {
    let cat = &CATEGORIES[i % CATEGORIES.len()];
    let round = i / CATEGORIES.len();
    let spec = cat.specs[round % cat.specs.len()];
    let brand_idx = (i / 7) % BRANDS.len();
    let material = MATERIALS[(i / (CATEGORIES.len() * 3)) % MATERIALS.len()];
    let series = i / (CATEGORIES.len() * BRANDS.len() * 2);
    let name = if series == 0 {
        format!("{}{}{}", BRANDS[brand_idx], material, cat.name)
    } else {
        format!(
            "{}{}{} {}{:03}",
            BRANDS[brand_idx],
            material,
            cat.name,
            (b'A' + (series % 26) as u8) as char,
            series % 1000
        )
    };
    // Yuan with two decimals, kept at 4 decimals.
    let cents = rng.u32(cat.price.0 * 100..=cat.price.1 * 100) as i64;
    let list = UnitPrice::from_db(cents * 100);
    let floor = UnitPrice::from_db(cents * 100 * 85 / 100 / 100 * 100);
    let cost = UnitPrice::from_db(cents * 100 * rng.i64(55..75) / 100);
    let first12 = format!("692{:04}{:05}", 1000 + brand_idx, i % 100_000);
    let barcode = ean13_with_check(&first12).unwrap_or_default();
    ProductSpec {
        sku: format!("HW-{:06}", i + 1),
        name,
        spec: spec.to_string(),
        unit: cat.unit,
        barcode,
        list_price: list,
        floor_price: floor,
        unit_cost: cost,
        tax_bp: 1300,
        lots: cat.lots,
        expiry: cat.expiry,
    }
}

struct CustomerSpec {
    code: String,
    name: String,
    phone: String,
    contact: String,
    address: String,
    terms: &'static str,
    credit_limit: Money,
    status: master::CustomerStatus,
    reason: &'static str,
}

fn customer_spec(i: usize, rng: &mut fastrand::Rng) -> CustomerSpec {
    let base = CITIES.len() * TRADE_NAMES.len() * BUSINESS_TYPES.len();
    let city = CITIES[i % CITIES.len()];
    let trade = TRADE_NAMES[(i / CITIES.len()) % TRADE_NAMES.len()];
    let kind = BUSINESS_TYPES[(i / (CITIES.len() * TRADE_NAMES.len())) % BUSINESS_TYPES.len()];
    let district = DISTRICTS[(i / base) % DISTRICTS.len()];
    let dup = i / (base * DISTRICTS.len());
    let name = if dup == 0 {
        format!("{city}{trade}{district}{kind}")
    } else {
        format!("{city}{trade}{district}{kind}{dup}部")
    };
    let terms = TERMS[rng.usize(..TERMS.len())];
    let credit_limit = if terms == "cod" || terms == "prepay" {
        Money::ZERO
    } else {
        Money::from_minor(rng.i64(2..50) * 1_000_000)
    };
    let (status, reason) = if i % 37 == 5 {
        (master::CustomerStatus::Blocked, "长期拖欠货款")
    } else if i % 23 == 7 {
        (master::CustomerStatus::Prospect, "")
    } else {
        (master::CustomerStatus::Active, "")
    };
    CustomerSpec {
        code: format!("C{:05}", i + 1),
        name,
        phone: format!("13{}{:08}", rng.u8(0..10), rng.u32(0..100_000_000)),
        contact: format!(
            "{}{}",
            SURNAMES[rng.usize(..SURNAMES.len())],
            GIVEN[rng.usize(..GIVEN.len())]
        ),
        address: format!(
            "{city}市{}路{}号",
            TRADE_NAMES[rng.usize(..TRADE_NAMES.len())],
            rng.u32(1..999)
        ),
        terms,
        credit_limit,
        status,
        reason,
    }
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
    Ok(Report {
        customers: scale.customers(),
        products: scale.products(),
        orders,
        lines,
    })
}

/// The small set, through the real operations.
fn small_master_data(
    db: &Db,
    admin: &Actor,
    finance: &Actor,
    rng: &mut fastrand::Rng,
    bins: &[String],
    as_of: NaiveDate,
) -> Result<()> {
    // Expiry dates must lie after the real receipt date even for an old --as-of.
    let today = super::business_date(super::clock::now(), 480).max(as_of);
    for i in 0..Scale::Small.products() {
        let p = product_spec(i, rng);
        master::create_product(
            db,
            admin,
            &master::ProductInput {
                sku: p.sku.clone(),
                name: p.name.clone(),
                spec: p.spec.clone(),
                unit: p.unit.into(),
                barcodes: vec![p.barcode.clone()],
                list_price: p.list_price.to_string(),
                floor_price: p.floor_price.to_string(),
                tax_rate: "13".into(),
                tracks_lots: p.lots,
                tracks_expiry: p.expiry,
                default_bin: bins[i % 12].clone(),
                inactive: false,
            },
        )?;
        // One to three receipts per product; tracked products get lots, some expiring soon.
        for r in 0..rng.usize(1..=3) {
            let expiry = if p.expiry {
                (today + Duration::days(rng.i64(20..400))).to_string()
            } else {
                String::new()
            };
            stock::receive_stock(
                db,
                admin,
                &stock::ReceiptInput {
                    product: p.sku.clone(),
                    bin: bins[(i + r * 5) % bins.len()].clone(),
                    lot: if p.lots {
                        format!("L{}{:02}", 2600 + i, r + 1)
                    } else {
                        String::new()
                    },
                    expiry,
                    qty: rng.u32(40..400).to_string(),
                    unit_cost: (UnitPrice::from_db(p.unit_cost.to_db() * rng.i64(95..106) / 100))
                        .to_string(),
                    note: "期初入库".into(),
                },
            )?;
        }
        if i % 9 == 4 && !p.lots {
            stock::adjust_stock(
                db,
                admin,
                &stock::AdjustInput {
                    product: p.sku.clone(),
                    bin: bins[i % bins.len()].clone(),
                    lot: String::new(),
                    qty: "-2".into(),
                    reason: "盘点短少".into(),
                },
            )?;
        }
    }
    for i in 0..Scale::Small.customers() {
        let c = customer_spec(i, rng);
        master::create_customer(
            db,
            finance,
            &master::CustomerInput {
                code: c.code,
                name: c.name,
                phone: c.phone.clone(),
                address: c.address,
                terms: c.terms.into(),
                credit_limit: c.credit_limit.plain(),
                status: c.status,
                status_reason: c.reason.into(),
                contacts: vec![master::ContactInput {
                    name: c.contact,
                    phone: c.phone,
                    email: String::new(),
                    title: "采购".into(),
                }],
            },
        )?;
    }
    Ok(())
}

/// The large set's products, customers and opening stock, written in bulk.
fn bulk_master_data(
    db: &Db,
    admin: &Actor,
    scale: Scale,
    rng: &mut fastrand::Rng,
    as_of: NaiveDate,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let now = stamp(super::clock::now());
    let received = (as_of - Duration::days(scale.days() + 30)).to_string();
    let bins = db.read(|c| Ok::<_, super::Error>(store::master::list_bins(c)?))?;
    const BATCH: usize = 10_000;
    let mut start = 0;
    while start < scale.products() {
        let end = (start + BATCH).min(scale.products());
        *rng = db.write(|tx| {
            let mut rng = rng.clone();
            let rng = &mut rng;
            for i in start..end {
                let p = product_spec(i, rng);
                let initials = pinyin::initials(&p.name);
                let bin = &bins[i % 12];
                let id = store::products::insert(
                    tx,
                    &store::products::ProductFields {
                        sku: &p.sku,
                        name: &p.name,
                        initials: &initials,
                        spec: &p.spec,
                        unit: p.unit,
                        list_price: p.list_price.to_db(),
                        floor_price: p.floor_price.to_db(),
                        tax_bp: p.tax_bp,
                        tracks_lots: p.lots,
                        tracks_expiry: p.expiry,
                        default_bin_id: Some(bin.id),
                        active: true,
                    },
                    &now,
                )?;
                store::products::set_barcodes(tx, id, std::slice::from_ref(&p.barcode))?;
                store::search::set_grams(
                    tx,
                    store::search::Kind::Product,
                    id,
                    &search::index_grams(&p.name, &[&p.sku]),
                )?;
                let expiry = p
                    .expiry
                    .then(|| (as_of + Duration::days(rng.i64(30..700))).to_string());
                let lot_no = if p.lots {
                    format!("L{}", 24000 + i)
                } else {
                    String::new()
                };
                let lot = store::stock::insert_lot(tx, id, &lot_no, &received, expiry.as_deref())?;
                let qty = Qty::from_int(rng.i32(200..2000)).to_db();
                store::stock::insert_move(
                    tx,
                    &store::stock::MoveRow {
                        product_id: id,
                        bin_id: bin.id,
                        lot_id: lot,
                        qty,
                        unit_cost: p.unit_cost.to_db(),
                        kind: "receipt",
                        reason: Some("期初入库"),
                        doc_type: None,
                        doc_id: None,
                        doc_no: None,
                        actor_id: admin.id(),
                        at: &now,
                    },
                )?;
                store::stock::apply_move_to_levels(tx, id, bin.id, lot, qty)?;
                store::products::set_avg_cost(tx, id, p.unit_cost.to_db())?;
            }
            Ok::<_, super::Error>(rng.clone())
        })?;
        start = end;
        progress(Progress::Products(end));
    }
    let mut start = 0;
    while start < scale.customers() {
        let end = (start + BATCH).min(scale.customers());
        *rng = db.write(|tx| {
            let mut rng = rng.clone();
            let rng = &mut rng;
            for i in start..end {
                let c = customer_spec(i, rng);
                let initials = pinyin::initials(&c.name);
                let id = store::customers::insert(
                    tx,
                    &store::customers::CustomerFields {
                        code: &c.code,
                        name: &c.name,
                        initials: &initials,
                        phone: Some(&c.phone),
                        address: Some(&c.address),
                        terms: c.terms,
                        credit_limit_minor: c.credit_limit.minor(),
                        status: c.status.as_str(),
                        status_reason: (!c.reason.is_empty()).then_some(c.reason),
                    },
                    &now,
                )?;
                store::customers::set_contacts(
                    tx,
                    id,
                    &[store::customers::ContactRow {
                        name: c.contact.clone(),
                        phone: Some(c.phone.clone()),
                        email: None,
                        title: Some("采购".into()),
                        is_primary: true,
                    }],
                )?;
                store::search::set_grams(
                    tx,
                    store::search::Kind::Customer,
                    id,
                    &search::index_grams(&c.name, &[&c.code, &c.phone]),
                )?;
            }
            Ok::<_, super::Error>(rng.clone())
        })?;
        start = end;
        progress(Progress::Customers(end));
    }
    Ok(())
}

/// Stages of the newest orders, in turn.
const RECENT_STAGES: [&str; 10] = [
    "draft",
    "submitted",
    "approved",
    "rejected",
    "on_hold",
    "submitted",
    "approved",
    "draft",
    "cancelled",
    "approved",
];

/// Picks a stage for an order of this age, so that recent orders are in progress and
/// old ones are closed.
fn stage_for(age_days: i64, rng: &mut fastrand::Rng) -> &'static str {
    let r = rng.u8(0..100);
    if age_days <= 20 {
        match r {
            0..=44 => "approved",
            45..=84 => "closed",
            85..=89 => "on_hold",
            90..=94 => "cancelled",
            _ => "submitted",
        }
    } else {
        match r {
            0..=93 => "closed",
            _ => "cancelled",
        }
    }
}

struct CustomerPick {
    id: i64,
    terms: String,
    active: bool,
}

/// Orders in every stage, oldest first, numbered per year without gaps.
#[allow(clippy::too_many_arguments)]
fn generate_orders(
    db: &Db,
    scale: Scale,
    rng: &mut fastrand::Rng,
    as_of: NaiveDate,
    sales_ids: &[i64],
    manager_id: i64,
    progress: &mut dyn FnMut(Progress),
) -> Result<(usize, usize)> {
    let (customers, products) = db.read(|c| {
        let mut customers = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::customers::page_by_code(c, &after, 5000)?;
            let Some(last) = page.last() else { break };
            after = last.code.clone();
            customers.extend(page.into_iter().map(|r| CustomerPick {
                id: r.id,
                terms: r.terms,
                active: r.status == "active",
            }));
        }
        let mut products = Vec::new();
        let mut after = String::new();
        loop {
            let page = store::products::page_by_sku(c, &after, 5000)?;
            let Some(last) = page.last() else { break };
            after = last.sku.clone();
            let ids: Vec<i64> = page.iter().map(|p| p.id).collect();
            for (p, id) in page.into_iter().zip(ids) {
                let s = store::stock::product_stock(c, id)?;
                products.push((
                    id,
                    p.list_price,
                    p.floor_price,
                    p.tax_bp,
                    s.on_hand - s.reserved,
                ));
            }
        }
        Ok::<_, super::Error>((customers, products))
    })?;
    let active: Vec<&CustomerPick> = customers.iter().filter(|c| c.active).collect();
    let mut available: Vec<i64> = products.iter().map(|p| p.4).collect();
    let n = scale.orders();
    let days = scale.days();
    let recent = (n / 200).max(30);
    let mut counters: std::collections::BTreeMap<i32, i64> = Default::default();
    let mut total_lines = 0usize;
    const BATCH: usize = 20_000;
    let mut k = 0usize;
    while k < n {
        let end = (k + BATCH).min(n);
        // A retried transaction starts again from the state before it: the closure works
        // on copies that replace the originals only once the batch has committed.
        let (written, next_counters, next_available, next_rng) = db.write(|tx| {
            let mut counters = counters.clone();
            let mut available = available.clone();
            let mut rng = rng.clone();
            let rng = &mut rng;
            let mut lines_written = 0usize;
            for j in k..end {
                // The newest orders (the last three days) cycle through the open stages so
                // that every stage is present; older ones follow stage_for.
                let back = n - 1 - j;
                let (age, stage) = if back < recent {
                    (
                        back as i64 * 3 / recent as i64,
                        RECENT_STAGES[back % RECENT_STAGES.len()],
                    )
                } else {
                    let age = 4 + (back - recent) as i64 * (days - 4) / (n - recent) as i64;
                    (age, stage_for(age, rng))
                };
                let date = as_of - Duration::days(age);
                let cust = if stage == "draft" || stage == "submitted" {
                    &customers[rng.usize(..customers.len())]
                } else {
                    active[rng.usize(..active.len())]
                };
                let at_local = date.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
                    + Duration::seconds(rng.i64(0..36_000));
                let at = stamp(Utc.from_utc_datetime(&(at_local - Duration::hours(8))));
                let number = (stage != "draft").then(|| {
                    let c = counters.entry(date.year()).or_insert(0);
                    *c += 1;
                    store::counters::format_number("SO", date.year(), *c)
                });
                let n_lines = rng.usize(1..=9);
                let mut chosen: Vec<usize> = Vec::with_capacity(n_lines);
                while chosen.len() < n_lines {
                    let p = rng.usize(..products.len());
                    if !chosen.contains(&p) {
                        chosen.push(p);
                    }
                }
                let mut amounts = Vec::with_capacity(n_lines);
                let mut specs = Vec::with_capacity(n_lines);
                // Orders waiting in the queue (or held from it) carry a reason: at least
                // their first line is priced below the floor.
                let queued = stage == "submitted" || stage == "on_hold" || stage == "rejected";
                for (k, &p) in chosen.iter().enumerate() {
                    let (_, list, floor, tax_bp, _) = products[p];
                    let qty = Qty::from_int(rng.i32(1..=40));
                    let below_floor = queued && (k == 0 || rng.u8(0..4) == 0);
                    let price = if below_floor {
                        UnitPrice::from_db(floor * 95 / 100)
                    } else {
                        UnitPrice::from_db(list)
                    };
                    let discount = match rng.u8(0..10) {
                        0 => Discount::from_bp(500),
                        1 => Discount::from_bp(1000),
                        _ => Ok(Discount::NONE),
                    }
                    .unwrap_or(Discount::NONE);
                    let rate = TaxRate::from_bp(tax_bp).unwrap_or(TaxRate::ZERO);
                    let a = line_amounts(qty, price, discount, rate, PriceMode::TaxInclusive)?;
                    amounts.push(a);
                    specs.push((p, qty, price, discount, a));
                }
                let total = order_totals(amounts)?;
                let channel =
                    ["phone", "phone", "walk_in", "chat", "email", "web", "fax"][rng.usize(..7)];
                let urgency =
                    ["normal", "normal", "normal", "normal", "urgent", "critical"][rng.usize(..6)];
                let created_by = sales_ids[rng.usize(..sales_ids.len())];
                let channel_ref =
                    (channel == "web").then(|| format!("WEB-{}-{j}", date.format("%Y%m%d")));
                let order_id = store::orders::insert(
                    tx,
                    &store::orders::NewOrder {
                        number: number.as_deref(),
                        customer_id: cust.id,
                        channel,
                        channel_ref: channel_ref.as_deref(),
                        customer_ref: None,
                        order_date: &date.to_string(),
                        requested_date: Some(&(date + Duration::days(rng.i64(1..10))).to_string()),
                        urgency,
                        terms: &cust.terms,
                        stage,
                        price_mode: "inclusive",
                        special: "",
                        net_minor: total.net.minor(),
                        tax_minor: total.tax.minor(),
                        gross_minor: total.gross.minor(),
                        created_by,
                        at: &at,
                    },
                )?;
                for (line_no, (p, qty, price, discount, a)) in specs.into_iter().enumerate() {
                    let q = qty.to_db();
                    let (reserved, backordered) = if stage == "approved" {
                        let r = q.min(available[p].max(0));
                        available[p] -= r;
                        (r, q - r)
                    } else {
                        (0, 0)
                    };
                    let done = if stage == "closed" { q } else { 0 };
                    let line_id = store::orders::insert_line(
                        tx,
                        &store::orders::NewLine {
                            order_id,
                            line_no: line_no as i64 + 1,
                            product_id: products[p].0,
                            qty: q,
                            unit_price: price.to_db(),
                            discount_bp: discount.to_bp(),
                            tax_bp: products[p].3,
                            net_minor: a.net.minor(),
                            tax_minor: a.tax.minor(),
                            gross_minor: a.gross.minor(),
                            qty_reserved: reserved,
                            qty_backordered: backordered,
                            qty_shipped: done,
                            qty_delivered: done,
                            qty_invoiced: done,
                        },
                    )?;
                    if reserved > 0 {
                        store::reservation::insert_reservation(
                            tx,
                            line_id,
                            products[p].0,
                            reserved,
                            &at,
                        )?;
                    }
                    if backordered > 0 {
                        store::reservation::add_backordered(tx, products[p].0, backordered)?;
                    }
                    lines_written += 1;
                }
                let tl = |from: Option<&str>, to: &str, actor: i64, note: Option<&str>| {
                    store::orders::insert_timeline(tx, order_id, &at, actor, from, to, note)
                };
                if queued {
                    let mut reasons = vec!["price"];
                    if total.gross.minor() > 500_000 {
                        reasons.push("amount");
                    }
                    if !cust.active {
                        reasons.push("customer");
                    }
                    for r in reasons {
                        store::approval::insert_approval(tx, order_id, r, "{}", &at)?;
                    }
                    if stage == "rejected" {
                        store::approval::decide(tx, order_id, "rejected", manager_id, &at)?;
                    }
                }
                tl(None, "draft", created_by, None)?;
                match stage {
                    "draft" => {}
                    "cancelled" => tl(Some("draft"), "cancelled", created_by, Some("客户取消"))?,
                    _ => {
                        tl(Some("draft"), "submitted", created_by, None)?;
                        match stage {
                            "approved" => tl(Some("submitted"), "approved", manager_id, None)?,
                            "closed" => {
                                tl(Some("submitted"), "approved", manager_id, None)?;
                                tl(Some("approved"), "closed", manager_id, None)?;
                            }
                            "rejected" => tl(
                                Some("submitted"),
                                "rejected",
                                manager_id,
                                Some("价格低于最低售价，请重新报价"),
                            )?,
                            "on_hold" => tl(
                                Some("submitted"),
                                "on_hold",
                                manager_id,
                                Some("等待客户回款"),
                            )?,
                            _ => {}
                        }
                    }
                }
            }
            // The counters move with the numbers they cover, in the same transaction.
            for (year, last) in &counters {
                store::counters::raise_to(tx, "SO", *year, *last)?;
            }
            Ok::<_, super::Error>((lines_written, counters, available, rng.clone()))
        })?;
        total_lines += written;
        counters = next_counters;
        available = next_available;
        *rng = next_rng;
        k = end;
        if scale == Scale::Large {
            progress(Progress::Orders(end));
        }
    }
    Ok((n, total_lines))
}
