//! Property-based fuzzing of everything in the core that reads bytes from the kernel: the message,
//! attribute and multipath walkers, the native route parsers, in-place filtering of datagrams,
//! merging of small datagrams and the errors synthesized for failed background sends.
//!
//! Inputs are garbage, structured messages built here, and mutations (truncation, bit flips, bad
//! length fields, misalignment, spliced garbage) of the datagrams recorded in the fixtures. Each
//! target checks "no panic, bounded work" and a semantic property against a reference written
//! here independently of the code under test.
//!
//! The case count is proptest's: `PROPTEST_CASES` (256 when unset). With `--nocapture` every
//! target prints one line, `fuzz <target>: <N> inputs, <F> crashes, slowest <µs> µs (<len> bytes)`,
//! which scripts/fuzz.mjs collects: N calls of the code under test (a case may make several),
//! F = 1 when a property failed, and the call that took the most thread CPU time, in whole µs. A failing case is shrunk by proptest and reported as a panic;
//! minimal counterexamples of fixed bugs live on as plain tests at the end of this file.

mod common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use common::MaybeWith;
use nlroute_core::consts::{
  align4, AF_INET, AF_INET6, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, NLMSG_DONE, NLMSG_ERROR,
  NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLMSG_NOOP, NLM_F_DUMP_INTR, RTM_NEWLINK,
};
use nlroute_core::parsers::route::{
  rtmsg, NextHops, RTA_DST, RTA_GATEWAY, RTA_IIF, RTA_MULTIPATH, RTA_OIF, RTA_PRIORITY, RTA_TABLE, RTMSG_LEN,
  RTM_NEWROUTE, RTNEXTHOP_LEN,
};
use nlroute_core::parsers::ParserRegistry;
use nlroute_core::queue::{merge_small_datagrams, MERGED_LIMIT, SMALL_DATAGRAM};
use nlroute_core::sender::synthesized_errors;
use nlroute_core::{build_parser, Attributes, BufferPool, Datagram, Messages, ParserOptions, PooledBuffer, WalkError};

// ---- harness ------------------------------------------------------------------------------------

/// Counts the calls of one target and remembers the slowest.
struct Probe {
  inputs: u64,
  slowest_ns: u128,
  slowest_len: usize,
}

/// CPU time of the calling thread: the targets run in parallel on few cores, and wall-clock time
/// would report the scheduler's pauses as slow inputs.
fn thread_cpu_ns() -> u128 {
  let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
  // SAFETY: clock_gettime only writes the timespec it is given.
  let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
  assert_eq!(rc, 0, "CLOCK_THREAD_CPUTIME_ID");
  now.tv_sec as u128 * 1_000_000_000 + now.tv_nsec as u128
}

/// Runs `f` (one call of the code under test on an input of `len` bytes), timing it.
fn timed<R>(probe: &Mutex<Probe>, len: usize, f: impl FnOnce() -> R) -> R {
  let start = thread_cpu_ns();
  let result = f();
  let elapsed = thread_cpu_ns() - start;
  let mut probe = probe.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
  probe.inputs += 1;
  if elapsed >= probe.slowest_ns {
    probe.slowest_ns = elapsed;
    probe.slowest_len = len;
  }
  result
}

/// Runs one fuzz target and prints its summary line; panics with the shrunk counterexample.
fn fuzz<S: Strategy>(target: &str, strategy: S, property: impl Fn(&Mutex<Probe>, S::Value) -> Result<(), TestCaseError>)
where
  S::Value: std::fmt::Debug,
{
  // Counterexamples are kept as plain #[test]s below, not in proptest-regressions files.
  let config = Config {
    failure_persistence: None,
    ..Config::default()
  };
  let probe = Mutex::new(Probe {
    inputs: 0,
    slowest_ns: 0,
    slowest_len: 0,
  });
  let mut runner = TestRunner::new(config);
  let result = runner.run(&strategy, |value| property(&probe, value));
  let probe = probe.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
  let crashes = usize::from(result.is_err());
  println!(
    "fuzz {target}: {} inputs, {crashes} crashes, slowest {} µs ({} bytes)",
    probe.inputs,
    probe.slowest_ns / 1000,
    probe.slowest_len
  );
  match result {
    Ok(()) => {}
    Err(TestError::Fail(reason, value)) => panic!("fuzz {target}: {reason}\nminimal input: {value:?}"),
    Err(TestError::Abort(reason)) => panic!("fuzz {target}: aborted: {reason}"),
  }
}

// ---- inputs: fixtures and their mutations -----------------------------------------------------

/// Every datagram of every recorded dump: tests/fixtures and __test__/fixtures/core hold
/// length-prefixed datagrams (u32 LE length + bytes, as recv() returned them);
/// __test__/fixtures/iproute holds each dump's messages concatenated, used here as one datagram.
fn recorded() -> &'static [Vec<u8>] {
  static DATAGRAMS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
  DATAGRAMS.get_or_init(|| {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut datagrams = Vec::new();
    for (dir, length_prefixed) in [
      (root.join("tests/fixtures"), true),
      (root.join("../../__test__/fixtures/core"), true),
      (root.join("../../__test__/fixtures/iproute"), false),
    ] {
      let Ok(entries) = std::fs::read_dir(&dir) else { continue };
      let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
        .collect();
      files.sort();
      for file in files {
        let bytes = std::fs::read(&file).unwrap();
        if !length_prefixed {
          datagrams.push(bytes);
          continue;
        }
        let mut at = 0;
        while at + 4 <= bytes.len() {
          let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
          datagrams.push(bytes[at + 4..at + 4 + len].to_vec());
          at += 4 + len;
        }
      }
    }
    assert!(datagrams.len() >= 8, "fixtures missing");
    assert!(
      datagrams.iter().all(|d| Messages::new(d).all(|m| m.is_ok())),
      "a fixture does not walk"
    );
    datagrams
  })
}

/// Length values that sit on the edges of every check.
fn edge_length() -> impl Strategy<Value = u32> {
  prop_oneof![
    prop::sample::select(vec![
      0u32,
      1,
      3,
      4,
      5,
      7,
      8,
      15,
      16,
      17,
      0xffff,
      0x1_0000,
      0x8000_0000,
      u32::MAX
    ]),
    0u32..600,
  ]
}

