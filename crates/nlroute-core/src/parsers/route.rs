//! A zero-copy view of one RTM_NEWROUTE message, shared by the route parsers.
//!
//! Only the fixed `rtmsg` header and the attribute headers are read; attribute payloads are kept as
//! slices and interpreted only when a filter asks for them.

use crate::consts::{
  NLMSG_HDRLEN, RTA_DST, RTA_GATEWAY, RTA_IIF, RTA_MULTIPATH, RTA_OIF, RTA_PRIORITY, RTA_TABLE, RTMSG_LEN,
  RTM_NEWROUTE, RTNEXTHOP_LEN,
};
use crate::walker::Attributes;

/// The fields of a route message that filters look at.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RouteView<'a> {
  pub family: u8,
  pub dst_len: u8,
  pub table_byte: u8,
  pub protocol: u8,
  pub scope: u8,
  pub route_type: u8,
  pub dst: Option<&'a [u8]>,
  pub table_attr: Option<u32>,
  pub oif: Option<u32>,
  pub iif: Option<u32>,
  pub priority: Option<u32>,
  pub gateway: Option<&'a [u8]>,
  pub multipath: Option<&'a [u8]>,
}

/// Result of looking at a message as a route.
pub(crate) enum RouteParse<'a> {
  /// An RTM_NEWROUTE message.
  Route(RouteView<'a>),
  /// Some other message type.
  NotARoute,
  /// An RTM_NEWROUTE message whose header or attributes are inconsistent.
  Malformed,
}

impl<'a> RouteView<'a> {
  /// Reads a whole netlink message (header included).
  pub fn parse(msg: &'a [u8]) -> RouteParse<'a> {
    if msg.len() < NLMSG_HDRLEN || u16::from_ne_bytes([msg[4], msg[5]]) != RTM_NEWROUTE {
      return RouteParse::NotARoute;
    }
    if msg.len() < NLMSG_HDRLEN + RTMSG_LEN {
      return RouteParse::Malformed;
    }
    let header = &msg[NLMSG_HDRLEN..NLMSG_HDRLEN + RTMSG_LEN];
    let mut view = RouteView {
      family: header[0],
      dst_len: header[1],
      table_byte: header[4],
      protocol: header[5],
      scope: header[6],
      route_type: header[7],
      ..RouteView::default()
    };
    for attribute in Attributes::new(&msg[NLMSG_HDRLEN + RTMSG_LEN..]) {
      let attribute = match attribute {
        Ok(attribute) => attribute,
        Err(_) => return RouteParse::Malformed,
      };
      match attribute.kind {
        RTA_DST => view.dst = Some(attribute.payload),
        RTA_TABLE => view.table_attr = attribute.as_u32(),
        RTA_OIF => view.oif = attribute.as_u32(),
        RTA_IIF => view.iif = attribute.as_u32(),
        RTA_PRIORITY => view.priority = attribute.as_u32(),
        RTA_GATEWAY => view.gateway = Some(attribute.payload),
        RTA_MULTIPATH => view.multipath = Some(attribute.payload),
        _ => {}
      }
    }
    RouteParse::Route(view)
  }

  /// The routing table: RTA_TABLE when present (tables above 255), else the rtm_table byte.
  pub fn table(&self) -> u32 {
    self.table_attr.unwrap_or(self.table_byte as u32)
  }

  /// Whether this is a default route (no destination prefix).
  pub fn is_default(&self) -> bool {
    self.dst.is_none()
  }

  /// The next hops of an RTA_MULTIPATH route (empty iterator for single-path routes).
  pub fn next_hops(&self) -> NextHops<'a> {
    NextHops {
      data: self.multipath.unwrap_or(&[]),
    }
  }
}

/// One entry of RTA_MULTIPATH.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NextHop<'a> {
  pub ifindex: u32,
  pub gateway: Option<&'a [u8]>,
}

/// Iterator over `struct rtnexthop` entries; stops at the first inconsistent length.
pub(crate) struct NextHops<'a> {
  data: &'a [u8],
}

impl<'a> Iterator for NextHops<'a> {
  type Item = NextHop<'a>;

  fn next(&mut self) -> Option<NextHop<'a>> {
    if self.data.len() < RTNEXTHOP_LEN {
      return None;
    }
    let len = u16::from_ne_bytes([self.data[0], self.data[1]]) as usize;
    if len < RTNEXTHOP_LEN || len > self.data.len() {
      self.data = &[];
      return None;
    }
    let ifindex = u32::from_ne_bytes([self.data[4], self.data[5], self.data[6], self.data[7]]);
    let gateway = Attributes::new(&self.data[RTNEXTHOP_LEN..len])
      .map_while(Result::ok)
      .find(|attribute| attribute.kind == RTA_GATEWAY)
      .map(|attribute| attribute.payload);
    let advance = crate::consts::align4(len).min(self.data.len());
    self.data = &self.data[advance..];
    Some(NextHop { ifindex, gateway })
  }
}

/// Whether the first `prefix_len` bits of `a` and `b` are equal (both must be long enough).
pub(crate) fn prefix_bits_equal(a: &[u8], b: &[u8], prefix_len: usize) -> bool {
  let full_bytes = prefix_len / 8;
  let rest_bits = prefix_len % 8;
  if a.len() * 8 < prefix_len || b.len() * 8 < prefix_len {
    return false;
  }
  if a[..full_bytes] != b[..full_bytes] {
    return false;
  }
  if rest_bits == 0 {
    return true;
  }
  let mask = 0xffu8 << (8 - rest_bits);
  a[full_bytes] & mask == b[full_bytes] & mask
}
