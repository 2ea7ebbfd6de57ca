//! A concurrent writer for the multi-process tests: the writes of every flow that
//! exists (receipts, adjustments, new customers, orders submitted, approved, held and
//! released), as the users whose roles allow them, as fast as it can for a while,
//! printing each acknowledged write.

use std::io::Write;
use std::time::{Duration, Instant};

use clap::Args;

use crate::domain::access::Role;
use crate::domain::customer::CustomerStatus;
use crate::domain::order::{Channel, OrderStage};
use crate::i18n::Lang;
use crate::ops::Db;
use crate::ops::{self, Actor, Error};

use super::failure::{CliResult, Failure};

#[derive(Debug, Args)]
pub struct StressArgs {
    /// How long to write.
    #[arg(long, default_value_t = 3)]
    pub seconds: u64,
    /// Distinguishes the writers (customer codes, random sequence).
    #[arg(long, default_value_t = 1)]
    pub writer: u32,
    /// More users to write as, with the same password (for example a sales user and a
    /// manager, so that orders are written by one and approved by the other).
    #[arg(long = "also", value_name = "USER")]
    pub also: Vec<String>,
}

/// The users a writer acts as, chosen per flow by role.
pub struct Team<'a> {
    pub main: &'a Actor,
    pub others: &'a [Actor],
}

impl Team<'_> {
    fn all(&self) -> impl Iterator<Item = &Actor> {
        std::iter::once(self.main).chain(self.others.iter())
    }

    fn with_role(&self, role: Role) -> Option<&Actor> {
        self.all().find(|a| a.roles().contains(&role))
    }

    /// Who writes orders: a sales user, else the main user.
    fn author(&self) -> &Actor {
        self.with_role(Role::Sales).unwrap_or(self.main)
    }

    /// Who approves, holds and releases: a manager who is not the author.
    fn approver(&self) -> Option<&Actor> {
        let author = self.author().id();
        self.all()
            .find(|a| a.id() != author && a.roles().contains(&Role::Manager))
    }
}

/// Logs in the `--also` users with the password of the main user (ORDERDESK_PASSWORD).
pub fn log_in_others(db: &Db, names: &[String], lang: Lang) -> CliResult<Vec<Actor>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let password = super::password::password_from_env_or_prompt(
        "ORDERDESK_PASSWORD",
        lang.pick("密码：", "Password: "),
        false,
        lang,
    )?;
    names
        .iter()
        .map(|u| ops::auth::login(db, u, &password).map_err(|e| Failure::from((lang, e))))
        .collect()
}

/// The kinds of write, in the order a writer goes through them: every flow within its
/// first ten writes (so that a short run under load still covers them all), receipts
/// most often, as in a warehouse.
#[derive(Clone, Copy)]
enum Kind {
    Receipt,
    Adjust,
    Customer,
    Order,
    Approve,
    Hold,
    Release,
}

const SCHEDULE: [Kind; 20] = {
    use Kind::*;
    [
        Receipt, Order, Adjust, Approve, Receipt, Order, Hold, Receipt, Release, Customer, Receipt,
        Order, Adjust, Approve, Receipt, Adjust, Hold, Receipt, Release, Adjust,
    ]
};

/// One acknowledged write.
enum Ack {
    Line(String),
    /// Refused for a business reason (not enough stock, another user changed the order
    /// first, nothing to approve): not a failure, nothing was written.
    Skipped,
}

