//! Builders for the few fixed requests Rust itself sends: the rawdump benchmark, fixture capture
//! and tests. Requests from applications are built in JavaScript.

use crate::consts::{IFINFOMSG_INDEX, IFINFOMSG_LEN, NLMSG_HDRLEN, NLM_F_DUMP, NLM_F_REQUEST, RTM_GETLINK};
use crate::parsers::route::{rtmsg, RTMSG_LEN, RTM_GETROUTE};

/// A request message: 16-byte header with `NLM_F_REQUEST | extra_flags`, then `body`.
pub fn message(kind: u16, extra_flags: u16, seq: u32, body: &[u8]) -> Vec<u8> {
  let len = NLMSG_HDRLEN + body.len();
  let mut bytes = Vec::with_capacity(len);
  bytes.extend_from_slice(&(len as u32).to_ne_bytes());
  bytes.extend_from_slice(&kind.to_ne_bytes());
  bytes.extend_from_slice(&(NLM_F_REQUEST | extra_flags).to_ne_bytes());
  bytes.extend_from_slice(&seq.to_ne_bytes());
  bytes.extend_from_slice(&0u32.to_ne_bytes());
  bytes.extend_from_slice(body);
  bytes
}

/// RTM_GETROUTE dump of one address family (0 = all).
pub fn route_dump(seq: u32, family: u8) -> Vec<u8> {
  let mut header = [0u8; RTMSG_LEN];
  header[rtmsg::FAMILY] = family;
  message(RTM_GETROUTE, NLM_F_DUMP, seq, &header)
}

/// RTM_GETLINK dump.
pub fn link_dump(seq: u32) -> Vec<u8> {
  message(RTM_GETLINK, NLM_F_DUMP, seq, &[0u8; IFINFOMSG_LEN])
}

/// RTM_GETLINK of one interface by index: answered by one RTM_NEWLINK (or an NLMSG_ERROR).
pub fn link_get(seq: u32, index: i32) -> Vec<u8> {
  let mut header = [0u8; IFINFOMSG_LEN];
  header[IFINFOMSG_INDEX..IFINFOMSG_INDEX + 4].copy_from_slice(&index.to_ne_bytes());
  message(RTM_GETLINK, 0, seq, &header)
}
