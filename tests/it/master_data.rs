//! Customers, products, warehouses and bins, as the counter, the manager and the
//! warehouse keep them.

use crate::world::*;
use orderdesk::domain::access::Permission;
use orderdesk::domain::barcode::{self, BarcodeError, GS};
use orderdesk::domain::money::NumberError;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::master::{self, ContactInput, CustomerInput, CustomerStatus, ProductInput};
use orderdesk::ops::{Error, FieldProblem, Thing};

// ---------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------

fn yongshun() -> CustomerInput {
    CustomerInput {
        code: "c-hz01".into(),
        name: "杭州永顺五金店".into(),
        phone: "0571-88886666".into(),
        address: "杭州市拱墅区湖墅南路 88 号".into(),
        terms: "net:30".into(),
        credit_limit: "1,234.50".into(),
        status: CustomerStatus::Active,
        status_reason: String::new(),
        contacts: vec![
            ContactInput {
                name: "张老板".into(),
                phone: "13800138000".into(),
                email: String::new(),
                title: "店主".into(),
            },
            ContactInput {
                name: "李会计".into(),
                phone: String::new(),
                email: "li@yongshun.example".into(),
                title: "会计".into(),
            },
        ],
    }
}

#[test]
fn a_customer_is_created_with_contacts_and_an_upper_case_code() {
    let w = world();
    let id = master::create_customer(&w.db, &w.finance, &yongshun()).expect("create");
    let d = master::customer(&w.db, id).expect("read back");
    assert_eq!(d.customer.code, "C-HZ01");
    assert_eq!(d.customer.name, "杭州永顺五金店");
    assert_eq!(d.customer.initials, "hzyswjd");
    assert_eq!(d.customer.phone.as_deref(), Some("0571-88886666"));
    assert_eq!(d.customer.terms.code(), "net:30");
    assert_eq!(d.customer.credit_limit.minor(), 123_450);
    assert_eq!(d.customer.status, CustomerStatus::Active);

    assert_eq!(d.contacts.len(), 2);
    assert_eq!(d.contacts[0].name, "张老板");
    assert!(d.contacts[0].is_primary);
    assert_eq!(d.contacts[0].phone.as_deref(), Some("13800138000"));
    assert_eq!(d.contacts[1].name, "李会计");
    assert!(!d.contacts[1].is_primary);
    assert_eq!(d.contacts[1].email.as_deref(), Some("li@yongshun.example"));

    let audit = orderdesk::store::audit::for_entity(w.db.conn(), "customer", id, 5).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "create");
    assert_eq!(audit[0].actor_id, Some(w.finance.id()));
}