#[derive(Debug, Clone)]
enum Mutation {
  Truncate(Index),
  FlipBit(Index, u8),
  SetU32(Index, u32),
  SetU16(Index, u16),
  /// Overwrites the length field of the n-th message that still walks.
  SetMessageLen(Index, u32),
  Insert(Index, Vec<u8>),
  Delete(Index, u8),
  /// Shifts everything by 1..3 bytes.
  Misalign(u8),
  Append(Vec<u8>),
  /// Copies a slice of the datagram onto another place.
  Splice(Index, Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
  prop_oneof![
    any::<Index>().prop_map(Mutation::Truncate),
    (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
    (any::<Index>(), edge_length()).prop_map(|(at, value)| Mutation::SetU32(at, value)),
    (any::<Index>(), edge_length()).prop_map(|(at, value)| Mutation::SetU16(at, value as u16)),
    (any::<Index>(), edge_length()).prop_map(|(at, value)| Mutation::SetMessageLen(at, value)),
    (any::<Index>(), prop::collection::vec(any::<u8>(), 1..24)).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
    (any::<Index>(), 1u8..32).prop_map(|(at, count)| Mutation::Delete(at, count)),
    (1u8..4).prop_map(Mutation::Misalign),
    prop::collection::vec(any::<u8>(), 1..40).prop_map(Mutation::Append),
    (any::<Index>(), any::<Index>(), 1u8..64).prop_map(|(from, to, len)| Mutation::Splice(from, to, len)),
  ]
}

fn apply(data: &mut Vec<u8>, mutation: &Mutation) {
  let len = data.len();
  match mutation {
    Mutation::Truncate(at) => data.truncate(if len == 0 { 0 } else { at.index(len + 1) }),
    Mutation::FlipBit(at, bit) if len > 0 => data[at.index(len)] ^= 1 << bit,
    Mutation::SetU32(at, value) if len >= 4 => {
      let at = at.index(len - 3);
      data[at..at + 4].copy_from_slice(&value.to_ne_bytes());
    }
    Mutation::SetU16(at, value) if len >= 2 => {
      let at = at.index(len - 1);
      data[at..at + 2].copy_from_slice(&value.to_ne_bytes());
    }
    Mutation::SetMessageLen(n, value) => {
      let starts: Vec<usize> = Messages::new(data).map_while(Result::ok).map(|m| m.offset).collect();
      if !starts.is_empty() {
        let at = starts[n.index(starts.len())];
        data[at..at + 4].copy_from_slice(&value.to_ne_bytes());
      }
    }
    Mutation::Insert(at, bytes) => {
      let at = at.index(len + 1);
      data.splice(at..at, bytes.iter().copied());
    }
    Mutation::Delete(at, count) if len > 0 => {
      let at = at.index(len);
      let end = (at + *count as usize).min(len);
      data.drain(at..end);
    }
    Mutation::Misalign(shift) => {
      data.splice(0..0, std::iter::repeat_n(0xa5, *shift as usize));
    }
    Mutation::Append(bytes) => data.extend_from_slice(bytes),
    Mutation::Splice(from, to, count) if len > 0 => {
      let from = from.index(len);
      let to = to.index(len);
      let count = (*count as usize).min(len - from).min(len - to);
      data.copy_within(from..from + count, to);
    }
    _ => {}
  }
}

/// A recorded datagram with a few mutations applied (none, sometimes: the clean case matters too).
fn mutated_recording() -> impl Strategy<Value = Vec<u8>> {
  (any::<Index>(), prop::collection::vec(mutation(), 0..5)).prop_map(|(which, mutations)| {
    let all = recorded();
    let mut data = all[which.index(all.len())].clone();
    for mutation in &mutations {
      apply(&mut data, mutation);
    }
    data
  })
}

/// Bytes of any kind a datagram or attribute stream might be made of.
fn datagram_bytes() -> impl Strategy<Value = Vec<u8>> {
  prop_oneof![
    1 => Just(Vec::new()),
    3 => prop::collection::vec(any::<u8>(), 0..80),
    3 => garbage_messages(),
    6 => mutated_recording(),
  ]
}

/// Concatenated header-shaped chunks whose length fields are right, off by a little, or wild.
fn garbage_messages() -> impl Strategy<Value = Vec<u8>> {
  prop::collection::vec((edge_length(), any::<u16>(), 0usize..64, any::<bool>()), 0..8).prop_map(|chunks| {
    let mut data = Vec::new();
    for (claimed, kind, payload, honest) in chunks {
      let real = NLMSG_HDRLEN + payload;
      let len = if honest { real as u32 } else { claimed };
      data.extend_from_slice(&len.to_ne_bytes());
      data.extend_from_slice(&kind.to_ne_bytes());
      data.extend_from_slice(&[0u8; 10]);
      data.extend(std::iter::repeat_n(0x5a, payload));
      if honest {
        data.resize(align4(data.len()), 0);
      }
    }
    data
  })
}

fn within(outer: &[u8], inner: &[u8]) -> bool {
  let start = outer.as_ptr() as usize;
  let at = inner.as_ptr() as usize;
  inner.is_empty() || (at >= start && at + inner.len() <= start + outer.len())
}

// ---- the datagram walker ----------------------------------------------------------------------

#[test]
fn fuzz_messages() {
  fuzz("messages", datagram_bytes(), |probe, data| {
    let n = data.len();
    let limit = n / 4 + 1;
    // take() turns an endless walk into a failed bound instead of a hung test.
    let (results, end) = timed(probe, n, || {
      let mut walk = Messages::new(&data);
      let results: Vec<_> = walk.by_ref().take(limit + 1).collect();
      (results, walk.offset())
    });
    prop_assert!(
      results.len() <= n / NLMSG_HDRLEN + 1,
      "{} items from {n} bytes",
      results.len()
    );
    let mut expected_offset = 0;
    for (i, result) in results.iter().enumerate() {
      match result {
        Ok(message) => {
          prop_assert_eq!(message.offset, expected_offset);
          prop_assert!(within(&data, message.bytes));
          prop_assert_eq!(message.bytes, &data[message.offset..message.offset + message.len()]);
          let claimed = u32::from_ne_bytes(data[message.offset..message.offset + 4].try_into().unwrap()) as usize;
          prop_assert_eq!(message.len(), claimed);
          prop_assert!(claimed >= NLMSG_HDRLEN);
          prop_assert_eq!(
            message.kind(),
            u16::from_ne_bytes([data[message.offset + 4], data[message.offset + 5]])
          );
          prop_assert_eq!(message.payload().len(), claimed - NLMSG_HDRLEN);
          expected_offset = (message.offset + align4(claimed)).min(n);
        }
        Err(WalkError::Malformed {
          offset,
          claimed_len,
          available,
        }) => {
          prop_assert_eq!(i, results.len() - 1, "an error ends the walk");
          prop_assert_eq!(*offset, expected_offset);
          prop_assert_eq!(*available, n - offset);
          let really_claimed = if *available >= NLMSG_HDRLEN {
            u32::from_ne_bytes(data[*offset..*offset + 4].try_into().unwrap()) as usize
          } else {
            0
          };
          prop_assert_eq!(*claimed_len, really_claimed);
          prop_assert!(*available < NLMSG_HDRLEN || *claimed_len < NLMSG_HDRLEN || *claimed_len > *available);
        }
      }
    }
    let failed = results.last().is_some_and(Result::is_err);
    prop_assert_eq!(end, expected_offset);
    if !failed {
      prop_assert_eq!(end, n, "a clean walk covers every byte");
    }
    Ok(())
  });
}

// ---- the attribute walker, nested -------------------------------------------------------------

/// An attribute tree; encoded with correct lengths it must walk back to itself.
#[derive(Debug, Clone)]
enum Tree {
  Leaf { kind: u16, payload: Vec<u8> },
  Nest { kind: u16, children: Vec<Tree> },
}

fn tree() -> impl Strategy<Value = Tree> {
  let leaf =
    (any::<u16>(), prop::collection::vec(any::<u8>(), 0..12)).prop_map(|(kind, payload)| Tree::Leaf { kind, payload });
  leaf.prop_recursive(5, 48, 6, |inner| {
    (any::<u16>(), prop::collection::vec(inner, 0..6)).prop_map(|(kind, children)| Tree::Nest { kind, children })
  })
}

fn encode_tree(trees: &[Tree], out: &mut Vec<u8>) {
  for tree in trees {
    let start = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    let kind = match tree {
      Tree::Leaf { kind, payload } => {
        out.extend_from_slice(payload);
        *kind & !NLA_F_NESTED
      }
      Tree::Nest { kind, children } => {
        encode_tree(children, out);
        *kind | NLA_F_NESTED
      }
    };
    let len = (out.len() - start) as u16;
    out[start..start + 2].copy_from_slice(&len.to_ne_bytes());
    out[start + 2..start + 4].copy_from_slice(&kind.to_ne_bytes());
    out.resize(align4(out.len()), 0);
  }
}

/// Walks `data` and every attribute payload inside it as attributes again (nested or not),
/// checking bounds; returns the number of items seen.
fn walk_nested(data: &[u8], depth: usize) -> Result<usize, TestCaseError> {
  let n = data.len();
  let items: Vec<_> = Attributes::new(data).take(n / 4 + 2).collect();
  prop_assert!(items.len() <= n / 4 + 1, "{} attributes from {n} bytes", items.len());
  let mut seen = items.len();
  for (i, item) in items.iter().enumerate() {
    match item {
      Ok(attribute) => {
        prop_assert!(within(data, attribute.payload));
        prop_assert_eq!(attribute.kind & (NLA_F_NESTED | NLA_F_NET_BYTEORDER), 0);
        if depth < 16 {
          seen += walk_nested(attribute.payload, depth + 1)?;
        }
      }
      Err(WalkError::Malformed { offset, available, .. }) => {
        prop_assert_eq!(i, items.len() - 1, "an error ends the walk");
        prop_assert_eq!(*available, n - offset);
      }
    }
  }
  Ok(seen)
}

/// Compares a walk with the tree it was encoded from.
fn matches_tree(data: &[u8], trees: &[Tree]) -> Result<(), TestCaseError> {
  let walked: Vec<_> = Attributes::new(data)
    .collect::<Result<_, _>>()
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
  prop_assert_eq!(walked.len(), trees.len());
  for (attribute, tree) in walked.iter().zip(trees) {
    match tree {
      Tree::Leaf { kind, payload } => {
        prop_assert!(!attribute.nested);
        prop_assert_eq!(attribute.kind, kind & !(NLA_F_NESTED | NLA_F_NET_BYTEORDER));
        prop_assert_eq!(attribute.payload, &payload[..]);
      }
      Tree::Nest { kind, children } => {
        prop_assert!(attribute.nested);
        prop_assert_eq!(attribute.kind, kind & !(NLA_F_NESTED | NLA_F_NET_BYTEORDER));
        matches_tree(attribute.payload, children)?;
      }
    }
  }
  Ok(())
}

#[derive(Debug, Clone)]
enum AttributeInput {
  /// A well-formed tree: must walk back exactly.
  Clean(Vec<Tree>),
  /// A tree with mutations: only bounds and termination are checked.
  Damaged(Vec<Tree>, Vec<Mutation>),
  /// The attributes of a recorded message (after a fixed header of `skip` bytes), mutated.
  Recorded(Vec<u8>, usize),
  Garbage(Vec<u8>),
}

#[test]
fn fuzz_attributes() {
  let input = prop_oneof![
    3 => prop::collection::vec(tree(), 0..5).prop_map(AttributeInput::Clean),
    3 => (prop::collection::vec(tree(), 1..5), prop::collection::vec(mutation(), 1..4)).prop_map(|(t, m)| AttributeInput::Damaged(t, m)),
    3 => (mutated_recording(), prop::sample::select(vec![0usize, 4, 8, 12, 16])).prop_map(|(d, s)| AttributeInput::Recorded(d, s)),
    1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(AttributeInput::Garbage),
  ];
  fuzz("attributes", input, |probe, input| {
    match &input {
      AttributeInput::Clean(trees) => {
        let mut data = Vec::new();
        encode_tree(trees, &mut data);
        timed(probe, data.len(), || matches_tree(&data, trees))?;
      }
      AttributeInput::Damaged(trees, mutations) => {
        let mut data = Vec::new();
        encode_tree(trees, &mut data);
        for mutation in mutations {
          apply(&mut data, mutation);
        }
        timed(probe, data.len(), || walk_nested(&data, 0))?;
      }
      AttributeInput::Recorded(datagram, skip) => {
        for message in Messages::new(datagram).map_while(Result::ok) {
          let payload = message.payload();
          let attributes = &payload[(*skip).min(payload.len())..];
          timed(probe, attributes.len(), || walk_nested(attributes, 0))?;
        }
      }
      AttributeInput::Garbage(data) => {
        timed(probe, data.len(), || walk_nested(data, 0))?;
      }
    }
    Ok(())
  });
}

// ---- the multipath walker ---------------------------------------------------------------------

/// One generated next hop: ifindex, attributes (kind, payload) and an optional wrong length.
#[derive(Debug, Clone)]
struct Hop {
  ifindex: u32,
  attributes: Vec<(u16, Vec<u8>)>,
  /// Replaces rtnh_len.
  bad_len: Option<u16>,
}

fn address() -> impl Strategy<Value = Vec<u8>> {
  prop_oneof![
    4 => prop::sample::select(vec![[192u8, 0, 2, 1], [192, 0, 2, 2], [10, 1, 0, 0], [10, 0, 0, 0], [0, 0, 0, 0]]).prop_map(|a| a.to_vec()),
    3 => prop::sample::select(vec![0u8, 1, 0xfe]).prop_map(|last| {
      let mut a = vec![0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      a[15] = last;
      a
    }),
    1 => prop::collection::vec(any::<u8>(), 0..20),
  ]
}

fn hop() -> impl Strategy<Value = Hop> {
  let attribute = prop_oneof![
    3 => address().prop_map(|a| (RTA_GATEWAY, a)),
    // 0x8005 is RTA_GATEWAY with NLA_F_NESTED set: still a gateway once masked.
    1 => (prop::sample::select(vec![1u16, 4, 6, 15, 0x8005]), prop::collection::vec(any::<u8>(), 0..8)),
  ];
  (
    prop::sample::select(vec![1u32, 2, 3, 77]),
    prop::collection::vec(attribute, 0..3),
    prop::option::weighted(0.1, edge_length().prop_map(|l| l as u16)),
  )
    .prop_map(|(ifindex, attributes, bad_len)| Hop {
      ifindex,
      attributes,
      bad_len,
    })
}

fn encode_hops(hops: &[Hop]) -> Vec<u8> {
  let mut out = Vec::new();
  for hop in hops {
    let start = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&hop.ifindex.to_ne_bytes());
    for (kind, payload) in &hop.attributes {
      out.extend_from_slice(&((NLA_HDRLEN + payload.len()) as u16).to_ne_bytes());
      out.extend_from_slice(&kind.to_ne_bytes());
      out.extend_from_slice(payload);
      out.resize(align4(out.len()), 0);
    }
    let len = hop.bad_len.unwrap_or((out.len() - start) as u16);
    out[start..start + 2].copy_from_slice(&len.to_ne_bytes());
  }
  out
}

/// One next hop as the reference walk sees it: its ifindex and its first gateway.
type HopSeen = (u32, Option<Vec<u8>>);

/// What a correct multipath walk yields for `hops`: (ifindex, first gateway) per hop up to the
/// first one with a wrong rtnh_len, and whether there is such a hop.
fn reference_hops(hops: &[Hop]) -> (Vec<HopSeen>, bool) {
  let encoded = encode_hops(hops);
  let mut out = Vec::new();
  let mut at = 0;
  for hop in hops {
    let real_len = RTNEXTHOP_LEN + hop.attributes.iter().map(|(_, p)| align4(4 + p.len())).sum::<usize>();
    if encoded.len() - at < RTNEXTHOP_LEN {
      return (out, false);
    }
    match hop.bad_len {
      Some(len) if len as usize != real_len => return (out, true), // the walk is off the rails from here
      _ => {}
    }
    let gateway = hop
      .attributes
      .iter()
      .find(|(kind, _)| *kind & NLA_TYPE_MASK == RTA_GATEWAY)
      .map(|(_, p)| p.clone());
    out.push((hop.ifindex, gateway));
    at += real_len;
  }
  (out, false)
}

#[derive(Debug, Clone)]
enum HopInput {
  Built(Vec<Hop>),
  Damaged(Vec<Hop>, Vec<Mutation>),
  Garbage(Vec<u8>),
}

#[test]
fn fuzz_next_hops() {
  let input = prop_oneof![
    4 => prop::collection::vec(hop(), 0..5).prop_map(HopInput::Built),
    3 => (prop::collection::vec(hop(), 1..5), prop::collection::vec(mutation(), 1..4)).prop_map(|(h, m)| HopInput::Damaged(h, m)),
    1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(HopInput::Garbage),
  ];
  fuzz("next_hops", input, |probe, input| {
    let data = match &input {
      HopInput::Built(hops) => encode_hops(hops),
      HopInput::Damaged(hops, mutations) => {
        let mut data = encode_hops(hops);
        for mutation in mutations {
          apply(&mut data, mutation);
        }
        data
      }
      HopInput::Garbage(data) => data.clone(),
    };
    let n = data.len();
    let walked: Vec<_> = timed(probe, n, || NextHops::new(&data).take(n / 4 + 2).collect());
    prop_assert!(
      walked.len() <= n / RTNEXTHOP_LEN + 1,
      "{} hops from {n} bytes",
      walked.len()
    );
    for (i, hop) in walked.iter().enumerate() {
      match hop {
        Ok(hop) => prop_assert!(hop.gateway.is_none_or(|gateway| within(&data, gateway))),
        Err(_) => prop_assert_eq!(i, walked.len() - 1, "an error ends the walk"),
      }
    }
    if let HopInput::Built(hops) = &input {
      let (expected, derailed) = reference_hops(hops);
      let good: Vec<_> = walked
        .iter()
        .filter_map(|hop| hop.as_ref().ok())
        .map(|hop| (hop.ifindex, hop.gateway.map(<[u8]>::to_vec)))
        .collect();
      if derailed {
        // What follows a wrong rtnh_len is anybody's guess; the hops before it are not.
        prop_assert!(good.len() >= expected.len());
        prop_assert_eq!(&good[..expected.len()], &expected[..]);
      } else {
        prop_assert_eq!(good, expected);
        prop_assert!(walked.iter().all(Result::is_ok));
      }
    }
    Ok(())
  });
}

// ---- route messages and the native parsers ----------------------------------------------------

/// One attribute of a generated route.
#[derive(Debug, Clone)]
enum RouteAttr {
  Dst(Vec<u8>),
  Table(Vec<u8>),
  Oif(Vec<u8>),
  Iif(Vec<u8>),
  Priority(Vec<u8>),
  Gateway(Vec<u8>),
  Multipath(Vec<Hop>),
  Other(u16, Vec<u8>),
}

/// A generated RTM_NEWROUTE (or other type) message.
#[derive(Debug, Clone)]
struct RouteInput {
  kind: u16,
  family: u8,
  dst_len: u8,
  table: u8,
  protocol: u8,
  scope: u8,
  route_type: u8,
  attrs: Vec<(RouteAttr, u16)>,
}

fn u32_payload(values: Vec<u32>) -> impl Strategy<Value = Vec<u8>> {
  prop_oneof![
    8 => prop::sample::select(values).prop_map(|v| v.to_ne_bytes().to_vec()),
    1 => prop::collection::vec(any::<u8>(), 0..8),
  ]
}

fn route_attr() -> impl Strategy<Value = RouteAttr> {
  prop_oneof![
    4 => address().prop_map(RouteAttr::Dst),
    2 => u32_payload(vec![100, 254, 255, 1000, 252]).prop_map(RouteAttr::Table),
    2 => u32_payload(vec![1, 2, 3, 77]).prop_map(RouteAttr::Oif),
    1 => u32_payload(vec![1, 5]).prop_map(RouteAttr::Iif),
    1 => u32_payload(vec![0, 7, 100, 1024]).prop_map(RouteAttr::Priority),
    2 => address().prop_map(RouteAttr::Gateway),
    2 => prop::collection::vec(hop(), 0..4).prop_map(RouteAttr::Multipath),
    1 => (25u16..40, prop::collection::vec(any::<u8>(), 0..12)).prop_map(|(k, p)| RouteAttr::Other(k, p)),
  ]
}

fn route_input() -> impl Strategy<Value = RouteInput> {
  (
    prop::sample::select(vec![
      RTM_NEWROUTE,
      RTM_NEWROUTE,
      RTM_NEWROUTE,
      RTM_NEWLINK,
      25,
      NLMSG_MIN_TYPE,
    ]),
    prop::sample::select(vec![AF_INET, AF_INET6, AF_INET, AF_INET6, 0, 28, 7]),
    prop::sample::select(vec![0u8, 0, 0, 8, 16, 24, 24, 32, 48, 64, 128, 129, 200]),
    prop::sample::select(vec![254u8, 255, 100, 252, 0]),
    prop::sample::select(vec![2u8, 3, 4, 186]),
    prop::sample::select(vec![0u8, 253, 254, 255]),
    prop::sample::select(vec![1u8, 2, 6, 7]),
    prop::collection::vec(
      (
        route_attr(),
        prop::sample::select(vec![0u16, 0, 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER]),
      ),
      0..7,
    ),
  )
    .prop_map(
      |(kind, family, dst_len, table, protocol, scope, route_type, attrs)| RouteInput {
        kind,
        family,
        dst_len,
        table,
        protocol,
        scope,
        route_type,
        attrs,
      },
    )
}

fn encode_route(route: &RouteInput, seq: u32) -> Vec<u8> {
  let mut body = vec![
    route.family,
    route.dst_len,
    0,
    0,
    route.table,
    route.protocol,
    route.scope,
    route.route_type,
  ];
  body.extend_from_slice(&0u32.to_ne_bytes());
  for (attr, flag_bits) in &route.attrs {
    let (kind, payload) = match attr {
      RouteAttr::Dst(p) => (RTA_DST, p.clone()),
      RouteAttr::Table(p) => (RTA_TABLE, p.clone()),
      RouteAttr::Oif(p) => (RTA_OIF, p.clone()),
      RouteAttr::Iif(p) => (RTA_IIF, p.clone()),
      RouteAttr::Priority(p) => (RTA_PRIORITY, p.clone()),
      RouteAttr::Gateway(p) => (RTA_GATEWAY, p.clone()),
      RouteAttr::Multipath(hops) => (RTA_MULTIPATH, encode_hops(hops)),
      RouteAttr::Other(k, p) => (*k, p.clone()),
    };
    body.extend_from_slice(&((4 + payload.len()) as u16).to_ne_bytes());
    body.extend_from_slice(&(kind | flag_bits).to_ne_bytes());
    body.extend_from_slice(&payload);
    body.resize(align4(body.len()), 0);
  }
  let mut message = nlroute_core::request::message(route.kind, 0x2, seq, &body);
  message[6..8].copy_from_slice(&0x2u16.to_ne_bytes()); // NLM_F_MULTI, as in a dump
  message
}

/// The route as the JavaScript decoder reads it, parsed here without the crate's walkers: a later
/// attribute replaces an earlier one. A route with an attribute the filters read at an unexpected
/// size (an address not of its family's length, a u32 that is not 4 bytes, a broken next hop) is
/// Unreadable: kept, for JavaScript to decide.
#[derive(Debug, Default)]
struct ReferenceRoute {
  family: u8,
  dst_len: u8,
  table: u32,
  protocol: u8,
  scope: u8,
  route_type: u8,
  dst: Option<Vec<u8>>,
  oif: Option<u32>,
  iif: Option<u32>,
  priority: Option<u32>,
  gateway: Option<Vec<u8>>,
  multipath: Option<Vec<(u32, Option<Vec<u8>>)>>,
}

enum Reference {
  NotARoute,
  Unreadable,
  Route(ReferenceRoute),
}

fn reference_attrs(data: &[u8]) -> Option<Vec<(u16, &[u8])>> {
  let mut out = Vec::new();
  let mut rest = data;
  while !rest.is_empty() {
    if rest.len() < 4 {
      return None;
    }
    let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
    if len < 4 || len > rest.len() {
      return None;
    }
    out.push((u16::from_ne_bytes([rest[2], rest[3]]) & NLA_TYPE_MASK, &rest[4..len]));
    rest = &rest[align4(len).min(rest.len())..];
  }
  Some(out)
}

fn reference_multipath(data: &[u8]) -> Option<Vec<(u32, Option<Vec<u8>>)>> {
  let mut out = Vec::new();
  let mut rest = data;
  while rest.len() >= RTNEXTHOP_LEN {
    let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
    if len < RTNEXTHOP_LEN || len > rest.len() {
      return None;
    }
    let attrs = reference_attrs(&rest[RTNEXTHOP_LEN..len])?;
    let gateway = attrs
      .iter()
      .find(|(kind, _)| *kind == RTA_GATEWAY)
      .map(|(_, p)| p.to_vec());
    out.push((u32::from_ne_bytes(rest[4..8].try_into().unwrap()), gateway));
    rest = &rest[align4(len).min(rest.len())..];
  }
  Some(out)
}

fn reference_route(message: &[u8]) -> Reference {
  if message.len() < NLMSG_HDRLEN || u16::from_ne_bytes([message[4], message[5]]) != RTM_NEWROUTE {
    return Reference::NotARoute;
  }
  if message.len() < NLMSG_HDRLEN + RTMSG_LEN {
    return Reference::Unreadable;
  }
  let h = &message[NLMSG_HDRLEN..];
  let mut route = ReferenceRoute {
    family: h[rtmsg::FAMILY],
    dst_len: h[rtmsg::DST_LEN],
    table: h[rtmsg::TABLE] as u32,
    protocol: h[rtmsg::PROTOCOL],
    scope: h[rtmsg::SCOPE],
    route_type: h[rtmsg::TYPE],
    ..Default::default()
  };
  let address_ok = |p: &[u8]| match route.family {
    AF_INET => p.len() == 4,
    AF_INET6 => p.len() == 16,
    _ => true,
  };
  let Some(attrs) = reference_attrs(&message[NLMSG_HDRLEN + RTMSG_LEN..]) else {
    return Reference::Unreadable;
  };
  let as_u32 = |p: &[u8]| <[u8; 4]>::try_from(p).ok().map(u32::from_ne_bytes);
  for (kind, payload) in attrs {
    match kind {
      RTA_DST | RTA_GATEWAY if !address_ok(payload) => return Reference::Unreadable,
      RTA_TABLE | RTA_OIF | RTA_IIF | RTA_PRIORITY if payload.len() != 4 => return Reference::Unreadable,
      RTA_DST => route.dst = Some(payload.to_vec()),
      RTA_GATEWAY => route.gateway = Some(payload.to_vec()),
      RTA_TABLE => route.table = as_u32(payload).unwrap(),
      RTA_OIF => route.oif = as_u32(payload),
      RTA_IIF => route.iif = as_u32(payload),
      RTA_PRIORITY => route.priority = as_u32(payload),
      RTA_MULTIPATH => match reference_multipath(payload) {
        Some(hops) => route.multipath = Some(hops),
        None => return Reference::Unreadable,
      },
      _ => {}
    }
  }
  Reference::Route(route)
}

fn bit(bytes: &[u8], i: usize) -> bool {
  bytes[i / 8] & (0x80 >> (i % 8)) != 0
}

/// The first `len` bits of `a` and `b` agree (false when either is shorter than that).
fn same_prefix(a: &[u8], b: &[u8], len: usize) -> bool {
  len <= a.len() * 8 && len <= b.len() * 8 && (0..len).all(|i| bit(a, i) == bit(b, i))
}

fn family_of(address: &[u8]) -> u8 {
  if address.len() == 4 {
    AF_INET
  } else {
    AF_INET6
  }
}

/// A parser's fields, typed, for the strategy and the reference model; the parser itself gets
/// them as JavaScript would give them ([`Spec::options`]).
#[derive(Debug, Clone, Default)]
struct Spec {
  name: &'static str,
  family: Option<u32>,
  table: Option<u32>,
  protocol: Option<u32>,
  route_type: Option<u32>,
  scope: Option<u32>,
  oif: Option<u32>,
  iif: Option<u32>,
  priority: Option<u32>,
  dst: Option<Vec<u8>>,
  dst_len: Option<u32>,
  contains: Option<Vec<u8>>,
  within: Option<Vec<u8>>,
  within_len: Option<u32>,
  gateway: Option<Vec<u8>>,
}

impl Spec {
  fn options(&self) -> ParserOptions {
    ParserOptions::new(self.name)
      .maybe("family", self.family)
      .maybe("table", self.table)
      .maybe("protocol", self.protocol)
      .maybe("type", self.route_type)
      .maybe("scope", self.scope)
      .maybe("oif", self.oif)
      .maybe("iif", self.iif)
      .maybe("priority", self.priority)
      .maybe("dst", self.dst.clone())
      .maybe("dstLen", self.dst_len)
      .maybe("contains", self.contains.clone())
      .maybe("within", self.within.clone())
      .maybe("withinLen", self.within_len)
      .maybe("gateway", self.gateway.clone())
  }
}

/// Whether `spec` (valid; built successfully) keeps `message`, by the documented semantics.
fn reference_accepts(spec: &Spec, message: &[u8]) -> bool {
  let route = match reference_route(message) {
    Reference::NotARoute => return false,
    Reference::Unreadable => return true, // JavaScript reports it
    Reference::Route(route) => route,
  };
  let same = |want: Option<u32>, have: u32| want.is_none_or(|w| w == have);
  let given_family = spec.family.filter(|f| *f != 0).map(|f| f as u8);
  if spec.name == "defaultRoutes" {
    return given_family.is_none_or(|f| f == route.family) && same(spec.table, route.table) && route.dst.is_none();
  }
  // routeFilter: an address field implies its family.
  let family = given_family.or_else(|| {
    spec
      .dst
      .as_deref()
      .or(spec.contains.as_deref())
      .or(spec.within.as_deref())
      .map(family_of)
  });
  let header = family.is_none_or(|f| f == route.family) && same(spec.table, route.table);
  let header = header
    && same(spec.protocol, route.protocol as u32)
    && same(spec.route_type, route.route_type as u32)
    && same(spec.scope, route.scope as u32)
    && spec.iif.is_none_or(|iif| route.iif == Some(iif))
    && spec.priority.is_none_or(|p| route.priority == Some(p));
  let prefix = match (&spec.dst, spec.dst_len) {
    (None, None) => true,
    (dst, len) => {
      let len = len.unwrap_or_else(|| dst.as_ref().map_or(0, |d| d.len() as u32 * 8)) as usize;
      route.dst_len as usize == len
        && match (&route.dst, dst) {
          (None, None) => true,
          (None, Some(_)) => len == 0,
          (Some(_), _) if len == 0 => false,
          (Some(_), None) => true,
          (Some(have), Some(want)) => have.len() == want.len() && same_prefix(have, want, len),
        }
    }
  };
  let contains = spec.contains.as_ref().is_none_or(|address| {
    route.family == family_of(address)
      && route
        .dst
        .as_ref()
        .is_none_or(|dst| dst.len() == address.len() && same_prefix(dst, address, route.dst_len as usize))
  });
  let inside = spec.within.as_ref().is_none_or(|address| {
    let len = spec.within_len.unwrap_or(address.len() as u32 * 8) as usize;
    route.family == family_of(address)
      && route.dst_len as usize >= len
      && match &route.dst {
        None => len == 0,
        Some(dst) => dst.len() == address.len() && same_prefix(dst, address, len),
      }
  });
  // gateway and oif: each on the route or on any next hop (not necessarily the same one).
  let hops = route.multipath.as_deref().unwrap_or(&[]);
  let next_hop = spec.gateway.as_ref().is_none_or(|want| {
    route.gateway.as_ref() == Some(want) || hops.iter().any(|(_, gateway)| gateway.as_ref() == Some(want))
  }) && spec
    .oif
    .is_none_or(|want| route.oif == Some(want) || hops.iter().any(|(ifindex, _)| *ifindex == want));
  header && prefix && contains && inside && next_hop
}

fn parser_spec() -> impl Strategy<Value = Spec> {
  // Sparse specs: with every field set, hardly any route would pass and the accept path would go
  // untested.
  let small = |values: Vec<u32>| prop::option::weighted(0.12, prop::sample::select(values));
  let prefix_len = prop::option::weighted(0.5, prop::sample::select(vec![0u32, 8, 16, 24, 32, 48, 64, 128, 129]));
  (
    prop::sample::select(vec!["defaultRoutes", "routeFilter", "routeFilter", "routeFilter"]),
    (
      small(vec![0, 2, 10, 28, 256]),
      small(vec![100, 254, 255, 1000, 252]),
      small(vec![2, 3, 4, 186, 300]),
      small(vec![1, 2, 6, 7]),
      small(vec![0, 253, 254, 255]),
    ),
    (
      small(vec![1, 2, 3, 77]),
      small(vec![1, 5]),
      small(vec![0, 7, 100, 1024]),
    ),
    (
      prop::option::weighted(0.12, address()),
      prefix_len.clone(),
      prop::option::weighted(0.08, address()),
      prop::option::weighted(0.08, address()),
      prefix_len,
      prop::option::weighted(0.12, address()),
    ),
  )
    .prop_map(
      |(
        name,
        (family, table, protocol, route_type, scope),
        (oif, iif, priority),
        (dst, dst_len, contains, within, within_len, gateway),
      )| Spec {
        name,
        family,
        table,
        protocol,
        route_type,
        scope,
        oif,
        iif,
        priority,
        dst,
        dst_len,
        contains,
        within,
        within_len,
        gateway,
      },
    )
}

#[derive(Debug, Clone)]
enum RouteMessage {
  Built(RouteInput),
  /// A recorded message (the n-th of all recorded messages), mutated.
  Recorded(Index, Vec<Mutation>),
  BuiltDamaged(RouteInput, Vec<Mutation>),
}

fn recorded_messages() -> &'static [Vec<u8>] {
  static MESSAGES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
  MESSAGES.get_or_init(|| {
    recorded()
      .iter()
      .flat_map(|datagram| {
        Messages::new(datagram)
          .map_while(Result::ok)
          .map(|m| m.bytes.to_vec())
          .collect::<Vec<_>>()
      })
      .collect()
  })
}

fn route_message() -> impl Strategy<Value = RouteMessage> {
  prop_oneof![
    5 => route_input().prop_map(RouteMessage::Built),
    3 => (any::<Index>(), prop::collection::vec(mutation(), 0..3)).prop_map(|(i, m)| RouteMessage::Recorded(i, m)),
    2 => (route_input(), prop::collection::vec(mutation(), 1..3)).prop_map(|(r, m)| RouteMessage::BuiltDamaged(r, m)),
  ]
}

/// The message bytes as the registry would pass them: exactly nlmsg_len bytes, or whatever is left
/// when a mutation made the header lie (parsers must cope with both).
fn message_bytes(input: &RouteMessage) -> Vec<u8> {
  match input {
    RouteMessage::Built(route) => encode_route(route, 1),
    RouteMessage::Recorded(which, mutations) => {
      let all = recorded_messages();
      let mut bytes = all[which.index(all.len())].clone();
      for mutation in mutations {
        apply(&mut bytes, mutation);
      }
      bytes
    }
    RouteMessage::BuiltDamaged(route, mutations) => {
      let mut bytes = encode_route(route, 1);
      for mutation in mutations {
        apply(&mut bytes, mutation);
      }
      bytes
    }
  }
}

/// Runs one parser target: every valid spec agrees with the reference, invalid specs are refused
/// with an InvalidField error.
fn parser_target(target: &str, name: &'static str) {
  // defaultRoutes takes only family and table (any other field is a TypeError).
  let specs = parser_spec().prop_map(move |spec| match name {
    "defaultRoutes" => Spec {
      name,
      family: spec.family,
      table: spec.table,
      ..Spec::default()
    },
    _ => Spec { name, ..spec },
  });
  fuzz(
    target,
    (specs, prop::collection::vec(route_message(), 1..8)),
    |probe, (spec, inputs)| {
      let mut parser = match build_parser(&spec.options()) {
        Ok(parser) => parser,
        Err(error) if !error.is_type_error() => return Ok(()),
        Err(other) => return Err(TestCaseError::fail(format!("{other}"))),
      };
      for input in &inputs {
        let bytes = message_bytes(input);
        let accepted = timed(probe, bytes.len(), || parser.accept(&bytes));
        prop_assert_eq!(accepted, reference_accepts(&spec, &bytes), "message {:?}", bytes);
      }
      Ok(())
    },
  );
}

#[test]
fn fuzz_default_routes() {
  parser_target("default_routes", "defaultRoutes");
}

#[test]
fn fuzz_route_filter() {
  parser_target("route_filter", "routeFilter");
}

// ---- in-place filtering of a datagram ---------------------------------------------------------

/// One message of a generated datagram.
#[derive(Debug, Clone)]
enum Part {
  Route(RouteMessage),
  Control(u16),
  Interrupted(RouteMessage),
}

fn part() -> impl Strategy<Value = Part> {
  prop_oneof![
    6 => route_message().prop_map(Part::Route),
    2 => prop::sample::select(vec![NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, 4, 15]).prop_map(Part::Control),
    1 => route_message().prop_map(Part::Interrupted),
  ]
}

fn set_header(message: &mut [u8], seq: u32, extra_flags: u16) {
  if message.len() >= NLMSG_HDRLEN {
    message[8..12].copy_from_slice(&seq.to_ne_bytes());
    let flags = u16::from_ne_bytes([message[6], message[7]]) | extra_flags;
    message[6..8].copy_from_slice(&flags.to_ne_bytes());
  }
}

#[test]
fn fuzz_filter_datagram() {
  let registration = (1u32..4, parser_spec());
  let parts = prop::collection::vec((part(), 1u32..5), 0..12);
  let input = (
    prop::collection::vec(registration, 1..3),
    parts,
    prop::collection::vec(mutation(), 0..2),
    any::<bool>(),
  );
  fuzz(
    "filter_datagram",
    input,
    |probe, (registrations, parts, mutations, padded)| {
      let mut registry = ParserRegistry::new();
      let mut specs: Vec<(u32, Spec)> = Vec::new();
      for (seq, spec) in registrations {
        if let Ok(parser) = build_parser(&spec.options()) {
          registry.insert(seq, parser);
          specs.retain(|(s, _)| *s != seq);
          specs.push((seq, spec));
        }
      }
      let mut datagram = Vec::new();
      for (part, seq) in &parts {
        let message = match part {
          Part::Route(input) => {
            let mut bytes = message_bytes(input);
            set_header(&mut bytes, *seq, 0);
            bytes
          }
          Part::Interrupted(input) => {
            let mut bytes = message_bytes(input);
            set_header(&mut bytes, *seq, NLM_F_DUMP_INTR);
            bytes
          }
          Part::Control(kind) => {
            let mut done = common::done(*seq);
            done[4..6].copy_from_slice(&kind.to_ne_bytes());
            done
          }
        };
        datagram.extend_from_slice(&message);
        if padded {
          datagram.resize(align4(datagram.len()), 0);
        }
      }
      for mutation in &mutations {
        apply(&mut datagram, mutation);
      }

      // The reference: walk, keep by the reference predicate, copy the unreadable rest verbatim.
      let mut expected = Vec::new();
      let mut dropped = 0;
      let mut interrupted: Vec<u32> = Vec::new();
      let mut walk = Messages::new(&datagram);
      for message in walk.by_ref() {
        let Ok(message) = message else {
          break;
        };
        let span = &datagram[message.offset..(message.offset + align4(message.len())).min(datagram.len())];
        let spec = specs
          .iter()
          .find(|(seq, _)| *seq == message.seq())
          .map(|(_, spec)| spec);
        match spec {
          Some(_) if message.kind() < NLMSG_MIN_TYPE => {
            let mut copy = span.to_vec();
            if message.kind() == NLMSG_DONE && interrupted.contains(&message.seq()) {
              set_header(&mut copy, message.seq(), NLM_F_DUMP_INTR);
            }
            expected.extend_from_slice(&copy);
          }
          Some(spec) if !reference_accepts(spec, message.bytes) => {
            dropped += 1;
            if message.flags() & NLM_F_DUMP_INTR != 0 {
              interrupted.push(message.seq());
            }
          }
          _ => expected.extend_from_slice(span),
        }
      }
      expected.extend_from_slice(&datagram[walk.offset()..]);

      let mut filtered = datagram.clone();
      let (address, capacity) = (filtered.as_ptr(), filtered.capacity());
      let outcome = timed(probe, filtered.len(), || {
        registry.filter_datagram(&mut filtered, &mut Vec::new())
      });
      prop_assert_eq!(
        (filtered.as_ptr(), filtered.capacity()),
        (address, capacity),
        "compaction is in place"
      );
      prop_assert_eq!(outcome.dropped, dropped);
      prop_assert_eq!(&filtered, &expected);
      // A datagram that walked cleanly still does, so JavaScript never sees a ParseError we made.
      if Messages::new(&datagram).all(|m| m.is_ok()) {
        prop_assert!(Messages::new(&filtered).all(|m| m.is_ok()));
      }
      Ok(())
    },
  );
}

// ---- merging small datagrams ------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Incoming {
  Messages(i32, Vec<(u16, u8)>, bool),
  Big(i32, usize),
  Raw(i32, Vec<u8>),
  Overflow,
}

