//! The Rust half of the shared route-filter table (__test__/fixtures/route-filter-cases.json): the
//! native routeFilter keeps exactly the routes each case lists (or its `nativeMatching`, a known
//! difference the table explains). __test__/native-route-filter-vectors.spec.mjs holds the
//! JavaScript predicate to the same table.

mod common;

use std::net::IpAddr;
use std::path::PathBuf;

use common::json::Json;
use nlroute_core::consts::{AF_INET, AF_INET6};
use nlroute_core::{build_parser, ParserOptions};

fn table() -> Json {
  let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../__test__/fixtures/route-filter-cases.json");
  Json::parse(&std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display())))
}

fn hex(text: &str) -> Vec<u8> {
  (0..text.len())
    .step_by(2)
    .map(|at| u8::from_str_radix(&text[at..at + 2], 16).unwrap())
    .collect()
}

fn address(text: &str) -> Vec<u8> {
  match text
    .parse::<IpAddr>()
    .unwrap_or_else(|_| panic!("not an address: {text}"))
  {
    IpAddr::V4(v4) => v4.octets().to_vec(),
    IpAddr::V6(v6) => v6.octets().to_vec(),
  }
}

/// Address bytes and prefix length of "a.b.c.d/len" (no "/len": a host prefix).
fn prefix(text: &str) -> (Vec<u8>, u32) {
  let (ip, len) = text.split_once('/').unwrap_or((text, ""));
  let bytes = address(ip);
  let len = if len.is_empty() {
    bytes.len() as u32 * 8
  } else {
    len.parse().unwrap()
  };
  (bytes, len)
}

/// The routeFilter spec IPRoute sends for a RouteFilter (as `nativeRouteFilter` in src/iproute/ipr.ts
/// builds it from the validated filter): family 4/6 as AF_*, addresses as bytes.
fn spec_of(filter: &Json) -> ParserOptions {
  let mut options = ParserOptions::new("routeFilter");
  for (field, value) in filter.entries() {
    match field.as_str() {
      "family" => options.set("family", if value.number() == 4.0 { AF_INET } else { AF_INET6 } as u32),
      "table" | "protocol" | "type" | "scope" | "oif" | "iif" | "priority" => options.set(field, value.number()),
      "dst" if value.str() == "default" => options.set("dstLen", 0u32),
      "dst" => {
        let (bytes, len) = prefix(value.str());
        options.set("dst", bytes);
        options.set("dstLen", len);
      }
      "contains" => options.set("contains", address(value.str())),
      "within" => {
        let (bytes, len) = prefix(value.str());
        options.set("within", bytes);
        options.set("withinLen", len);
      }
      "gateway" => options.set("gateway", address(value.str())),
      other => panic!("the table uses a filter field this test does not know: {other}"),
    }
  }
  options
}

#[test]
fn the_native_route_filter_keeps_what_the_shared_table_says() {
  let table = table();
  let routes: Vec<(&str, Vec<u8>)> = table
    .get("routes")
    .unwrap()
    .entries()
    .iter()
    .map(|(name, route)| (name.as_str(), hex(route.get("hex").unwrap().str())))
    .collect();
  let cases = table.get("cases").unwrap().items();
  assert!(cases.len() > 10);
  let mut failures = Vec::new();
  for case in cases {
    let filter = case.get("filter").unwrap();
    assert_eq!(
      case.get("nativeMatching").is_some(),
      case.get("knownDifference").is_some(),
      "a native difference must say why: {filter:?}"
    );
    let expected: Vec<&str> = case
      .get("nativeMatching")
      .or(case.get("matching"))
      .unwrap()
      .items()
      .iter()
      .map(Json::str)
      .collect();
    let mut parser = build_parser(&spec_of(filter)).unwrap_or_else(|err| panic!("{filter:?}: {err}"));
    let kept: Vec<&str> = routes
      .iter()
      .filter(|(_, message)| parser.accept(message))
      .map(|(name, _)| *name)
      .collect();
    if kept != expected {
      failures.push(format!("{filter:?}: kept {kept:?}, expected {expected:?}"));
    }
  }
  assert!(failures.is_empty(), "{}", failures.join("\n"));
}
