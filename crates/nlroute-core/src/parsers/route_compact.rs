//! The compact form of a route message: the attributes every route has, moved out of their TLV
//! headers into fixed slots, in place, by the receive thread.
//!
//! Why: the first dump of a process runs the JavaScript route decoder in V8's interpreter, where
//! walking attribute headers and switching on their types costs most of the time (about 2 µs
//! a route before V8 has optimised the decoder, 0.1 µs after). A route parser given
//! `compact: true` rewrites each route it keeps, so JavaScript reads those values at known places.
//!
//! The rewrite keeps the netlink framing (`nlmsg_len`, flags, sequence number) and the `rtmsg`
//! header as they are, changes `nlmsg_type` to [`RTM_NEWROUTE_COMPACT`] and replaces the
//! attributes with:
//!
//! ```text
//!   u16 present    one bit per slot below (COMPACT_* order)
//!   u16 end        where the message's data now ends, from the start of its nlmsghdr
//!   slots          each present slot, in bit order: u32 table, oif, iif, priority, nhId, pref
//!                  (its byte in a u32), then dst, src, gateway, prefsrc (4 or 16 bytes each),
//!                  then dstText (a u32: offset << 8 | length, see below)
//!   tail           every other attribute, unchanged and in its order, up to `end`
//! ```
//!
//! The destination's text: when the message has room for one more word (at least two attributes
//! moved), the rewrite appends the route's `addr/len` text (the form the
//! JavaScript decoder gives `Route.dst`: dotted quad, or RFC 5952 for IPv6) to the datagram's side
//! text and fills the dstText slot with where it is in that text. The receive thread hands the text
//! over with its datagram as one string ([`crate::Datagram::text`]), so the decoder takes a
//! substring instead of formatting digits, which costs most of a route before V8 has optimised the
//! decoder (issue 8: the first dump of a process). A message decoded without its datagram's text
//! still decodes the same: the dst slot holds the address bytes either way.
//!
//! An attribute is moved only when the JavaScript decoder (src/iproute/route/decode.ts) would read
//! it into its field: a u32 of 4 bytes, a one-byte pref, an address of the family's length. Any
//! other (a wrong size, an unknown kind, multipath, metrics, cacheinfo) stays in the tail, where
//! the decoder treats it exactly as in an uncompacted message; of repeated kinds the last one wins
//! in both. A message is left as the kernel sent it when it is not an IPv4/IPv6 RTM_NEWROUTE, when
//! its attributes cannot be walked, when it is longer than `end` can say, or when nothing would move.
//! Every moved attribute frees its 4-byte header and the slots take one 4-byte word, so the
//! compact message never outgrows the original.

use super::route::{rtmsg, RTA_DST, RTA_GATEWAY, RTA_IIF, RTA_OIF, RTA_PRIORITY, RTA_TABLE, RTMSG_LEN, RTM_NEWROUTE};
use crate::consts::{align4, AF_INET, AF_INET6, NLMSG_HDRLEN};
use crate::walker::Attributes;

/// `nlmsg_type` of a compacted route: above every rtnetlink message type (RTM_MAX is below 128),
/// so it can never be a kernel's message. The same value as `RTM_NEWROUTE_COMPACT` in
/// src/iproute/route/compact.ts.
pub const RTM_NEWROUTE_COMPACT: u16 = 0xff18;

pub const RTA_PREFSRC: u16 = libc::RTA_PREFSRC;
pub const RTA_SRC: u16 = libc::RTA_SRC;
/// `RTA_PREF` (linux/rtnetlink.h; libc does not name it).
pub const RTA_PREF: u16 = 20;
/// `RTA_NH_ID` (linux/rtnetlink.h; libc does not name it).
pub const RTA_NH_ID: u16 = 30;