fn incoming() -> impl Strategy<Value = Incoming> {
  let group = prop::sample::select(vec![0i32, 0, 0, 5, 33]);
  prop_oneof![
    6 => (group.clone(), prop::collection::vec((16u16..400, any::<u8>()), 1..5), any::<bool>())
      .prop_map(|(g, messages, pad_last)| Incoming::Messages(g, messages, pad_last)),
    1 => (group.clone(), (SMALL_DATAGRAM - 64)..(SMALL_DATAGRAM + 64)).prop_map(|(g, size)| Incoming::Big(g, size)),
    2 => (group, datagram_bytes()).prop_map(|(g, bytes)| Incoming::Raw(g, bytes)),
    1 => Just(Incoming::Overflow),
  ]
}

fn build_incoming(incoming: &Incoming, seq: u32) -> Datagram {
  let datagram = |group, data| Datagram {
    data: PooledBuffer::unpooled(data),
    group,
    text: Vec::new(),
  };
  match incoming {
    Incoming::Messages(group, messages, pad_last) => {
      let mut data = Vec::new();
      for (i, (len, fill)) in messages.iter().enumerate() {
        data.resize(align4(data.len()), 0);
        let mut message = nlroute_core::request::message(
          RTM_NEWROUTE,
          0,
          seq + i as u32,
          &vec![*fill; *len as usize - NLMSG_HDRLEN],
        );
        message[6..8].copy_from_slice(&0u16.to_ne_bytes());
        data.extend_from_slice(&message);
      }
      if *pad_last {
        data.resize(align4(data.len()), 0);
      }
      datagram(*group, data)
    }
    Incoming::Big(group, size) => {
      let mut data = Vec::new();
      while data.len() + 64 <= *size {
        data.extend_from_slice(&nlroute_core::request::message(RTM_NEWROUTE, 0, seq, &[7u8; 48]));
      }
      let rest = size - data.len();
      if rest >= NLMSG_HDRLEN {
        data.extend_from_slice(&nlroute_core::request::message(
          RTM_NEWROUTE,
          0,
          seq,
          &vec![9u8; rest - NLMSG_HDRLEN],
        ));
      }
      datagram(*group, data)
    }
    Incoming::Raw(group, bytes) => datagram(*group, bytes.clone()),
    Incoming::Overflow => Datagram::overflow_marker(),
  }
}

