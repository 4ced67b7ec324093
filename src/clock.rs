//! The page's time limit ([`crate::Cleaner::page_timeout`]) inside the
//! pipeline's long loops. The limit is looked at between stages by the
//! cleaner itself; within a stage, each loop over tokens, lines or blocks
//! asks [`over`], and once the page is over its time the loop stops (or
//! gives the remaining blocks empty results), so the stage ends at once
//! and the check after it fails the page. With blocks of at most
//! [`crate::segment::MAX_BLOCK_BYTES`], no step between two looks is long.
//!
//! The deadline is the cleaning thread's own: [`start`] sets it for as
//! long as its guard lives.

use std::cell::Cell;
use std::time::Instant;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static CALLS: Cell<u32> = const { Cell::new(0) };
    static OVER: Cell<bool> = const { Cell::new(false) };
}

/// Calls to [`over`] between two looks at the clock.
const LOOK_EVERY: u32 = 256;

/// Sets the deadline of the page being cleaned on this thread, until
/// dropped.
pub(crate) struct Running {
    previous: Option<Instant>,
}

pub(crate) fn start(deadline: Option<Instant>) -> Running {
    let previous = DEADLINE.with(|d| d.replace(deadline));
    OVER.with(|o| o.set(false));
    Running { previous }
}

impl Drop for Running {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(self.previous));
        OVER.with(|o| o.set(false));
    }
}

/// Whether the page being cleaned is over its time: the clock is looked
/// at on every call (for loops over blocks). Once over, always over.
pub(crate) fn over() -> bool {
    if OVER.with(Cell::get) {
        return true;
    }
    let Some(deadline) = DEADLINE.with(Cell::get) else {
        return false;
    };
    if Instant::now() <= deadline {
        return false;
    }
    OVER.with(|o| o.set(true));
    true
}

/// [`over`] for loops of many short steps (tokens, lines): the clock is
/// looked at once every few calls.
pub(crate) fn over_sometimes() -> bool {
    if OVER.with(Cell::get) {
        return true;
    }
    let calls = CALLS.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    calls.is_multiple_of(LOOK_EVERY) && over()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_once_the_deadline_passes_and_only_while_it_is_set() {
        assert!(!(0..1000).any(|_| over()), "no deadline");
        {
            let _page = start(Some(Instant::now()));
            std::thread::sleep(std::time::Duration::from_millis(2));
            assert!((0..1000).any(|_| over_sometimes()));
            assert!(over(), "stays over");
        }
        assert!(!(0..1000).any(|_| over_sometimes()), "the guard is gone");
        let _page = start(Some(Instant::now() + std::time::Duration::from_secs(60)));
        assert!(!(0..1000).any(|_| over()));
    }
}
