//! Shop computers sharing the database through a network drive, proven with sshfs: one
//! folder mounted twice from an ssh server started on 127.0.0.1 for the test (two mounts
//! share no locks, exactly like two computers), several writers through each mount at
//! once, some killed with SIGKILL. Afterwards `integrity_check` and `check` pass and
//! every acknowledged write is present exactly once. The same harness runs in WAL mode
//! on a local disk and in DELETE mode on a single mount, so the three deployments are
//! compared in one run.
//!
//! Where sshd, sshfs or FUSE are missing the test says why and passes, except when the
//! environment variable `CI` is set: then it fails (`.ci/run` installs them first).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use orderdesk::config::JournalSetting;
use orderdesk::i18n::{Lang, Localized};
use orderdesk::ops::{self, master, stock};
use orderdesk::store::share::{self, Locking};
use orderdesk::store::{Db, StoreError};

use super::sshfs::{could_not_run, Sshfs};

const PASSWORD: &str = "adminpass1";

/// A database with bins and products for the stress writers, made on the local disk.
fn prepare(dir: &Path) -> PathBuf {
    let path = dir.join("prepared.db");
    let db = Db::create(&path, JournalSetting::Delete).unwrap();
    let admin = ops::setup::init_company(&db, "网络测试", "admin", PASSWORD).unwrap();
    master::create_warehouse(&db, &admin, "WH1", "主仓库").unwrap();
    for b in ["A-01", "A-02", "A-03"] {
        master::create_bin(&db, &admin, "WH1", b, "").unwrap();
    }
    for i in 1..=4 {
        let sku = format!("P-{i}");
        master::create_product(
            &db,
            &admin,
            &master::ProductInput {
                sku: sku.clone(),
                name: format!("测试商品{i}"),
                unit: "个".into(),
                list_price: "10".into(),
                ..Default::default()
            },
        )
        .unwrap();
        stock::receive_stock(
            &db,
            &admin,
            &stock::ReceiptInput {
                product: sku,
                bin: "A-01".into(),
                qty: "50".into(),
                unit_cost: "5".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    path
}

/// What one run of stress writers did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub acks: Vec<String>,
    /// Writers told that another computer holds the file.
    pub refused: usize,
    /// Writers that failed otherwise (the first line of each error).
    pub failures: Vec<String>,
    pub killed: usize,
    pub runs: usize,
    /// Acknowledged writes through each mount.
    pub per_mount: Vec<usize>,
}

/// Starts one stress writer: it prints `ack …` for every committed write.
fn stress(cfg: &Path, db: &Path, writer: u32, seconds: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(cfg)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en", "--user", "admin", "stress", "--seconds"])
        .arg(seconds.to_string())
        .args(["--writer", &writer.to_string()])
        .env("ORDERDESK_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How long each computer's turn lasts when several write.
const TURN: Duration = Duration::from_secs(3);

/// Runs writers through each of `dbs` (the database as each computer sees it) for
/// `seconds`: `per_mount` at a time, each writing for a second or two, a third of them
/// killed with SIGKILL at a random moment after their first write; a refused writer
/// tries again a little later. With several mounts the computers take turns of
/// [`TURN`], so that the file passes from one computer to the other and back: a writer
/// started late in a turn still writes in the next, whose writers are refused until it
/// ends. Only writers started in the first half of a turn, and not the last running on
/// their computer, are killed then: the last one's lease would stay until it expires, a
/// case tested on its own.
pub fn run_writers(
    work: &Path,
    dbs: &[PathBuf],
    journal: &str,
    per_mount: u32,
    seconds: u64,
    seed: u64,
) -> Outcome {
    let cfg = work.join(format!("{journal}.toml"));
    std::fs::write(&cfg, format!("journal_mode = \"{journal}\"\n")).unwrap();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let mounts = dbs.len();
    let running: Arc<Vec<AtomicUsize>> =
        Arc::new((0..mounts).map(|_| AtomicUsize::new(0)).collect());
    let mut slots = Vec::new();
    for (m, db) in dbs.iter().enumerate() {
        for s in 0..per_mount {
            let db = db.clone();
            let cfg = cfg.clone();
            let slot = m as u32 * 100 + s;
            let running = running.clone();
            slots.push(std::thread::spawn(move || {
                let mount = m;
                let mut rng = fastrand::Rng::with_seed(seed * 1000 + u64::from(slot));
                let mut out = Outcome {
                    per_mount: vec![0; mount + 1],
                    ..Outcome::default()
                };
                let mut generation = 0u32;
                while Instant::now() < deadline {
                    let elapsed = start.elapsed().as_millis();
                    let turn = (elapsed / TURN.as_millis()) as usize % mounts;
                    if turn != mount {
                        std::thread::sleep(Duration::from_millis(50));
                        continue;
                    }
                    let early = mounts == 1 || elapsed % TURN.as_millis() < TURN.as_millis() / 2;
                    generation += 1;
                    let writer = slot * 10_000 + generation;
                    let seconds = if mounts > 1 { 1 } else { rng.u64(1..=2) };
                    running[mount].fetch_add(1, Ordering::SeqCst);
                    let mut child = stress(&cfg, &db, writer, seconds);
                    let stdout = child.stdout.take().unwrap();
                    let (first_ack, acked) = std::sync::mpsc::channel();
                    let lines = std::thread::spawn(move || {
                        let mut lines = Vec::new();
                        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                            let _ = first_ack.send(());
                            lines.push(line);
                        }
                        lines
                    });
                    let stderr = child.stderr.take().unwrap();
                    let errors = std::thread::spawn(move || {
                        BufReader::new(stderr)
                            .lines()
                            .map_while(Result::ok)
                            .collect::<Vec<_>>()
                    });
                    // Killed once it is writing: a login cut short counts as a failed
                    // one, and five lock the account.
                    let mut killed = early && rng.u8(0..3) == 0 && acked.recv().is_ok();
                    if killed {
                        std::thread::sleep(Duration::from_millis(rng.u64(0..1000)));
                        killed = mounts == 1 || running[mount].load(Ordering::SeqCst) >= 2;
                    }
                    if killed {
                        // SIGKILL: no destructor, no rollback, no lease released.
                        let _ = child.kill();
                        out.killed += 1;
                    }
                    let status = child.wait().unwrap();
                    running[mount].fetch_sub(1, Ordering::SeqCst);
                    out.runs += 1;
                    let lines = lines.join().unwrap();
                    out.per_mount[mount] += lines.len();
                    out.acks.extend(lines);
                    let errors = errors.join().unwrap().join(" ");
                    if status.success() || killed {
                        continue;
                    }
                    if errors.contains("in use on another computer") {
                        out.refused += 1;
                        std::thread::sleep(Duration::from_millis(rng.u64(100..400)));
                    } else {
                        out.failures.push(errors);
                    }
                }
                out
            }));
        }
    }
    let mut all = Outcome::default();
    for s in slots {
        let o = s.join().unwrap();
        all.per_mount
            .resize(all.per_mount.len().max(o.per_mount.len()), 0);
        for (i, n) in o.per_mount.iter().enumerate() {
            all.per_mount[i] += n;
        }
        all.acks.extend(o.acks);
        all.refused += o.refused;
        all.failures.extend(o.failures);
        all.killed += o.killed;
        all.runs += o.runs;
    }
    all
}

/// Opens the database, waiting while another computer's lease (a writer killed there)
/// has not expired yet; says how long that took.
fn open_waiting(path: &Path, journal: JournalSetting) -> (Db, Duration) {
    let start = Instant::now();
    loop {
        match Db::open(path, journal) {
            Ok(db) => return (db, start.elapsed()),
            Err(StoreError::Share(share::ShareError::Held { .. })) => {
                assert!(start.elapsed() < Duration::from_secs(40), "no takeover");
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

/// The file is sound and holds every acknowledged write exactly once.
fn verify(work: &Path, db_path: &Path, journal: JournalSetting, outcome: &Outcome) {
    let db = open_waiting(db_path, journal).0;
    let integrity: String = db
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    for ack in &outcome.acks {
        let parts: Vec<&str> = ack.split_whitespace().collect();
        assert!(parts.len() >= 4 && parts[0] == "ack", "odd line {ack:?}");
        let n: i64 = match parts[1] {
            "receipt" | "adjust" => db
                .conn()
                .query_row(
                    "SELECT count(*) FROM stock_moves WHERE id = ?1 AND doc_no = ?2",
                    (parts[2], parts[3]),
                    |r| r.get(0),
                )
                .unwrap(),
            "customer" => db
                .conn()
                .query_row(
                    "SELECT count(*) FROM customers WHERE code = ?1",
                    [parts[3]],
                    |r| r.get(0),
                )
                .unwrap(),
            other => panic!("unknown ack kind {other}"),
        };
        assert_eq!(n, 1, "{ack} is present exactly once");
    }
    drop(db);
    let cfg = work.join("check.toml");
    let setting = match journal {
        JournalSetting::Wal => "wal",
        _ => "delete",
    };
    std::fs::write(&cfg, format!("journal_mode = \"{setting}\"\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_orderdesk"))
        .arg("--config")
        .arg(&cfg)
        .arg("--db")
        .arg(db_path)
        .args(["--lang", "en", "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "orderdesk check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn report(name: &str, o: &Outcome, seconds: u64) {
    eprintln!(
        "{name:<38} {:>5} acknowledged writes ({:>4.0}/s; per mount {:?}), {:>3} writer runs, {:>3} killed, {:>3} refused, {} failed",
        o.acks.len(),
        o.acks.len() as f64 / seconds as f64,
        o.per_mount,
        o.runs,
        o.killed,
        o.refused,
        o.failures.len()
    );
}

#[test]
fn three_deployments_never_corrupt_nor_lose_a_write() {
    let net = match Sshfs::start(2) {
        Ok(n) => n,
        Err(why) => return could_not_run(&why),
    };
    let work = tempfile::tempdir().unwrap();
    let prepared = prepare(work.path());
    const SECONDS: u64 = 6;

    // 1. One computer, local disk, WAL: the reference.
    let local = work.path().join("local.db");
    std::fs::copy(&prepared, &local).unwrap();
    let o = run_writers(
        work.path(),
        std::slice::from_ref(&local),
        "wal",
        6,
        SECONDS,
        1,
    );
    report("local disk, WAL, 6 writers", &o, SECONDS);
    assert!(o.failures.is_empty(), "{:?}", o.failures);
    assert_eq!(o.refused, 0, "one computer is never refused");
    verify(work.path(), &local, JournalSetting::Wal, &o);

    // 2. One computer through one sshfs mount, DELETE: the kernel's local locks suffice.
    std::fs::copy(&prepared, net.served().join("single.db")).unwrap();
    let single = net.mounts[0].join("single.db");
    let o = run_writers(
        work.path(),
        std::slice::from_ref(&single),
        "delete",
        6,
        SECONDS,
        2,
    );
    report("one sshfs mount, DELETE, 6 writers", &o, SECONDS);
    assert!(o.failures.is_empty(), "{:?}", o.failures);
    assert_eq!(o.refused, 0, "one computer is never refused");
    assert!(!o.acks.is_empty());
    verify(work.path(), &single, JournalSetting::Delete, &o);

    // 3. Two computers (two mounts) at once: the lease lets one in at a time.
    std::fs::copy(&prepared, net.served().join("shared.db")).unwrap();
    let pcs: Vec<PathBuf> = net.mounts.iter().map(|m| m.join("shared.db")).collect();
    let fs = orderdesk::store::fs_kind::detect(&pcs[0]);
    assert_eq!(share::locking(&fs, &pcs[0]), Locking::Absent, "{fs:?}");
    let o = run_writers(work.path(), &pcs, "delete", 3, 12, 3);
    report("two sshfs mounts, DELETE + lease, 3+3", &o, 12);
    assert!(
        o.per_mount.iter().all(|n| *n > 0),
        "both computers wrote in turn: {:?}",
        o.per_mount
    );
    assert!(o.failures.is_empty(), "{:?}", o.failures);
    assert!(!o.acks.is_empty());
    verify(work.path(), &pcs[1], JournalSetting::Delete, &o);

    // A computer that crashes while holding the lease: the other is refused while the
    // lease is renewed, and takes over once it has not been for a while.
    let cfg = work.path().join("delete.toml");
    let mut crashing = stress(&cfg, &pcs[0], 990_001, 60);
    let mut first = String::new();
    BufReader::new(crashing.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("ack "), "{first:?}");
    let refused = Db::open(&pcs[1], JournalSetting::Delete).unwrap_err();
    let text = refused.localized(Lang::En);
    assert!(
        text.contains("in use on another computer") && text.contains("SSH"),
        "{text}"
    );
    assert!(refused.localized(Lang::Zh).contains("SSH"));
    crashing.kill().unwrap();
    crashing.wait().unwrap();
    let (db, waited) = open_waiting(&pcs[1], JournalSetting::Delete);
    eprintln!("the lease of a crashed computer was taken over after {waited:.1?}");
    assert!(waited >= share::STALE_AFTER - Duration::from_secs(2));
    let integrity: String = db
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(db);
    let mut o = o;
    o.acks.push(first.trim().to_string());
    verify(work.path(), &pcs[0], JournalSetting::Delete, &o);
}