/// What JavaScript sees in a datagram: its messages when it walks cleanly to its end, else the
/// datagram as one opaque item (so a malformed one must arrive alone and unchanged).
#[derive(Debug, PartialEq, Eq)]
enum Seen {
  Message(i32, Vec<u8>),
  Opaque(i32, Vec<u8>),
}

fn seen(datagrams: &[Datagram]) -> Vec<Seen> {
  let mut out = Vec::new();
  for datagram in datagrams {
    let data = datagram.data.as_slice();
    let mut walk = Messages::new(data);
    let messages: Result<Vec<_>, _> = walk.by_ref().collect();
    match messages {
      Ok(messages) if !data.is_empty() && walk.offset() == data.len() => {
        out.extend(messages.iter().map(|m| Seen::Message(datagram.group, m.bytes.to_vec())));
      }
      _ => out.push(Seen::Opaque(datagram.group, data.to_vec())),
    }
  }
  out
}

#[test]
fn fuzz_merge_small_datagrams() {
  let pool = BufferPool::new();
  fuzz(
    "merge_small_datagrams",
    prop::collection::vec(incoming(), 0..40),
    |probe, batch| {
      let batch: Vec<Datagram> = batch
        .iter()
        .enumerate()
        .map(|(i, d)| build_incoming(d, i as u32 * 10))
        .collect();
      let before = seen(&batch);
      let (count, bytes) = (batch.len(), batch.iter().map(|d| d.data.len()).sum::<usize>());
      let inputs: Vec<Vec<u8>> = batch.iter().map(|d| d.data.as_slice().to_vec()).collect();
      let large: Vec<Vec<u8>> = batch
        .iter()
        .filter(|d| d.data.len() > SMALL_DATAGRAM)
        .map(|d| d.data.as_slice().to_vec())
        .collect();
      let merged = timed(probe, bytes, || merge_small_datagrams(batch, &Arc::clone(&pool)));
      prop_assert!(merged.len() <= count);
      prop_assert_eq!(
        seen(&merged),
        before,
        "the same messages, in the same order, in the same groups"
      );
      for datagram in &merged {
        let passed_through = inputs.iter().any(|input| input == datagram.data.as_slice());
        prop_assert!(
          passed_through || datagram.data.len() <= MERGED_LIMIT,
          "merged past the limit"
        );
      }
      let large_after: Vec<Vec<u8>> = merged
        .iter()
        .filter(|d| d.data.len() > SMALL_DATAGRAM)
        .map(|d| d.data.as_slice().to_vec())
        .collect();
      // Merged buffers can exceed SMALL_DATAGRAM too; every large input must still be there whole.
      for big in &large {
        prop_assert!(large_after.contains(big), "a large datagram was copied or split");
      }
      Ok(())
    },
  );
}