/// The slots, in record order, with the attribute each takes: u32 slots first, then addresses.
/// Bit `i` of `present` is slot `i`.
pub const SLOTS: [(&str, u16); 10] = [
  ("table", RTA_TABLE),
  ("oif", RTA_OIF),
  ("iif", RTA_IIF),
  ("priority", RTA_PRIORITY),
  ("nhId", RTA_NH_ID),
  ("pref", RTA_PREF),
  ("dst", RTA_DST),
  ("src", RTA_SRC),
  ("gateway", RTA_GATEWAY),
  ("prefsrc", RTA_PREFSRC),
];
/// Slots before this index are one u32 word; the rest are addresses.
const FIRST_ADDRESS_SLOT: usize = 6;
const PREF_SLOT: usize = 5;
const DST_SLOT: usize = 6;
/// Bit of `present` for the dstText word, which follows the address slots (no attribute moves
/// into it). The same value as `COMPACT_SLOT.DST_TEXT` in src/iproute/route/compact.ts.
pub const DST_TEXT_BIT: u16 = 1 << SLOTS.len();
/// Longest side text a dstText word can point into: its offset has 24 bits.
const MAX_TEXT_OFFSET: usize = (1 << 24) - 1;
/// Offset of the compact block: the attributes' offset (nlmsghdr + rtmsg, both 4-aligned).
const BLOCK: usize = NLMSG_HDRLEN + RTMSG_LEN;
/// The `present` + `end` word.
const BLOCK_HEADER: usize = 4;
/// Largest slots: six words, four IPv6 addresses and the dstText word.
const MAX_SLOTS_LEN: usize = FIRST_ADDRESS_SLOT * 4 + (SLOTS.len() - FIRST_ADDRESS_SLOT) * 16 + 4;

/// The slot an attribute of `kind` with `payload_len` bytes goes to in a route of `address_len`
/// (4 or 16), or None when it stays in the tail.
fn slot_of(kind: u16, payload_len: usize, address_len: usize) -> Option<usize> {
  let slot = SLOTS.iter().position(|(_, slot_kind)| *slot_kind == kind)?;
  let fits = match slot {
    PREF_SLOT => payload_len == 1,
    slot if slot < FIRST_ADDRESS_SLOT => payload_len == 4,
    _ => payload_len == address_len,
  };
  fits.then_some(slot)
}

/// Appends `addr/len` for the `address` bytes (4 or 16) to `text`, as the JavaScript decoder formats
/// a destination (Rust's `Ipv6Addr` display is RFC 5952, IPv4-mapped addresses in dotted form, as
/// src/util/address.ts writes them; __test__/route-compact.spec.mjs compares the two). IPv4, most
/// of any table, by hand: `write!` costs some 1,500 instructions a route.
fn push_prefix_text(text: &mut Vec<u8>, address: &[u8], prefix_len: u8) {
  match *address {
    [a, b, c, d] => {
      for (i, octet) in [a, b, c, d].into_iter().enumerate() {
        if i > 0 {
          text.push(b'.');
        }
        push_decimal(text, octet);
      }
    }
    _ => {
      let Ok(bytes) = <[u8; 16]>::try_from(address) else {
        return;
      };
      use std::io::Write;
      // Writing into a Vec cannot fail.
      let _ = write!(text, "{}", std::net::Ipv6Addr::from(bytes));
    }
  }
  text.push(b'/');
  push_decimal(text, prefix_len);
}

/// Appends `n` in decimal.
fn push_decimal(text: &mut Vec<u8>, n: u8) {
  if n >= 100 {
    text.push(b'0' + n / 100);
  }
  if n >= 10 {
    text.push(b'0' + n / 10 % 10);
  }
  text.push(b'0' + n % 10);
}

/// The address a route without RTA_DST has (a default route's): zero, of the family's length.
const ZERO_ADDRESS: [u8; 16] = [0; 16];

