//! The time of operations. Everything `ops` stamps or dates reads [`now`], which is the
//! system clock unless a caller fixed it for the current thread with [`fixed`]: the
//! screenshot generator does, so that the demo data and the screens it renders are the
//! same on every day they are generated.

use std::cell::Cell;

use chrono::{DateTime, Utc};

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