// ---- synthesized errors -----------------------------------------------------------------------

#[test]
fn fuzz_synthesized_errors() {
  let errno = prop_oneof![Just(0i32), Just(-5), Just(i32::MIN), Just(i32::MAX), 1i32..200];
  fuzz(
    "synthesized_errors",
    (datagram_bytes(), errno),
    |probe, (datagram, errno)| {
      let errors = timed(probe, datagram.len(), || synthesized_errors(&datagram, errno));
      let requests: Vec<_> = Messages::new(&datagram).map_while(Result::ok).collect();
      let answers: Vec<_> = Messages::new(&errors)
        .collect::<Result<_, _>>()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
      prop_assert_eq!(answers.len(), requests.len(), "one error per request message");
      for (answer, request) in answers.iter().zip(&requests) {
        prop_assert_eq!(answer.kind(), NLMSG_ERROR);
        prop_assert_eq!(answer.seq(), request.seq());
        prop_assert_eq!(answer.port_id(), request.port_id());
        let payload = answer.payload();
        prop_assert_eq!(payload.len(), 4 + NLMSG_HDRLEN);
        let code = i32::from_ne_bytes(payload[..4].try_into().unwrap());
        prop_assert!(code < 0, "an error code, never an ack: {}", code);
        prop_assert_eq!(code, -errno.max(1));
        prop_assert_eq!(
          &payload[4..],
          &request.bytes[..NLMSG_HDRLEN],
          "the request's header is echoed"
        );
      }
      Ok(())
    },
  );
}

