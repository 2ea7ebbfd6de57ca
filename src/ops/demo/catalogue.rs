//! The words the demo is made of: product categories, brands, materials, customer
//! names and places, and how one product or customer is drawn from them.

use crate::domain::barcode::ean13_with_check;
use crate::domain::money::{Money, UnitPrice};
use crate::ops::master;

pub(super) struct Category {
    pub(super) name: &'static str,
    pub(super) unit: &'static str,
    pub(super) specs: &'static [&'static str],
    /// Price range in yuan.
    pub(super) price: (u32, u32),
    pub(super) lots: bool,
    pub(super) expiry: bool,
}

pub(super) const CATEGORIES: &[Category] = &[
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

pub(super) const BRANDS: &[&str] = &[
    "永固", "恒利", "金鼎", "长城", "华达", "东成", "正泰", "公牛", "世达", "得力",
];
pub(super) const MATERIALS: &[&str] = &[
    "",
    "镀锌",
    "不锈钢",
    "加厚",
    "工业级",
    "家用",
    "重型",
    "精品",
];
pub(super) const CITIES: &[&str] = &[
    "杭州", "宁波", "温州", "义乌", "上海", "苏州", "南京", "合肥", "福州", "广州", "深圳", "佛山",
    "东莞", "长沙", "武汉", "成都", "重庆", "西安", "郑州", "济南",
];
pub(super) const TRADE_NAMES: &[&str] = &[
    "永顺", "恒达", "宏远", "鑫盛", "金泰", "华丰", "兴隆", "广源", "联发", "汇通", "正大", "通利",
    "德邦", "三和", "利民", "信达",
];
pub(super) const BUSINESS_TYPES: &[&str] = &[
    "五金店",
    "建材商行",
    "机电设备有限公司",
    "装饰工程有限公司",
    "五金交电批发部",
    "水电材料店",
];
pub(super) const DISTRICTS: &[&str] = &[
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
pub(super) const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
];
pub(super) const TERMS: &[&str] = &[
    "cod", "cod", "cod", "net:30", "net:30", "eom:30", "eom:30", "eom:30", "eom:60", "prepay",
];

/// One generated product, before it is stored.
pub(super) struct ProductSpec {
    pub(super) sku: String,
    pub(super) name: String,
    pub(super) spec: String,
    pub(super) unit: &'static str,
    pub(super) barcode: String,
    pub(super) list_price: UnitPrice,
    pub(super) floor_price: UnitPrice,
    pub(super) unit_cost: UnitPrice,
    pub(super) tax_bp: i64,
    pub(super) lots: bool,
    pub(super) expiry: bool,
}

pub(super) fn product_spec(i: usize, rng: &mut fastrand::Rng) -> ProductSpec {
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

pub(super) struct CustomerSpec {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) phone: String,
    pub(super) contact: String,
    pub(super) address: String,
    pub(super) terms: &'static str,
    pub(super) credit_limit: Money,
    pub(super) status: master::CustomerStatus,
    pub(super) reason: &'static str,
}

pub(super) fn customer_spec(i: usize, rng: &mut fastrand::Rng) -> CustomerSpec {
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
