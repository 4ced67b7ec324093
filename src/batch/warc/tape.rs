//! The buffered reader under the WARC record reader: it counts what is
//! consumed (record offsets), can look ahead past its buffer without
//! consuming ([`Tape::peek`]: a record start or gzip magic split across two
//! reads is still seen), takes back bytes to read again
//! ([`Tape::push_back`]: a record that proves to start inside a damaged
//! one), and can keep the last bytes consumed ([`Tape::record`]: a broken
//! gzip member is searched for the next member's start).

use std::io::{BufRead, Read};

pub(super) struct Tape<R> {
    inner: R,
    /// Bytes taken from `inner` ahead of time or given back, read first.
    front: Vec<u8>,
    pos: usize,
    /// The last bytes consumed, while recording, and how many to keep.
    recording: Option<(Vec<u8>, usize)>,
    /// An error met while looking ahead: handed out once the bytes before
    /// it are read.
    pending: Option<std::io::Error>,
    /// Bytes consumed, less those given back.
    pub consumed: u64,
}

impl<R: BufRead> Tape<R> {
    pub fn new(inner: R) -> Tape<R> {
        Tape {
            inner,
            front: Vec::new(),
            pos: 0,
            recording: None,
            pending: None,
            consumed: 0,
        }
    }

    /// At least `n` bytes ahead, fewer only at the end of the input or
    /// before an error; nothing is consumed. An error is kept
    /// ([`Tape::pending`]) and handed out once the bytes before it are
    /// read, so that what decoded before damage is still seen.
    pub fn peek(&mut self, n: usize) -> std::io::Result<&[u8]> {
        if self.front.len() - self.pos < n && self.pending.is_none() {
            self.front.drain(..self.pos);
            self.pos = 0;
            while self.front.len() < n {
                let buf = match self.inner.fill_buf() {
                    Ok(buf) => buf,
                    Err(e) => {
                        self.pending = Some(e);
                        break;
                    }
                };
                if buf.is_empty() {
                    break;
                }
                let take = buf.len().min(n - self.front.len());
                self.front.extend_from_slice(&buf[..take]);
                self.inner.consume(take);
            }
        }
        Ok(&self.front[self.pos..])
    }

    /// The error a look ahead ran into, not yet handed out.
    pub fn pending(&self) -> Option<&std::io::Error> {
        self.pending.as_ref()
    }

    /// Gives back bytes read too far: they are read again next.
    pub fn push_back(&mut self, mut bytes: Vec<u8>) {
        self.consumed = self.consumed.saturating_sub(bytes.len() as u64);
        bytes.extend_from_slice(&self.front[self.pos..]);
        self.front = bytes;
        self.pos = 0;
    }

    /// The error a look ahead ran into, taken.
    pub fn take_error(&mut self) -> Option<std::io::Error> {
        self.pending.take()
    }

    /// Starts keeping the bytes consumed from here on, the last `window`
    /// of them at least (memory stays within twice that).
    pub fn record(&mut self, window: usize) {
        self.recording = Some((Vec::new(), window));
    }

    /// Stops recording; the bytes kept and the offset of the first of them.
    pub fn take_recording(&mut self) -> (Vec<u8>, u64) {
        let bytes = self.recording.take().map(|(b, _)| b).unwrap_or_default();
        let start = self.consumed - bytes.len() as u64;
        (bytes, start)
    }

    /// The reader underneath; bytes looked at or given back and not read
    /// again are dropped with the tape.
    pub fn into_inner(self) -> R {
        self.inner
    }

    fn note(&mut self, bytes_from_front: bool, amt: usize) {
        let Some((kept, window)) = &mut self.recording else {
            return;
        };
        if bytes_from_front {
            kept.extend_from_slice(&self.front[self.pos..self.pos + amt]);
        } else if let Ok(buf) = self.inner.fill_buf() {
            kept.extend_from_slice(&buf[..amt.min(buf.len())]);
        }
        if kept.len() > 2 * *window {
            let cut = kept.len() - *window;
            kept.drain(..cut);
        }
    }
}

impl<R: BufRead> Read for Tape<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tape<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos < self.front.len() {
            return Ok(&self.front[self.pos..]);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        if self.pos < self.front.len() {
            let amt = amt.min(self.front.len() - self.pos);
            self.note(true, amt);
            self.pos += amt;
            if self.pos == self.front.len() {
                self.front.clear();
                self.pos = 0;
            }
            return;
        }
        self.note(false, amt);
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte per read, as a pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn peeks_across_reads_and_takes_bytes_back() {
        let inner = std::io::BufReader::with_capacity(1, Trickle(b"abcdef"));
        let mut t = Tape::new(inner);
        assert_eq!(t.peek(3).unwrap(), b"abc");
        assert_eq!(t.consumed, 0);
        let mut two = [0; 2];
        t.read_exact(&mut two).unwrap();
        assert_eq!(&two, b"ab");
        t.push_back(b"xy".to_vec());
        assert_eq!(t.consumed, 0);
        let mut rest = Vec::new();
        t.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"xycdef");
        assert_eq!(t.peek(4).unwrap(), b"");
    }

    #[test]
    fn a_recording_keeps_the_last_bytes_within_twice_its_window() {
        let data: Vec<u8> = (0..=255).cycle().take(10_000).collect();
        let mut t = Tape::new(&data[..]);
        t.consume(100);
        t.record(1000);
        let mut sink = Vec::new();
        t.read_to_end(&mut sink).unwrap();
        let (kept, start) = t.take_recording();
        assert!(kept.len() >= 1000 && kept.len() <= 2000, "{}", kept.len());
        assert_eq!(&data[start as usize..], &kept[..]);
    }
}
