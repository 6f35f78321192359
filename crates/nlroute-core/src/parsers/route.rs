//! A zero-copy view of one RTM_NEWROUTE message, shared by the route parsers.
//!
//! Only the fixed `rtmsg` header and the attribute headers are read; attribute payloads are kept as
//! slices and interpreted only when a filter asks for them. The multipath walker ([`NextHops`]) is
//! public so that the fuzz tests can drive it directly. The route message constants (RTM_*ROUTE,
//! `struct rtmsg` and its field offsets, RTA_*) live here, beside their only reader.

use crate::consts::{AF_INET, AF_INET6, NLMSG_HDRLEN};
use crate::walker::{Attributes, WalkError};

// ---- route messages (linux/rtnetlink.h): the one place Rust spells them ------------------------
pub const RTM_NEWROUTE: u16 = libc::RTM_NEWROUTE;
pub const RTM_GETROUTE: u16 = libc::RTM_GETROUTE;

/// Size of `struct rtmsg`.
pub const RTMSG_LEN: usize = 12;
/// Byte offsets of the `struct rtmsg` fields, from the start of the rtmsg (after the nlmsghdr).
pub mod rtmsg {
  pub const FAMILY: usize = 0;
  pub const DST_LEN: usize = 1;
  pub const SRC_LEN: usize = 2;
  pub const TOS: usize = 3;
  pub const TABLE: usize = 4;
  pub const PROTOCOL: usize = 5;
  pub const SCOPE: usize = 6;
  pub const TYPE: usize = 7;
  /// u32 `rtm_flags`.
  pub const FLAGS: usize = 8;
}
/// Size of `struct rtnexthop` (len u16, flags u8, hops u8, ifindex i32).
pub const RTNEXTHOP_LEN: usize = 8;

pub const RTA_DST: u16 = libc::RTA_DST;
pub const RTA_IIF: u16 = libc::RTA_IIF;
pub const RTA_OIF: u16 = libc::RTA_OIF;
pub const RTA_GATEWAY: u16 = libc::RTA_GATEWAY;
pub const RTA_PRIORITY: u16 = libc::RTA_PRIORITY;
pub const RTA_MULTIPATH: u16 = libc::RTA_MULTIPATH;
pub const RTA_TABLE: u16 = libc::RTA_TABLE;
/// `RTA_VIA` (linux/rtnetlink.h; libc names it on glibc targets only): a gateway of another family.
pub const RTA_VIA: u16 = 18;
/// Size of the `rtvia_family` field that precedes the address in `struct rtvia`.
pub const RTVIA_FAMILY_LEN: usize = 2;

/// The address of an RTA_VIA payload (`struct rtvia`: u16 family, then the address), when it is an
/// IPv4 or IPv6 address, the only ones the JavaScript decoder reads (its family is not compared:
/// the gateway filter matches the address, as in JavaScript).
pub(crate) fn via_address(payload: &[u8]) -> Option<&[u8]> {
  let address = payload.get(RTVIA_FAMILY_LEN..)?;
  matches!(address.len(), 4 | 16).then_some(address)
}

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
  /// The address of RTA_VIA (an IPv6 gateway of an IPv4 route).
  pub via: Option<&'a [u8]>,
  pub multipath: Option<&'a [u8]>,
}

/// Result of looking at a message as a route.
pub(crate) enum RouteParse<'a> {
  /// An RTM_NEWROUTE message.
  Route(RouteView<'a>),
  /// Some other message type.
  NotARoute,
  /// An RTM_NEWROUTE message whose header or attributes are inconsistent, or that holds an
  /// attribute of a kind the filters read with an unexpected size.
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
      family: header[rtmsg::FAMILY],
      dst_len: header[rtmsg::DST_LEN],
      table_byte: header[rtmsg::TABLE],
      protocol: header[rtmsg::PROTOCOL],
      scope: header[rtmsg::SCOPE],
      route_type: header[rtmsg::TYPE],
      ..RouteView::default()
    };
    let address_len = match view.family {
      AF_INET => Some(4),
      AF_INET6 => Some(16),
      _ => None, // not ours to judge: any length
    };
    let is_address = |payload: &[u8]| address_len.is_none_or(|len| payload.len() == len);
    // Whatever we would read differently from the JavaScript decoder (an address of the wrong
    // size, a u32 that is not 4 bytes, a next hop we cannot walk) makes the route Malformed, so
    // that it is kept and JavaScript decides: a filter here must never drop a route that the
    // JavaScript predicate would have kept. A later attribute of a kind replaces an earlier one,
    // as in the JavaScript decoder. An RTA_VIA whose address JavaScript cannot read is left out
    // there too (kept raw, the earlier one, if any, staying), so it is simply skipped here.
    for attribute in Attributes::new(&msg[NLMSG_HDRLEN + RTMSG_LEN..]) {
      let Ok(attribute) = attribute else {
        return RouteParse::Malformed;
      };
      let payload = attribute.payload;
      let read = match attribute.kind {
        RTA_DST => is_address(payload).then(|| view.dst = Some(payload)),
        RTA_GATEWAY => is_address(payload).then(|| view.gateway = Some(payload)),
        RTA_VIA => {
          if let Some(address) = via_address(payload) {
            view.via = Some(address);
          }
          Some(())
        }
        RTA_TABLE => attribute.as_u32().map(|table| view.table_attr = Some(table)),
        RTA_OIF => attribute.as_u32().map(|oif| view.oif = Some(oif)),
        RTA_IIF => attribute.as_u32().map(|iif| view.iif = Some(iif)),
        RTA_PRIORITY => attribute.as_u32().map(|priority| view.priority = Some(priority)),
        RTA_MULTIPATH => NextHops::new(payload)
          .all(|hop| hop.is_ok())
          .then(|| view.multipath = Some(payload)),
        _ => Some(()),
      };
      if read.is_none() {
        return RouteParse::Malformed;
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
    NextHops::new(self.multipath.unwrap_or(&[]))
  }
}

