//! The send side of one socket.
//!
//! Requests reach the kernel in the order they were given. [`Sender::send`] sends inline on the
//! caller's thread when nothing is waiting (the usual case: a single request, its errors returned
//! at once); [`Sender::send_in_background`] hands a datagram to the sender thread (started on
//! first use), so that the kernel's work on a large pipelined batch (a route add costs the kernel
//! several microseconds) runs on another core while JavaScript builds the next batch. Once
//! anything is queued, inline sends queue behind it, so the order never changes.
//!
//! A background send that fails is not lost: every message of the datagram gets a synthesized
//! NLMSG_ERROR carrying the errno, handed to the receive path through the failure callback, so
//! each request fails like any other kernel error.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crate::consts::{NLMSG_ERROR, NLMSG_HDRLEN};
use crate::error::NlError;
use crate::socket::NetlinkSocket;
use crate::walker::Messages;

/// NLM_F_CAPPED: the error echoes only the request's header.
const NLM_F_CAPPED: u16 = 0x100;

/// Receives the synthesized NLMSG_ERROR datagram of a failed background send.
pub type FailureSink = Box<dyn Fn(Vec<u8>) + Send + Sync>;

struct State {
  queue: VecDeque<Vec<u8>>,
  /// The sender thread is in the middle of a send.
  busy: bool,
  closed: bool,
}

struct Inner {
  socket: Arc<NetlinkSocket>,
  state: Mutex<State>,
  ready: Condvar,
  failures: FailureSink,
}

impl Inner {
  fn state(&self) -> MutexGuard<'_, State> {
    self.state.lock().unwrap_or_else(PoisonError::into_inner)
  }
}

pub struct Sender {
  inner: Arc<Inner>,
  thread: Mutex<Option<JoinHandle<()>>>,
}

impl Sender {
  pub fn new(socket: Arc<NetlinkSocket>, failures: FailureSink) -> Self {
    Sender {
      inner: Arc::new(Inner {
        socket,
        state: Mutex::new(State {
          queue: VecDeque::new(),
          busy: false,
          closed: false,
        }),
        ready: Condvar::new(),
        failures,
      }),
      thread: Mutex::new(None),
    }
  }

  /// Sends now when nothing waits (errors are returned), otherwise queues behind what waits.
  pub fn send(&self, data: &[u8]) -> Result<(), NlError> {
    let state = self.inner.state();
    if state.closed {
      return Err(NlError::socket_closed());
    }
    if state.queue.is_empty() && !state.busy {
      // Only the owner's thread sends or queues, so nothing can be queued while this runs.
      drop(state);
      return self.inner.socket.send(data).map(|_| ());
    }
    drop(state);
    self.send_in_background(data.to_vec())
  }

  /// Queues `data` for the sender thread.
  pub fn send_in_background(&self, data: Vec<u8>) -> Result<(), NlError> {
    let mut state = self.inner.state();
    if state.closed {
      return Err(NlError::socket_closed());
    }
    state.queue.push_back(data);
    drop(state);
    self.ensure_thread()?;
    self.inner.ready.notify_one();
    Ok(())
  }

  fn ensure_thread(&self) -> Result<(), NlError> {
    let mut thread = self.thread.lock().unwrap_or_else(PoisonError::into_inner);
    if thread.is_none() {
      let inner = Arc::clone(&self.inner);
      let spawned = std::thread::Builder::new()
        .name(format!("nlroute-send-{}", inner.socket.port_id()))
        .spawn(move || run(&inner))
        .map_err(|err| NlError::from_io(&err, "spawning the netlink sender thread"))?;
      *thread = Some(spawned);
    }
    Ok(())
  }

  /// Stops the thread (what is still queued is dropped) and waits for it. Idempotent.
  pub fn close(&self) {
    self.inner.state().closed = true;
    self.inner.ready.notify_all();
    if let Some(thread) = self.thread.lock().unwrap_or_else(PoisonError::into_inner).take() {
      // The thread does nothing that can panic short of an allocation failure.
      let _ = thread.join();
    }
  }
}

impl Drop for Sender {
  fn drop(&mut self) {
    self.close();
  }
}

fn run(inner: &Inner) {
  loop {
    let data = {
      let mut state = inner.state();
      loop {
        if state.closed {
          return;
        }
        if let Some(data) = state.queue.pop_front() {
          state.busy = true;
          break data;
        }
        state = inner.ready.wait(state).unwrap_or_else(PoisonError::into_inner);
      }
    };
    let result = inner.socket.send(&data);
    inner.state().busy = false;
    if let Err(error) = result {
      (inner.failures)(synthesized_errors(&data, error.errno));
    }
  }
}

/// One NLMSG_ERROR per message of `datagram`, each carrying `-errno` and the message's header,
/// as the kernel would have answered had it refused them.
pub fn synthesized_errors(datagram: &[u8], errno: i32) -> Vec<u8> {
  let mut out = Vec::new();
  for message in Messages::new(datagram).map_while(Result::ok) {
    let header = &message.bytes[..NLMSG_HDRLEN];
    let length = (NLMSG_HDRLEN + 4 + NLMSG_HDRLEN) as u32;
    // Netlink headers are in host byte order, as the walker that read `message` assumes.
    out.extend_from_slice(&length.to_ne_bytes());
    out.extend_from_slice(&NLMSG_ERROR.to_ne_bytes());
    out.extend_from_slice(&NLM_F_CAPPED.to_ne_bytes());
    out.extend_from_slice(&message.seq().to_ne_bytes());
    out.extend_from_slice(&message.port_id().to_ne_bytes());
    out.extend_from_slice(&(-errno.max(1)).to_ne_bytes());
    out.extend_from_slice(header);
  }
  out
}

#[cfg(test)]
mod tests {
  use super::*;

  fn request(seq: u32, payload: usize) -> Vec<u8> {
    let len = (NLMSG_HDRLEN + payload) as u32;
    let mut bytes = vec![0u8; NLMSG_HDRLEN + payload];
    bytes[..4].copy_from_slice(&len.to_le_bytes());
    bytes[4..6].copy_from_slice(&24u16.to_le_bytes());
    bytes[8..12].copy_from_slice(&seq.to_le_bytes());
    bytes[12..16].copy_from_slice(&77u32.to_le_bytes());
    bytes
  }

  #[test]
  fn every_message_of_a_failed_datagram_gets_its_own_error() {
    let mut datagram = request(5, 12);
    datagram.extend(request(6, 20));
    let errors = synthesized_errors(&datagram, libc::ENOBUFS);
    let messages: Vec<_> = Messages::new(&errors).map(Result::unwrap).collect();
    assert_eq!(messages.len(), 2);
    for (message, seq) in messages.iter().zip([5, 6]) {
      assert_eq!(message.kind(), NLMSG_ERROR);
      assert_eq!(message.seq(), seq);
      assert_eq!(message.port_id(), 77);
      let payload = message.payload();
      assert_eq!(i32::from_le_bytes(payload[..4].try_into().unwrap()), -libc::ENOBUFS);
      assert_eq!(
        u32::from_le_bytes(payload[12..16].try_into().unwrap()),
        seq,
        "the request's header is echoed"
      );
    }
  }
}
