//! The figures are read off the drawing thread: a year of a large company takes
//! seconds to sum, and the screen must draw its first frame at once and keep taking
//! keys. A worker thread with its own connection reads the parts in the order the
//! screen shows them, the summary first, and hands each over as it is done; a newer
//! request (another period) makes the older worker stop after its current part.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::ops::figures::{self as fig, Dimension, Period, Ranking, StaffRow, Summary, Times};
use crate::ops::{self, Db};

/// Which of the two periods a part belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The period chosen.
    Now,
    /// The period it is compared with.
    Before,
}

/// A part of the figures, as read.
#[derive(Debug, Clone)]
pub enum Part {
    Summary(Box<Summary>),
    Aging(ops::cash::Aging),
    Ranking(Ranking),
    Times(Times),
    Staff(Vec<StaffRow>),
    /// The worker has read everything asked.
    Done,
}

/// A part for a request, or why it could not be read.
pub struct Delivery {
    pub generation: u64,
    pub side: Side,
    pub part: Result<Part, ops::Error>,
}

/// What the screen asks for: the two periods, and the moment it asked (the worker's
/// clock, so that "today" of the aging is the screen's today).
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub now: Period,
    pub before: Option<Period>,
    pub moment: DateTime<Utc>,
}

/// The worker of the current request.
pub struct Worker {
    pub generation: u64,
    rx: Receiver<Delivery>,
    current: Arc<AtomicU64>,
}

impl Worker {
    /// Starts reading on a thread of its own, with its own connection to the file.
    pub fn start(db: &Db, generation: u64, request: Request) -> Result<Worker, ops::Error> {
        let reader = fig::open_reader(db)?;
        let (tx, rx) = mpsc::channel();
        let current = Arc::new(AtomicU64::new(generation));
        let still_wanted = Arc::clone(&current);
        std::thread::spawn(move || {
            ops::clock::fixed(request.moment, || {
                read_all(&reader, generation, request, &still_wanted, &tx);
            });
        });
        Ok(Worker {
            generation,
            rx,
            current,
        })
    }

    /// The parts delivered since the last call, and whether the worker has finished.
    pub fn take(&self) -> (Vec<Delivery>, bool) {
        let mut parts = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(d) => parts.push(d),
                Err(TryRecvError::Empty) => return (parts, false),
                Err(TryRecvError::Disconnected) => return (parts, true),
            }
        }
    }

    /// Tells the thread its work is no longer wanted: it stops after the part it reads.
    pub fn cancel(&self) {
        self.current.store(u64::MAX, Ordering::SeqCst);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Reads every part of a request in the order the screen shows them, stopping early
/// when the request is no longer wanted or the screen is gone.
fn read_all(db: &Db, generation: u64, r: Request, wanted: &AtomicU64, tx: &mpsc::Sender<Delivery>) {
    let send = |side: Side, part: Result<Part, ops::Error>| -> bool {
        wanted.load(Ordering::SeqCst) == generation
            && tx
                .send(Delivery {
                    generation,
                    side,
                    part,
                })
                .is_ok()
    };
    let sides: Vec<(Side, Period)> = std::iter::once((Side::Now, r.now))
        .chain(r.before.map(|b| (Side::Before, b)))
        .collect();
    for &(side, p) in &sides {
        if !send(
            side,
            fig::summary(db, p).map(|s| Part::Summary(Box::new(s))),
        ) {
            return;
        }
    }
    if !send(Side::Now, fig::aging(db).map(Part::Aging)) {
        return;
    }
    for dimension in Dimension::ALL {
        for &(side, p) in &sides {
            if !send(side, fig::ranking(db, p, dimension).map(Part::Ranking)) {
                return;
            }
        }
    }
    for &(side, p) in &sides {
        if !send(side, fig::processing_times(db, p).map(Part::Times)) {
            return;
        }
    }
    if !send(Side::Now, fig::staff(db, r.now).map(Part::Staff)) {
        return;
    }
    send(Side::Now, Ok(Part::Done));
}
