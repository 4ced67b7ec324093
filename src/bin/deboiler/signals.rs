//! How `clean` stops on a signal. The first SIGINT or SIGTERM stops the
//! reading; the records in flight are finished and written, and the run
//! exits 130 (SIGINT) or 143 (SIGTERM). A second one exits at once, but
//! never in the middle of a record: output is written in whole records
//! while [`WRITING`] is held, and the exit waits for it, then removes the
//! temporary file being written, so that no output is left cut short. A
//! third exits without waiting (for a reader that stopped reading).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Mutex, TryLockError};
use std::time::Duration;

/// Raised by the first signal: no further record is read.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// The exit code of the signal that stopped the run.
static CODE: AtomicU8 = AtomicU8::new(130);

/// Held while output is written; holds the temporary file being written
/// under `--output`, if any.
pub static WRITING: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Starts the thread that hears SIGINT and SIGTERM.
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        let code = code_of(signal);
        // In the handler itself, not in the thread below: a run whose
        // input ends right after the signal must not finish before the
        // thread is scheduled and exit 0.
        // SAFETY: the action only stores to atomics, which is
        // async-signal-safe.
        let _ = unsafe {
            signal_hook::low_level::register(signal, move || {
                if !STOP.swap(true, Ordering::SeqCst) {
                    CODE.store(code, Ordering::SeqCst);
                }
            })
        };
    }
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        let mut heard = 0;
        for signal in signals.forever() {
            // The first signal only stops the reading, which the handler
            // below has done the moment it came.
            heard += 1;
            if heard == 1 {
                continue;
            }
            let code = code_of(signal);
            // The record being written is finished first, unless yet
            // another signal comes.
            loop {
                let guard = match WRITING.try_lock() {
                    Ok(g) => Some(g),
                    Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
                    Err(TryLockError::WouldBlock) => None,
                };
                if let Some(guard) = guard {
                    if let Some(part) = guard.as_ref() {
                        let _ = std::fs::remove_file(part);
                    }
                    std::process::exit(i32::from(code));
                }
                if let Some(third) = signals.pending().next() {
                    std::process::exit(i32::from(code_of(third)));
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    });
}

/// 128 + the signal's number: the exit code of a run it stopped.
fn code_of(signal: i32) -> u8 {
    128 + u8::try_from(signal).unwrap_or(2)
}

/// The exit code of a run that a signal stopped.
pub fn exit_code() -> u8 {
    CODE.load(Ordering::SeqCst)
}

/// Records buffered and handed to the writer underneath whole, under
/// [`WRITING`]: a forced exit never leaves half a record behind.
pub struct WholeRecords<W: std::io::Write> {
    inner: W,
    buffer: Vec<u8>,
}

/// Bytes gathered before they are written.
const BUFFER: usize = 1 << 20;

impl<W: std::io::Write> WholeRecords<W> {
    pub fn new(inner: W) -> WholeRecords<W> {
        WholeRecords {
            inner,
            buffer: Vec::with_capacity(BUFFER),
        }
    }

    /// Ends a record: what is buffered is written if it is enough.
    pub fn end_record(&mut self) -> std::io::Result<()> {
        if self.buffer.len() >= BUFFER {
            self.write_buffer()?;
        }
        Ok(())
    }

    fn write_buffer(&mut self) -> std::io::Result<()> {
        let _writing = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        let result = self.inner.write_all(&self.buffer);
        self.buffer.clear();
        result
    }
}

impl<W: std::io::Write> std::io::Write for WholeRecords<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_buffer()?;
        let _writing = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        self.inner.flush()
    }
}
