//! A newcomer's first minutes: the README's commands run as written on a new demo
//! database, the demo looks as the README says (its administrator is 管理员, approved
//! orders carry backorders, nothing happened in the future), and `--help` reads well.

use std::path::Path;
use std::process::{Command, Output};

use orderdesk::ops;
use orderdesk::store::Db;

/// The binary as a newcomer runs it, in `dir`, with nothing of the machine's user (no
/// configuration, no data folder, no acting user) leaking in.
fn orderdesk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
    c.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("ORDERDESK_DB")
        .env_remove("ORDERDESK_USER")
        .env_remove("ORDERDESK_PASSWORD")
        .env_remove("ORDERDESK_NEW_PASSWORD")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

/// The lines of the first fenced block of `lang` after `marker` in the README.
fn block_after(readme: &str, marker: &str, lang: &str) -> Vec<String> {
    let start = readme.find(marker).expect(marker);
    let rest = &readme[start..];
    let open = format!("```{lang}\n");
    let from = rest.find(&open).expect("a fenced block") + open.len();
    let to = rest[from..].find("```").expect("the block's end") + from;
    rest[from..to]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs a README command line: `VAR=value … orderdesk ARGS…`.
fn run(dir: &Path, line: &str) -> Output {
    let mut words = line.split_whitespace().peekable();
    let mut env = Vec::new();
    while let Some((k, v)) = words.peek().and_then(|w| w.split_once('=')) {
        env.push((k.to_string(), v.to_string()));
        words.next();
    }
    assert_eq!(words.next(), Some("orderdesk"), "{line}");
    let mut c = orderdesk(dir);
    c.envs(env).args(words);
    c.output().expect("orderdesk runs")
}

#[test]
fn the_readme_import_examples_run_on_a_new_demo_as_written() {
    let dir = tempfile::tempdir().unwrap();
    // The repository's fixtures where the README's commands look for them.
    let fixtures = dir.path().join("tests/fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    for name in ["orders.csv", "orders.json"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            fixtures.join(name),
        )
        .unwrap();
    }
    let readme = readme();
    let lines = block_after(&readme, "Complete examples are in", "sh");
    assert!(
        lines.iter().any(|l| l.contains("orders.csv"))
            && lines.iter().any(|l| l.contains("orders.json")),
        "{lines:?}"
    );
    for line in &lines {
        let o = run(dir.path(), line);
        assert!(o.status.success(), "{line}\n{}", text(&o));
        if line.contains("import") {
            assert!(
                text(&o).contains("Imported 3 orders"),
                "{line}\n{}",
                text(&o)
            );
        }
    }
    let o = run(dir.path(), "orderdesk --db demo.db check");
    assert!(o.status.success(), "{}", text(&o));

    // The README's own CSV lines are those of the fixture.
    let csv = std::fs::read_to_string(fixtures.join("orders.csv")).unwrap();
    for l in block_after(&readme, "**CSV**", "csv") {
        assert!(csv.lines().any(|f| f == l), "{l} is not in orders.csv");
    }
}

#[test]
fn the_demo_administrator_is_called_as_the_readme_says() {
    let (_dir, path) = crate::world::demo_copy();
    let db = Db::open(&path, orderdesk::config::JournalSetting::Auto).unwrap();
    let admin = ops::auth::login(&db, "admin", ops::demo::DEMO_PASSWORD).unwrap();
    assert_eq!(admin.display_name(), "管理员");
    assert!(readme().contains("| admin | 管理员 |"));
    let listed = ops::users::list_users(&db, &admin).unwrap();
    let me = listed.iter().find(|u| u.username == "admin").unwrap();
    assert_eq!(me.display_name, "管理员");
}

#[test]
fn a_demo_made_today_has_nothing_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), "orderdesk demo --db today.db");
    assert!(o.status.success(), "{}", text(&o));
    let now = ops::now_stamp();
    let c = rusqlite::Connection::open(dir.path().join("today.db")).unwrap();
    for (table, column) in [
        ("orders", "created_at"),
        ("orders", "updated_at"),
        ("orders", "submitted_at"),
        ("orders", "approved_at"),
        ("order_timeline", "at"),
        ("approvals", "created_at"),
        ("reservations", "created_at"),
        ("stock_moves", "at"),
        ("audit_log", "at"),
    ] {
        let newest: Option<String> = c
            .query_row(&format!("SELECT max({column}) FROM {table}"), [], |r| {
                r.get(0)
            })
            .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
        if let Some(newest) = newest {
            assert!(
                newest <= now,
                "{table}.{column}: {newest} is after now ({now})"
            );
        }
    }
}

#[test]
fn help_text_breaks_no_word() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["user", "--help"],
        &["import", "orders", "--help"],
    ] {
        let o = orderdesk(dir.path()).args(args).output().unwrap();
        let t = text(&o);
        assert!(o.status.success(), "{t}");
        let chars: Vec<char> = t.chars().collect();
        for w in chars.windows(3) {
            assert!(
                !(w[0].is_alphabetic() && w[1] == '-' && w[2] == ' '),
                "a word cut by a hyphen in {args:?}:\n{t}"
            );
        }
        assert!(t.contains("operating-system"), "{t}");
    }
}
