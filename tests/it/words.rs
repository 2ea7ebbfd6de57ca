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

/// The examples: `ESC[2J` in every field an import error quotes, a U+202E
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
