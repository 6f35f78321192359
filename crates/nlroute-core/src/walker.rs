//! Zero-allocation, validating iterators over netlink datagrams and attribute streams.
//!
//! Every byte the kernel hands us goes through these walkers before Rust code (native parsers,
//! the rawdump benchmark) looks inside it. They check each length field against the bytes that
//! are really there and stop at the first inconsistency with a [`WalkError`] instead of reading
//! out of bounds or looping forever on a zero length.

use crate::consts::{align4, NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_HDRLEN};

/// Why a datagram or attribute stream could not be walked any further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkError {
  /// The length field at `offset` is inconsistent with the bytes available.
  Malformed {
    /// Byte offset (from the start of the walked slice) of the bad header.
    offset: usize,
    /// The length the header claims (0 when fewer bytes than a header remain).
    claimed_len: usize,
    /// Bytes left in the slice from `offset`.
    available: usize,
  },
}

impl std::fmt::Display for WalkError {
  fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    let WalkError::Malformed {
      offset,
      claimed_len,
      available,
    } = *self;
    write!(
      f,
      "malformed netlink data at offset {offset}: length {claimed_len}, {available} bytes available"
    )
  }
}

impl std::error::Error for WalkError {}

#[inline]
fn read_u16(bytes: &[u8], at: usize) -> u16 {
  u16::from_ne_bytes([bytes[at], bytes[at + 1]])
}

#[inline]
fn read_u32(bytes: &[u8], at: usize) -> u32 {
  u32::from_ne_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// One validated netlink message: header fields plus the whole message bytes (header included).
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
  /// Offset of the message inside the walked datagram.
  pub offset: usize,
  /// The message, exactly `nlmsg_len` bytes, starting with the 16-byte header.
  pub bytes: &'a [u8],
}

impl<'a> Message<'a> {
  /// `nlmsg_len`.
  pub fn len(&self) -> usize {
    self.bytes.len()
  }
  /// Always false: a validated message holds at least its header.
  pub fn is_empty(&self) -> bool {
    false
  }
  /// `nlmsg_type`.
  pub fn kind(&self) -> u16 {
    read_u16(self.bytes, 4)
  }
  /// `nlmsg_flags`.
  pub fn flags(&self) -> u16 {
    read_u16(self.bytes, 6)
  }
  /// `nlmsg_seq`.
  pub fn seq(&self) -> u32 {
    read_u32(self.bytes, 8)
  }
  /// `nlmsg_pid`.
  pub fn port_id(&self) -> u32 {
    read_u32(self.bytes, 12)
  }
  /// The bytes after the header.
  pub fn payload(&self) -> &'a [u8] {
    &self.bytes[NLMSG_HDRLEN..]
  }
}

/// Iterator over the messages of one datagram. Yields `Err` once and then stops.
#[derive(Debug, Clone)]
pub struct Messages<'a> {
  data: &'a [u8],
  offset: usize,
  finished: bool,
}

impl<'a> Messages<'a> {
  /// Walks the messages in `data` (one received datagram).
  pub fn new(data: &'a [u8]) -> Self {
    Messages {
      data,
      offset: 0,
      finished: false,
    }
  }

  /// Offset of the next message to be yielded (the end of the last good message).
  pub fn offset(&self) -> usize {
    self.offset
  }
}

impl<'a> Iterator for Messages<'a> {
  type Item = Result<Message<'a>, WalkError>;

  fn next(&mut self) -> Option<Self::Item> {
    if self.finished || self.offset >= self.data.len() {
      return None;
    }
    let available = self.data.len() - self.offset;
    let claimed_len = if available >= NLMSG_HDRLEN {
      read_u32(self.data, self.offset) as usize
    } else {
      0
    };
    if available < NLMSG_HDRLEN || claimed_len < NLMSG_HDRLEN || claimed_len > available {
      self.finished = true;
      return Some(Err(WalkError::Malformed {
        offset: self.offset,
        claimed_len,
        available,
      }));
    }
    let message = Message {
      offset: self.offset,
      bytes: &self.data[self.offset..self.offset + claimed_len],
    };
    // The padding after the last message may be missing; never step past the end.
    self.offset = (self.offset + align4(claimed_len)).min(self.data.len());
    Some(Ok(message))
  }
}

