//! Memory for received datagrams: a bounded FIFO of datagrams and a bounded pool of buffers.
//!
//! Buffers are recycled instead of reallocated for every datagram: a [`PooledBuffer`] returns its
//! `Vec<u8>` to the [`BufferPool`] when dropped — in Rust, or on the JavaScript thread when the
//! external `Buffer` wrapping it is garbage-collected. Buffers come in power-of-two size classes
//! (512 B .. 64 KiB) so a 100-byte notification does not pin a 32 KiB dump buffer; each class keeps
//! at most [`RETAINED_BYTES_PER_CLASS`] bytes and larger datagrams are allocated exactly and freed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

/// Smallest size class: 512 bytes.
const MIN_CLASS_SHIFT: u32 = 9;
/// Largest pooled size class: 64 KiB. Bigger datagrams get exact, unpooled allocations.
const MAX_CLASS_SHIFT: u32 = 16;
const CLASS_COUNT: usize = (MAX_CLASS_SHIFT - MIN_CLASS_SHIFT + 1) as usize;
/// Upper bound of idle memory kept per size class.
pub const RETAINED_BYTES_PER_CLASS: usize = 4 << 20;

/// Size class index and capacity for a datagram of `size` bytes; `None` when too big to pool.
fn size_class(size: usize) -> Option<(usize, usize)> {
  let capacity = size.max(1 << MIN_CLASS_SHIFT).checked_next_power_of_two()?;
  let shift = capacity.trailing_zeros();
  (shift <= MAX_CLASS_SHIFT).then(|| ((shift - MIN_CLASS_SHIFT) as usize, capacity))
}

/// A bounded pool of reusable receive buffers, shared between the receive thread and the
/// finalizers of the JavaScript Buffers that wrap them.
#[derive(Debug, Default)]
pub struct BufferPool {
  classes: Mutex<[Vec<Vec<u8>>; CLASS_COUNT]>,
  /// Set when the socket closed: idle buffers are freed and returning ones are no longer kept.
  closed: std::sync::atomic::AtomicBool,
}

impl BufferPool {
  /// Creates an empty pool.
  pub fn new() -> Arc<Self> {
    Arc::new(BufferPool::default())
  }

  /// A buffer with capacity for at least `size` bytes, recycled when possible.
  pub fn take(self: &Arc<Self>, size: usize) -> PooledBuffer {
    let data = match size_class(size) {
      Some((class, capacity)) => {
        let recycled = self.lock()[class].pop();
        recycled.unwrap_or_else(|| Vec::with_capacity(capacity))
      }
      None => Vec::with_capacity(size),
    };
    PooledBuffer {
      data,
      pool: Some(Arc::clone(self)),
    }
  }

  /// Frees the idle buffers and stops keeping returned ones (the socket closed; Buffers that
  /// JavaScript still holds free their memory when collected).
  pub fn close(&self) {
    self.closed.store(true, std::sync::atomic::Ordering::Release);
    *self.lock() = Default::default();
  }

  /// Idle buffers currently held (for tests and diagnostics).
  pub fn idle_buffers(&self) -> usize {
    self.lock().iter().map(Vec::len).sum()
  }

  fn give_back(&self, mut data: Vec<u8>) {
    if self.closed.load(std::sync::atomic::Ordering::Acquire) {
      return;
    }
    let capacity = data.capacity();
    let Some((class, class_capacity)) = size_class(capacity) else {
      return;
    };
    if class_capacity != capacity {
      return; // not one of ours (e.g. grown by reserve); let it free
    }
    let mut classes = self.lock();
    if !self.closed.load(std::sync::atomic::Ordering::Acquire)
      && classes[class].len() * capacity < RETAINED_BYTES_PER_CLASS
    {
      data.clear();
      classes[class].push(data);
    }
  }

  fn lock(&self) -> std::sync::MutexGuard<'_, [Vec<Vec<u8>>; CLASS_COUNT]> {
    // A panic while holding this lock cannot leave the free lists inconsistent.
    self.classes.lock().unwrap_or_else(PoisonError::into_inner)
  }
}

/// A `Vec<u8>` that goes back to its pool when dropped.
#[derive(Debug, Default)]
pub struct PooledBuffer {
  data: Vec<u8>,
  pool: Option<Arc<BufferPool>>,
}