/// Rewrites one whole route message (header included) into the compact form, in place, appending
/// its destination's text to `text` when there is room for the dstText slot; returns whether it
/// did (see the module documentation for when it does not).
pub fn compact_route(msg: &mut [u8], text: &mut Vec<u8>) -> bool {
  if msg.len() < BLOCK || msg.len() > u16::MAX as usize || u16::from_ne_bytes([msg[4], msg[5]]) != RTM_NEWROUTE {
    return false;
  }
  let address_len = match msg[NLMSG_HDRLEN + rtmsg::FAMILY] {
    AF_INET => 4,
    AF_INET6 => 16,
    _ => return false,
  };
  // Pass 1: where each slot's last attribute is (offsets into msg), and that the walk is sound.
  let mut found: [Option<(usize, usize)>; SLOTS.len()] = [None; SLOTS.len()];
  let mut moved = 0usize;
  let mut position = BLOCK;
  for attribute in Attributes::new(&msg[BLOCK..]) {
    let Ok(attribute) = attribute else {
      return false;
    };
    let payload_start = position + 4;
    if let Some(slot) = slot_of(attribute.kind, attribute.payload.len(), address_len) {
      found[slot] = Some((payload_start, attribute.payload.len()));
      moved += 1;
    }
    position += align4(attribute.payload.len() + 4);
  }
  if moved == 0 {
    return false;
  }
  // The slots, copied out before the attributes are moved.
  let mut slots = [0u8; MAX_SLOTS_LEN];
  let mut slots_len = 0;
  let mut present = 0u16;
  for (slot, place) in found.iter().enumerate() {
    let Some((start, len)) = *place else { continue };
    present |= 1 << slot;
    if slot == PREF_SLOT {
      slots[slots_len..slots_len + 4].copy_from_slice(&[msg[start], 0, 0, 0]);
      slots_len += 4;
    } else {
      slots[slots_len..slots_len + len].copy_from_slice(&msg[start..start + len]);
      slots_len += len;
    }
  }
  // Every moved attribute frees its 4-byte header and the block's header takes one word, so the
  // dstText word fits when at least two moved. A route without RTA_DST (a default route) gets the
  // text of the zero address too: the decoder then takes every dst from the text, with no rare
  // branch that would make V8 drop its optimised code in the middle of a first dump.
  let offset = text.len();
  if moved >= 2 && offset <= MAX_TEXT_OFFSET {
    let address = match found[DST_SLOT] {
      Some((start, len)) => &msg[start..start + len],
      None => &ZERO_ADDRESS[..address_len],
    };
    push_prefix_text(text, address, msg[NLMSG_HDRLEN + rtmsg::DST_LEN]);
    let word = ((offset as u32) << 8) | (text.len() - offset) as u32;
    slots[slots_len..slots_len + 4].copy_from_slice(&word.to_ne_bytes());
    slots_len += 4;
    present |= DST_TEXT_BIT;
  }
  // Pass 2: the tail packed to the front of the attribute area (writes never pass reads), then
  // moved behind the block (copy_within allows the overlap).
  let end = msg.len();
  let (mut read, mut write) = (BLOCK, BLOCK);
  while let Some(Ok(attribute)) = Attributes::new(&msg[read..end]).next() {
    let payload_len = attribute.payload.len();
    let span = align4(payload_len + 4).min(end - read);
    if slot_of(attribute.kind, payload_len, address_len).is_none() {
      msg.copy_within(read..read + span, write);
      write += span;
    }
    read += span;
  }
  let tail_len = write - BLOCK;
  let block_len = BLOCK_HEADER + slots_len;
  msg.copy_within(BLOCK..BLOCK + tail_len, BLOCK + block_len);
  let data_end = BLOCK + block_len + tail_len;
  msg[BLOCK..BLOCK + 2].copy_from_slice(&present.to_ne_bytes());
  msg[BLOCK + 2..BLOCK + 4].copy_from_slice(&(data_end as u16).to_ne_bytes());
  msg[BLOCK + BLOCK_HEADER..BLOCK + block_len].copy_from_slice(&slots[..slots_len]);
  msg[data_end..].fill(0);
  msg[4..6].copy_from_slice(&RTM_NEWROUTE_COMPACT.to_ne_bytes());
  true
}

#[cfg(test)]
mod tests {
  use super::*;
  use neli::consts::rtnl::Rta;

