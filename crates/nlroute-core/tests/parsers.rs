//! defaultRoutes and routeFilter on the captured route dump, field by field.

mod common;

use common::MaybeWith;
use nlroute_core::consts::NLMSG_HDRLEN;
use nlroute_core::parsers::route::rtmsg;
use nlroute_core::{build_parser, OptionsError, ParserOptions};

const V4: u32 = 2;
const V6: u32 = 10;

fn spec(name: &str) -> ParserOptions {
  ParserOptions::new(name)
}

fn route_filter() -> ParserOptions {
  spec("routeFilter")
}

/// Summaries of the fixture routes the spec's parser accepts.
fn accepted(spec: &ParserOptions) -> Vec<(u8, u8, Vec<u8>, u8)> {
  let mut parser = build_parser(spec).unwrap();
  common::routes()
    .iter()
    .filter(|route| parser.accept(route))
    .map(|route| common::summary(route))
    .collect()
}

fn dsts(spec: &ParserOptions) -> Vec<String> {
  accepted(spec)
    .into_iter()
    .map(|(family, len, dst, table)| {
      let address = match family {
        2 if dst.len() == 4 => format!("{}.{}.{}.{}", dst[0], dst[1], dst[2], dst[3]),
        2 => "0.0.0.0".into(),
        _ if dst.is_empty() => "::".into(),
        _ => dst
          .chunks(2)
          .map(|pair| format!("{:x}", u16::from_be_bytes([pair[0], pair[1]])))
          .collect::<Vec<_>>()
          .join(":"),
      };
      format!("{address}/{len}@{table}")
    })
    .collect()
}

#[test]
fn default_routes_any_family_any_table() {
  assert_eq!(
    dsts(&spec("defaultRoutes")),
    ["0.0.0.0/0@100", "0.0.0.0/0@254", "::/0@254"]
  );
}

#[test]
fn default_routes_honours_family_and_table() {
  let family = |family| spec("defaultRoutes").with("family", family);
  assert_eq!(dsts(&family(V4)), ["0.0.0.0/0@100", "0.0.0.0/0@254"]);
  assert_eq!(dsts(&family(V6)), ["::/0@254"]);
  assert_eq!(dsts(&family(0)).len(), 3, "family 0 means any");
  let table = |table| spec("defaultRoutes").with("table", table);
  assert_eq!(dsts(&table(100)), ["0.0.0.0/0@100"]);
  assert_eq!(dsts(&table(254)), ["0.0.0.0/0@254", "::/0@254"]);
  assert!(dsts(&table(255)).is_empty());
  assert_eq!(
    dsts(&spec("defaultRoutes").with("family", V6).with("table", 254)),
    ["::/0@254"]
  );
}

#[test]
fn table_attribute_wins_over_the_header_byte() {
  // Tables above 255 are only in RTA_TABLE; the header byte then says RT_TABLE_COMPAT (252).
  let mut route = common::routes()[0].clone(); // default via 198.51.100.254 table 100
  route[NLMSG_HDRLEN + rtmsg::TABLE] = 252;
  let table_attr = route.windows(4).position(|window| window == [8, 0, 15, 0]).unwrap();
  route[table_attr + 4..table_attr + 8].copy_from_slice(&1000u32.to_ne_bytes());
  let mut parser = build_parser(&spec("defaultRoutes").with("table", 1000)).unwrap();
  assert!(parser.accept(&route));
  let mut parser = build_parser(&spec("defaultRoutes").with("table", 252)).unwrap();
  assert!(!parser.accept(&route));
}

#[test]
fn non_route_messages_are_rejected_and_malformed_routes_kept() {
  let mut parser = build_parser(&spec("defaultRoutes")).unwrap();
  let (_, done) = common::route_dump();
  assert!(!parser.accept(&done), "not a route");
  let mut route = common::routes()[0].clone();
  let last = route.len();
  route[28..30].copy_from_slice(&(last as u16).to_ne_bytes()); // attribute runs past the end
  assert!(parser.accept(&route), "malformed routes go to JS, which reports them");
}

fn filter(options: ParserOptions) -> Vec<String> {
  dsts(&options)
}

