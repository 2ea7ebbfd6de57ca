//! The command-line interface as a user runs it: init, users, info, check (including
//! catching tampered balances), backup, demo, configuration errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn orderdesk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
    // An empty configuration: the user's own must not leak in.
    let cfg = dir.join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    c.arg("--config").arg(cfg);
    // The platform data folder is the test's own: a user's demo database never leaks in.
    c.env("XDG_DATA_HOME", dir);
    c.env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .env_remove("ORDERDESK_PASSWORD")
        .env_remove("ORDERDESK_NEW_PASSWORD")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn init(dir: &Path) -> PathBuf {
    let db = dir.join("shop.db");
    let o = orderdesk(dir)
        .args([
            "--db",
            db.to_str().unwrap(),
            "init",
            "--company",
            "测试五金",
            "--admin",
            "boss",
        ])
        .env("ORDERDESK_PASSWORD", "bosspass1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    db
}

pub(crate) fn demo(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    let o = orderdesk(dir)
        .args([
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--as-of",
            "2026-11-28",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    db
}

#[test]
fn help_lists_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let o = orderdesk(dir.path()).arg("--help").output().unwrap();
    assert!(o.status.success());
    let t = text(&o);
    for cmd in ["init", "demo", "info", "check", "backup", "user"] {
        assert!(t.contains(cmd), "{cmd} missing in {t}");
    }
    assert!(!t.contains("stress"), "the test writer stays hidden");
    let o = orderdesk(dir.path())
        .args(["user", "--help"])
        .output()
        .unwrap();
    let t = text(&o);
    for cmd in ["add", "list", "passwd", "disable"] {
        assert!(t.contains(cmd), "{cmd} missing in {t}");
    }
}

#[test]
fn init_creates_once_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    assert!(db.exists());
    let o = orderdesk(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "init",
            "--company",
            "X",
            "--admin",
            "y",
        ])
        .env("ORDERDESK_PASSWORD", "whatever123")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("already exists"), "{}", text(&o));
}

#[test]
fn init_with_a_short_password_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let o = orderdesk(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "--lang",
            "zh-CN",
            "init",
            "--company",
            "测试",
            "--admin",
            "boss",
        ])
        .env("ORDERDESK_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("密码"), "{}", text(&o));
    assert!(!db.exists());
}

#[test]
fn users_are_managed_by_the_admin_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let dbs = db.to_str().unwrap();
    let add = |as_user: &str, pw: &str, name: &str, roles: &str| {
        orderdesk(dir.path())
            .args([
                "--db", dbs, "--user", as_user, "user", "add", name, "--roles", roles, "--name",
                "张丽",
            ])
            .env("ORDERDESK_PASSWORD", pw)
            .env("ORDERDESK_NEW_PASSWORD", "newpass123")
            .output()
            .unwrap()
    };
    let o = add("boss", "bosspass1", "zhangli", "sales");
    assert!(o.status.success(), "{}", text(&o));
    let o = add("boss", "wrongpass", "other", "sales");
    assert!(!o.status.success());
    assert!(
        text(&o).contains("Wrong user name or password"),
        "{}",
        text(&o)
    );
    let o = add("zhangli", "newpass123", "sneaky", "admin");
    assert!(!o.status.success());
    assert!(text(&o).contains("Permission denied"), "{}", text(&o));
    let o = add("boss", "bosspass1", "x", "boss");
    assert!(text(&o).contains("Unknown role"), "{}", text(&o));

    let list = orderdesk(dir.path())
        .args(["--db", dbs, "--user", "boss", "user", "list"])
        .env("ORDERDESK_PASSWORD", "bosspass1")
        .output()
        .unwrap();
    let t = text(&list);
    assert!(t.contains("zhangli") && t.contains("sales"), "{t}");
    assert!(!t.contains("sneaky"));

    let o = orderdesk(dir.path())
        .args(["--db", dbs, "--user", "boss", "user", "disable", "zhangli"])
        .env("ORDERDESK_PASSWORD", "bosspass1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = orderdesk(dir.path())
        .args(["--db", dbs, "--user", "zhangli", "user", "list"])
        .env("ORDERDESK_PASSWORD", "newpass123")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("disabled"), "{}", text(&o));
}

#[test]
fn info_describes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "info"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("Journal:     wal"), "{t}");
    assert!(
        t.contains(&format!(
            "Schema:      {}",
            orderdesk::store::SCHEMA_VERSION
        )),
        "{t}"
    );
    assert!(t.contains("测试五金"), "{t}");
}

