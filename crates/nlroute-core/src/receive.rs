//! The receive thread of one socket, and the handle that controls it.
//!
//! Each socket gets exactly one thread, driven by a demand counter: every [`SocketReceiver::demand`]
//! grants one delivery to the [`DeliverySink`].
//! - [`ReceiveMode::Direct`]: the socket is read only while a demand is outstanding; a delivery
//!   takes the datagram that answered the demand plus those already waiting in the socket, up to
//!   [`DIRECT_BATCH`] datagrams or [`DIRECT_BATCH_BYTES`] bytes. An unread kernel queue pauses dumps, so memory stays with the kernel, and a
//!   burst of small answers (acks of pipelined requests) crosses into JS in few deliveries.
//! - [`ReceiveMode::Buffered`]: the thread reads eagerly into a bounded queue and stops reading
//!   when it is full (so the kernel applies back-pressure, or ENOBUFS for broadcasts); each demand
//!   takes everything queued, up to [`MAX_BATCH`] datagrams, as one delivery.
//!
//! ENOBUFS becomes an overflow marker in receive order and reading goes on; the first read after
//! it that finds the socket empty adds a recovered marker (the kernel delivers answers again).
//! Any other receive
//! error, or a panic in the thread (caught), becomes one final delivery carrying the error,
//! after the datagrams already queued. The thread sleeps in `poll()` on the socket and an eventfd
//! that `demand()` and `close()` signal. `close()` wakes and joins the thread before the socket
//! descriptor is closed, so the fd number cannot be reused under a running `recvmsg`, and no
//! delivery is made once `close()` returns.
//!
//! Unicast datagrams are passed through the native parsers registered for their sequence numbers
//! before they are queued (see [`crate::parsers::registry`]); a datagram left empty is not
//! delivered and the demand stays outstanding.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::error::NlError;
use crate::parsers::{NativeParser, ParserRegistry};
pub use crate::queue::Datagram;
use crate::queue::{merge_small_datagrams, BufferPool, DatagramQueue, PooledBuffer};
use crate::socket::{NetlinkSocket, RecvError};

/// Most datagrams handed over in one buffered-mode delivery.
pub const MAX_BATCH: usize = 256;
/// Most datagrams one direct-mode delivery reads (the first blocks, the rest are already waiting).
/// Each delivery is a hand-off between threads, and the acks of pipelined requests come one
/// datagram each: at 16 a delivery, 100k route adds made 6,000 hand-offs, and a wake-up of the
/// other thread costs tens of microseconds on a virtual machine. At 256 they are a few hundred.
pub const DIRECT_BATCH: usize = 256;
/// A direct-mode delivery stops growing once it holds this many bytes. Each read of a dump in
/// progress makes the kernel fill the next datagram inside it, so "what is already waiting" never
/// runs out during a dump: without this bound the thread would read up to [`DIRECT_BATCH`] dump
/// datagrams (megabytes, many milliseconds of kernel work) while JavaScript sat idle, instead of
/// handing each pair over as it comes and reading the next while JavaScript parses (the engine
/// keeps a demand ahead during a dump). Small answers (acks) still cross up to [`DIRECT_BATCH`]
/// at a time.
pub const DIRECT_BATCH_BYTES: usize = 64 * 1024;
/// Default queue capacity of buffered mode, in datagrams.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1024;

/// How the thread reads the socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiveMode {
  /// Read one datagram per demand, only when demanded.
  Direct,
  /// Read eagerly into a queue of `capacity` datagrams.
  Buffered { capacity: usize },
}

/// Settings of a receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiverOptions {
  pub mode: ReceiveMode,
}

/// The error that ended a receive thread, in the shape JavaScript receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiveError {
  /// errno, or 0 for a panic.
  pub errno: i32,
  /// `EBADF`, ... or `ERR_NLROUTE_PANIC`.
  pub code: String,
  pub message: String,
}