#[test]
fn route_filter_header_fields() {
  assert_eq!(
    filter(route_filter().with("family", V6).with("table", 254).with("type", 6)),
    ["2001:db8:dead:0:0:0:0:0/48@254"]
  );
  assert_eq!(
    filter(route_filter().with("table", 100)),
    ["0.0.0.0/0@100", "10.100.0.0/24@100"]
  );
  assert_eq!(filter(route_filter().with("protocol", 4)), ["10.2.0.0/16@254"]);
  assert_eq!(
    filter(route_filter().with("family", V4).with("type", 6)),
    [
      "10.100.0.0/24@100",
      "10.1.0.0/24@254",
      "10.2.0.0/16@254",
      "10.3.3.3/32@254"
    ]
  );
  assert_eq!(
    filter(route_filter().with("scope", 253).with("table", 254)),
    ["192.0.2.0/24@254", "198.51.100.0/24@254"]
  );
  assert_eq!(filter(route_filter().with("priority", 7)), ["10.3.3.3/32@254"]);
}

#[test]
fn route_filter_oif_and_gateway_including_multipath() {
  let gateway = |bytes: &[u8]| route_filter().with("gateway", bytes.to_vec());
  assert_eq!(filter(gateway(&[192, 0, 2, 254])), ["0.0.0.0/0@254"]);
  assert_eq!(
    filter(gateway(&[198, 51, 100, 2])),
    ["203.0.113.0/24@254"],
    "second next hop"
  );
  assert_eq!(
    filter(gateway(&[192, 0, 2, 2])),
    ["203.0.113.0/24@254"],
    "first next hop"
  );
  let v6_gateway = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe];
  assert_eq!(filter(gateway(&v6_gateway)), ["::/0@254"]);
  // oif 2 = veth1, 3 = veth0 in the capture namespace.
  let main_v4 = |oif| route_filter().with("oif", oif).with("family", V4).with("table", 254);
  assert_eq!(filter(main_v4(2)), ["198.51.100.0/24@254", "203.0.113.0/24@254"]);
  assert_eq!(
    filter(main_v4(3)),
    ["0.0.0.0/0@254", "192.0.2.0/24@254", "203.0.113.0/24@254"]
  );
  // Each condition may hold on a different next hop (as in the JavaScript predicate).
  let same_hop = |oif, gateway: [u8; 4]| route_filter().with("oif", oif).with("gateway", gateway.to_vec());
  assert_eq!(filter(same_hop(2, [198, 51, 100, 2])), ["203.0.113.0/24@254"]);
  assert_eq!(filter(same_hop(3, [198, 51, 100, 2])), ["203.0.113.0/24@254"]);
  assert!(filter(same_hop(3, [198, 51, 100, 9])).is_empty());
}

#[test]
fn route_filter_iif() {
  let mut route = common::routes()[3].clone(); // blackhole 10.1.0.0/24
  assert_eq!(common::summary(&route).1, 24);
  let mut parser = build_parser(&ParserOptions::new("routeFilter").with("iif", 5)).unwrap();
  assert!(!parser.accept(&route));
  // Append RTA_IIF = 5.
  route.extend_from_slice(&8u16.to_ne_bytes());
  route.extend_from_slice(&nlroute_core::parsers::route::RTA_IIF.to_ne_bytes());
  route.extend_from_slice(&5u32.to_ne_bytes());
  let len = route.len() as u32;
  route[0..4].copy_from_slice(&len.to_ne_bytes());
  assert!(parser.accept(&route));
}

#[test]
fn route_filter_exact_prefix() {
  let prefix = |dst: &[u8], len: Option<u32>| route_filter().with("dst", dst.to_vec()).maybe("dstLen", len);
  assert_eq!(filter(prefix(&[10, 1, 0, 0], Some(24))), ["10.1.0.0/24@254"]);
  assert_eq!(
    filter(prefix(&[10, 1, 0, 9], Some(24))),
    ["10.1.0.0/24@254"],
    "host bits ignored"
  );
  assert!(filter(prefix(&[10, 1, 0, 0], Some(16))).is_empty());
  assert_eq!(
    filter(prefix(&[10, 3, 3, 3], None)),
    ["10.3.3.3/32@254"],
    "no dstLen = host route"
  );
  assert_eq!(
    filter(prefix(&[0, 0, 0, 0], Some(0))),
    ["0.0.0.0/0@100", "0.0.0.0/0@254"],
    "dstLen 0 = default"
  );
  assert_eq!(filter(route_filter().with("dstLen", 0)).len(), 3, "dstLen alone");
  assert_eq!(
    filter(route_filter().with("dstLen", 48)),
    ["2001:db8:dead:0:0:0:0:0/48@254"]
  );
  let mut dead = [0u8; 16];
  dead[..6].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0xde, 0xad]);
  assert_eq!(filter(prefix(&dead, Some(48))), ["2001:db8:dead:0:0:0:0:0/48@254"]);
}