#[test]
fn a_broken_config_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "language = \"en\"\njournal_mode = \"turbo\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args(["--config", cfg.to_str().unwrap(), "--lang", "en", "info"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("line 2"), "{}", text(&o));
}

#[test]
fn journal_mode_follows_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let db = dir.path().join("x.db");
    std::fs::write(
        &cfg,
        format!("database = {:?}\njournal_mode = \"delete\"\n", db),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args([
            "--config",
            cfg.to_str().unwrap(),
            "--lang",
            "en",
            "init",
            "--company",
            "c",
            "--admin",
            "a",
        ])
        .env("ORDERDESK_PASSWORD", "password1")
        .env_remove("ORDERDESK_DB")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(db.exists(), "the config's database path is used");
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args(["--config", cfg.to_str().unwrap(), "--lang", "en", "info"])
        .env_remove("ORDERDESK_DB")
        .output()
        .unwrap();
    assert!(text(&o).contains("Journal:     delete"), "{}", text(&o));
}

#[test]
fn missing_database_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = orderdesk(dir.path())
        .args(["--db", dir.path().join("nope.db").to_str().unwrap(), "info"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("orderdesk init"), "{}", text(&o));
    assert!(!dir.path().join("nope.db").exists(), "nothing was created");
}

#[test]
fn demo_data_passes_check_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.db");
    let b = demo(dir.path(), "b.db");
    let o = orderdesk(dir.path())
        .args(["--db", a.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Check passed"));
    let dump = |p: &Path| {
        let c = rusqlite::Connection::open(p).unwrap();
        let q = "SELECT group_concat(x, '|') FROM (SELECT number || customer_id || stage || gross_minor AS x \
                 FROM orders ORDER BY id)";
        let orders: String = c.query_row(q, [], |r| r.get(0)).unwrap();
        let q =
            "SELECT group_concat(x, '|') FROM (SELECT sku || name || list_price || avg_cost AS x \
                 FROM products ORDER BY id)";
        let products: String = c.query_row(q, [], |r| r.get(0)).unwrap();
        (orders, products)
    };
    assert_eq!(dump(&a), dump(&b), "same seed and date, same data");
    let o = orderdesk(dir.path())
        .args(["--db", a.to_str().unwrap(), "demo"])
        .output()
        .unwrap();
    assert!(!o.status.success(), "demo never overwrites a database");
}

#[test]
fn demo_has_every_stage_and_valid_barcodes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "d.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    let stages: Vec<String> = c
        .prepare("SELECT DISTINCT stage FROM orders ORDER BY stage")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stages,
        [
            "approved",
            "cancelled",
            "closed",
            "draft",
            "on_hold",
            "rejected",
            "submitted"
        ]
    );
    let codes: Vec<String> = c
        .prepare("SELECT barcode FROM product_barcodes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        codes.len(),
        82,
        "80 products and the two the README's import examples name"
    );
    for code in codes {
        assert_eq!(code.len(), 13);
        assert!(
            orderdesk::domain::barcode::validate_product_barcode(&code).is_ok(),
            "{code}"
        );
    }
    let backordered: i64 = c
        .query_row(
            "SELECT count(*) FROM order_lines WHERE qty_backordered > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let reserved: i64 = c
        .query_row("SELECT count(*) FROM reservations", [], |r| r.get(0))
        .unwrap();
    assert!(reserved > 0, "approved orders hold reservations");
    assert!(backordered > 0, "approved orders carry backorders");
    let lots_with_expiry: i64 = c
        .query_row(
            "SELECT count(*) FROM lots WHERE expiry IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(lots_with_expiry > 0);
    let blocked: i64 = c
        .query_row(
            "SELECT count(*) FROM customers WHERE status = 'blocked'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(blocked > 0);
}

/// Each tampering of a cached balance through raw SQL must make `check` fail and name
/// the broken invariant.
#[test]
fn check_catches_every_tampered_balance() {
    let dir = tempfile::tempdir().unwrap();
    let base = demo(dir.path(), "base.db");
    let cases: &[(&str, &str)] = &[
        (
            "stock_levels_match_moves",
            "UPDATE stock_levels SET on_hand = on_hand + 1000 WHERE (product_id, bin_id, lot_id) = \
             (SELECT product_id, bin_id, lot_id FROM stock_levels LIMIT 1)",
        ),
        (
            "product_on_hand_matches_levels",
            "UPDATE product_stock SET on_hand = on_hand + 1000 WHERE product_id = (SELECT min(product_id) FROM product_stock)",
        ),
        (
            "product_reserved_matches_reservations",
            "UPDATE product_stock SET reserved = reserved + 1 WHERE product_id = \
             (SELECT product_id FROM product_stock WHERE reserved < on_hand LIMIT 1)",
        ),
        (
            "line_reserved_matches_reservations",
            "UPDATE reservations SET qty = qty + 1 WHERE id = (SELECT min(id) FROM reservations)",
        ),
        (
            "product_backordered_matches_lines",
            "UPDATE product_stock SET backordered = backordered + 1000 WHERE product_id = (SELECT min(product_id) FROM product_stock)",
        ),
        (
            "order_totals_match_lines",
            "UPDATE orders SET net_minor = net_minor + 1, gross_minor = gross_minor + 1 WHERE id = (SELECT min(id) FROM orders)",
        ),
        (
            "counters_cover_numbers",
            "UPDATE doc_counters SET last_no = last_no - 1 WHERE doc_type = 'SO'",
        ),
        (
            "open_reservations_on_open_orders",
            "UPDATE orders SET stage = 'cancelled' WHERE id = (SELECT l.order_id FROM reservations r \
             JOIN order_lines l ON l.id = r.order_line_id WHERE r.status = 'open' LIMIT 1)",
        ),
        (
            "no_reservation_before_approval",
            "UPDATE order_lines SET qty_backordered = 1 WHERE id = \
             (SELECT ol.id FROM order_lines ol JOIN orders o ON o.id = ol.order_id WHERE o.stage = 'draft' LIMIT 1)",
        ),
        // A lost log whose audit page survived but whose customer page did not.
        (
            "audited_records_exist",
            "INSERT INTO audit_log (at, entity, entity_id, action) \
             VALUES ('2026-11-28T08:00:00.000Z', 'customer', 999999, 'create')",
        ),
    ];
    let o = orderdesk(dir.path())
        .args(["--db", base.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "untouched demo passes: {}", text(&o));
    for (i, (name, sql)) in cases.iter().enumerate() {
        let copy = dir.path().join(format!("t{i}.db"));
        std::fs::copy(&base, &copy).unwrap();
        let c = rusqlite::Connection::open(&copy).unwrap();
        let n = c.execute(sql, []).unwrap();
        assert_eq!(n, 1, "{name}: the tampering touched a row");
        drop(c);
        let o = orderdesk(dir.path())
            .args(["--db", copy.to_str().unwrap(), "check"])
            .output()
            .unwrap();
        assert!(!o.status.success(), "{name} not caught");
        assert!(text(&o).contains(name), "{name} not named: {}", text(&o));
    }
}

#[test]
fn backup_copies_and_checks_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "live.db");
    let dest = dir.path().join("copy.db");
    let o = orderdesk(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "backup",
            dest.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Check passed"), "{}", text(&o));
    let count = |p: &Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("SELECT count(*) FROM order_lines", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&db), count(&dest));
    let o = orderdesk(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "backup",
            dest.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!o.status.success(), "an existing file is never overwritten");
}

#[test]
fn demo_flag_creates_and_opens_the_demo_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "--demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("华信五金"), "{}", text(&o));
    assert!(text(&o).contains("demo1234"));
    // The second start opens the same file instead of generating again.
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "--demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("Creating"), "{}", text(&o));
}