#[test]
fn a_duplicate_customer_code_is_refused_and_nothing_is_written() {
    let w = world();
    master::create_customer(&w.db, &w.sales, &customer_input("C001", "宁波大发建材")).unwrap();
    let e = master::create_customer(&w.db, &w.manager, &customer_input(" c001 ", "温州永安电器"))
        .refused();
    match &e {
        Error::Duplicate { what, key } => {
            assert_eq!(*what, Thing::Customer);
            assert_eq!(key, "C001");
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert!(e.localized(Lang::Zh).contains("C001"));
    assert_eq!(customer_count(&w.db), 1);
    assert!(master::find_customers(&w.db, "永安", 10)
        .unwrap()
        .is_empty());
    let only = master::customers_page(&w.db, "", 10).unwrap();
    assert_eq!(
        only[0].name, "宁波大发建材",
        "the first customer is untouched"
    );

    // Nor may an edit take another customer's code.
    let id =
        master::create_customer(&w.db, &w.sales, &customer_input("C002", "温州永安电器")).unwrap();
    let v = master::customer(&w.db, id).unwrap().customer.version;
    let e = master::update_customer(
        &w.db,
        &w.sales,
        id,
        v,
        &customer_input("c001", "温州永安电器"),
    )
    .refused();
    assert!(
        matches!(&e, Error::Duplicate { what: Thing::Customer, key } if key == "C001"),
        "{e:?}"
    );
    let c = master::customer(&w.db, id).unwrap().customer;
    assert_eq!((c.code.as_str(), c.version), ("C002", v));
}

#[test]
fn a_blocked_customer_needs_a_reason() {
    let w = world();
    let blocked = CustomerInput {
        status: CustomerStatus::Blocked,
        ..customer_input("C-BAD", "拖欠货款的客户")
    };
    let e = master::create_customer(&w.db, &w.finance, &blocked).refused();
    assert_eq!(field_of(&e), Some("Status reason"), "{e:?}");
    assert_eq!(customer_count(&w.db), 0);

    let with_reason = CustomerInput {
        status_reason: "逾期 90 天未付款".into(),
        ..blocked
    };
    let id = master::create_customer(&w.db, &w.finance, &with_reason).expect("with reason");
    let c = master::customer(&w.db, id).unwrap().customer;
    assert_eq!(c.status, CustomerStatus::Blocked);
    assert_eq!(c.status_reason.as_deref(), Some("逾期 90 天未付款"));
}

#[test]
fn payment_terms_are_stored_as_codes_whichever_way_they_are_typed() {
    let w = world();
    for (code, typed, stored) in [
        ("T1", "net:30", "net:30"),
        ("T2", "月结30天", "eom:30"),
        ("T3", "现结", "cod"),
        ("T4", "款到发货", "prepay"),
        ("T5", "月结６０天", "eom:60"),
    ] {
        let input = CustomerInput {
            terms: typed.into(),
            ..customer_input(code, "条件测试客户")
        };
        let id = master::create_customer(&w.db, &w.finance, &input).expect(typed);
        assert_eq!(
            master::customer(&w.db, id).unwrap().customer.terms.code(),
            stored,
            "{typed}"
        );
    }
    for bad in ["whenever", "net:400", "月结"] {
        let input = CustomerInput {
            terms: bad.into(),
            ..customer_input("T-BAD", "条件测试客户")
        };
        match master::create_customer(&w.db, &w.finance, &input) {
            Err(e) => {
                assert_eq!(field_of(&e), Some("Payment terms"), "{bad}: {e:?}");
            }
            // 月结 alone is month end + 0 days, a real term.
            Ok(id) if bad == "月结" => {
                assert_eq!(
                    master::customer(&w.db, id).unwrap().customer.terms.code(),
                    "eom:0"
                );
            }
            Ok(_) => panic!("{bad} was accepted"),
        }
    }
}

#[test]
fn credit_limits_are_read_as_a_clerk_types_them() {
    let w = world();
    for (code, typed, minor) in [
        ("CL1", "1,234.50", 123_450),
        ("CL2", "１２３", 12_300),
        ("CL3", "¥5000", 500_000),
        ("CL4", "0", 0),
    ] {
        let input = CustomerInput {
            credit_limit: typed.into(),
            ..customer_input(code, "额度测试客户")
        };
        let id = master::create_customer(&w.db, &w.finance, &input).expect(typed);
        let c = master::customer(&w.db, id).unwrap().customer;
        assert_eq!(c.credit_limit.minor(), minor, "{typed}");
    }
    let before = customer_count(&w.db);
    for (bad, why) in [
        ("abc", "not a number"),
        ("-5", "negative"),
        ("1.234", "three decimals"),
        ("1,23.00", "bad grouping"),
    ] {
        let input = CustomerInput {
            credit_limit: bad.into(),
            ..customer_input("CL-BAD", "额度测试客户")
        };
        let e = master::create_customer(&w.db, &w.finance, &input).refused();
        assert_eq!(field_of(&e), Some("Credit limit"), "{bad} ({why}): {e:?}");
    }
    assert_eq!(customer_count(&w.db), before);
}

#[test]
fn customer_names_are_one_line_and_at_most_100_characters() {
    let w = world();
    let longest = "五".repeat(100);
    master::create_customer(&w.db, &w.sales, &customer_input("N100", &longest)).expect("100");

    for bad in [
        "五".repeat(101),
        "杭州\n永顺".to_string(),
        "永顺\t五金".to_string(),
        "永顺\u{7}五金".to_string(),
        "永顺\u{202E}五金".to_string(),
        "   ".to_string(),
    ] {
        let e = master::create_customer(&w.db, &w.sales, &customer_input("N-BAD", &bad)).refused();
        assert_eq!(field_of(&e), Some("Customer name"), "{bad:?}: {e:?}");
    }
    assert_eq!(customer_count(&w.db), 1);
}

#[test]
fn a_stale_edit_is_refused_and_names_who_saved_in_between() {
    let w = world();
    let id = master::create_customer(&w.db, &w.finance, &yongshun()).unwrap();
    let opened = master::customer(&w.db, id).unwrap().customer;

    // Finance, at another terminal, raises the credit limit.
    let finance_terminal = w.other_session();
    let finance_edit = CustomerInput {
        credit_limit: "20000".into(),
        address: "杭州市拱墅区湖墅南路 99 号".into(),
        ..yongshun()
    };
    master::update_customer(
        &finance_terminal,
        &w.finance,
        id,
        opened.version,
        &finance_edit,
    )
    .expect("first save wins");
    let after_finance = master::customer(&w.db, id).unwrap();
    assert_eq!(after_finance.customer.version, opened.version + 1);
    assert_eq!(after_finance.customer.credit_limit.minor(), 2_000_000);

    // The counter clerk saves the name change on what they opened before.
    let clerks_edit = CustomerInput {
        name: "杭州永顺五金商行".into(),
        ..yongshun()
    };
    let e = master::update_customer(&w.db, &w.sales, id, opened.version, &clerks_edit).refused();
    let Error::Conflict { by, at } = &e else {
        panic!("expected a conflict, got {e:?}");
    };
    assert_eq!(by.as_deref(), Some(FINANCE_NAME));
    assert!(!at.is_empty());
    assert!(e.localized(Lang::Zh).contains(FINANCE_NAME));
    assert!(e.localized(Lang::En).contains(FINANCE_NAME));

    let now = master::customer(&w.db, id).unwrap();
    assert_eq!(
        now.customer, after_finance.customer,
        "finance's data stands"
    );
    assert_eq!(now.contacts, after_finance.contacts);

    // Reopened, the clerk's edit goes through on top of finance's.
    let clerks_edit = CustomerInput {
        name: "杭州永顺五金商行".into(),
        ..finance_edit.clone()
    };
    master::update_customer(&w.db, &w.sales, id, now.customer.version, &clerks_edit)
        .expect("edit the current version");
    let last = master::customer(&w.db, id).unwrap().customer;
    assert_eq!(last.version, opened.version + 2);
    assert_eq!(last.name, "杭州永顺五金商行");
    assert_eq!(last.credit_limit.minor(), 2_000_000);

    // The search follows the new name.
    let found = master::find_customers(&w.db, "商行", 10).unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);
    assert!(master::find_customers(&w.db, "五金店", 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        master::find_customers(&w.db, "hzyswj", 10).unwrap().len(),
        1
    );
}

#[test]
fn a_stale_product_edit_is_refused_and_names_who_saved_in_between() {
    let w = world();
    let opened = master::product(&w.db, w.plain_id).unwrap().product;
    let warehouse_terminal = w.other_session();
    let spec = ProductInput {
        spec: "M8 x 40 304不锈钢".into(),
        barcodes: vec![PLAIN_EAN.into()],
        list_price: "1.20".into(),
        floor_price: "0.80".into(),
        ..product_input(PLAIN_SKU, PLAIN_NAME)
    };
    master::update_product(
        &warehouse_terminal,
        &w.warehouse,
        w.plain_id,
        opened.version,
        &spec,
    )
    .expect("warehouse saves first");

    let repriced = ProductInput {
        list_price: "1.50".into(),
        spec: String::new(),
        ..spec.clone()
    };
    let e =
        master::update_product(&w.db, &w.manager, w.plain_id, opened.version, &repriced).refused();
    assert!(
        matches!(&e, Error::Conflict { by, .. } if by.as_deref() == Some(WAREHOUSE_NAME)),
        "{e:?}"
    );
    let now = master::product(&w.db, w.plain_id).unwrap();
    assert_eq!(now.product.spec, "M8 x 40 304不锈钢");
    assert_eq!(now.product.list_price.to_db(), 12_000);
    assert_eq!(now.product.version, opened.version + 1);
    assert_eq!(now.barcodes, [PLAIN_EAN]);
}

#[test]
fn a_warehouse_user_cannot_keep_customers() {
    let w = world();
    let e = master::create_customer(&w.db, &w.warehouse, &yongshun()).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditCustomers
            }
        ),
        "{e:?}"
    );
    assert_eq!(customer_count(&w.db), 0);

    let id = master::create_customer(&w.db, &w.finance, &yongshun()).unwrap();
    let v = master::customer(&w.db, id).unwrap().customer.version;
    let edit = CustomerInput {
        credit_limit: "999999".into(),
        ..yongshun()
    };
    let e = master::update_customer(&w.db, &w.warehouse, id, v, &edit).refused();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
    let c = master::customer(&w.db, id).unwrap().customer;
    assert_eq!(c.credit_limit.minor(), 123_450);
    assert_eq!(c.version, v);
}

