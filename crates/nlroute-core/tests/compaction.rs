//! In-place filtering of datagrams by registered native parsers (ParserRegistry).

mod common;

use nlroute_core::consts::{NLMSG_DONE, NLM_F_DUMP_INTR};
use nlroute_core::parsers::route::RTM_NEWROUTE;
use nlroute_core::parsers::ParserRegistry;
use nlroute_core::{build_parser, Messages, ParserOptions};

fn default_routes() -> Box<dyn nlroute_core::NativeParser> {
  build_parser(&ParserOptions::new("defaultRoutes")).unwrap()
}

fn registry_for(seq: u32) -> ParserRegistry {
  let mut registry = ParserRegistry::new();
  registry.insert(seq, default_routes());
  registry
}

#[test]
fn rejected_messages_are_removed_in_place() {
  let (mut routes, mut done) = common::route_dump();
  let address = routes.as_ptr();
  let capacity = routes.capacity();
  let mut registry = registry_for(1);
  let outcome = registry.filter_datagram(&mut routes, &mut Vec::new());
  assert_eq!(outcome.dropped, 24);
  assert_eq!(
    (routes.as_ptr(), routes.capacity()),
    (address, capacity),
    "no reallocation"
  );
  let kept = common::messages(&routes);
  assert_eq!(kept.len(), 3);
  assert!(
    kept.iter().all(|message| common::summary(message).2.is_empty()),
    "only default routes"
  );
  let original_done = done.clone();
  assert_eq!(registry.filter_datagram(&mut done, &mut Vec::new()).dropped, 0);
  assert_eq!(done, original_done, "DONE passes untouched");
}

#[test]
fn only_the_registered_sequence_number_is_filtered() {
  let mut messages = common::routes();
  for message in messages.iter_mut().skip(10) {
    common::set_seq(message, 2);
  }
  let mut datagram = common::datagram(&messages);
  let outcome = registry_for(2).filter_datagram(&mut datagram, &mut Vec::new());
  let kept = common::messages(&datagram);
  assert_eq!(
    kept.len(),
    10 + 1,
    "seq 1 untouched, one default route (v6) left of seq 2"
  );
  assert_eq!(outcome.dropped, 16);
  assert!(kept[..10].iter().all(|message| common::seq(message) == 1));
  let mut empty = ParserRegistry::new();
  let mut again = common::datagram(&common::routes());
  assert_eq!(empty.filter_datagram(&mut again, &mut Vec::new()).dropped, 0);
  assert_eq!(
    again,
    common::datagram(&common::routes()),
    "no parsers: nothing changes"
  );
}

#[test]
fn all_rejected_datagram_becomes_empty() {
  let blackholes: Vec<_> = common::routes()
    .into_iter()
    .filter(|route| !common::summary(route).2.is_empty())
    .collect();
  let mut datagram = common::datagram(&blackholes);
  let outcome = registry_for(1).filter_datagram(&mut datagram, &mut Vec::new());
  assert!(datagram.is_empty());
  assert_eq!(outcome.dropped, blackholes.len());
}

#[test]
fn dump_interrupted_on_a_dropped_message_is_moved_to_done() {
  let mut messages = common::routes();
  let interrupted = messages
    .iter()
    .position(|route| !common::summary(route).2.is_empty())
    .unwrap();
  let flags = common::flags(&messages[interrupted]);
  common::set_flags(&mut messages[interrupted], flags | NLM_F_DUMP_INTR);
  let mut registry = registry_for(1);
  let mut datagram = common::datagram(&messages);
  registry.filter_datagram(&mut datagram, &mut Vec::new());
  assert!(common::messages(&datagram)
    .iter()
    .all(|message| common::flags(message) & NLM_F_DUMP_INTR == 0));

  // Another sequence number's DONE is not touched...
  let mut other_done = common::done(9);
  registry.filter_datagram(&mut other_done, &mut Vec::new());
  assert_eq!(common::flags(&other_done) & NLM_F_DUMP_INTR, 0);
  // ...but the DONE of the filtered dump carries the flag.
  let (_, mut done) = common::route_dump();
  registry.filter_datagram(&mut done, &mut Vec::new());
  let done = common::messages(&done);
  assert_eq!(common::kind(&done[0]), NLMSG_DONE);
  assert_eq!(common::flags(&done[0]) & NLM_F_DUMP_INTR, NLM_F_DUMP_INTR);
  assert_eq!(common::flags(&done[0]) & !NLM_F_DUMP_INTR, 0x2, "other flags kept");
}