#[test]
fn bad_key_overrides_are_all_reported_and_nothing_starts() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    let db = dir.path().join("x.db");
    std::fs::write(
        &cfg,
        format!(
            "database = {db:?}\n[keys]\nfilter = \"x\"\nno_such_command = \"F11\"\nsave_draft = [\"F12\", \"Ctrl+W\"]\n"
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        // The platform data folder (where --demo keeps its database) is the test's own.
        .env("XDG_DATA_HOME", dir.path())
        .args(["--config", cfg.to_str().unwrap(), "--lang", "en", "--demo"])
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    let out = text(&o);
    assert!(
        out.contains("[keys] filter") && out.contains("printable"),
        "{out}"
    );
    assert!(out.contains("no_such_command"), "{out}");
    assert!(
        !out.contains("save_draft"),
        "a valid override is no problem: {out}"
    );
    // Valid overrides alone start normally (without a terminal: the description).
    std::fs::write(
        &cfg,
        format!("database = {db:?}\n[keys]\nsave_draft = [\"F12\", \"Ctrl+W\"]\n"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        // The platform data folder (where --demo keeps its database) is the test's own.
        .env("XDG_DATA_HOME", dir.path())
        .args(["--config", cfg.to_str().unwrap(), "--lang", "en", "--demo"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// A configuration the user named but that cannot be used stops the program with a
/// message in the user's language, before anything is opened.
#[test]
fn a_missing_config_file_or_an_unknown_language_stops_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args(["--config", dir.path().join("nope.toml").to_str().unwrap()])
        .args(["--db", db.to_str().unwrap(), "--lang", "zh-CN", "info"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("找不到配置文件"), "{}", text(&o));

    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "--lang", "fr", "info"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("Unknown language \"fr\""), "{}", text(&o));

    let cfg = dir.path().join("fr.toml");
    std::fs::write(&cfg, "language = \"fr\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args(["--config", cfg.to_str().unwrap()])
        .args(["--db", db.to_str().unwrap(), "--lang", "zh-CN", "info"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("第 1 行有误"), "{}", text(&o));
}

#[test]
fn an_empty_file_is_not_turned_into_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::File::create(&db).unwrap();
    for args in [
        vec!["info"],
        vec!["check"],
        vec!["order", "show", "SO-2026-000001"],
        vec!["backup", "copy.db"],
    ] {
        let o = orderdesk(dir.path())
            .arg("--db")
            .arg(&db)
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!o.status.success(), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("is not an orderdesk database"),
            "{args:?}: {}",
            text(&o)
        );
        assert_eq!(std::fs::read(&db).unwrap(), Vec::<u8>::new(), "{args:?}");
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["empty.db", "none.toml"]);
}

#[test]
fn an_interrupted_demo_leaves_nothing_half_built() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut child = orderdesk(dir.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--as-of",
            "2026-11-28",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed as soon as it has begun writing.
    let started = std::time::Instant::now();
    let partial = dir.path().join("demo.db.partial");
    while !(db.exists() || partial.exists()) && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!db.exists(), "a killed demo left {}", db.display());

    demo(dir.path(), "demo.db");
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(!partial.exists());
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "--demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("华信五金"), "{}", text(&o));
}

#[test]
fn invoices_payments_and_the_books_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "cash.db");
    let run = |args: &[&str]| {
        orderdesk(dir.path())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("ORDERDESK_PASSWORD", "demo1234")
            .output()
            .unwrap()
    };
    let o = run(&[
        "ledger",
        "trial-balance",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("total 0.00"), "{}", text(&o));
    let o = run(&["invoice", "show", "INV-2026-000001"]);
    assert!(
        o.status.success() && text(&o).contains("INVOICE") && text(&o).contains("Total: "),
        "{}",
        text(&o)
    );
    let o = run(&[
        "--user",
        "finance",
        "payment",
        "record",
        "--customer",
        "C00001",
        "--amount",
        "¥1,000",
        "--method",
        "wechat",
        "--reference",
        "WX-CLI-1",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let receipt = text(&o)
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(receipt.starts_with("RCV-"), "{receipt}");
    let o = run(&[
        "--user",
        "finance",
        "payment",
        "record",
        "--customer",
        "C00001",
        "--amount",
        "5",
        "--method",
        "wechat",
        "--reference",
        "WX-CLI-1",
    ]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains(&receipt),
        "the earlier receipt is named: {}",
        text(&o)
    );
    let o = run(&[
        "ledger",
        "export",
        "--from",
        "2020-01-01",
        "--to",
        "2030-12-31",
    ]);
    assert!(text(&o).starts_with("voucher_no,date,account,summary,debit,credit"));
    let o = run(&["--user", "finance", "period", "close", "2026-10"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["check"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_demo_database_of_an_older_version_is_kept_aside_and_made_anew() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // As an older program left it: one schema version behind.
    let older = orderdesk::store::SCHEMA_VERSION - 1;
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {older}"))
        .unwrap();
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "--demo"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("older version"), "{}", text(&o));
    assert_eq!(
        orderdesk::store::file_schema_version(&db),
        Some(orderdesk::store::SCHEMA_VERSION)
    );
    let old = dir.path().join("demo.db.old");
    assert_eq!(orderdesk::store::file_schema_version(&old), Some(older));
    let o = orderdesk(dir.path())
        .args(["--db", db.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}