fn codes(rows: &[master::Customer]) -> Vec<&str> {
    let mut v: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn customers_are_found_by_code_phone_name_and_initials() {
    let w = world();
    master::create_customer(&w.db, &w.finance, &yongshun()).unwrap();
    master::create_customer(
        &w.db,
        &w.sales,
        &CustomerInput {
            phone: "0574-12345678".into(),
            ..customer_input("C-NB02", "宁波大发建材")
        },
    )
    .unwrap();
    master::create_customer(&w.db, &w.sales, &customer_input("C-WZ03", "温州永安电器")).unwrap();

    let find = |q: &str| master::find_customers(&w.db, q, 20).expect(q);
    assert_eq!(codes(&find("C-HZ01")), ["C-HZ01"], "by code");
    assert_eq!(codes(&find("c-nb02")), ["C-NB02"], "by code in lower case");
    assert_eq!(codes(&find("0571-88886666")), ["C-HZ01"], "by phone");
    assert_eq!(
        codes(&find("13800138000")),
        ["C-HZ01"],
        "by a contact's phone"
    );
    assert_eq!(codes(&find("12345678")), ["C-NB02"], "by part of the phone");
    assert_eq!(codes(&find("永顺")), ["C-HZ01"], "by part of the name");
    assert_eq!(codes(&find("大发")), ["C-NB02"]);
    assert_eq!(codes(&find("永")), ["C-HZ01", "C-WZ03"], "one character");
    assert_eq!(codes(&find("yswj")), ["C-HZ01"], "by pinyin initials");
    assert_eq!(codes(&find("YSWJ")), ["C-HZ01"], "initials in capitals");
    assert_eq!(codes(&find("dfjc")), ["C-NB02"]);
    assert!(find("上海").is_empty());
    assert!(find("xyz").is_empty());
    assert!(
        find("永发").is_empty(),
        "characters of two names are not one name"
    );
    assert!(find("  ").is_empty());
}

// ---------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------

fn screwdriver() -> ProductInput {
    ProductInput {
        barcodes: vec![barcode::ean13_with_check("690123456791").unwrap()],
        list_price: "12.50".into(),
        floor_price: "10".into(),
        tax_rate: "13".into(),
        spec: "PH2 x 100mm".into(),
        ..product_input("scr-01", "十字螺丝刀")
    }
}

#[test]
fn a_product_is_created_with_its_barcode_prices_and_tax_rate() {
    let w = world();
    let input = screwdriver();
    let id = master::create_product(&w.db, &w.manager, &input).expect("create");
    let d = master::product(&w.db, id).unwrap();
    assert_eq!(d.product.sku, "SCR-01");
    assert_eq!(d.product.name, "十字螺丝刀");
    assert_eq!(d.product.list_price.to_db(), 125_000);
    assert_eq!(d.product.floor_price.to_db(), 100_000);
    assert_eq!(d.product.tax_rate.to_bp(), 1300);
    assert_eq!(d.barcodes, input.barcodes);
    assert!(!d.product.tracks_lots);
    assert_eq!(d.stock.on_hand.to_db(), 0);

    let nine = ProductInput {
        barcodes: Vec::new(),
        tax_rate: "9%".into(),
        ..product_input("FOOD-1", "食品级润滑油")
    };
    let id = master::create_product(&w.db, &w.manager, &nine).unwrap();
    assert_eq!(
        master::product(&w.db, id).unwrap().product.tax_rate.to_bp(),
        900
    );
}

#[test]
fn a_barcode_with_a_wrong_check_digit_is_refused() {
    let w = world();
    let before = product_count(&w.db);
    let input = ProductInput {
        barcodes: vec!["6901234567893".into()],
        ..product_input("BAD-EAN", "校验位错误的商品")
    };
    let e = master::create_product(&w.db, &w.manager, &input).refused();
    match &e {
        Error::Field {
            field,
            problem: FieldProblem::Barcode(BarcodeError::BadCheckDigit { expected, .. }),
        } => {
            assert_eq!(field.en, "Barcode");
            assert_eq!(*expected, 2);
        }
        other => panic!("expected a barcode field error, got {other:?}"),
    }
    assert_eq!(product_count(&w.db), before);
    assert!(master::product_by_code(&w.db, "BAD-EAN").unwrap().is_none());
}

#[test]
fn a_barcode_and_a_sku_belong_to_one_product() {
    let w = world();
    let before = product_count(&w.db);
    let e = master::create_product(
        &w.db,
        &w.manager,
        &ProductInput {
            barcodes: vec![PLAIN_EAN.into()],
            ..product_input("OTHER-1", "另一个商品")
        },
    )
    .refused();
    match &e {
        Error::Duplicate { what, key } => {
            assert_eq!(*what, Thing::Barcode);
            assert_eq!(key, PLAIN_EAN);
        }
        other => panic!("expected a duplicate barcode, got {other:?}"),
    }

    let e = master::create_product(&w.db, &w.manager, &product_input("bolt-m8", "另一个螺栓"))
        .refused();
    match &e {
        Error::Duplicate { what, key } => {
            assert_eq!(*what, Thing::Sku);
            assert_eq!(key, PLAIN_SKU);
        }
        other => panic!("expected a duplicate SKU, got {other:?}"),
    }
    assert_eq!(product_count(&w.db), before);

    // Editing the other product to take the barcode is refused as well.
    let glue = master::product(&w.db, w.lot_id).unwrap();
    let e = master::update_product(
        &w.db,
        &w.admin,
        w.lot_id,
        glue.product.version,
        &ProductInput {
            barcodes: vec![lot_ean(), PLAIN_EAN.into()],
            list_price: "5.00".into(),
            tracks_lots: true,
            tracks_expiry: true,
            ..product_input(LOT_SKU, LOT_NAME)
        },
    )
    .refused();
    assert!(
        matches!(
            e,
            Error::Duplicate {
                what: Thing::Barcode,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        master::product(&w.db, w.lot_id).unwrap().barcodes,
        [lot_ean()]
    );
    assert_eq!(
        master::product_by_code(&w.db, PLAIN_EAN)
            .unwrap()
            .unwrap()
            .id,
        w.plain_id
    );
}

#[test]
fn prices_are_checked_before_anything_is_saved() {
    let w = world();
    let before = product_count(&w.db);
    let e = master::create_product(
        &w.db,
        &w.manager,
        &ProductInput {
            list_price: "10".into(),
            floor_price: "10.01".into(),
            ..product_input("P-FLOOR", "底价过高")
        },
    )
    .refused();
    assert_eq!(field_of(&e), Some("Floor price"), "{e:?}");
    assert!(e.localized(Lang::En).contains("10.01"), "names the price");

    let e = master::create_product(
        &w.db,
        &w.manager,
        &ProductInput {
            list_price: "1.23456".into(),
            ..product_input("P-DEC", "小数过多")
        },
    )
    .refused();
    match &e {
        Error::Field {
            field,
            problem: FieldProblem::Number(NumberError::TooManyDecimals { max, .. }),
        } => {
            assert_eq!(field.en, "List price");
            assert_eq!(*max, 4);
        }
        other => panic!("expected too many decimals, got {other:?}"),
    }
    assert_eq!(product_count(&w.db), before);

    // Four decimals are a valid price.
    let id = master::create_product(
        &w.db,
        &w.manager,
        &ProductInput {
            list_price: "0.1234".into(),
            ..product_input("P-OK", "小零件")
        },
    )
    .unwrap();
    assert_eq!(
        master::product(&w.db, id)
            .unwrap()
            .product
            .list_price
            .to_db(),
        1234
    );
}

#[test]
fn prices_need_the_price_permission() {
    let w = world();
    // The warehouse keeps products but not prices.
    let id = master::create_product(&w.db, &w.warehouse, &product_input("WH-NEW", "新到货品"))
        .expect("a product without prices");
    let e = master::create_product(
        &w.db,
        &w.warehouse,
        &ProductInput {
            list_price: "3".into(),
            ..product_input("WH-PRICED", "带价格的新货")
        },
    )
    .refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditPrices
            }
        ),
        "{e:?}"
    );
    assert!(master::product_by_code(&w.db, "WH-PRICED")
        .unwrap()
        .is_none());

    // The warehouse may rename it but not price it.
    let v = master::product(&w.db, id).unwrap().product.version;
    let renamed = product_input("WH-NEW", "新到货品（蓝色）");
    master::update_product(&w.db, &w.warehouse, id, v, &renamed).expect("rename");
    let p = master::product(&w.db, id).unwrap().product;
    assert_eq!(p.name, "新到货品（蓝色）");
    assert_eq!(p.version, v + 1);

    let priced = ProductInput {
        list_price: "8.80".into(),
        ..renamed.clone()
    };
    let e = master::update_product(&w.db, &w.warehouse, id, p.version, &priced).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditPrices
            }
        ),
        "{e:?}"
    );
    let taxed = ProductInput {
        tax_rate: "6".into(),
        ..renamed
    };
    let e = master::update_product(&w.db, &w.warehouse, id, p.version, &taxed).refused();
    assert!(
        matches!(e, Error::PermissionDenied { .. }),
        "tax rate: {e:?}"
    );
    let unchanged = master::product(&w.db, id).unwrap().product;
    assert_eq!(unchanged, p);

    // The manager may.
    master::update_product(&w.db, &w.manager, id, p.version, &priced).expect("manager prices");
    assert_eq!(
        master::product(&w.db, id)
            .unwrap()
            .product
            .list_price
            .to_db(),
        88_000
    );

    // Sales keep neither products nor prices.
    let e =
        master::create_product(&w.db, &w.sales, &product_input("S-1", "销售建的商品")).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditProducts
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_product_is_found_by_barcode_sku_and_gs1_data() {
    let w = world();
    let find = |code: &str| {
        master::product_by_code(&w.db, code)
            .expect(code)
            .map(|p| p.id)
    };
    assert_eq!(find(PLAIN_EAN), Some(w.plain_id), "EAN-13");
    assert_eq!(
        find(&format!("{PLAIN_EAN}\r\n")),
        Some(w.plain_id),
        "scanner's CR LF"
    );
    assert_eq!(
        find("６９０１２３４５６７８９２"),
        Some(w.plain_id),
        "full-width digits"
    );
    assert_eq!(find("bolt-m8"), Some(w.plain_id), "SKU in lower case");
    assert_eq!(find(" BOLT-M8 "), Some(w.plain_id), "SKU");
    assert_eq!(find(&lot_ean()), Some(w.lot_id));

    let gtin = gtin14(PLAIN_EAN);
    assert_eq!(gtin, format!("0{PLAIN_EAN}"));
    assert_eq!(find(&gtin), Some(w.plain_id), "GTIN-14 with a leading 0");
    let gs1 = format!("]C101{gtin}1710123110LOT1");
    assert_eq!(gs1, "]C101069012345678921710123110LOT1");
    assert_eq!(find(&gs1), Some(w.plain_id), "GS1-128");
    let gs1_glue = format!("]d201{}10L-7{GS}3724", gtin14(&lot_ean()));
    assert_eq!(find(&gs1_glue), Some(w.lot_id), "GS1 DataMatrix");
    assert_eq!(
        find(&format!("(01){gtin}(10)LOT1")),
        Some(w.plain_id),
        "GS1 text"
    );

    // A valid barcode nobody has, a wrong check digit, an unknown SKU.
    let stranger = barcode::ean13_with_check("690123456799").unwrap();
    assert_eq!(find(&stranger), None);
    assert_eq!(find("6901234567893"), None);
    assert_eq!(find("NO-SUCH-SKU"), None);
    assert_eq!(find(""), None);
}

