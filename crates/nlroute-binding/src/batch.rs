//! Turning core deliveries into `NativeBatch` objects on the JavaScript thread.
//!
//! The receive thread hands each [`Delivery`] to a threadsafe function ([`ThreadsafeSink`]). On
//! the JS thread a large datagram (a dump chunk) becomes an external Buffer over the pooled
//! `Vec<u8>` (no copy); its finalizer drops the `PooledBuffer`, which returns the memory to the
//! socket's pool. Small datagrams (acks, single answers, notifications) are copied into memory V8
//! owns and their pooled buffer goes back at once: copying a few hundred bytes costs less than an
//! external Buffer, and Node runs external finalizers only on a later event-loop turn, so memory
//! held by them is bounded only while the loop turns. Nothing is delivered once the socket is
//! closed: queued deliveries are dropped instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::{Buffer, BufferSlice, FunctionRef};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use napi_derive::napi;
use nlroute_core::{Datagram, Delivery, DeliverySink, ReceiveError};

/// One delivery from the receive side; it answers exactly one `demand()` call. A datagram larger
/// than 16 KiB (`COPY_LIMIT` in batch.rs) wraps Rust memory (no copy), a smaller one is a copy.
/// Order is receive order. `error` is set when the receive side failed for good (the thread has
/// stopped); that delivery is the last.
#[napi(object)]
pub struct NativeBatch {
  /// The datagrams received, in order. Empty for markers.
  pub datagrams: Vec<Buffer>,
  /// Per datagram: the multicast group it came through (0 = unicast), or a marker (the datagram
  /// is empty): -1 overflow (ENOBUFS, the kernel dropped messages), -2 recovered (after an
  /// overflow, a read found the socket's queue empty).
  pub groups: Vec<i32>,
  /// Set on the last delivery when the receive side failed for good.
  #[napi(ts_type = "NativeBatchError | null")]
  pub error: Option<NativeBatchError>,
  /// Per datagram, its side text (null for none), or absent when no datagram has one: what the
  /// native parsers wrote while rewriting its messages (the destination texts of compacted
  /// routes, crates/nlroute-core/src/parsers/route_compact.rs). The engine hands it to the
  /// request's parser with each message of that datagram.
  #[napi(ts_type = "Array<string | null>")]
  pub texts: Option<Vec<Option<String>>>,
}

/// Why the receive side stopped.
#[napi(object)]
pub struct NativeBatchError {
  /// Positive errno (0 when the receive thread panicked).
  pub errno: i32,
  /// Symbolic errno, or 'ERR_NLROUTE_PANIC'.
  pub code: String,
  /// What failed.
  pub message: String,
}

impl From<ReceiveError> for NativeBatchError {
  fn from(error: ReceiveError) -> Self {
    NativeBatchError {
      errno: error.errno,
      code: error.code,
      message: error.message,
    }
  }
}

/// The threadsafe function that runs [`deliver_on_js_thread`]: weak (does not keep Node alive)
/// unless `ref()` was called; not callee-handled (the callback gets the batch only).
pub(crate) type DeliveryFunction = ThreadsafeFunction<Delivery, (), (), Status, false, true>;

/// Datagrams up to this size are copied into V8's memory rather than wrapped (see the module doc).
pub(crate) const COPY_LIMIT: usize = 16 * 1024;

/// How the datagrams of a batch become Buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copy {
  /// Everything is copied: batches read on the JS thread, whose caller may never yield to the
  /// event loop (a loop of `await`s), so no external finalizer would ever run.
  Always,
  /// Datagrams above [`COPY_LIMIT`] are wrapped without a copy.
  SmallOnly,
}

/// Copies one datagram into a V8-owned Buffer, or wraps it as a zero-copy Buffer whose finalizer
/// returns the memory to the pool.
fn datagram_buffer(env: &Env, datagram: Datagram, copy: Copy) -> Result<Buffer> {
  let mut data = datagram.data;
  if data.is_empty() {
    return BufferSlice::copy_from(env, [])?.into_buffer(env);
  }
  if copy == Copy::Always || data.len() <= COPY_LIMIT {
    // `data` goes back to the pool when this returns.
    return BufferSlice::copy_from(env, data.as_slice())?.into_buffer(env);
  }
  let pointer = data.as_mut_ptr();
  let len = data.len();
  // SAFETY: `pointer` addresses `len` initialised bytes owned by `data`, which is moved into the
  // finalizer hint and so lives (without reallocating) until JavaScript collects the Buffer.
  let slice = unsafe { BufferSlice::from_external(env, pointer, len, data, |_, data| drop(data))? };
  slice.into_buffer(env)
}

/// The side text as a string: ASCII, as the parsers write it (a byte that is not would become
/// U+FFFD rather than fail the delivery).
pub(crate) fn side_text(text: Vec<u8>) -> Option<String> {
  if text.is_empty() {
    return None;
  }
  Some(String::from_utf8(text).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()))
}

pub(crate) fn to_batch(env: &Env, delivery: Delivery, copy: Copy) -> Result<NativeBatch> {
  let mut datagrams = Vec::with_capacity(delivery.datagrams.len());
  let mut groups = Vec::with_capacity(delivery.datagrams.len());
  let mut texts: Option<Vec<Option<String>>> = None;
  for (index, mut datagram) in delivery.datagrams.into_iter().enumerate() {
    groups.push(datagram.group);
    if let Some(text) = side_text(std::mem::take(&mut datagram.text)) {
      let texts = texts.get_or_insert_with(|| Vec::with_capacity(index + 1));
      texts.resize(index, None);
      texts.push(Some(text));
    }
    datagrams.push(datagram_buffer(env, datagram, copy)?);
  }
  if let Some(texts) = texts.as_mut() {
    texts.resize(datagrams.len(), None);
  }
  Ok(NativeBatch {
    datagrams,
    groups,
    error: delivery.error.map(NativeBatchError::from),
    texts,
  })
}

/// Runs on the JS thread for every delivery: converts it and calls `onBatch`, unless the socket
/// was closed in the meantime. An exception thrown by `onBatch` becomes an uncaught exception
/// (as for any event callback), with the original error object.
pub(crate) fn deliver_on_js_thread(
  env: &Env,
  closed: &AtomicBool,
  on_batch: &FunctionRef<NativeBatch, ()>,
  delivery: Delivery,
) {
  if closed.load(Ordering::Acquire) {
    return; // dropping `delivery` returns its buffers to the pool
  }
  let result = to_batch(env, delivery, Copy::SmallOnly).and_then(|batch| on_batch.borrow_back(env)?.call(batch));
  if let Err(error) = result {
    env.fatal_exception(error);
  }
}

/// [`DeliverySink`] over the socket's threadsafe function.
pub(crate) struct ThreadsafeSink {
  pub(crate) function: Arc<Mutex<Option<DeliveryFunction>>>,
}

impl DeliverySink for ThreadsafeSink {
  fn deliver(&self, delivery: Delivery) {
    let function = self.function.lock().unwrap_or_else(PoisonError::into_inner);
    // Absent only after close(). The call fails only while Node shuts down (`Closing`). In both
    // cases the delivery is dropped and its buffers go back to the pool.
    if let Some(function) = function.as_ref() {
      let _ = function.call(delivery, ThreadsafeFunctionCallMode::NonBlocking);
    }
  }
}

/// Keeps the JS thread's view of "closed" for [`deliver_on_js_thread`].
pub(crate) type ClosedFlag = Arc<AtomicBool>;