// ---- regressions: minimal counterexamples of bugs the fuzzer found ------------------------------

fn route(family: u8, dst_len: u8, attrs: Vec<RouteAttr>) -> Vec<u8> {
  encode_route(
    &RouteInput {
      kind: RTM_NEWROUTE,
      family,
      dst_len,
      table: 254,
      protocol: 2,
      scope: 0,
      route_type: 1,
      attrs: attrs.into_iter().map(|attr| (attr, 0)).collect(),
    },
    1,
  )
}

fn accepts(spec: Spec, message: &[u8]) -> bool {
  build_parser(&spec.options()).unwrap().accept(message)
}

fn hop_via(ifindex: u32, gateway: [u8; 4]) -> Hop {
  Hop {
    ifindex,
    attributes: vec![(RTA_GATEWAY, gateway.to_vec())],
    bad_len: None,
  }
}

#[test]
fn regression_an_ipv4_route_with_a_16_byte_dst_is_kept_for_javascript() {
  // JavaScript ignores an RTA_DST of the wrong size and sees 0.0.0.0/0; dropping it as "not a
  // default route" made it vanish without a ParseError.
  let message = route(
    AF_INET,
    0,
    vec![RouteAttr::Dst(vec![
      0x20, 1, 0xd, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ])],
  );
  assert!(accepts(
    Spec {
      name: "defaultRoutes",
      ..Default::default()
    },
    &message
  ));
}