#[test]
fn route_filter_contains() {
  let contains = |address: &[u8], table| route_filter().with("contains", address.to_vec()).maybe("table", table);
  assert_eq!(
    filter(contains(&[10, 1, 0, 77], Some(254))),
    ["0.0.0.0/0@254", "10.1.0.0/24@254"]
  );
  assert_eq!(
    filter(contains(&[10, 3, 3, 3], Some(254))),
    ["0.0.0.0/0@254", "10.3.3.3/32@254"]
  );
  assert_eq!(
    filter(contains(&[10, 100, 0, 1], None)),
    ["0.0.0.0/0@100", "10.100.0.0/24@100", "0.0.0.0/0@254"]
  );
  assert_eq!(
    filter(contains(&[127, 0, 0, 1], Some(255))),
    ["127.0.0.0/8@255", "127.0.0.1/32@255"]
  );
  let mut v6 = [0u8; 16];
  v6[..6].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0xde, 0xad]);
  v6[15] = 1;
  assert_eq!(
    filter(contains(&v6, Some(254))),
    ["2001:db8:dead:0:0:0:0:0/48@254", "::/0@254"]
  );
}

#[test]
fn route_filter_within() {
  let within = |address: &[u8], len: u32, table| {
    route_filter()
      .with("within", address.to_vec())
      .with("withinLen", len)
      .maybe("table", table)
  };
  // Routes inside 10.0.0.0/8 in the main table: the /24 and the /32, not the default route.
  let inside = filter(within(&[10, 0, 0, 0], 8, Some(254)));
  assert!(!inside.is_empty());
  assert!(inside.iter().all(|route| route.starts_with("10.")), "{inside:?}");
  assert!(inside.contains(&"10.1.0.0/24@254".to_string()));
  assert_eq!(filter(within(&[10, 1, 0, 0], 24, Some(254))), ["10.1.0.0/24@254"]);
  assert!(
    filter(within(&[10, 1, 0, 0], 25, Some(254))).is_empty(),
    "a /24 is not inside a /25"
  );
  // 0.0.0.0/0 holds every IPv4 route of the table, default route included, and no IPv6 one.
  let all_v4 = filter(within(&[0, 0, 0, 0], 0, Some(254)));
  assert!(all_v4.contains(&"0.0.0.0/0@254".to_string()));
  assert_eq!(
    all_v4.len(),
    filter(route_filter().with("family", V4).with("table", 254)).len()
  );
}

#[test]
fn invalid_specs_are_rejected_naming_the_field() {
  let field_of = |spec: ParserOptions| match build_parser(&spec).err() {
    Some(error) if !error.is_type_error() => error.field().unwrap().to_string(),
    other => panic!("expected a range error, got {other:?}"),
  };
  assert_eq!(field_of(route_filter().with("dst", vec![1, 2, 3])), "dst");
  assert_eq!(field_of(route_filter().with("contains", vec![0; 5])), "contains");
  assert_eq!(field_of(route_filter().with("gateway", vec![0; 6])), "gateway");
  assert_eq!(
    field_of(route_filter().with("dst", vec![0; 4]).with("dstLen", 33)),
    "dstLen"
  );
  assert_eq!(field_of(route_filter().with("dstLen", 129)), "dstLen");
  assert_eq!(field_of(route_filter().with("protocol", 256)), "protocol");
  assert_eq!(field_of(route_filter().with("type", 999)), "type");
  assert_eq!(field_of(route_filter().with("scope", 300)), "scope");
  assert_eq!(
    field_of(route_filter().with("family", 10).with("dst", vec![0; 4])),
    "dst"
  );
  assert_eq!(field_of(spec("defaultRoutes").with("family", 1000)), "family");
  assert!(matches!(build_parser(&spec("bogus")).err(), Some(OptionsError::UnknownName(name)) if name == "bogus"));
}