  #[test]
  fn attribute_numbers_agree_with_neli() {
    assert_eq!(RTA_PREFSRC, u16::from(Rta::Prefsrc));
    assert_eq!(RTA_SRC, u16::from(Rta::Src));
    assert_eq!(RTA_PREF, u16::from(Rta::Pref));
    assert_eq!(RTA_NH_ID, 30);
  }

  fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut out = ((payload.len() + 4) as u16).to_ne_bytes().to_vec();
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(payload);
    out.resize(align4(out.len()), 0);
    out
  }

  fn route(family: u8, attrs: &[Vec<u8>]) -> Vec<u8> {
    let mut msg = vec![0u8; BLOCK];
    msg[4..6].copy_from_slice(&RTM_NEWROUTE.to_ne_bytes());
    msg[NLMSG_HDRLEN + rtmsg::FAMILY] = family;
    for a in attrs {
      msg.extend_from_slice(a);
    }
    let len = msg.len() as u32;
    msg[0..4].copy_from_slice(&len.to_ne_bytes());
    msg
  }

  #[test]
  fn moves_slots_and_keeps_the_tail_in_order() {
    let cacheinfo = attr(12, &[7; 32]);
    let unknown = attr(99, &[1, 2, 3]);
    let mut msg = route(
      AF_INET,
      &[
        cacheinfo.clone(),
        attr(RTA_TABLE, &254u32.to_ne_bytes()),
        attr(RTA_DST, &[10, 0, 0, 0]),
        unknown.clone(),
        attr(RTA_GATEWAY, &[10, 0, 0, 1]),
        attr(RTA_OIF, &3u32.to_ne_bytes()),
        attr(RTA_PREF, &[1]),
      ],
    );
    msg[NLMSG_HDRLEN + rtmsg::DST_LEN] = 8;
    let original_len = msg.len();
    let mut text = b"earlier".to_vec();
    assert!(compact_route(&mut msg, &mut text));
    assert_eq!(msg.len(), original_len);
    assert_eq!(u16::from_ne_bytes([msg[4], msg[5]]), RTM_NEWROUTE_COMPACT);
    let present = u16::from_ne_bytes([msg[BLOCK], msg[BLOCK + 1]]);
    assert_eq!(present, 0b101_0110_0011); // table, oif, pref, dst, gateway, dstText
    let end = u16::from_ne_bytes([msg[BLOCK + 2], msg[BLOCK + 3]]) as usize;
    let mut slots = BLOCK + 4;
    let word = |at: usize| u32::from_ne_bytes(msg[at..at + 4].try_into().unwrap());
    assert_eq!((word(slots), word(slots + 4), word(slots + 8)), (254, 3, 1));
    slots += 12;
    assert_eq!(&msg[slots..slots + 8], &[10, 0, 0, 0, 10, 0, 0, 1]);
    slots += 8;
    assert_eq!(
      word(slots),
      (7 << 8) | 10,
      "offset 7 (after what the text held), 10 bytes"
    );
    assert_eq!(&text[7..], b"10.0.0.0/8");
    slots += 4;
    let mut tail = cacheinfo;
    tail.extend_from_slice(&unknown);
    assert_eq!(&msg[slots..end], &tail[..]);
    assert!(msg[end..].iter().all(|b| *b == 0));
  }

  #[test]
  fn wrong_sizes_stay_in_the_tail_and_the_last_of_a_kind_wins() {
    let bad_gateway = attr(RTA_GATEWAY, &[1, 2, 3, 4, 5, 6]);
    let mut msg = route(
      AF_INET6,
      &[
        attr(RTA_OIF, &1u32.to_ne_bytes()),
        attr(RTA_OIF, &2u32.to_ne_bytes()),
        bad_gateway.clone(),
        attr(RTA_DST, &[0xfd; 16]),
      ],
    );
    let mut text = Vec::new();
    assert!(compact_route(&mut msg, &mut text));
    let end = u16::from_ne_bytes([msg[BLOCK + 2], msg[BLOCK + 3]]) as usize;
    assert_eq!(
      u16::from_ne_bytes([msg[BLOCK], msg[BLOCK + 1]]),
      (1 << 1) | (1 << 6) | DST_TEXT_BIT
    );
    assert_eq!(u32::from_ne_bytes(msg[BLOCK + 4..BLOCK + 8].try_into().unwrap()), 2);
    assert_eq!(&msg[BLOCK + 8..BLOCK + 24], &[0xfd; 16]);
    assert_eq!(
      u32::from_ne_bytes(msg[BLOCK + 24..BLOCK + 28].try_into().unwrap()),
      text.len() as u32
    );
    assert_eq!(text, b"fdfd:fdfd:fdfd:fdfd:fdfd:fdfd:fdfd:fdfd/0");
    assert_eq!(&msg[BLOCK + 28..end], &bad_gateway[..]);
  }

  #[test]
  fn the_dst_text_needs_a_second_moved_attribute_and_a_default_route_gets_the_zero_address() {
    // Only the destination moves: its freed header is the block's, no room for the dstText word.
    let mut msg = route(AF_INET, &[attr(RTA_DST, &[192, 0, 2, 0])]);
    let mut text = Vec::new();
    assert!(compact_route(&mut msg, &mut text));
    assert_eq!(u16::from_ne_bytes([msg[BLOCK], msg[BLOCK + 1]]), 1 << 6);
    assert!(text.is_empty());
    // No destination (a default route): the zero address's text.
    let mut msg = route(
      AF_INET6,
      &[attr(RTA_TABLE, &7u32.to_ne_bytes()), attr(RTA_OIF, &1u32.to_ne_bytes())],
    );
    assert!(compact_route(&mut msg, &mut text));
    assert_eq!(u16::from_ne_bytes([msg[BLOCK], msg[BLOCK + 1]]), 0b11 | DST_TEXT_BIT);
    assert_eq!(u32::from_ne_bytes(msg[BLOCK + 12..BLOCK + 16].try_into().unwrap()), 4);
    assert_eq!(text, b"::/0");
  }

  #[test]
  fn dst_texts_are_the_decoders_forms() {
    let cases: [(&[u8], u8, &str); 6] = [
      (&[0, 0, 0, 0], 0, "0.0.0.0/0"),
      (&[10, 20, 3, 109], 9, "10.20.3.109/9"),
      (&[255, 255, 255, 255], 32, "255.255.255.255/32"),
      (
        &[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1],
        64,
        "2001:db8::1:0:0:1/64",
      ), // a tie: the leftmost run
      (
        &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1],
        128,
        "::ffff:192.0.2.1/128",
      ),
      (&[0; 16], 0, "::/0"),
    ];
    for (address, prefix_len, expected) in cases {
      let mut text = Vec::new();
      push_prefix_text(&mut text, address, prefix_len);
      assert_eq!(std::str::from_utf8(&text).unwrap(), expected);
    }
  }

  #[test]
  fn leaves_what_it_cannot_or_need_not_compact() {
    // Not an IP family.
    let mut msg = route(7, &[attr(RTA_OIF, &1u32.to_ne_bytes())]);
    let before = msg.clone();
    assert!(!compact_route(&mut msg, &mut Vec::new()));
    assert_eq!(msg, before);
    // Nothing to move.
    let mut msg = route(AF_INET, &[attr(12, &[0; 32])]);
    let before = msg.clone();
    assert!(!compact_route(&mut msg, &mut Vec::new()));
    assert_eq!(msg, before);
    // Attributes that cannot be walked.
    let mut msg = route(AF_INET, &[attr(RTA_OIF, &1u32.to_ne_bytes())]);
    msg.extend_from_slice(&[200, 0, 1, 0]);
    let len = msg.len() as u32;
    msg[0..4].copy_from_slice(&len.to_ne_bytes());
    let before = msg.clone();
    assert!(!compact_route(&mut msg, &mut Vec::new()));
    assert_eq!(msg, before);
  }
}
