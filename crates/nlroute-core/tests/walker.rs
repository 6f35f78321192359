//! Walker tests on captured kernel datagrams and on corrupted copies of them.

mod common;

use nlroute_core::consts::{IFINFOMSG_LEN, IFLA_IFNAME, NLMSG_DONE, RTM_NEWLINK};
use nlroute_core::parsers::route::{RTMSG_LEN, RTM_NEWROUTE};
use nlroute_core::{Attributes, Messages, WalkError};

#[test]
fn captured_route_dump_walks_cleanly() {
  let (routes, done) = common::route_dump();
  let messages: Vec<_> = Messages::new(&routes).collect::<Result<_, _>>().unwrap();
  assert_eq!(messages.len(), 27);
  assert!(messages
    .iter()
    .all(|message| message.kind() == RTM_NEWROUTE && message.seq() == 1));
  for message in &messages {
    let attributes: Vec<_> = Attributes::new(&message.payload()[RTMSG_LEN..])
      .collect::<Result<_, _>>()
      .unwrap();
    assert!(!attributes.is_empty());
  }
  let done: Vec<_> = Messages::new(&done).collect::<Result<_, _>>().unwrap();
  assert_eq!(done.len(), 1);
  assert_eq!(done[0].kind(), NLMSG_DONE);
}

#[test]
fn captured_link_dump_contains_lo_and_the_veths() {
  let mut names = Vec::new();
  for datagram in common::fixture("link-dump.bin") {
    for message in Messages::new(&datagram) {
      let message = message.unwrap();
      if message.kind() != RTM_NEWLINK {
        continue;
      }
      for attribute in Attributes::new(&message.payload()[IFINFOMSG_LEN..]) {
        let attribute = attribute.unwrap();
        if attribute.kind == IFLA_IFNAME {
          names.push(
            String::from_utf8_lossy(attribute.payload)
              .trim_end_matches('\0')
              .to_string(),
          );
        }
      }
    }
  }
  names.sort();
  assert_eq!(names, ["lo", "veth0", "veth1"]);
}

/// Offsets at which messages of `datagram` start, plus its end.
fn boundaries(datagram: &[u8]) -> Vec<usize> {
  let mut offsets: Vec<usize> = Messages::new(datagram).map(|message| message.unwrap().offset).collect();
  offsets.push(datagram.len());
  offsets
}

#[test]
fn truncation_at_every_byte_is_detected_and_terminates() {
  let (routes, _) = common::route_dump();
  let starts = boundaries(&routes);
  for cut in 0..=routes.len() {
    let truncated = &routes[..cut];
    let results: Vec<_> = Messages::new(truncated).collect();
    assert!(results.len() <= 28, "cut {cut}: walked too far");
    let complete = starts.iter().filter(|&&start| start > 0 && start <= cut).count();
    let good = results.iter().filter(|result| result.is_ok()).count();
    let errors: Vec<_> = results.iter().filter_map(|result| result.as_ref().err()).collect();
    if starts.contains(&cut) {
      assert_eq!((good, errors.len()), (complete, 0), "cut {cut} at a message boundary");
    } else {
      assert_eq!(good, complete, "cut {cut}: complete messages");
      assert_eq!(errors.len(), 1, "cut {cut}: exactly one error, then stop");
      assert!(results.last().unwrap().is_err(), "cut {cut}: the error comes last");
      let WalkError::Malformed { offset, .. } = *errors[0];
      assert_eq!(offset, starts[complete], "cut {cut}: error names the broken message");
    }
  }
}

fn set_len(datagram: &mut [u8], offset: usize, len: u32) {
  datagram[offset..offset + 4].copy_from_slice(&len.to_ne_bytes());
}

#[test]
fn bad_message_lengths_stop_the_walk() {
  let (routes, _) = common::route_dump();
  let second = boundaries(&routes)[1];
  for bad_len in [0u32, 1, 15, routes.len() as u32 + 1, u32::MAX] {
    let mut corrupted = routes.clone();
    set_len(&mut corrupted, second, bad_len);
    let results: Vec<_> = Messages::new(&corrupted).collect();
    assert_eq!(results.len(), 2, "len {bad_len}");
    assert!(results[0].is_ok());
    let expected_available = routes.len() - second;
    let claimed = bad_len as usize;
    assert_eq!(
      results[1].as_ref().unwrap_err(),
      &WalkError::Malformed {
        offset: second,
        claimed_len: claimed,
        available: expected_available
      },
      "len {bad_len}"
    );
  }
}

#[test]
fn bad_attribute_lengths_stop_the_walk() {
  let routes = common::routes();
  let route = &routes[0];
  let attributes = &route[16 + RTMSG_LEN..];
  let count = Attributes::new(attributes).count();
  assert!(count >= 2);
  for bad_len in [0u16, 1, 3, attributes.len() as u16 + 4] {
    let mut corrupted = attributes.to_vec();
    corrupted[0..2].copy_from_slice(&bad_len.to_ne_bytes());
    let results: Vec<_> = Attributes::new(&corrupted).collect();
    assert_eq!(results.len(), 1, "attr len {bad_len}");
    assert!(results[0].is_err());
  }
  // Truncated inside the last attribute.
  let results: Vec<_> = Attributes::new(&attributes[..attributes.len() - 1]).collect();
  assert_eq!(results.len(), count);
  assert!(results.last().unwrap().is_err());
  // Fewer than 4 bytes left.
  assert!(Attributes::new(&[1, 0]).next().unwrap().is_err());
}
