//! Turning core deliveries into `NativeBatch` objects on the JavaScript thread.
//!
//! The receive thread hands each [`Delivery`] to a threadsafe function ([`ThreadsafeSink`]). On
//! the JS thread every datagram becomes an external Buffer over the pooled `Vec<u8>` (no copy);
//! its finalizer drops the `PooledBuffer`, which returns the memory to the socket's pool. Nothing
//! is delivered once the socket is closed: queued deliveries are dropped instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::{Buffer, BufferSlice, FunctionRef};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Result, Status};
use napi_derive::napi;
use nlroute_core::{Datagram, Delivery, DeliverySink, ReceiveError};

/// One delivery; answers exactly one `demand()`.
#[napi(object)]
pub struct NativeBatch {
  /// Datagrams in receive order; each wraps Rust memory (no copy). Empty for overflow markers.
  pub datagrams: Vec<Buffer>,
  /// Multicast group per datagram: 0 = unicast, -1 = overflow marker (ENOBUFS).
  pub groups: Vec<i32>,
  /// Set on the last delivery when the receive side failed for good.
  pub error: Option<NativeBatchError>,
}

/// Why the receive side stopped.
#[napi(object)]
pub struct NativeBatchError {
  pub errno: i32,
  pub code: String,
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

/// Wraps one datagram as a zero-copy Buffer whose finalizer returns the memory to the pool.
fn datagram_buffer(env: &Env, datagram: Datagram) -> Result<Buffer> {
  let mut data = datagram.data;
  if data.is_empty() {
    return Ok(Buffer::from(Vec::new()));
  }
  let pointer = data.as_mut_ptr();
  let len = data.len();
  // SAFETY: `pointer` addresses `len` initialised bytes owned by `data`, which is moved into the
  // finalizer hint and so lives (without reallocating) until JavaScript collects the Buffer.
  let slice = unsafe { BufferSlice::from_external(env, pointer, len, data, |_, data| drop(data))? };
  slice.into_buffer(env)
}

pub(crate) fn to_batch(env: &Env, delivery: Delivery) -> Result<NativeBatch> {
  let mut datagrams = Vec::with_capacity(delivery.datagrams.len());
  let mut groups = Vec::with_capacity(delivery.datagrams.len());
  for datagram in delivery.datagrams {
    groups.push(datagram.group);
    datagrams.push(datagram_buffer(env, datagram)?);
  }
  Ok(NativeBatch {
    datagrams,
    groups,
    error: delivery.error.map(NativeBatchError::from),
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
  let result = to_batch(env, delivery).and_then(|batch| on_batch.borrow_back(env)?.call(batch));
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
