//! A concurrent writer for the multi-process tests: receipts, adjustments and new
//! customers as fast as it can for a while, printing each acknowledged write.

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Args;

use crate::ops::{self, Actor, Error};
use crate::store::Db;

#[derive(Debug, Args)]
pub struct StressArgs {
    /// How long to write.
    #[arg(long, default_value_t = 3)]
    pub seconds: u64,
    /// Distinguishes the writers (customer codes, random sequence).
    #[arg(long, default_value_t = 1)]
    pub writer: u32,
}

/// Writes until the time is up. Each acknowledged write prints one line
/// `ack <kind> <key>` and is flushed before the next begins, so a reader that sees the
/// line knows the transaction committed. A busy database ends the run with an error.
pub fn run(db: &Db, actor: &Actor, args: &StressArgs) -> Result<(), Error> {
    let products = ops::master::products_page(db, "", 1000)?;
    let bins = ops::master::bins(db)?;
    if products.is_empty() || bins.is_empty() {
        return Err(Error::Refused(crate::ops::Refusal::StressNeedsData));
    }
    let mut rng = fastrand::Rng::with_seed(u64::from(args.writer) * 7919 + 17);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut out = std::io::stdout().lock();
    let mut n = 0u64;
    while Instant::now() < deadline {
        n += 1;
        let p = &products[rng.usize(..products.len())];
        let bin = &bins[rng.usize(..bins.len())];
        let line = match rng.u8(0..10) {
            0..=4 => {
                let lot = if p.tracks_lots {
                    format!("L{}", rng.u8(1..4))
                } else {
                    String::new()
                };
                let done = ops::stock::receive_stock(
                    db,
                    actor,
                    &ops::stock::ReceiptInput {
                        product: p.sku.clone(),
                        bin: bin.code.clone(),
                        lot,
                        qty: rng.u32(1..20).to_string(),
                        unit_cost: format!("{}.{:02}", rng.u32(1..50), rng.u32(0..100)),
                        ..Default::default()
                    },
                )?;
                format!("ack receipt {} {}", done.move_id, done.doc_no)
            }
            5..=7 => {
                let qty = if rng.bool() {
                    rng.i32(1..5)
                } else {
                    -rng.i32(1..5)
                };
                match ops::stock::adjust_stock(
                    db,
                    actor,
                    &ops::stock::AdjustInput {
                        product: p.sku.clone(),
                        bin: bin.code.clone(),
                        lot: String::new(),
                        qty: qty.to_string(),
                        reason: "stress".into(),
                    },
                ) {
                    Ok(done) => format!("ack adjust {} {}", done.move_id, done.doc_no),
                    // Not enough in that bin (or no such lot): a refusal, not a failure.
                    Err(Error::Field { .. }) | Err(Error::NotFound { .. }) => continue,
                    Err(e) => return Err(e),
                }
            }
            _ => {
                let code = format!("W{}-{}", args.writer, n);
                let id = ops::master::create_customer(
                    db,
                    actor,
                    &ops::master::CustomerInput {
                        code: code.clone(),
                        name: format!("压力测试客户{code}"),
                        ..Default::default()
                    },
                )?;
                format!("ack customer {id} {code}")
            }
        };
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    Ok(())
}