impl ReceiveError {
  fn from_nl(error: &NlError) -> Self {
    ReceiveError {
      errno: error.errno,
      code: error.code().to_string(),
      message: error.message(),
    }
  }

  fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
    let detail = payload
      .downcast_ref::<&str>()
      .map(|text| text.to_string())
      .or_else(|| payload.downcast_ref::<String>().cloned())
      .unwrap_or_else(|| "unknown panic payload".to_string());
    ReceiveError {
      errno: 0,
      code: "ERR_NLROUTE_PANIC".to_string(),
      message: format!("netlink receive thread panicked: {detail}"),
    }
  }
}

/// One delivery: answers exactly one demand.
#[derive(Debug, Default)]
pub struct Delivery {
  /// Datagrams (and overflow markers) in receive order.
  pub datagrams: Vec<Datagram>,
  /// Set on the last delivery of a thread that failed.
  pub error: Option<ReceiveError>,
}

/// Where deliveries go (the napi adapter implements this with a threadsafe function).
/// `deliver` is called on the receive thread and must not block for long.
pub trait DeliverySink: Send + 'static {
  fn deliver(&self, delivery: Delivery);
}

/// Counters readable from any thread.
#[derive(Debug, Default)]
struct Counters {
  datagrams: AtomicU64,
  bytes: AtomicU64,
  overflows: AtomicU64,
  dropped_by_parsers: AtomicU64,
  queued: AtomicU64,
}

/// A snapshot of [`SocketReceiver::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
  /// Datagrams received from the kernel.
  pub datagrams: u64,
  /// Bytes received from the kernel (before native parsers).
  pub bytes: u64,
  /// ENOBUFS events.
  pub overflows: u64,
  /// Messages removed by native parsers.
  pub messages_dropped_by_native_parsers: u64,
  /// Datagrams waiting in the queue now.
  pub queued: u64,
}

/// eventfd used to wake the thread out of `poll()`.
#[derive(Debug)]
struct Wakeup {
  fd: OwnedFd,
}

impl Wakeup {
  fn new() -> Result<Self, NlError> {
    // SAFETY: plain syscall; the result is checked.
    let raw = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
    if raw < 0 {
      return Err(NlError::last_os_error("eventfd"));
    }
    // SAFETY: fresh descriptor owned by nobody else.
    Ok(Wakeup {
      fd: unsafe { OwnedFd::from_raw_fd(raw) },
    })
  }

  fn signal(&self) {
    let one: u64 = 1;
    // SAFETY: writes 8 bytes from a valid u64. Failure (counter saturated) still leaves it readable.
    unsafe { libc::write(self.fd.as_raw_fd(), (&one as *const u64).cast(), 8) };
  }

  fn clear(&self) {
    let mut value: u64 = 0;
    // SAFETY: reads 8 bytes into a valid u64; EAGAIN when already clear is fine.
    unsafe { libc::read(self.fd.as_raw_fd(), (&mut value as *mut u64).cast(), 8) };
  }
}

/// State shared by the handle (JS thread) and the receive thread.
struct Shared {
  closed: AtomicBool,
  /// Demands granted and not yet answered.
  demand: AtomicU64,
  wakeup: Wakeup,
  counters: Counters,
  /// Number of registered parsers, read without locking so the usual case (none) costs nothing.
  parser_count: AtomicUsize,
  parsers: Mutex<ParserRegistry>,
  /// Datagrams made on this side (errors of failed background sends), delivered in order with
  /// what the socket gives.
  injected: Mutex<Vec<Vec<u8>>>,
  /// Held while reading the socket, by the thread or by [`SocketReceiver::read_waiting`].
  reader: Mutex<()>,
  /// Set by an ENOBUFS read, cleared (with a recovered marker) by the next read that finds the
  /// socket's queue empty: the kernel's congested state as this side can know it.
  congested: AtomicBool,
}

impl Shared {
  fn take_demand(&self) -> bool {
    self
      .demand
      .fetch_update(Ordering::AcqRel, Ordering::Acquire, |demand| demand.checked_sub(1))
      .is_ok()
  }

