//! Scanner bursts through a real pseudo-terminal: the binary runs on a pty exactly as
//! in a terminal emulator, the test writes to the pty's master side what a cordless
//! scanner uploading its batch memory sends, and the database says what arrived.
//!
//! The test backend of the other UI tests hands keys to the application one by one and
//! so cannot see what happens between the terminal and the input reader: this one can.

#![cfg(unix)]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use orderdesk::ui::harness::demo_copy;

/// The application on a pseudo-terminal of 80×24, and everything it has drawn so far.
pub(crate) struct Pty {
    child: Child,
    master: File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    pub(crate) fn start(db: &Path) -> Pty {
        let mut master_fd = -1;
        let mut slave_fd = -1;
        let size = libc::winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors into the integers given; the size is read.
        let rc = unsafe {
            libc::openpty(
                &mut master_fd,
                &mut slave_fd,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here alone.
        let (master, slave) =
            unsafe { (File::from_raw_fd(master_fd), OwnedFd::from_raw_fd(slave_fd)) };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_orderdesk"));
        cmd.arg("--db")
            .arg(db)
            .args(["--lang", "en"])
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .stdin(Stdio::from(slave.try_clone().expect("dup the pty")))
            .stdout(Stdio::from(slave.try_clone().expect("dup the pty")))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new session
        // whose controlling terminal is the pty, as a terminal emulator sets it up.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start orderdesk on the pty");
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("dup the master");
        let sink = Arc::clone(&screen);
        // The application must never block on a full pty: its output is always read.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    s.extend_from_slice(&buf[..n]);
                }
            }
        });
        Pty {
            child,
            master,
            screen,
        }
    }

    pub(crate) fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the pty");
    }

    /// Writes on a thread of its own: a reader that stops reading must make the test
    /// fail, not hang with a full pty.
    pub(crate) fn send_behind(&mut self, bytes: Vec<u8>) {
        let mut w = self.master.try_clone().expect("dup the master");
        std::thread::spawn(move || {
            let _ = w.write_all(&bytes);
        });
    }

    /// Waits until the application has drawn `text` since the last call.
    pub(crate) fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            {
                let mut s = self.screen.lock().expect("screen");
                let seen = String::from_utf8_lossy(&s).contains(text);
                if seen {
                    s.clear();
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "\"{text}\" never appeared on the pty"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The units on the newest draft order, once it exists and has `want` units; `None`
/// when it does not reach that within the time given.
fn draft_units(db: &Path, want: i64, within: Duration) -> Option<i64> {
    let deadline = Instant::now() + within;
    let mut last = None;
    while Instant::now() < deadline {
        if let Ok(c) = rusqlite::Connection::open(db) {
            let units: rusqlite::Result<i64> = c.query_row(
                "SELECT COALESCE(SUM(l.qty), 0) / 1000 FROM order_lines l
                 WHERE l.order_id = (SELECT MAX(id) FROM orders WHERE stage = 'draft')",
                [],
                |r| r.get(0),
            );
            if let Ok(u) = units {
                if u == want {
                    return Some(u);
                }
                last = Some(u);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    last
}

fn barcodes(db: &Path, n: usize) -> Vec<String> {
    let c = rusqlite::Connection::open(db).expect("open");
    let mut st = c
        .prepare(
            "SELECT b.barcode FROM product_barcodes b JOIN products p ON p.id = b.product_id
             WHERE length(b.barcode) = 13 ORDER BY p.id LIMIT ?1",
        )
        .expect("prepare");
    st.query_map([n as i64], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("barcodes")
}

#[test]
fn a_64_kib_scan_burst_through_a_pty_arrives_whole_without_another_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_copy(dir.path()).expect("demo database");
    let codes = barcodes(&db, 3);
    assert_eq!(codes.len(), 3);
    // 13 digits and CR per scan: 4,700 scans are a little over 64 KiB.
    let scans = 4_700;
    let mut burst = Vec::new();
    for i in 0..scans {
        burst.extend_from_slice(codes[i % 3].as_bytes());
        burst.push(b'\r');
    }
    assert!(burst.len() >= 64 * 1024);

    let mut pty = Pty::start(&db);
    pty.wait_for("Log in");
    pty.send(b"sales\tdemo1234\r");
    pty.wait_for("Welcome");
    pty.send(b"\x1bOQ"); // F2: a new order
    pty.wait_for("Customer");
    pty.send(b"C00002\r");
    pty.wait_for("C00002");
    // The whole batch in one write, then F5 (save the draft) right behind it, as a
    // clerk would press it once the scanner is done.
    burst.extend_from_slice(b"\x1b[15~");
    pty.send_behind(burst);
    // Nothing more is typed: if the reader left part of the burst in the terminal's
    // queue until the next key, the draft never reaches the full count.
    assert_eq!(
        draft_units(&db, scans as i64, Duration::from_secs(60)),
        Some(scans as i64),
        "every scan of the burst is on the saved draft"
    );
}
