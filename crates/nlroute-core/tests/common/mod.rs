//! Helpers shared by the integration tests: fixture loading and message surgery.
#![allow(dead_code)]

use std::path::PathBuf;

use nlroute_core::consts::{NLMSG_DONE, NLMSG_HDRLEN};
use nlroute_core::parsers::route::{rtmsg, RTA_DST, RTMSG_LEN, RTM_NEWROUTE};
use nlroute_core::Messages;

pub mod json;

/// Datagrams of a fixture captured by tests/fixtures/capture.sh (u32 LE length + bytes each).
pub fn fixture(name: &str) -> Vec<Vec<u8>> {
  let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    .join("tests/fixtures")
    .join(name);
  let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
  let mut datagrams = Vec::new();
  let mut offset = 0;
  while offset < bytes.len() {
    let len = u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap()) as usize;
    datagrams.push(bytes[offset + 4..offset + 4 + len].to_vec());
    offset += 4 + len;
  }
  datagrams
}

/// The route dump: (datagram with all RTM_NEWROUTE messages, datagram with NLMSG_DONE).
pub fn route_dump() -> (Vec<u8>, Vec<u8>) {
  let datagrams = fixture("route-dump.bin");
  assert_eq!(datagrams.len(), 2, "route fixture layout changed; update the tests");
  (datagrams[0].clone(), datagrams[1].clone())
}

/// Every message of a datagram, as owned bytes (panics on malformed input).
pub fn messages(datagram: &[u8]) -> Vec<Vec<u8>> {
  Messages::new(datagram)
    .map(|message| message.unwrap().bytes.to_vec())
    .collect()
}

/// The RTM_NEWROUTE messages of the route fixture.
pub fn routes() -> Vec<Vec<u8>> {
  let (routes, _) = route_dump();
  let all = messages(&routes);
  assert!(all.iter().all(|message| kind(message) == RTM_NEWROUTE));
  all
}

/// Concatenates messages into one datagram, padding each to 4 bytes.
pub fn datagram(messages: &[Vec<u8>]) -> Vec<u8> {
  let mut bytes = Vec::new();
  for message in messages {
    bytes.extend_from_slice(message);
    while bytes.len() % 4 != 0 {
      bytes.push(0);
    }
  }
  bytes
}

pub fn kind(message: &[u8]) -> u16 {
  u16::from_ne_bytes([message[4], message[5]])
}

pub fn flags(message: &[u8]) -> u16 {
  u16::from_ne_bytes([message[6], message[7]])
}

pub fn set_flags(message: &mut [u8], flags: u16) {
  message[6..8].copy_from_slice(&flags.to_ne_bytes());
}

pub fn seq(message: &[u8]) -> u32 {
  u32::from_ne_bytes(message[8..12].try_into().unwrap())
}

pub fn set_seq(message: &mut [u8], seq: u32) {
  message[8..12].copy_from_slice(&seq.to_ne_bytes());
}

/// A header-only NLMSG_DONE-like control message (the kernel's DONE carries a 4-byte status).
pub fn done(seq: u32) -> Vec<u8> {
  let mut message = nlroute_core::request::message(NLMSG_DONE, 0, seq, &0i32.to_ne_bytes());
  set_flags(&mut message, 0x2); // NLM_F_MULTI, as the kernel sends it
  message
}

/// Route summary used in assertions: (family, dst_len, RTA_DST bytes or empty, table byte).
pub fn summary(message: &[u8]) -> (u8, u8, Vec<u8>, u8) {
  let header = &message[NLMSG_HDRLEN..];
  let (family, dst_len, table) = (header[rtmsg::FAMILY], header[rtmsg::DST_LEN], header[rtmsg::TABLE]);
  let dst = nlroute_core::Attributes::new(&header[RTMSG_LEN..])
    .map(Result::unwrap)
    .find(|attribute| attribute.kind == RTA_DST)
    .map(|attribute| attribute.payload.to_vec())
    .unwrap_or_default();
  (family, dst_len, dst, table)
}

/// `ParserOptions::with` for a field that may be absent, so a test builds its options in one
/// expression.
pub trait MaybeWith: Sized {
  fn maybe<T: Into<nlroute_core::OptionValue>>(self, field: &str, value: Option<T>) -> Self;
}

impl MaybeWith for nlroute_core::ParserOptions {
  fn maybe<T: Into<nlroute_core::OptionValue>>(self, field: &str, value: Option<T>) -> Self {
    match value {
      Some(value) => self.with(field, value),
      None => self,
    }
  }
}