  fn has_demand(&self) -> bool {
    self.demand.load(Ordering::Acquire) > 0
  }

  fn is_closed(&self) -> bool {
    self.closed.load(Ordering::Acquire)
  }

  fn registry(&self) -> std::sync::MutexGuard<'_, ParserRegistry> {
    self.parsers.lock().unwrap_or_else(PoisonError::into_inner)
  }
}

/// Hands datagrams to a receive thread as if they had come from the socket (unicast).
#[derive(Clone)]
pub struct Injector {
  shared: Arc<Shared>,
}

impl Injector {
  pub fn inject(&self, datagram: Vec<u8>) {
    if datagram.is_empty() || self.shared.is_closed() {
      return;
    }
    self
      .shared
      .injected
      .lock()
      .unwrap_or_else(PoisonError::into_inner)
      .push(datagram);
    self.shared.wakeup.signal();
  }
}

/// Handle to a socket and its receive thread.
pub struct SocketReceiver {
  socket: Option<Arc<NetlinkSocket>>,
  shared: Arc<Shared>,
  thread: Option<JoinHandle<()>>,
  pool: Arc<BufferPool>,
  mode: ReceiveMode,
}

impl SocketReceiver {
  /// Takes ownership of `socket` and starts its receive thread.
  pub fn start(socket: NetlinkSocket, options: ReceiverOptions, sink: Box<dyn DeliverySink>) -> Result<Self, NlError> {
    let shared = Arc::new(Shared {
      closed: AtomicBool::new(false),
      demand: AtomicU64::new(0),
      wakeup: Wakeup::new()?,
      counters: Counters::default(),
      parser_count: AtomicUsize::new(0),
      parsers: Mutex::new(ParserRegistry::new()),
      injected: Mutex::new(Vec::new()),
      reader: Mutex::new(()),
      congested: AtomicBool::new(false),
    });
    let socket = Arc::new(socket);
    let pool = BufferPool::new();
    let worker = ReceiveThread {
      socket: Arc::clone(&socket),
      shared: Arc::clone(&shared),
      sink,
      pool: Arc::clone(&pool),
      mode: options.mode,
    };
    let thread = std::thread::Builder::new()
      .name(format!("nlroute-recv-{}", socket.port_id()))
      .spawn(move || worker.run())
      .map_err(|err| NlError::from_io(&err, "spawning the netlink receive thread"))?;
    Ok(SocketReceiver {
      socket: Some(socket),
      shared,
      thread: Some(thread),
      pool,
      mode: options.mode,
    })
  }

  /// The socket, until [`close`](Self::close).
  pub fn socket(&self) -> Option<&NetlinkSocket> {
    self.socket.as_deref()
  }

  /// A shared handle to the socket (for the sender), until [`close`](Self::close).
  pub fn shared_socket(&self) -> Option<Arc<NetlinkSocket>> {
    self.socket.clone()
  }

  /// Something other threads can hand datagrams to, delivered as if the socket had received them.
  pub fn injector(&self) -> Injector {
    Injector {
      shared: Arc::clone(&self.shared),
    }
  }

  pub fn is_closed(&self) -> bool {
    self.shared.is_closed()
  }

  /// Grants one delivery.
  pub fn demand(&self) {
    if self.is_closed() {
      return;
    }
    // A thread that already has demand is awake or waiting on the socket: no need to wake it.
    if self.shared.demand.fetch_add(1, Ordering::AcqRel) == 0 {
      self.shared.wakeup.signal();
    }
  }