impl PooledBuffer {
  /// An empty buffer owned by no pool (overflow markers, tests).
  pub fn empty() -> Self {
    PooledBuffer::default()
  }

  /// A buffer holding `data`, owned by no pool.
  pub fn unpooled(data: Vec<u8>) -> Self {
    PooledBuffer { data, pool: None }
  }

  /// The datagram bytes.
  pub fn as_slice(&self) -> &[u8] {
    &self.data
  }

  /// Mutable access to the vector (receiving, in-place compaction).
  pub fn as_mut_vec(&mut self) -> &mut Vec<u8> {
    &mut self.data
  }

  /// Raw pointer to the bytes, stable for the life of this value (moving it does not move them).
  pub fn as_mut_ptr(&mut self) -> *mut u8 {
    self.data.as_mut_ptr()
  }

  pub fn len(&self) -> usize {
    self.data.len()
  }

  pub fn is_empty(&self) -> bool {
    self.data.is_empty()
  }
}

impl AsMut<Vec<u8>> for PooledBuffer {
  fn as_mut(&mut self) -> &mut Vec<u8> {
    &mut self.data
  }
}

impl Drop for PooledBuffer {
  fn drop(&mut self) {
    if let Some(pool) = self.pool.take() {
      pool.give_back(std::mem::take(&mut self.data));
    }
  }
}

/// One received datagram, or an overflow marker.
#[derive(Debug)]
pub struct Datagram {
  /// The bytes (empty for an overflow marker).
  pub data: PooledBuffer,
  /// Multicast group (0 = unicast), [`Datagram::OVERFLOW_GROUP`] or [`Datagram::RECOVERED_GROUP`].
  pub group: i32,
  /// The side text the native parsers wrote while rewriting its messages (ASCII; empty for
  /// none): the destination texts of compacted routes, which their dstText slots point into
  /// (parsers/route_compact.rs).
  pub text: Vec<u8>,
}

impl Datagram {
  /// Group value of an overflow marker (ENOBUFS: the kernel dropped messages here).
  pub const OVERFLOW_GROUP: i32 = -1;

  /// The marker queued in place of the messages lost to ENOBUFS.
  pub fn overflow_marker() -> Self {
    Datagram {
      data: PooledBuffer::empty(),
      group: Self::OVERFLOW_GROUP,
      text: Vec::new(),
    }
  }

  pub fn is_overflow_marker(&self) -> bool {
    self.group == Self::OVERFLOW_GROUP
  }

  /// Group value of a recovered marker: after an overflow, a read found the socket's queue empty.
  ///
  /// The kernel reports ENOBUFS once and then marks the socket congested: until a `recvmsg` finds
  /// the receive queue empty, every unicast answer that does not fit is dropped without another
  /// ENOBUFS (`netlink_overrun` sets the error only when the socket was not congested yet;
  /// `netlink_rcv_wake` clears the mark). A request sent in that window can lose its answer
  /// silently, so JavaScript holds new requests from an overflow marker until this one.
  pub const RECOVERED_GROUP: i32 = -2;

  /// The marker queued when a read after an overflow finds the socket's queue empty.
  pub fn recovered_marker() -> Self {
    Datagram {
      data: PooledBuffer::empty(),
      group: Self::RECOVERED_GROUP,
      text: Vec::new(),
    }
  }
}

/// FIFO of received datagrams with a fixed capacity (counted in datagrams).
#[derive(Debug)]
pub struct DatagramQueue {
  entries: VecDeque<Datagram>,
  capacity: usize,
}

impl DatagramQueue {
  /// A queue holding at most `capacity` (>= 1) datagrams.
  pub fn new(capacity: usize) -> Self {
    let capacity = capacity.max(1);
    DatagramQueue {
      entries: VecDeque::with_capacity(capacity.min(4096)),
      capacity,
    }
  }

  pub fn len(&self) -> usize {
    self.entries.len()
  }

  pub fn is_empty(&self) -> bool {
    self.entries.is_empty()
  }

  pub fn is_full(&self) -> bool {
    self.entries.len() >= self.capacity
  }

  /// Appends a datagram. The caller checks `is_full` first; a push beyond capacity is refused
  /// and the datagram handed back.
  pub fn push(&mut self, datagram: Datagram) -> Result<(), Datagram> {
    if self.is_full() {
      return Err(datagram);
    }
    self.entries.push_back(datagram);
    Ok(())
  }

