//! What the program says to a user: values quoted back with their control and direction
//! characters escaped, and every message in the user's language.

use std::path::Path;
use std::process::{Command, Output};

use crossterm::event::KeyCode;
use orderdesk::i18n::Lang;
use orderdesk::ui::harness::{self, Ui};

use crate::world::*;

const HEADER: &str = "channel,channel_ref,customer,customer_ref,requested_date,urgency,terms,special,product,qty,unit_price,discount";

fn orderdesk(dir: &Path, db: &Path, lang: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
    // An empty configuration: the user's own must not leak in.
    let cfg = dir.join("none.toml");
    std::fs::write(&cfg, "").unwrap();
    c.arg("--config")
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .args(["--lang", lang, "--user", "sales"])
        .env("XDG_DATA_HOME", dir)
        .env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .env("ORDERDESK_PASSWORD", PASSWORD);
    c
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Nothing the program prints holds a raw control or direction character.
fn assert_inert(text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c)),
        "{text:?}"
    );
}

fn import(w: &World, name: &str, bytes: &[u8], lang: &str) -> String {
    let file = w.dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let o = orderdesk(w.dir.path(), &w.path, lang)
        .args(["import", "orders"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!o.status.success(), "{}", said(&o));
    said(&o)
}

/// The issue's examples: `ESC[2J` in every field an import error quotes, a U+202E
/// override, and NUL bytes in a column name come back escaped, in both languages.
#[test]
fn import_errors_quote_control_characters_escaped() {
    let w = world();
    let esc = "\u{1b}[2J";
    let rows = [
        format!("web{esc},R-1,HX001,,,,,,{PLAIN_SKU},1,,"),
        format!("web,R-2,NO{esc}CUST,,,,,,{PLAIN_SKU},1,,"),
        format!("web,R-3,,,,,,,NO{esc}SKU,1,,"),
        format!("web,R-4,,,,urgent{esc},,,{PLAIN_SKU},1,,"),
        format!("web,R-5,,,,,,,{PLAIN_SKU},1{esc},,"),
        format!("web,R-6,,,2026-13{esc},,,,{PLAIN_SKU},1,,"),
        format!("web,R-7,,,,,net{esc},,{PLAIN_SKU},1,,"),
        format!("web,R-8,AB\u{202e}CD,,,,,,{PLAIN_SKU},1,,"),
    ];
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    for lang in ["en", "zh-CN"] {
        let out = import(&w, "esc.csv", csv.as_bytes(), lang);
        assert_inert(&out);
        assert!(out.contains("\\u{1b}[2J"), "{out}");
        assert!(out.contains("AB\\u{202e}CD"), "{out}");
    }
    let nul = format!("{HEADER},x\0y\n");
    let out = import(&w, "nul.csv", nul.as_bytes(), "en");
    assert_inert(&out);
    assert!(out.contains("x\\u{0}y"), "{out}");
}

/// A scan that matches nothing is quoted on the status line with its direction override
/// shown, not obeyed.
#[test]
fn a_scan_is_echoed_escaped_on_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let path = harness::demo_copy(dir.path()).unwrap();
    let mut ui = Ui::new(&path, Lang::En, 100, 24).unwrap();
    ui.login("sales");
    ui.text("zz\u{202e}yy").key(KeyCode::Tab);
    let s = ui.screen();
    assert!(s.contains("zz\\u{202e}yy"), "{s}");
    assert!(!s.contains('\u{202e}'), "{s}");
}

/// A command line clap refuses is explained in the language `--lang` (or the locale)
/// asks for, not in clap's English.
#[test]
fn command_line_mistakes_are_told_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let run = |lang: &str, args: &[&str]| {
        let o = orderdesk(dir.path(), &db, lang)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", said(&o));
        said(&o)
    };
    let out = run("zh-CN", &["nosuchcmd"]);
    assert!(out.contains("没有“nosuchcmd”这个命令"), "{out}");
    assert!(!out.contains("unrecognized"), "{out}");
    let out = run("zh-CN", &["demo", "--scale", "huge"]);
    assert!(out.contains("“huge”无效"), "{out}");
    assert!(out.contains("small"), "{out}");
    let out = run("zh-CN", &["--no-such-option"]);
    assert!(out.contains("没有“--no-such-option”这个选项"), "{out}");
    let out = run("en", &["nosuchcmd"]);
    assert!(out.contains("unrecognized subcommand"), "{out}");
    // The locale speaks when no --lang is given.
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .arg("nosuchcmd")
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(said(&o).contains("没有“nosuchcmd”这个命令"), "{}", said(&o));
    // An escape sequence in a mistyped command is not obeyed.
    let out = run("zh-CN", &["x\u{1b}[2J"]);
    assert_inert(&out);
}

