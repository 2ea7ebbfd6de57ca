//! The demo company, for the tests that drive the screens on it, and the documents a
//! test finds in it rather than naming a number of the demo data.

use std::path::PathBuf;

use tempfile::TempDir;

use orderdesk::ops::{self, Actor};
use orderdesk::store::Db;

/// The demo's cash customer: its orders wait for no credit.
pub const DEMO_CASH_CUSTOMER: &str = "C00005";

/// A copy of the small demo company of the test's own; the demo is generated once per
/// test binary. `TempDir` keeps the folder alive.
pub fn demo_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = orderdesk::ui::harness::demo_copy(dir.path()).expect("copy of the demo");
    (dir, path)
}

/// A user of the demo, logged in with the demo password.
#[track_caller]
pub fn demo_actor(db: &Db, user: &str) -> Actor {
    ops::auth::login(db, user, ops::demo::DEMO_PASSWORD).expect("demo login")
}

/// The numbers of the orders in the approval queue, waiting and held alike, in the
/// order the queue screen lists them: most urgent first, then the earliest requested
/// date. A test takes "the first order of the queue" from here instead of naming a
/// number of the demo data.
pub fn queue_numbers(db: &Db) -> Vec<String> {
    ops::approval::queue_with_held(db, None, 1000)
        .expect("the approval queue")
        .into_iter()
        .filter_map(|r| r.number)
        .collect()
}

/// The numbers of the newest orders that have one, newest first, as the order list
/// shows them before any filter.
pub fn newest_numbers(db: &Db, n: usize) -> Vec<String> {
    ops::orders::orders_page(db, &ops::orders::OrderFilter::default(), None, 100)
        .expect("the order list")
        .into_iter()
        .filter_map(|r| r.number)
        .take(n)
        .collect()
}