/// One entry of RTA_MULTIPATH.
#[derive(Debug, Clone, Copy)]
pub struct NextHop<'a> {
  /// `rtnh_ifindex`.
  pub ifindex: u32,
  /// The hop's RTA_GATEWAY payload, if it has one.
  pub gateway: Option<&'a [u8]>,
  /// The address of the hop's RTA_VIA, if it has one JavaScript reads (see [`RouteView::parse`]).
  pub via: Option<&'a [u8]>,
}

/// Iterator over the `struct rtnexthop` entries of an RTA_MULTIPATH payload. A hop whose length
/// or attributes are inconsistent yields `Err` once and ends the walk; fewer than
/// `RTNEXTHOP_LEN` trailing bytes end it quietly, as they do in the kernel (`rtnh_ok`) and in the
/// JavaScript decoder.
#[derive(Debug, Clone)]
pub struct NextHops<'a> {
  data: &'a [u8],
  /// Bytes of the RTA_MULTIPATH payload already walked (for error offsets).
  offset: usize,
}

impl<'a> NextHops<'a> {
  /// Walks an RTA_MULTIPATH payload.
  pub fn new(data: &'a [u8]) -> Self {
    NextHops { data, offset: 0 }
  }

  fn fail(&mut self, error: WalkError) -> Option<Result<NextHop<'a>, WalkError>> {
    self.data = &[];
    Some(Err(error))
  }
}

impl<'a> Iterator for NextHops<'a> {
  type Item = Result<NextHop<'a>, WalkError>;

  fn next(&mut self) -> Option<Self::Item> {
    if self.data.len() < RTNEXTHOP_LEN {
      return None;
    }
    let len = u16::from_ne_bytes([self.data[0], self.data[1]]) as usize;
    if len < RTNEXTHOP_LEN || len > self.data.len() {
      return self.fail(WalkError::Malformed {
        offset: self.offset,
        claimed_len: len,
        available: self.data.len(),
      });
    }
    let ifindex = u32::from_ne_bytes([self.data[4], self.data[5], self.data[6], self.data[7]]);
    let mut gateway = None;
    let mut via = None;
    for attribute in Attributes::new(&self.data[RTNEXTHOP_LEN..len]) {
      match attribute {
        Ok(attribute) if attribute.kind == RTA_GATEWAY => gateway = gateway.or(Some(attribute.payload)),
        Ok(attribute) if attribute.kind == RTA_VIA => via = via_address(attribute.payload).or(via),
        Ok(_) => {}
        Err(WalkError::Malformed {
          offset,
          claimed_len,
          available,
        }) => {
          let offset = self.offset + RTNEXTHOP_LEN + offset;
          return self.fail(WalkError::Malformed {
            offset,
            claimed_len,
            available,
          });
        }
      }
    }
    let advance = crate::consts::align4(len).min(self.data.len());
    self.data = &self.data[advance..];
    self.offset += advance;
    Some(Ok(NextHop { ifindex, gateway, via }))
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

#[cfg(test)]
mod tests {
  use super::*;
  use neli::consts::rtnl::{Rta, Rtm};

  #[test]
  fn values_agree_with_neli() {
    assert_eq!(u16::from(Rtm::Newroute), RTM_NEWROUTE);
    assert_eq!(u16::from(Rtm::Getroute), RTM_GETROUTE);
    for (ours, neli) in [
      (RTA_DST, Rta::Dst),
      (RTA_IIF, Rta::Iif),
      (RTA_OIF, Rta::Oif),
      (RTA_GATEWAY, Rta::Gateway),
      (RTA_PRIORITY, Rta::Priority),
      (RTA_MULTIPATH, Rta::Multipath),
      (RTA_TABLE, Rta::Table),
    ] {
      assert_eq!(ours, u16::from(neli));
    }
    #[cfg(target_env = "gnu")]
    assert_eq!(RTA_VIA, libc::RTA_VIA);
  }

  #[test]
  fn via_address_reads_ipv4_and_ipv6_addresses_only() {
    let v6 = [[10u8, 0].as_slice(), &[0xfe, 0x80], &[0; 13], &[1]].concat();
    assert_eq!(via_address(&v6), Some(&v6[2..]));
    assert_eq!(via_address(&[2, 0, 192, 0, 2, 1]), Some([192u8, 0, 2, 1].as_slice()));
    assert_eq!(via_address(&[10, 0]), None, "no address");
    assert_eq!(via_address(&[10]), None, "shorter than the family");
    assert_eq!(
      via_address(&[28, 0, 1, 2, 3]),
      None,
      "neither 4 nor 16 bytes (an MPLS label, say)"
    );
  }
}
