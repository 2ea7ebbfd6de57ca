//! The time of operations. Everything `ops` stamps or dates reads [`now`], which is the
//! system clock unless a caller fixed it for the current thread with [`fixed`]: the
//! screenshot generator does, so that the demo data and the screens it renders are the
//! same on every day they are generated.
//!
//! Every instant a person reads — on a screen, in a message, in the CLI's output — is
//! written by [`company_text`]: in the company's time zone (its `utc_offset_minutes`),
//! never in UTC and never in the time zone of the machine that happens to run the program.

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use rusqlite::Connection;

use crate::store;

/// The company's UTC offset when no company has been set up yet: China (UTC+8).
pub const DEFAULT_UTC_OFFSET_MINUTES: i64 = 480;

/// How much of an instant a reader is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// `2026-11-30 14:05`
    Minute,
    /// `2026-11-30 14:05:09`
    Second,
    /// `11-30 14:05`, where the year goes without saying.
    MonthDayMinute,
}

/// The time zone of a UTC offset in minutes; an offset no time zone has reads as UTC+8.
pub fn company_zone(utc_offset_minutes: i64) -> FixedOffset {
    i32::try_from(utc_offset_minutes * 60)
        .ok()
        .and_then(FixedOffset::east_opt)
        .or_else(|| FixedOffset::east_opt(8 * 3600))
        .unwrap_or_else(|| Utc.fix())
}

/// An instant as the company reads it: in its time zone, to the precision asked.
pub fn company_text(t: DateTime<Utc>, utc_offset_minutes: i64, shown: Shown) -> String {
    let format = match shown {
        Shown::Minute => "%Y-%m-%d %H:%M",
        Shown::Second => "%Y-%m-%d %H:%M:%S",
        Shown::MonthDayMinute => "%m-%d %H:%M",
    };
    t.with_timezone(&company_zone(utc_offset_minutes))
        .format(format)
        .to_string()
}

/// An instant as stored (RFC 3339) as the company reads it; a text that is not an
/// instant is shown as it is.
pub fn company_text_of(stored: &str, utc_offset_minutes: i64, shown: Shown) -> String {
    match DateTime::parse_from_rfc3339(stored) {
        Ok(t) => company_text(t.with_timezone(&Utc), utc_offset_minutes, shown),
        Err(_) => stored.to_string(),
    }
}

/// The company's UTC offset in minutes, read in the caller's transaction (UTC+8 before
/// the company is set up).
pub fn company_offset(c: &Connection) -> Result<i64, store::StoreError> {
    Ok(store::master::company(c)?
        .map(|co| co.utc_offset_minutes)
        .unwrap_or(DEFAULT_UTC_OFFSET_MINUTES))
}

thread_local! {
    static FIXED: Cell<Option<DateTime<Utc>>> = const { Cell::new(None) };
}

/// Now: the fixed instant of this thread, if one is set, else the system clock.
pub fn now() -> DateTime<Utc> {
    FIXED.with(|f| f.get()).unwrap_or_else(Utc::now)
}

/// Runs `f` with the clock of this thread fixed at `at`; the clock is restored after,
/// also when `f` panics.
pub fn fixed<R>(at: DateTime<Utc>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<DateTime<Utc>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FIXED.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(FIXED.with(|c| c.replace(Some(at))));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_fixed_clock_holds_inside_and_is_restored_after() {
        let at = Utc.with_ymd_and_hms(2000, 1, 1, 10, 0, 0).unwrap();
        let inner = fixed(at, || {
            (now(), fixed(at + chrono::Duration::hours(1), now), now())
        });
        assert_eq!(inner.0, at);
        assert_eq!(inner.1, at + chrono::Duration::hours(1));
        assert_eq!(inner.2, at, "the outer fixed time is back");
        assert!(
            now() > at + chrono::Duration::days(1) || now() < at,
            "the system clock"
        );
    }
}