#[test]
fn imported_goods_with_upc_and_ean_8_codes_are_found_from_any_gtin_form() {
    let w = world();
    let upc = "036000291452";
    let ean8 = "96385074";
    let upc_id = master::create_product(
        &w.db,
        &w.admin,
        &ProductInput {
            barcodes: vec![upc.into()],
            ..product_input("IMP-UPC", "进口纸巾")
        },
    )
    .unwrap();
    let ean8_id = master::create_product(
        &w.db,
        &w.admin,
        &ProductInput {
            barcodes: vec![ean8.into()],
            ..product_input("IMP-EAN8", "进口口香糖")
        },
    )
    .unwrap();
    let find = |code: &str| {
        master::product_by_code(&w.db, code)
            .expect(code)
            .map(|p| p.id)
    };
    assert_eq!(find(upc), Some(upc_id), "UPC-A as printed");
    assert_eq!(find("0036000291452"), Some(upc_id), "UPC-A read as EAN-13");
    assert_eq!(find("(01)00036000291452(10)A1"), Some(upc_id), "case label");
    assert_eq!(find(&format!("]C10100036000291452{GS}3706")), Some(upc_id));
    assert_eq!(find(ean8), Some(ean8_id), "EAN-8 as printed");
    assert_eq!(
        find("(01)00000096385074"),
        Some(ean8_id),
        "EAN-8 in GS1 data"
    );
    assert_eq!(find("00000096385074"), Some(ean8_id), "EAN-8 as GTIN-14");
    // Zeros in front make the same number, but a different one is still different.
    assert_eq!(find("(01)10036000291459"), None);
}