#[test]
fn done_in_the_same_datagram_gets_the_flag_too() {
  let mut messages = common::routes();
  let last = messages.len() - 1; // a local-table IPv6 route: rejected
  let flags = common::flags(&messages[last]);
  common::set_flags(&mut messages[last], flags | NLM_F_DUMP_INTR);
  messages.push(common::done(1));
  let mut datagram = common::datagram(&messages);
  registry_for(1).filter_datagram(&mut datagram, &mut Vec::new());
  let kept = common::messages(&datagram);
  assert_eq!(kept.len(), 4);
  assert_eq!(common::kind(&kept[3]), NLMSG_DONE);
  assert_ne!(common::flags(&kept[3]) & NLM_F_DUMP_INTR, 0);
}

#[test]
fn a_malformed_message_stops_filtering_and_the_rest_passes_raw() {
  let messages = common::routes();
  let mut datagram = common::datagram(&messages);
  // Corrupt the length of the 6th message so it runs past the end.
  let sixth = Messages::new(&datagram).nth(5).unwrap().unwrap().offset;
  let raw_tail = {
    let bogus = (datagram.len() as u32) * 2;
    datagram[sixth..sixth + 4].copy_from_slice(&bogus.to_ne_bytes());
    datagram[sixth..].to_vec()
  };
  let outcome = registry_for(1).filter_datagram(&mut datagram, &mut Vec::new());
  // Of the first five messages the two default routes stay (0/0@100 and 0/0@254).
  assert_eq!(outcome.dropped, 3);
  let walked: Vec<_> = Messages::new(&datagram).collect();
  assert_eq!(walked.iter().filter(|result| result.is_ok()).count(), 2);
  assert!(walked.last().unwrap().is_err(), "JS still sees the malformed part");
  assert!(datagram.ends_with(&raw_tail));
  assert!(walked[..2]
    .iter()
    .all(|message| message.as_ref().unwrap().kind() == RTM_NEWROUTE));
}

#[test]
fn clear_stops_filtering() {
  let mut registry = registry_for(1);
  assert!(registry.remove(1));
  assert!(!registry.remove(1));
  let mut datagram = common::datagram(&common::routes());
  assert_eq!(registry.filter_datagram(&mut datagram, &mut Vec::new()).dropped, 0);
  assert_eq!(common::messages(&datagram).len(), 27);
}

#[test]
fn compacting_parsers_write_each_kept_routes_dst_text_where_its_slot_points() {
  use nlroute_core::parsers::route_compact::{DST_TEXT_BIT, RTM_NEWROUTE_COMPACT};
  let messages = common::routes();
  let mut registry = ParserRegistry::new();
  // Keep IPv4 routes only, so that some are dropped between the ones written.
  let options = ParserOptions::new("routeFilter")
    .with("family", 2u32)
    .with("compact", true);
  registry.insert(1, build_parser(&options).unwrap());
  let mut datagram = common::datagram(&messages);
  let mut text = b"already there".to_vec();
  let outcome = registry.filter_datagram(&mut datagram, &mut text);
  assert!(outcome.dropped > 0);
  let text = String::from_utf8(text).unwrap();
  let mut expected: Vec<String> = messages
    .iter()
    .map(|message| common::summary(message))
    .filter(|(family, ..)| *family == 2)
    .map(|(_, dst_len, dst, _)| match dst[..] {
      [a, b, c, d] => format!("{a}.{b}.{c}.{d}/{dst_len}"),
      _ => format!("0.0.0.0/{dst_len}"), // a default route: no RTA_DST
    })
    .collect();
  let mut found = Vec::new();
  for message in common::messages(&datagram) {
    assert_eq!(common::kind(&message), RTM_NEWROUTE_COMPACT);
    let block = 16 + 12;
    let present = u16::from_ne_bytes([message[block], message[block + 1]]);
    if present & DST_TEXT_BIT == 0 {
      continue;
    }
    // The dstText word follows the other slots: u32 words for bits 0..5, 4-byte IPv4 addresses for 6..9.
    let words = (present & 0x3f).count_ones() as usize;
    let addresses = (present & 0x3c0).count_ones() as usize;
    let at = block + 4 + 4 * words + 4 * addresses;
    let word = u32::from_ne_bytes(message[at..at + 4].try_into().unwrap()) as usize;
    found.push(text[word >> 8..(word >> 8) + (word & 0xff)].to_string());
  }
  assert!(text.starts_with("already there"), "appended, not replaced");
  expected.sort();
  found.sort();
  assert_eq!(found, expected, "every kept route, each at its own place");
}