  /// Direct mode only, while no demand is outstanding (so the thread is not reading and nothing
  /// it read is still on its way to JavaScript): reads what already waits in the socket, on the
  /// caller's thread, up to `max` datagrams (at most [`DIRECT_BATCH`]). The kernel answers most
  /// requests inside sendmsg, so calling this right after a send gets the answer without two
  /// thread hand-offs. A dump is different: each read of a dump in progress makes the kernel fill
  /// the next datagram inside that recvmsg, so a caller reading a dump here does the kernel's work
  /// on its own thread; it should ask for one and leave the rest to the receive thread, where that
  /// work overlaps its own. Returns nothing (and reads nothing) whenever those conditions do not hold.
  pub fn read_waiting(&self, max: usize) -> Vec<Datagram> {
    let Some(socket) = self.socket.as_deref() else {
      return Vec::new();
    };
    if self.mode != ReceiveMode::Direct || self.shared.has_demand() || self.shared.is_closed() {
      return Vec::new();
    }
    let Ok(_reading) = self.shared.reader.try_lock() else {
      return Vec::new();
    };
    let mut datagrams = Vec::new();
    while datagrams.len() < max.min(DIRECT_BATCH) {
      match read_one(socket, &self.pool, &self.shared) {
        ReadOne::Datagram(datagram) => datagrams.push(datagram),
        ReadOne::FilteredAway => continue,
        // A hard error is left in the socket's way for the thread to report.
        ReadOne::WouldBlock | ReadOne::Failed(_) => break,
      }
    }
    merge_small_datagrams(datagrams, &self.pool)
  }

  /// Registers `parser` for replies with sequence number `seq` (replacing any previous one).
  pub fn set_parser(&self, seq: u32, parser: Box<dyn NativeParser>) {
    let mut registry = self.shared.registry();
    registry.insert(seq, parser);
    self.shared.parser_count.store(registry.len(), Ordering::Release);
  }

  /// Removes the parser for `seq`, if any.
  pub fn clear_parser(&self, seq: u32) {
    let mut registry = self.shared.registry();
    registry.remove(seq);
    self.shared.parser_count.store(registry.len(), Ordering::Release);
  }

  pub fn stats(&self) -> StatsSnapshot {
    let counters = &self.shared.counters;
    StatsSnapshot {
      datagrams: counters.datagrams.load(Ordering::Relaxed),
      bytes: counters.bytes.load(Ordering::Relaxed),
      overflows: counters.overflows.load(Ordering::Relaxed),
      messages_dropped_by_native_parsers: counters.dropped_by_parsers.load(Ordering::Relaxed),
      queued: counters.queued.load(Ordering::Relaxed),
    }
  }

  /// Stops the thread, waits for it, then lets go of the socket and frees the idle buffers.
  /// The fd itself closes when the last holder (the sender, see `Sender`) lets go too.
  /// Idempotent.
  pub fn close(&mut self) {
    self.shared.closed.store(true, Ordering::Release);
    self.shared.wakeup.signal();
    if let Some(thread) = self.thread.take() {
      // The thread catches its own panics; a join error cannot carry anything useful.
      let _ = thread.join();
    }
    self.socket = None;
    self.pool.close();
  }
}

impl Drop for SocketReceiver {
  fn drop(&mut self) {
    self.close();
  }
}

/// What one non-blocking read gave.
enum ReadOne {
  Datagram(Datagram),
  /// A unicast datagram whose every message a native parser dropped.
  FilteredAway,
  WouldBlock,
  Failed(NlError),
}