/// One validated attribute (rtattr / nlattr).
#[derive(Debug, Clone, Copy)]
pub struct Attribute<'a> {
  /// Attribute type with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` masked off.
  pub kind: u16,
  /// Whether `NLA_F_NESTED` was set.
  pub nested: bool,
  /// The payload (`nla_len - 4` bytes).
  pub payload: &'a [u8],
}

impl Attribute<'_> {
  /// The payload as a native-endian u32, if it is exactly 4 bytes long.
  pub fn as_u32(&self) -> Option<u32> {
    (self.payload.len() == 4).then(|| read_u32(self.payload, 0))
  }
}

/// Iterator over an attribute stream. Yields `Err` once and then stops.
#[derive(Debug, Clone)]
pub struct Attributes<'a> {
  data: &'a [u8],
  offset: usize,
  finished: bool,
}

impl<'a> Attributes<'a> {
  /// Walks the attributes in `data` (e.g. a message payload after its fixed family header).
  pub fn new(data: &'a [u8]) -> Self {
    Attributes {
      data,
      offset: 0,
      finished: false,
    }
  }
}

impl<'a> Iterator for Attributes<'a> {
  type Item = Result<Attribute<'a>, WalkError>;

  fn next(&mut self) -> Option<Self::Item> {
    if self.finished || self.offset >= self.data.len() {
      return None;
    }
    let available = self.data.len() - self.offset;
    let claimed_len = if available >= NLA_HDRLEN {
      read_u16(self.data, self.offset) as usize
    } else {
      0
    };
    if available < NLA_HDRLEN || claimed_len < NLA_HDRLEN || claimed_len > available {
      self.finished = true;
      return Some(Err(WalkError::Malformed {
        offset: self.offset,
        claimed_len,
        available,
      }));
    }
    let raw_kind = read_u16(self.data, self.offset + 2);
    let attribute = Attribute {
      kind: raw_kind & NLA_TYPE_MASK,
      nested: raw_kind & NLA_F_NESTED != 0,
      payload: &self.data[self.offset + NLA_HDRLEN..self.offset + claimed_len],
    };
    self.offset = (self.offset + align4(claimed_len)).min(self.data.len());
    Some(Ok(attribute))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn header(len: u32, kind: u16, flags: u16, seq: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(&len.to_ne_bytes());
    bytes.extend_from_slice(&kind.to_ne_bytes());
    bytes.extend_from_slice(&flags.to_ne_bytes());
    bytes.extend_from_slice(&seq.to_ne_bytes());
    bytes.extend_from_slice(&0u32.to_ne_bytes());
    bytes
  }

  #[test]
  fn walks_header_only_messages_and_missing_final_padding() {
    let mut data = header(16, 3, 2, 7);
    let mut second = header(18, 20, 0, 8);
    second.extend_from_slice(&[1, 2]);
    data.extend_from_slice(&second); // 18 bytes, no trailing padding
    let messages: Vec<_> = Messages::new(&data).collect::<Result<_, _>>().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!((messages[0].kind(), messages[0].flags(), messages[0].seq()), (3, 2, 7));
    assert_eq!(messages[1].payload(), &[1, 2]);
  }

  #[test]
  fn attribute_types_are_masked() {
    let data = [8u8, 0, 0x05, 0x80, 1, 2, 3, 4];
    let attribute = Attributes::new(&data).next().unwrap().unwrap();
    assert_eq!(attribute.kind, 5);
    assert!(attribute.nested);
    assert_eq!(attribute.as_u32(), Some(u32::from_ne_bytes([1, 2, 3, 4])));
  }
}