/// Writes until the time is up. Each acknowledged write prints one line
/// `ack <kind> <key> …` and is flushed before the next begins, so a reader that sees the
/// line knows the transaction committed. A busy database ends the run with an error.
pub fn run(db: &Db, team: &Team<'_>, args: &StressArgs) -> Result<(), Error> {
    let products: Vec<_> = ops::master::products_page(db, "", 1000)?
        .into_iter()
        .filter(|p| p.active)
        .collect();
    let bins = ops::master::bins(db)?;
    if products.is_empty() || bins.is_empty() {
        return Err(Error::Refused(crate::ops::Refusal::StressNeedsData));
    }
    let mut rng = fastrand::Rng::with_seed(u64::from(args.writer) * 7919 + 17);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut out = std::io::stdout().lock();
    let mut n = 0u64;
    // The orders this writer submitted, for holds.
    let mut mine: Vec<i64> = Vec::new();
    while Instant::now() < deadline {
        n += 1;
        let p = &products[rng.usize(..products.len())];
        let bin = &bins[rng.usize(..bins.len())];
        let ack = match SCHEDULE[(n as usize - 1) % SCHEDULE.len()] {
            Kind::Receipt => {
                let lot = if p.tracks_lots || p.tracks_expiry {
                    format!("L{}", rng.u8(1..4))
                } else {
                    String::new()
                };
                // The lot's expiry date follows from its name, as one lot has one date.
                let expiry = if p.tracks_expiry {
                    format!("2030-0{}-15", &lot[1..])
                } else {
                    String::new()
                };
                let done = ops::stock::receive_stock(
                    db,
                    team.main,
                    &ops::stock::ReceiptInput {
                        product: p.sku.clone(),
                        bin: bin.code.clone(),
                        lot,
                        expiry,
                        qty: rng.u32(1..20).to_string(),
                        unit_cost: format!("{}.{:02}", rng.u32(1..50), rng.u32(0..100)),
                        ..Default::default()
                    },
                );
                match done {
                    Ok(done) => Ack::Line(format!("ack receipt {} {}", done.move_id, done.doc_no)),
                    Err(e) => skipped(e)?,
                }
            }
            Kind::Adjust => {
                let qty = if rng.bool() {
                    rng.i32(1..5)
                } else {
                    -rng.i32(1..5)
                };
                let done = ops::stock::adjust_stock(
                    db,
                    team.main,
                    &ops::stock::AdjustInput {
                        product: p.sku.clone(),
                        bin: bin.code.clone(),
                        lot: String::new(),
                        qty: qty.to_string(),
                        reason: "stress".into(),
                    },
                );
                match done {
                    Ok(done) => Ack::Line(format!("ack adjust {} {}", done.move_id, done.doc_no)),
                    // Not enough in that bin (or a lot is needed): a refusal.
                    Err(e) => skipped(e)?,
                }
            }
            Kind::Customer => {
                let code = format!("W{}-{}", args.writer, n);
                let id = ops::master::create_customer(
                    db,
                    team.main,
                    &ops::master::CustomerInput {
                        code: code.clone(),
                        name: format!("压力测试客户{code}"),
                        ..Default::default()
                    },
                )?;
                Ack::Line(format!("ack customer {id} {code}"))
            }
            Kind::Order => submit_order(db, team, &products, &mut rng, args.writer, n, &mut mine)?,
            Kind::Approve => approve_one(db, team, &mut rng)?,
            Kind::Hold => hold_one(db, team, &mut rng, &mine)?,
            Kind::Release => release_one(db, team, &mut rng)?,
        };
        if let Ack::Line(line) = ack {
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    }
    Ok(())
}

/// A refusal is skipped; a failure of the database (busy, full, damaged) ends the run.
fn skipped(e: Error) -> Result<Ack, Error> {
    match e {
        Error::Store(_) | Error::Io { .. } | Error::LoginFailed | Error::AccountDisabled => Err(e),
        _ => Ok(Ack::Skipped),
    }
}

/// A sales user writes and submits an order of one to three lines for an active
/// customer; it is approved at once or waits in the queue.
fn submit_order(
    db: &Db,
    team: &Team<'_>,
    products: &[ops::master::Product],
    rng: &mut fastrand::Rng,
    writer: u32,
    n: u64,
    mine: &mut Vec<i64>,
) -> Result<Ack, Error> {
    let customers: Vec<_> = ops::master::customers_page(db, "", 200)?
        .into_iter()
        .filter(|c| c.status == CustomerStatus::Active)
        .collect();
    if customers.is_empty() {
        return Ok(Ack::Skipped);
    }
    let customer = &customers[rng.usize(..customers.len())];
    let lines = (0..rng.usize(1..=3))
        .map(|_| ops::intake::LineInput {
            product: products[rng.usize(..products.len())].sku.clone(),
            qty: rng.u32(1..4).to_string(),
            unit_price: String::new(),
            discount: String::new(),
        })
        .collect();
    let author = team.author();
    let input = ops::intake::OrderInput {
        customer: customer.code.clone(),
        channel: Channel::Web,
        channel_ref: format!("S{writer}-{n}"),
        lines,
        ..Default::default()
    };
    let saved = match ops::intake::create_draft(db, author, &input) {
        Ok(s) => s,
        Err(e) => return skipped(e),
    };
    // The draft is a write of its own, acknowledged before the submission.
    let ack = format!("ack draft {} S{writer}-{n}", saved.id);
    match ops::intake::submit_order(db, author, saved.id, saved.version) {
        Ok(s) => {
            mine.push(s.id);
            // Approved at once (its approval a write of its own) or waiting.
            let outcome = match s.outcome {
                ops::approval::Outcome::Approved { .. } => "approved",
                ops::approval::Outcome::Waiting(_) => "waiting",
            };
            Ok(Ack::Line(format!(
                "{ack}\nack order {} {} {outcome}",
                s.id, s.number
            )))
        }
        Err(e) => {
            skipped(e)?;
            Ok(Ack::Line(ack))
        }
    }
}

/// A manager approves an order waiting in the queue.
fn approve_one(db: &Db, team: &Team<'_>, rng: &mut fastrand::Rng) -> Result<Ack, Error> {
    let Some(approver) = team.approver() else {
        return Ok(Ack::Skipped);
    };
    let queue = ops::approval::queue_page(db, None, 50)?;
    if queue.is_empty() {
        return Ok(Ack::Skipped);
    }
    let row = &queue[rng.usize(..queue.len())];
    match ops::approval::approve_order(db, approver, row.id, row.version) {
        Ok(_) => Ok(Ack::Line(format!("ack approve {}", row.id))),
        Err(e) => skipped(e),
    }
}

/// A manager puts one of this writer's submitted or approved orders on hold.
fn hold_one(db: &Db, team: &Team<'_>, rng: &mut fastrand::Rng, mine: &[i64]) -> Result<Ack, Error> {
    let Some(approver) = team.approver() else {
        return Ok(Ack::Skipped);
    };
    if mine.is_empty() {
        return Ok(Ack::Skipped);
    }
    let id = mine[rng.usize(..mine.len())];
    let order = match ops::orders::order_detail(db, id) {
        Ok(o) => o,
        Err(e) => return skipped(e),
    };
    if !matches!(order.stage, OrderStage::Submitted | OrderStage::Approved) {
        return Ok(Ack::Skipped);
    }
    match ops::approval::hold_order(db, approver, id, order.version, "stress") {
        Ok(()) => Ok(Ack::Line(format!("ack hold {id}"))),
        Err(e) => skipped(e),
    }
}

/// A manager releases a held order.
fn release_one(db: &Db, team: &Team<'_>, rng: &mut fastrand::Rng) -> Result<Ack, Error> {
    let Some(approver) = team.approver() else {
        return Ok(Ack::Skipped);
    };
    let held: Vec<_> = ops::approval::queue_with_held(db, None, 200)?
        .into_iter()
        .filter(|r| r.held)
        .collect();
    if held.is_empty() {
        return Ok(Ack::Skipped);
    }
    let row = &held[rng.usize(..held.len())];
    match ops::approval::release_hold(db, approver, row.id, row.version) {
        Ok(_) => Ok(Ack::Line(format!("ack release {}", row.id))),
        Err(e) => skipped(e),
    }
}