/// Reads one datagram without blocking, counts it and runs the native parsers on it. ENOBUFS
/// becomes an overflow marker, and the first read after it that finds nothing a recovered marker
/// (see [`Datagram::RECOVERED_GROUP`]).
fn read_one(socket: &NetlinkSocket, pool: &Arc<BufferPool>, shared: &Shared) -> ReadOne {
  match socket.recv_with(false, |size| pool.take(size)) {
    Ok((mut buffer, received)) => {
      let counters = &shared.counters;
      counters.datagrams.fetch_add(1, Ordering::Relaxed);
      counters.bytes.fetch_add(received.len as u64, Ordering::Relaxed);
      let mut text = Vec::new();
      if received.group == 0 && shared.parser_count.load(Ordering::Acquire) > 0 {
        let outcome = shared.registry().filter_datagram(buffer.as_mut_vec(), &mut text);
        counters
          .dropped_by_parsers
          .fetch_add(outcome.dropped as u64, Ordering::Relaxed);
        if buffer.is_empty() {
          return ReadOne::FilteredAway;
        }
      }
      // Groups are at most u32::MAX in theory but real ones are small; clamp defensively.
      ReadOne::Datagram(Datagram {
        data: buffer,
        group: i32::try_from(received.group).unwrap_or(i32::MAX),
        text,
      })
    }
    Err(RecvError::WouldBlock) if shared.congested.swap(false, Ordering::AcqRel) => {
      ReadOne::Datagram(Datagram::recovered_marker())
    }
    Err(RecvError::WouldBlock) => ReadOne::WouldBlock,
    Err(RecvError::Overflow) => {
      shared.congested.store(true, Ordering::Release);
      shared.counters.overflows.fetch_add(1, Ordering::Relaxed);
      ReadOne::Datagram(Datagram::overflow_marker())
    }
    Err(RecvError::Failed(error)) => ReadOne::Failed(error),
  }
}

/// How the read loop ended.
enum LoopExit {
  Closed,
  Failed(ReceiveError),
}

/// What `poll()` reported.
struct Readiness {
  socket: bool,
}

/// Everything the receive thread owns.
struct ReceiveThread {
  socket: Arc<NetlinkSocket>,
  shared: Arc<Shared>,
  sink: Box<dyn DeliverySink>,
  pool: Arc<BufferPool>,
  mode: ReceiveMode,
}

impl ReceiveThread {
  fn run(self) {
    let capacity = match self.mode {
      ReceiveMode::Direct => DIRECT_BATCH,
      ReceiveMode::Buffered { capacity } => capacity.max(1),
    };
    let mut queue = DatagramQueue::new(capacity);
    let exit = panic::catch_unwind(AssertUnwindSafe(|| self.read_loop(&mut queue)));
    let error = match exit {
      Ok(LoopExit::Closed) => return,
      Ok(LoopExit::Failed(error)) => error,
      Err(payload) => {
        // The queue may be mid-update; drop what it holds rather than trust it.
        queue = DatagramQueue::new(1);
        ReceiveError::from_panic(payload.as_ref())
      }
    };
    // Whatever happens now, this must not unwind out of the thread.
    let _ = panic::catch_unwind(AssertUnwindSafe(|| self.finish_with_error(&mut queue, error)));
  }

  fn batch_limit(&self) -> usize {
    match self.mode {
      ReceiveMode::Direct => DIRECT_BATCH,
      ReceiveMode::Buffered { .. } => MAX_BATCH,
    }
  }

  fn deliver_queued(&self, queue: &mut DatagramQueue) {
    let datagrams = merge_small_datagrams(queue.pop_batch(self.batch_limit()), &self.pool);
    self.shared.counters.queued.store(queue.len() as u64, Ordering::Relaxed);
    self.sink.deliver(Delivery { datagrams, error: None });
  }

  fn read_loop(&self, queue: &mut DatagramQueue) -> LoopExit {
    loop {
      if self.shared.is_closed() {
        return LoopExit::Closed;
      }
      self.take_injected(queue);
      if !queue.is_empty() && self.shared.take_demand() {
        self.deliver_queued(queue);
        continue;
      }
      let want_socket = match self.mode {
        ReceiveMode::Direct => queue.is_empty() && self.shared.has_demand(),
        ReceiveMode::Buffered { .. } => !queue.is_full(),
      };
      if want_socket && self.shared.congested.load(Ordering::Acquire) {
        // Only a read that finds the socket empty ends the congestion (and yields the recovered
        // marker); poll() would sleep on an empty socket without ever making that read.
        if let Err(error) = self.read_available(queue) {
          return LoopExit::Failed(ReceiveError::from_nl(&error));
        }
        continue;
      }
      let readiness = match self.wait(want_socket) {
        Ok(readiness) => readiness,
        Err(error) => return LoopExit::Failed(ReceiveError::from_nl(&error)),
      };
      if readiness.socket {
        if let Err(error) = self.read_available(queue) {
          return LoopExit::Failed(ReceiveError::from_nl(&error));
        }
      }
    }
  }

