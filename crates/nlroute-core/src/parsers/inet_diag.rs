//! `inetDiagFilter`: keep sock_diag inet answers (struct inet_diag_msg) that match what the kernel
//! has no filter for. The kernel filters states (the idiag_states mask) and ports and addresses
//! (the bytecode); it cannot filter on the owner, so `uid` is kept here, where a host with 100k
//! connections costs a receive loop rather than 100k JavaScript objects.

use super::{NativeParser, OptionsError, ParserOptions};
use crate::consts::NLMSG_HDRLEN;

/// SOCK_DIAG_BY_FAMILY, the type of every sock_diag answer (linux/sock_diag.h).
pub const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// sizeof(struct inet_diag_msg).
pub const INET_DIAG_MSG_LEN: usize = 72;
/// Offset of idiag_uid inside struct inet_diag_msg.
const IDIAG_UID: usize = 64;

/// Accepts inet_diag_msg answers whose owner is `uid`.
#[derive(Debug, Clone, Default)]
pub struct InetDiagFilter {
  uid: Option<u32>,
}

impl InetDiagFilter {
  /// The fields [`InetDiagFilter::from_options`] reads; a spec with any other is rejected.
  pub const FIELDS: &'static [&'static str] = &["uid"];

  /// Reads `uid`.
  pub fn from_options(options: &ParserOptions) -> Result<Self, OptionsError> {
    Ok(InetDiagFilter {
      uid: options.u32("uid")?,
    })
  }
}

fn u16_at(msg: &[u8], at: usize) -> u16 {
  u16::from_ne_bytes([msg[at], msg[at + 1]])
}

fn u32_at(msg: &[u8], at: usize) -> u32 {
  u32::from_ne_bytes([msg[at], msg[at + 1], msg[at + 2], msg[at + 3]])
}

impl NativeParser for InetDiagFilter {
  fn accept(&mut self, msg: &[u8]) -> bool {
    // Let JavaScript see (and report) what is not an inet_diag_msg.
    if msg.len() < NLMSG_HDRLEN + INET_DIAG_MSG_LEN || u16_at(msg, 4) != SOCK_DIAG_BY_FAMILY {
      return true;
    }
    let head = NLMSG_HDRLEN;
    self.uid.is_none_or(|uid| u32_at(msg, head + IDIAG_UID) == uid)
  }
}

#[cfg(test)]
mod tests {
  use super::*;
  use crate::parsers::build;

  /// An answer laid out per linux/inet_diag.h: nlmsghdr, then inet_diag_msg with `uid`.
  fn answer(uid: u32) -> Vec<u8> {
    let len = NLMSG_HDRLEN + INET_DIAG_MSG_LEN;
    let mut m = vec![0u8; len];
    m[0..4].copy_from_slice(&(len as u32).to_ne_bytes());
    m[4..6].copy_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    m[NLMSG_HDRLEN] = libc::AF_INET as u8;
    m[NLMSG_HDRLEN + 1] = 10; // TCP_LISTEN
    m[NLMSG_HDRLEN + IDIAG_UID..NLMSG_HDRLEN + IDIAG_UID + 4].copy_from_slice(&uid.to_ne_bytes());
    m
  }

  #[test]
  fn keeps_the_owner_asked_for_and_drops_the_others() {
    let mut filter = build(&ParserOptions::new("inetDiagFilter").with("uid", 1000u32)).unwrap();
    assert!(filter.accept(&answer(1000)));
    assert!(!filter.accept(&answer(0)));
  }

  #[test]
  fn without_fields_keeps_everything() {
    let mut filter = build(&ParserOptions::new("inetDiagFilter")).unwrap();
    assert!(filter.accept(&answer(0)));
    assert!(filter.accept(&answer(65534)));
  }

  #[test]
  fn short_or_foreign_messages_are_left_to_javascript() {
    let mut filter = build(&ParserOptions::new("inetDiagFilter").with("uid", 1u32)).unwrap();
    let full = answer(0);
    assert!(filter.accept(&full[..NLMSG_HDRLEN + 8]));
    let mut other = answer(0);
    other[4..6].copy_from_slice(&2u16.to_ne_bytes());
    assert!(filter.accept(&other));
  }

  #[test]
  fn a_bad_uid_is_a_range_or_type_error() {
    let err = build(&ParserOptions::new("inetDiagFilter").with("uid", -1))
      .err()
      .unwrap();
    assert_eq!(err.field(), Some("uid"));
    assert!(!err.is_type_error());
    let err = build(&ParserOptions::new("inetDiagFilter").with("uid", "root"))
      .err()
      .unwrap();
    assert!(err.is_type_error());
    let err = build(&ParserOptions::new("inetDiagFilter").with("states", 1u32))
      .err()
      .unwrap();
    assert_eq!(err.field(), Some("states"));
  }
}