/// An order that is not shaped like one is explained in the user's language, and a
/// number is quoted as it was written.
#[test]
fn json_shape_errors_are_in_the_users_language() {
    use orderdesk::i18n::Localized;
    let text = br#"[
      {"channel":"web","channel_ref":"J-1","customer":"HX001","lines":{"product":"BOLT-M8"}},
      {"channel":"web","channel_ref":"J-2","customer":1.50,"lines":[]},
      "an order",
      {"channel":"web","channel_ref":"J-4","customer":"HX001","lines":[{"product":"BOLT-M8","qty":[1]}]},
      {"channel":"web","channel_ref":"J-5","customer":"HX001","colour":"red","lines":[]}
    ]"#;
    let orders = orderdesk::ops::import::parse_json(text).unwrap_or_else(|e| panic!("{e:?}"));
    let zh: Vec<String> = orders
        .iter()
        .map(|o| o.problems[0].localized(Lang::Zh))
        .collect();
    let en: Vec<String> = orders
        .iter()
        .map(|o| o.problems[0].localized(Lang::En))
        .collect();
    for m in &zh {
        assert!(
            !m.contains("invalid type") && !m.contains("expected") && !m.contains("struct"),
            "{zh:?}"
        );
    }
    assert!(zh[0].contains("“lines”应为商品行的数组"), "{zh:?}");
    assert!(
        zh[1].contains("“customer”应为文本，这里是数字 1.50"),
        "{zh:?}"
    );
    assert!(
        en[1].contains("\"customer\" must be text, found a number 1.50"),
        "{en:?}"
    );
    assert!(zh[2].contains("订单应写成对象"), "{zh:?}");
    assert!(zh[3].starts_with("第 4 张订单第 1 行"), "{zh:?}");
    assert!(zh[4].contains("没有名为“colour”的字段"), "{zh:?}");
    assert!(en[4].contains("unknown field `colour`"), "{en:?}");
}

/// What the operating system says comes in the user's language, its own words after.
#[test]
fn os_errors_are_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("config.toml");
    std::fs::create_dir(&folder).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .args(["--lang", "zh-CN", "--config"])
        .arg(&folder)
        .arg("info")
        .output()
        .unwrap();
    let out = said(&o);
    assert!(!o.status.success(), "{out}");
    assert!(out.contains("这是一个文件夹，不是文件"), "{out}");
}

/// The summary of `check` and each violation read in the user's language; the
/// violation's name stays; an English count agrees with its noun.
#[test]
fn check_speaks_the_users_language() {
    let w = world();
    let c = rusqlite::Connection::open(&w.path).unwrap();
    c.execute(
        "INSERT INTO product_stock (product_id, on_hand) \
         SELECT id, 0 FROM products WHERE id NOT IN (SELECT product_id FROM product_stock)",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE product_stock SET on_hand = on_hand + 1000 \
         WHERE product_id = (SELECT min(product_id) FROM product_stock)",
        [],
    )
    .unwrap();
    drop(c);
    let check = |lang: &str| {
        let o = orderdesk(w.dir.path(), &w.path, lang)
            .arg("check")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", said(&o));
        said(&o)
    };
    let zh = check("zh-CN");
    assert!(
        zh.contains("product_on_hand_matches_levels：商品库存与各库位合计不符（"),
        "{zh}"
    );
    assert!(zh.contains("检查失败：发现 1 个问题。"), "{zh}");
    let en = check("en");
    assert!(
        en.contains("product_on_hand_matches_levels: product "),
        "{en}"
    );
    assert!(en.contains("Check failed: 1 problem found."), "{en}");
}

/// "1 order", "2 orders": an all-or-nothing import refused for one bad order.
#[test]
fn english_counts_agree_with_their_nouns() {
    let w = world();
    let csv = format!("{HEADER}\nweb,P-1,NO-SUCH-CUSTOMER,,,,,,{PLAIN_SKU},1,,\n");
    let out = import(&w, "one.csv", csv.as_bytes(), "en");
    assert!(
        out.contains(
            "Nothing was imported: 1 order has errors (0 are fine, 0 were imported before)"
        ),
        "{out}"
    );
}