  /// Queues injected datagrams (rare: failed background sends), past the capacity if need be:
  /// they answer requests that are waiting, so they are never dropped.
  fn take_injected(&self, queue: &mut DatagramQueue) {
    let injected = std::mem::take(&mut *self.shared.injected.lock().unwrap_or_else(PoisonError::into_inner));
    for data in injected {
      queue.push_over_capacity(Datagram {
        data: PooledBuffer::unpooled(data),
        group: 0,
        text: Vec::new(),
      });
    }
  }

  /// Sleeps until the wakeup fd (and, if `want_socket`, the socket) is readable.
  fn wait(&self, want_socket: bool) -> Result<Readiness, NlError> {
    let mut fds = [
      libc::pollfd {
        fd: self.shared.wakeup.fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
      },
      libc::pollfd {
        fd: self.socket.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
      },
    ];
    let count = if want_socket { 2 } else { 1 };
    loop {
      // SAFETY: `fds` holds `count` valid pollfd entries.
      let rc = unsafe { libc::poll(fds.as_mut_ptr(), count as libc::nfds_t, -1) };
      if rc >= 0 {
        break;
      }
      let err = std::io::Error::last_os_error();
      if err.raw_os_error() != Some(libc::EINTR) {
        return Err(NlError::from_io(&err, "poll(netlink socket)"));
      }
    }
    if fds[0].revents != 0 {
      self.shared.wakeup.clear();
    }
    let socket_events = if want_socket { fds[1].revents } else { 0 };
    if socket_events & libc::POLLNVAL != 0 {
      return Err(NlError::new(
        libc::EBADF,
        "poll(netlink socket): descriptor is not open",
      ));
    }
    // POLLERR (e.g. a pending ENOBUFS) is surfaced by the next recvmsg.
    Ok(Readiness {
      socket: socket_events & (libc::POLLIN | libc::POLLERR) != 0,
    })
  }

  /// Reads datagrams without blocking until the queue is full, nothing is pending, or (buffered
  /// mode, with a demand waiting) something can be delivered. Direct mode reads what is waiting,
  /// up to its batch, and delivers it as one.
  fn read_available(&self, queue: &mut DatagramQueue) -> Result<(), NlError> {
    let eager = matches!(self.mode, ReceiveMode::Buffered { .. });
    let _reading = self.shared.reader.lock().unwrap_or_else(PoisonError::into_inner);
    let mut bytes = 0;
    while !queue.is_full() && !self.shared.is_closed() && (eager || bytes < DIRECT_BATCH_BYTES) {
      let datagram = match read_one(&self.socket, &self.pool, &self.shared) {
        ReadOne::Datagram(datagram) => datagram,
        ReadOne::FilteredAway => continue, // nothing left to deliver; keep the demand and read on
        ReadOne::WouldBlock => return Ok(()),
        ReadOne::Failed(error) => return Err(error),
      };
      bytes += datagram.data.as_slice().len();
      // Cannot fail: the loop condition checked for room.
      let _ = queue.push(datagram);
      self.shared.counters.queued.store(queue.len() as u64, Ordering::Relaxed);
      if eager && self.shared.has_demand() {
        return Ok(());
      }
    }
    Ok(())
  }

  /// After a failure: hand over what is queued (one delivery per demand), then the error, then
  /// stop. Returns early if the socket is closed meanwhile.
  fn finish_with_error(&self, queue: &mut DatagramQueue, error: ReceiveError) {
    let mut error = Some(error);
    while !self.shared.is_closed() {
      if self.shared.take_demand() {
        if queue.is_empty() {
          self.sink.deliver(Delivery {
            datagrams: Vec::new(),
            error: error.take(),
          });
          return;
        }
        self.deliver_queued(queue);
        continue;
      }
      if self.wait(false).is_err() {
        return;
      }
    }
  }
}