  /// Appends a datagram even when the queue is full (for the few datagrams that must not wait).
  pub fn push_over_capacity(&mut self, datagram: Datagram) {
    self.entries.push_back(datagram);
  }

  /// Removes up to `limit` datagrams from the front, in order.
  pub fn pop_batch(&mut self, limit: usize) -> Vec<Datagram> {
    let count = limit.min(self.entries.len());
    self.entries.drain(..count).collect()
  }
}

/// Datagrams at most this big are copied together into one buffer for delivery.
pub const SMALL_DATAGRAM: usize = 4096;
/// Upper bound of one merged buffer.
pub const MERGED_LIMIT: usize = 64 * 1024;

/// Merges runs of small, well-formed datagrams of the same group into one buffer each, so that a
/// burst of small answers (the acks of pipelined requests, one datagram each) crosses into
/// JavaScript as one Buffer instead of hundreds. Netlink messages carry their own lengths, so
/// datagram boundaries mean nothing to the reader; each merged datagram is padded to 4 bytes so
/// the next one starts aligned. Large datagrams (dump chunks) stay zero-copy, and a malformed
/// datagram is never merged, so its ParseError cannot swallow its neighbours.
pub fn merge_small_datagrams(batch: Vec<Datagram>, pool: &Arc<BufferPool>) -> Vec<Datagram> {
  let mergeable = |d: &Datagram| {
    // A datagram with side text is never merged: its dstText slots point into its own text.
    d.group >= 0
      && d.data.len() <= SMALL_DATAGRAM
      && !d.data.is_empty()
      && d.text.is_empty()
      && well_formed(d.data.as_slice())
  };
  if batch.iter().filter(|d| mergeable(d)).count() < 2 {
    return batch;
  }
  let mut out: Vec<Datagram> = Vec::with_capacity(batch.len());
  let mut open: Option<Datagram> = None;
  for datagram in batch {
    if !mergeable(&datagram) {
      out.extend(open.take());
      out.push(datagram);
      continue;
    }
    match open.as_mut() {
      Some(merged)
        if merged.group == datagram.group && align4(merged.data.len()) + datagram.data.len() <= MERGED_LIMIT =>
      {
        let bytes = merged.data.as_mut_vec();
        bytes.resize(align4(bytes.len()), 0);
        bytes.extend_from_slice(datagram.data.as_slice());
      }
      _ => {
        out.extend(open.take());
        let mut data = pool.take(MERGED_LIMIT);
        data.as_mut_vec().extend_from_slice(datagram.data.as_slice());
        open = Some(Datagram {
          data,
          group: datagram.group,
          text: Vec::new(),
        });
      }
    }
  }
  out.extend(open);
  out
}

fn align4(n: usize) -> usize {
  (n + 3) & !3
}