#[test]
fn regression_every_rta_multipath_is_checked_not_only_the_last() {
  let broken = Hop {
    ifindex: 1,
    attributes: vec![],
    bad_len: Some(0),
  };
  let message = route(
    AF_INET,
    8,
    vec![
      RouteAttr::Multipath(vec![broken]),
      RouteAttr::Multipath(vec![]),
      RouteAttr::Dst(vec![10, 1, 0, 0]),
    ],
  );
  assert!(accepts(
    Spec {
      name: "routeFilter",
      contains: Some(vec![192, 0, 2, 1]),
      ..Default::default()
    },
    &message
  ));
}

#[test]
fn regression_a_route_with_an_unreadable_next_hop_is_kept_for_javascript() {
  let gateway_filter = || Spec {
    name: "routeFilter",
    gateway: Some(vec![192, 0, 2, 2]),
    ..Default::default()
  };
  // The second hop's rtnh_len is 0: the hop that was asked for may be the unreadable one.
  let bad_length = Hop {
    bad_len: Some(0),
    ..hop_via(2, [192, 0, 2, 2])
  };
  let message = route(
    AF_INET,
    24,
    vec![
      RouteAttr::Dst(vec![10, 1, 0, 0]),
      RouteAttr::Multipath(vec![hop_via(1, [192, 0, 2, 1]), bad_length]),
    ],
  );
  assert!(accepts(gateway_filter(), &message));
  // The hop's own attributes are broken before its gateway.
  let mut hops = encode_hops(&[hop_via(1, [192, 0, 2, 1]), hop_via(2, [192, 0, 2, 2])]);
  let second_attribute = RTNEXTHOP_LEN + 8 + RTNEXTHOP_LEN;
  hops[second_attribute..second_attribute + 2].copy_from_slice(&2u16.to_ne_bytes());
  let message = route(
    AF_INET,
    24,
    vec![RouteAttr::Dst(vec![10, 1, 0, 0]), RouteAttr::Other(RTA_MULTIPATH, hops)],
  );
  assert!(NextHops::new(&message[NLMSG_HDRLEN + RTMSG_LEN + 8 + 4..]).any(|hop| hop.is_err()));
  assert!(accepts(gateway_filter(), &message));
  // A readable multipath is still filtered.
  let message = route(
    AF_INET,
    24,
    vec![RouteAttr::Multipath(vec![
      hop_via(1, [192, 0, 2, 1]),
      hop_via(3, [192, 0, 2, 3]),
    ])],
  );
  assert!(!accepts(gateway_filter(), &message));
}

#[test]
fn regression_a_later_unreadable_table_does_not_hide_an_earlier_one() {
  // JavaScript reads table 100 and ignores the 2-byte RTA_TABLE; the native filter used to fall
  // back to the header byte (254) and drop the route.
  let message = route(
    AF_INET,
    24,
    vec![
      RouteAttr::Dst(vec![10, 1, 0, 0]),
      RouteAttr::Table(100u32.to_ne_bytes().to_vec()),
      RouteAttr::Table(vec![1, 0]),
    ],
  );
  assert!(accepts(
    Spec {
      name: "routeFilter",
      table: Some(100),
      ..Default::default()
    },
    &message
  ));
}
