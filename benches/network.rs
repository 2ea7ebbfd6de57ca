//! What a network drive costs: the same operations on the small demo database through
//! one sshfs mount (rollback journal, under the lease) and on the local disk (WAL), in
//! one run, with their ratio. The ssh server runs on 127.0.0.1, so the figures are the
//! file system's own cost without the network's latency: a real network adds its round
//! trips on top.
//!
//! `cargo bench --bench network` needs sshd, sshfs and FUSE (as the network test does);
//! without them it says so and stops.

#[path = "../tests/it/sshfs.rs"]
mod sshfs;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use orderdesk::config::JournalSetting;
use orderdesk::domain::order::{Channel, Urgency};
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::intake::{self, LineInput, OrderInput};
use orderdesk::ops::orders::{self, OrderFilter};
use orderdesk::ops::{auth, demo, stock, Actor};
use orderdesk::store::Db;
use support::{stats, us, Stats};

/// The argument that makes this program the writing session of another process.
const WRITER: &str = "--background-writer";

/// The other session's pause between two writes: ten a second, a busy shop's pace (a
/// writer that never pauses starves the others in rollback-journal mode, as DESIGN §10
/// says).
const PACE: Duration = Duration::from_millis(100);

/// The other session: receipts until killed, one `ack` line each.
fn background_writer(args: &[String]) {
    let (path, bin, skus) = (&args[0], &args[1], &args[2..]);
    let db = Db::open(Path::new(path), JournalSetting::Auto).expect("open");
    let admin = auth::login(&db, "admin", demo::DEMO_PASSWORD).expect("login");
    let g = Goods {
        skus: skus.to_vec(),
        bin: bin.clone(),
        customer: String::new(),
    };
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let r = stock::receive_stock(
            &db,
            &admin,
            &stock::ReceiptInput {
                product: g.skus[n % g.skus.len()].clone(),
                bin: g.bin.clone(),
                qty: "5".into(),
                unit_cost: "3.50".into(),
                ..Default::default()
            },
        );
        let line = match r {
            Ok(done) => format!("ack {}", done.move_id),
            Err(e) => format!("error {}", e.localized(Lang::En)),
        };
        // The benchmark has gone (its end of the pipe closed): so does its writer.
        if std::io::Write::write_all(&mut out, format!("{line}\n").as_bytes()).is_err()
            || std::io::Write::flush(&mut out).is_err()
        {
            return;
        }
        std::thread::sleep(PACE);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == WRITER) {
        return background_writer(&args[i + 1..]);
    }
    let net = match sshfs::Sshfs::start(2) {
        Ok(n) => n,
        Err(why) => {
            println!("network benchmark not run: {why}");
            return;
        }
    };
    let work = tempfile::tempdir().expect("temp dir");
    let source = work.path().join("demo.db");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date");
    demo::generate(
        &source,
        JournalSetting::Delete,
        demo::Scale::Small,
        2026,
        as_of,
        &mut |_| {},
    )
    .expect("demo");
    let local = work.path().join("local.db");
    std::fs::copy(&source, &local).expect("copy");
    std::fs::copy(&source, net.served().join("shop.db")).expect("copy");
    let remote = net.mounts[0].join("shop.db");
    let other_pc = net.mounts[1].join("shop.db");

    println!(
        "{:<52} {:>12} {:>12}   {:>17} {:>12}",
        "operation", "sshfs median", "p99", "local median", "p99"
    );

    // Opening: the lease (on sshfs), the file, its pragmas, and the first page of the
    // order list, as the first frame of the order list shows it.
    let (r, l) = pair(
        20,
        |_| {
            let db = Db::open(&remote, JournalSetting::Auto).expect("open");
            first_page(&db);
        },
        |_| {
            let db = Db::open(&local, JournalSetting::Auto).expect("open");
            first_page(&db);
        },
    );
    row("open + first page of the order list", &r, &l);

    let r_db = Db::open(&remote, JournalSetting::Auto).expect("open");
    let l_db = Db::open(&local, JournalSetting::Auto).expect("open");
    let r_admin = auth::login(&r_db, "admin", demo::DEMO_PASSWORD).expect("login");
    let l_admin = auth::login(&l_db, "admin", demo::DEMO_PASSWORD).expect("login");
    let r_sales = auth::login(&r_db, "sales", demo::DEMO_PASSWORD).expect("login");
    let l_sales = auth::login(&l_db, "sales", demo::DEMO_PASSWORD).expect("login");
    let goods = Goods::find(&local);

    let (r, l) = pair(300, |_| first_page(&r_db), |_| first_page(&l_db));
    row("first page (50) of the order list", &r, &l);
    let (r, l) = pair(
        60,
        |i| receipt(&r_db, &r_admin, &goods, i),
        |i| receipt(&l_db, &l_admin, &goods, i),
    );
    row("stock receipt", &r, &l);
    let (r, l) = pair(
        30,
        |i| order(&r_db, &r_sales, &goods, i),
        |i| order(&l_db, &l_sales, &goods, i),
    );
    row("10-line order, created and submitted", &r, &l);

    // Another session of this computer writing meanwhile (a second user on the same PC,
    // or a second SSH session on a server): a process of its own, writing a receipt every
    // 100 ms.
    let me = std::env::current_exe().expect("this benchmark");
    let writers: Vec<_> = [&remote, &local]
        .iter()
        .map(|path| {
            std::process::Command::new(&me)
                .arg(WRITER)
                .arg(path)
                .arg(&goods.bin)
                .args(&goods.skus)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("writer")
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let (r, l) = pair(200, |_| first_page(&r_db), |_| first_page(&l_db));
    row("first page, another session writing", &r, &l);
    let busy = std::cell::Cell::new(0);
    let (r, l) = pair(
        40,
        |i| {
            if try_receipt(&r_db, &r_admin, &goods, 1000 + i).is_err() {
                busy.set(busy.get() + 1);
            }
        },
        |i| {
            if try_receipt(&l_db, &l_admin, &goods, 1000 + i).is_err() {
                busy.set(busy.get() + 1);
            }
        },
    );
    row("stock receipt, another session writing", &r, &l);
    if busy.get() > 0 {
        println!(
            "  ({} receipts gave up: the database stayed busy for 10 s)",
            busy.get()
        );
    }
    for (name, mut w) in ["sshfs", "local"].into_iter().zip(writers) {
        let _ = w.kill();
        let _ = w.wait();
        let mut out = String::new();
        if let Some(mut o) = w.stdout.take() {
            let _ = std::io::Read::read_to_string(&mut o, &mut out);
        }
        println!(
            "  ({name}: the other session acknowledged {} receipts meanwhile{})",
            out.lines().filter(|l| l.starts_with("ack")).count(),
            out.lines()
                .find(|l| l.starts_with("error"))
                .map(|e| format!("; {e}"))
                .unwrap_or_default()
        );
    }

    // A second computer (the second mount) writing meanwhile: the lease does not let it.
    let t = Instant::now();
    match Db::open(&other_pc, JournalSetting::Auto) {
        Ok(_) => println!("a second computer opened the file: the lease did not hold"),
        Err(e) => println!(
            "a second computer is refused in {:.1} ms: {}",
            t.elapsed().as_secs_f64() * 1e3,
            e.localized(Lang::En)
        ),
    }
    drop(r_db);
    let integrity: String = rusqlite::Connection::open(net.served().join("shop.db"))
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get(0)))
        .unwrap_or_else(|e| e.to_string());
    println!("integrity_check of the file on the server afterwards: {integrity}");
}