/// Every message length is sane and the last one ends the datagram.
fn well_formed(data: &[u8]) -> bool {
  let mut messages = crate::walker::Messages::new(data);
  for message in messages.by_ref() {
    if message.is_err() {
      return false;
    }
  }
  messages.offset() == data.len()
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn size_classes_are_powers_of_two_between_512_and_64k() {
    assert_eq!(size_class(0), Some((0, 512)));
    assert_eq!(size_class(512), Some((0, 512)));
    assert_eq!(size_class(513), Some((1, 1024)));
    assert_eq!(size_class(32 * 1024), Some((6, 32 * 1024)));
    assert_eq!(size_class(64 * 1024), Some((7, 64 * 1024)));
    assert_eq!(size_class(64 * 1024 + 1), None);
  }

  #[test]
  fn buffers_return_to_the_pool_and_the_pool_is_bounded() {
    let pool = BufferPool::new();
    let first = pool.take(100);
    let address = first.data.as_ptr();
    drop(first);
    assert_eq!(pool.idle_buffers(), 1);
    let again = pool.take(200);
    assert_eq!(again.data.as_ptr(), address, "recycled");
    drop(again);

    let many: Vec<_> = (0..300).map(|_| pool.take(60_000)).collect();
    drop(many);
    assert_eq!(pool.idle_buffers(), 1 + RETAINED_BYTES_PER_CLASS / (64 * 1024));

    let huge = pool.take(100_000);
    assert!(huge.data.capacity() >= 100_000);
    drop(huge);
    assert_eq!(pool.idle_buffers(), 1 + RETAINED_BYTES_PER_CLASS / (64 * 1024));
  }

  #[test]
  fn a_closed_pool_frees_its_idle_buffers_and_keeps_no_returning_ones() {
    let pool = BufferPool::new();
    let held = pool.take(100); // still with JavaScript when the socket closes
    drop(pool.take(100));
    assert_eq!(pool.idle_buffers(), 1);
    pool.close();
    assert_eq!(pool.idle_buffers(), 0);
    drop(held);
    assert_eq!(pool.idle_buffers(), 0, "a buffer returned after close() is freed");
  }

  fn datagram(group: i32, bytes: &[u8]) -> Datagram {
    Datagram {
      data: PooledBuffer::unpooled(bytes.to_vec()),
      group,
      text: Vec::new(),
    }
  }

  /// One netlink message of `len` bytes (header + zero payload) with sequence number `seq`.
  fn message(len: u32, seq: u32) -> Vec<u8> {
    let mut bytes = vec![0u8; len as usize];
    bytes[..4].copy_from_slice(&len.to_le_bytes());
    bytes[4..6].copy_from_slice(&2u16.to_le_bytes());
    bytes[8..12].copy_from_slice(&seq.to_le_bytes());
    bytes
  }

  #[test]
  fn a_small_datagram_with_side_text_is_never_merged() {
    let pool = BufferPool::new();
    let mut with_text = datagram(0, &message(36, 2));
    with_text.text = b"10.0.0.0/8".to_vec();
    let batch = vec![
      datagram(0, &message(36, 1)),
      with_text,
      datagram(0, &message(36, 3)),
      datagram(0, &message(36, 4)),
    ];
    let merged = merge_small_datagrams(batch, &pool);
    let shape: Vec<(usize, &[u8])> = merged.iter().map(|d| (d.data.len(), d.text.as_slice())).collect();
    assert_eq!(
      shape,
      vec![(36, &b""[..]), (36, &b"10.0.0.0/8"[..]), (72, &b""[..])],
      "its dstText slots point into its own text"
    );
  }

  #[test]
  fn small_datagrams_of_one_group_merge_aligned_and_the_rest_stay_apart() {
    let pool = BufferPool::new();
    let unaligned = message(38, 2); // a last message without its padding
    let mut broken = message(36, 9);
    broken[..4].copy_from_slice(&500u32.to_le_bytes());
    let big = message(8000, 7);
    let batch = vec![
      datagram(0, &message(36, 1)),
      datagram(0, &unaligned),
      datagram(0, &message(36, 3)),
      datagram(5, &message(20, 4)),
      datagram(5, &message(20, 5)),
      Datagram::overflow_marker(),
      datagram(0, &broken),
      datagram(0, &big),
      datagram(0, &message(36, 6)),
    ];
    let merged = merge_small_datagrams(batch, &pool);
    let groups: Vec<i32> = merged.iter().map(|d| d.group).collect();
    assert_eq!(groups, vec![0, 5, -1, 0, 0, 0]);
    assert_eq!(
      merged[0].data.len(),
      36 + 40 + 36,
      "padded to 4 bytes between datagrams"
    );
    let seqs: Vec<u32> = crate::walker::Messages::new(merged[0].data.as_slice())
      .map(|m| m.unwrap().seq())
      .collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert_eq!(merged[1].data.len(), 40);
    assert_eq!(
      merged[3].data.as_slice(),
      &broken[..],
      "a malformed datagram is passed on alone"
    );
    assert_eq!(merged[4].data.len(), 8000, "large datagrams stay as they were");
    assert_eq!(merged[5].data.len(), 36);
  }

  #[test]
  fn queue_is_bounded_and_fifo() {
    let mut queue = DatagramQueue::new(2);
    queue
      .push(Datagram {
        data: PooledBuffer::unpooled(vec![1]),
        group: 0,
        text: Vec::new(),
      })
      .unwrap();
    queue.push(Datagram::overflow_marker()).unwrap();
    assert!(queue.is_full());
    assert!(queue.push(Datagram::overflow_marker()).is_err());
    let batch = queue.pop_batch(10);
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0].data.as_slice(), &[1]);
    assert!(batch[1].is_overflow_marker());
  }
}
