//! Registrations of native parsers by sequence number, and the in-place filtering of a datagram.
//!
//! [`ParserRegistry::filter_datagram`] walks a received unicast datagram, asks the parser
//! registered for each data message's sequence number whether to keep it (letting it rewrite
//! what it keeps, in place), and compacts the kept
//! messages to the front of the same buffer (memmove, no allocation). Control messages
//! (NOOP/ERROR/DONE/OVERRUN) always pass. When a dropped message carried NLM_F_DUMP_INTR, the flag
//! is copied onto the NLMSG_DONE of that sequence number so JavaScript still learns the dump was
//! interrupted. At the first malformed message the rest of the datagram is kept as is, so the
//! JavaScript decoder reports the error.

use super::NativeParser;
use crate::consts::{align4, NLMSG_DONE, NLMSG_MIN_TYPE, NLM_F_DUMP_INTR};
use crate::walker::Messages;

struct Registration {
  seq: u32,
  parser: Box<dyn NativeParser>,
  /// A message dropped by this parser had NLM_F_DUMP_INTR.
  dropped_interrupted: bool,
}

/// What filtering did to one datagram.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FilterOutcome {
  /// Messages removed by parsers.
  pub dropped: usize,
}

/// Parsers by sequence number. Few are registered at a time (one per in-flight filtered request),
/// so a vector with a one-entry lookup cache beats a hash map.
#[derive(Default)]
pub struct ParserRegistry {
  registrations: Vec<Registration>,
}

impl ParserRegistry {
  pub fn new() -> Self {
    ParserRegistry::default()
  }

  /// Number of registered parsers.
  pub fn len(&self) -> usize {
    self.registrations.len()
  }

  pub fn is_empty(&self) -> bool {
    self.registrations.is_empty()
  }

  /// Registers (or replaces) the parser for `seq`.
  pub fn insert(&mut self, seq: u32, parser: Box<dyn NativeParser>) {
    self.remove(seq);
    self.registrations.push(Registration {
      seq,
      parser,
      dropped_interrupted: false,
    });
  }

  /// Removes the parser for `seq`; returns whether there was one.
  pub fn remove(&mut self, seq: u32) -> bool {
    let before = self.registrations.len();
    self.registrations.retain(|registration| registration.seq != seq);
    before != self.registrations.len()
  }

  fn position(&self, seq: u32) -> Option<usize> {
    self
      .registrations
      .iter()
      .position(|registration| registration.seq == seq)
  }

  /// Filters one unicast datagram in place (see the module documentation); what the parsers'
  /// rewrites write of the datagram's side text is appended to `text`.
  pub fn filter_datagram(&mut self, datagram: &mut Vec<u8>, text: &mut Vec<u8>) -> FilterOutcome {
    let mut outcome = FilterOutcome::default();
    if self.registrations.is_empty() {
      return outcome;
    }
    let end = datagram.len();
    let (mut read, mut write) = (0usize, 0usize);
    let mut cached: Option<(u32, Option<usize>)> = None;
    while read < end {
      let header = match Messages::new(&datagram[read..]).next() {
        Some(Ok(message)) => (message.len(), message.kind(), message.flags(), message.seq()),
        // Malformed from here on: keep the rest raw for JavaScript to report.
        _ => {
          datagram.copy_within(read..end, write);
          write += end - read;
          break;
        }
      };
      let (len, kind, flags, seq) = header;
      let span = align4(len).min(end - read);
      let index = match cached {
        Some((cached_seq, index)) if cached_seq == seq => index,
        _ => {
          let index = self.position(seq);
          cached = Some((seq, index));
          index
        }
      };
      let keep = match index {
        None => true,
        Some(index) => {
          let registration = &mut self.registrations[index];
          if kind < NLMSG_MIN_TYPE {
            if kind == NLMSG_DONE && registration.dropped_interrupted {
              let flags = (flags | NLM_F_DUMP_INTR).to_ne_bytes();
              datagram[read + 6..read + 8].copy_from_slice(&flags);
            }
            true
          } else {
            let accepted = registration.parser.accept(&datagram[read..read + len]);
            if accepted {
              registration.parser.rewrite(&mut datagram[read..read + len], text);
            } else if flags & NLM_F_DUMP_INTR != 0 {
              registration.dropped_interrupted = true;
            }
            accepted
          }
        }
      };
      if keep {
        if write != read {
          datagram.copy_within(read..read + span, write);
        }
        write += span;
      } else {
        outcome.dropped += 1;
      }
      read += span;
    }
    datagram.truncate(write);
    outcome
  }
}
