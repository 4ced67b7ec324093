//! The batch engine's scheduler: items are read on the calling thread,
//! cleaned on `jobs` worker threads, and handed back in input order.
//!
//! At most `window` items are in flight (read but not yet handed back), so
//! memory does not grow with the length of the input, and a slow page holds
//! up at most one window of finished ones. With one job nothing is spawned.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every item was handed back.
    Complete,
    /// `stop` was raised: items already read were finished and handed back,
    /// no further item was read.
    Stopped,
}

/// Runs `work` on every item on `jobs` threads and calls `sink` with the
/// results in input order. Reading stops as soon as `stop` is raised; an
/// error from `sink` ends the run (after the workers have drained). A panic
/// in `work` is resumed on the calling thread.
pub fn ordered<U, T, E>(
    items: impl Iterator<Item = U>,
    jobs: usize,
    stop: &AtomicBool,
    work: impl Fn(U) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<Ended, E>
where
    U: Send,
    T: Send,
{
    if jobs <= 1 {
        let mut items = items;
        // `stop` is looked at before an item is read, never after: an item
        // read is always handed back.
        while !stop.load(Ordering::Relaxed) {
            let Some(item) = items.next() else {
                return Ok(Ended::Complete);
            };
            sink(work(item))?;
        }
        return Ok(Ended::Stopped);
    }
    let window = (jobs * 16) as u64;
    type Batch<X> = (u64, Vec<X>);
    let (to_workers, from_main) = mpsc::sync_channel::<Batch<U>>(jobs * 4);
    let from_main = Mutex::new(from_main);
    let (to_main, results) = mpsc::channel::<Batch<std::thread::Result<T>>>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let to_main = to_main.clone();
            let (from_main, work) = (&from_main, &work);
            scope.spawn(move || loop {
                let next = from_main.lock().map(|rx| rx.recv());
                let Ok(Ok((seq, items))) = next else { return };
                // A panic is carried to the calling thread and resumed there,
                // so that a failing item cannot leave the run waiting forever.
                let done = items
                    .into_iter()
                    .map(|item| std::panic::catch_unwind(AssertUnwindSafe(|| work(item))))
                    .collect();
                if to_main.send((seq, done)).is_err() {
                    return;
                }
            });
        }
        drop(to_main);
        let mut items = items.fuse();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut pending = BTreeMap::new();
        let mut failure = None;
        let mut ended = Ended::Complete;
        loop {
            while failure.is_none() && sent - next < window {
                if stop.load(Ordering::Relaxed) {
                    ended = Ended::Stopped;
                    break;
                }
                // A few items per message: fewer wake-ups, same order.
                let room = (window - (sent - next)).min(CHUNK) as usize;
                let chunk: Vec<U> = items.by_ref().take(room).collect();
                if chunk.is_empty() {
                    break;
                }
                let n = chunk.len() as u64;
                if to_workers.send((sent, chunk)).is_err() {
                    break;
                }
                sent += n;
            }
            if next == sent {
                break;
            }
            let Ok((seq, done)) = results.recv() else {
                break;
            };
            for (i, result) in done.into_iter().enumerate() {
                let result = result.unwrap_or_else(|p| std::panic::resume_unwind(p));
                pending.insert(seq + i as u64, result);
            }
            while let Some(result) = pending.remove(&next) {
                next += 1;
                if failure.is_none() {
                    if let Err(e) = sink(result) {
                        failure = Some(e);
                    }
                }
            }
        }
        drop(to_workers);
        match failure {
            Some(e) => Err(e),
            None => Ok(ended),
        }
    })
}

/// Items per message between the reading thread and a worker.
const CHUNK: u64 = 4;

#[cfg(test)]
mod tests {
    use super::*;

    fn run(jobs: usize, n: u64) -> Vec<u64> {
        let stop = AtomicBool::new(false);
        let mut out = Vec::new();
        let ended = ordered(
            0..n,
            jobs,
            &stop,
            |i| {
                // Uneven work, so results come back out of order.
                std::thread::sleep(std::time::Duration::from_micros((n - i) % 7 * 50));
                i * 2
            },
            |r| {
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(ended, Ended::Complete);
        out
    }

    #[test]
    fn results_come_back_in_input_order() {
        let want: Vec<u64> = (0..500).map(|i| i * 2).collect();
        assert_eq!(run(1, 500), want);
        assert_eq!(run(2, 500), want);
        assert_eq!(run(5, 500), want);
        assert!(run(3, 0).is_empty());
    }

    #[test]
    fn stop_finishes_what_was_read() {
        let stop = AtomicBool::new(false);
        let mut out = Vec::new();
        let ended = ordered(
            0..10_000u64,
            2,
            &stop,
            |i| i,
            |r| {
                if r == 100 {
                    stop.store(true, Ordering::Relaxed);
                }
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(ended, Ended::Stopped);
        // Everything read was handed back, in order, with no gap.
        assert!(out.len() > 100 && out.len() < 10_000);
        assert!(out.iter().enumerate().all(|(i, &r)| r == i as u64));
    }

    #[test]
    fn a_sink_error_ends_the_run() {
        let stop = AtomicBool::new(false);
        let mut seen = 0;
        let r = ordered(
            0..1000u64,
            2,
            &stop,
            |i| i,
            |i| {
                seen += 1;
                if i == 10 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("disk full"));
        assert_eq!(seen, 11);
    }
}