#[test]
fn products_are_found_by_name_and_initials() {
    let w = world();
    master::create_product(&w.db, &w.admin, &product_input("SCR-02", "一字螺丝刀")).unwrap();
    let find = |q: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = master::find_products(&w.db, q, 0, 20)
            .expect(q)
            .into_iter()
            .map(|p| p.id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let screwdriver = master::product_by_code(&w.db, "SCR-02")
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(find("螺栓"), [w.plain_id], "part of the name");
    assert_eq!(find("锈钢"), [w.plain_id]);
    assert_eq!(find("胶水"), [w.lot_id]);
    assert_eq!(find("xgls"), [w.plain_id], "pinyin initials 不锈钢螺栓");
    assert_eq!(find("kgjs"), [w.lot_id], "pinyin initials 快干胶水");
    assert_eq!(find("螺"), {
        let mut v = vec![w.plain_id, screwdriver];
        v.sort_unstable();
        v
    });
    assert_eq!(find("lsd"), [screwdriver]);
    assert!(find("扳手").is_empty());
    assert!(find("bs").is_empty());
}

// ---------------------------------------------------------------------------------------
// Warehouses and bins
// ---------------------------------------------------------------------------------------

#[test]
fn bin_codes_are_unique_and_bins_need_a_known_warehouse() {
    let w = world();
    let bins_before = master::bins(&w.db).unwrap().len();
    assert_eq!(bins_before, 2);

    let e = master::create_bin(&w.db, &w.admin, WAREHOUSE, "a-01", "重复").refused();
    assert!(
        matches!(&e, Error::Duplicate { what: Thing::Bin, key } if key == BIN_A),
        "{e:?}"
    );

    let e = master::create_bin(&w.db, &w.admin, "WH9", "B-01", "不存在的仓库").refused();
    assert!(
        matches!(&e, Error::NotFound { what: Thing::Warehouse, key } if key == "WH9"),
        "{e:?}"
    );

    // A bin code names one place across all warehouses.
    master::create_warehouse(&w.db, &w.warehouse, "WH2", "二号仓").expect("warehouse");
    let e = master::create_bin(&w.db, &w.warehouse, "WH2", BIN_A, "同名库位").refused();
    assert!(
        matches!(
            e,
            Error::Duplicate {
                what: Thing::Bin,
                ..
            }
        ),
        "{e:?}"
    );

    let e = master::create_bin(&w.db, &w.sales, WAREHOUSE, "S-01", "销售建的").refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::EditBins
            }
        ),
        "{e:?}"
    );
    assert_eq!(master::bins(&w.db).unwrap().len(), bins_before);

    master::create_bin(&w.db, &w.warehouse, "wh2", "b-01", "二号仓1号").expect("new bin");
    let codes: Vec<String> = master::bins(&w.db)
        .unwrap()
        .into_iter()
        .map(|b| b.code)
        .collect();
    assert!(codes.contains(&"B-01".to_string()), "{codes:?}");
    assert_eq!(codes.len(), bins_before + 1);
}