/// Runs the two sides alternately, `n` times each after a short warm-up.
fn pair(n: usize, mut a: impl FnMut(usize), mut b: impl FnMut(usize)) -> (Stats, Stats) {
    for i in 0..3 {
        a(i);
        b(i);
    }
    let (mut ta, mut tb) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let t = Instant::now();
        a(i + 3);
        ta.push(t.elapsed());
        let t = Instant::now();
        b(i + 3);
        tb.push(t.elapsed());
    }
    (stats(ta), stats(tb))
}

fn row(name: &str, remote: &Stats, local: &Stats) {
    let ratio = remote.median.as_secs_f64() / local.median.as_secs_f64().max(1e-9);
    println!(
        "{name:<52} {} {}   {} {}   ratio {ratio:>6.1}",
        us(remote.median),
        us(remote.p99),
        us(local.median),
        us(local.p99)
    );
}

fn first_page(db: &Db) {
    let page = orders::orders_page(db, &OrderFilter::default(), None, 50).expect("page");
    assert!(!page.is_empty());
}

/// What the writes use: products without lots that have stock, a bin, a cash customer.
struct Goods {
    skus: Vec<String>,
    bin: String,
    customer: String,
}

impl Goods {
    fn find(path: &Path) -> Goods {
        let c = rusqlite::Connection::open(path).expect("open");
        let skus = c
            .prepare(
                "SELECT p.sku FROM products p JOIN product_stock s ON s.product_id = p.id \
                 WHERE p.tracks_lots = 0 AND p.active = 1 AND s.on_hand - s.reserved > 200 \
                 ORDER BY p.id LIMIT 40",
            )
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<Vec<String>, _>>()
            .expect("rows");
        assert!(skus.len() >= 10, "products with stock");
        let bin = c
            .query_row("SELECT code FROM bins ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .expect("bin");
        let customer = c
            .query_row(
                "SELECT code FROM customers WHERE status = 'active' AND terms = 'cod' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("customer");
        Goods {
            skus,
            bin,
            customer,
        }
    }
}

fn receipt(db: &Db, actor: &Actor, g: &Goods, i: usize) {
    try_receipt(db, actor, g, i).expect("receipt");
}

fn try_receipt(
    db: &Db,
    actor: &Actor,
    g: &Goods,
    i: usize,
) -> Result<stock::ReceiptDone, orderdesk::ops::Error> {
    stock::receive_stock(
        db,
        actor,
        &stock::ReceiptInput {
            product: g.skus[i % g.skus.len()].clone(),
            bin: g.bin.clone(),
            qty: "5".into(),
            unit_cost: "3.50".into(),
            ..Default::default()
        },
    )
}

fn order(db: &Db, actor: &Actor, g: &Goods, i: usize) {
    let lines = (0..10)
        .map(|j| LineInput {
            product: g.skus[(i * 10 + j) % g.skus.len()].clone(),
            qty: "1".into(),
            ..LineInput::default()
        })
        .collect();
    let input = OrderInput {
        customer: g.customer.clone(),
        channel: Channel::Phone,
        urgency: Urgency::Normal,
        lines,
        ..OrderInput::default()
    };
    let d = intake::create_draft(db, actor, &input).expect("draft");
    intake::submit_order(db, actor, d.id, d.version).expect("submit");
}