#[test]
fn credit_decisions_need_the_credit_permission() {
    let w = world();
    // The counter may open a prospect on cash terms…
    let id = master::create_customer(&w.db, &w.sales, &customer_input("P-01", "义乌新客户五金"))
        .expect("a plain prospect");
    let d = master::customer(&w.db, id).unwrap().customer;
    assert_eq!(d.status, CustomerStatus::Prospect);
    // …but not grant credit, terms or qualification, neither at creation nor later.
    let e = master::create_customer(&w.db, &w.sales, &yongshun()).refused();
    assert!(
        matches!(
            e,
            Error::PermissionDenied {
                permission: Permission::ApproveCredit
            }
        ),
        "{e:?}"
    );
    for edit in [
        CustomerInput {
            credit_limit: "5000".into(),
            ..customer_input("P-01", "义乌新客户五金")
        },
        CustomerInput {
            terms: "eom:30".into(),
            ..customer_input("P-01", "义乌新客户五金")
        },
        CustomerInput {
            status: CustomerStatus::Active,
            ..customer_input("P-01", "义乌新客户五金")
        },
    ] {
        let e = master::update_customer(&w.db, &w.sales, id, d.version, &edit).refused();
        assert!(
            matches!(
                e,
                Error::PermissionDenied {
                    permission: Permission::ApproveCredit
                }
            ),
            "{e:?}"
        );
    }
    assert_eq!(
        master::customer(&w.db, id).unwrap().customer,
        d,
        "nothing changed"
    );
    // Finance qualifies the customer and grants terms.
    let qualified = CustomerInput {
        status: CustomerStatus::Active,
        terms: "eom:30".into(),
        credit_limit: "5000".into(),
        ..customer_input("P-01", "义乌新客户五金")
    };
    master::update_customer(&w.db, &w.finance, id, d.version, &qualified).expect("finance decides");
    let after = master::customer(&w.db, id).unwrap().customer;
    assert_eq!(
        (
            after.status.as_str(),
            after.terms.code().as_str(),
            after.credit_limit.minor()
        ),
        ("active", "eom:30", 500_000)
    );
}
