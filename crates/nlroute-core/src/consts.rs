//! Netlink constants used by the hot paths (walker, parsers, socket options).
//!
//! neli models these as enums/flag sets (`neli::consts::nl::Nlmsg`, `NlmF`, `rtnl::Rtm`, `Rta`),
//! which cannot be used in `const` contexts or `match` patterns on raw header fields. We therefore
//! keep plain integer constants here, taken from libc where it has them (neli wraps the same libc
//! values; the unit test at the bottom cross-checks both) and spelled out where neither has them
//! (socket option numbers missing from neli, NLMSG_MIN_TYPE, NLA_F_* masks).

// ---- netlink socket level (linux/netlink.h) -------------------------------------------------
/// `SOL_NETLINK`: setsockopt level for the options below.
pub const SOL_NETLINK: libc::c_int = 270;
pub const NETLINK_ADD_MEMBERSHIP: libc::c_int = 1;
pub const NETLINK_DROP_MEMBERSHIP: libc::c_int = 2;
pub const NETLINK_PKTINFO: libc::c_int = 3;
pub const NETLINK_NO_ENOBUFS: libc::c_int = 5;
pub const NETLINK_EXT_ACK: libc::c_int = 11;
pub const NETLINK_GET_STRICT_CHK: libc::c_int = 12;

/// Highest netlink protocol number the kernel accepts (`MAX_LINKS - 1`).
pub const MAX_PROTOCOL: u32 = 31;

// ---- nlmsghdr ---------------------------------------------------------------------------------
/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;
pub const NLMSG_NOOP: u16 = libc::NLMSG_NOOP as u16;
pub const NLMSG_ERROR: u16 = libc::NLMSG_ERROR as u16;
pub const NLMSG_DONE: u16 = libc::NLMSG_DONE as u16;
pub const NLMSG_OVERRUN: u16 = libc::NLMSG_OVERRUN as u16;
/// Message types below this value are netlink control messages, not protocol data.
pub const NLMSG_MIN_TYPE: u16 = 16;

pub const NLM_F_REQUEST: u16 = libc::NLM_F_REQUEST as u16;
pub const NLM_F_MULTI: u16 = libc::NLM_F_MULTI as u16;
pub const NLM_F_ACK: u16 = libc::NLM_F_ACK as u16;
pub const NLM_F_DUMP_INTR: u16 = libc::NLM_F_DUMP_INTR as u16;
pub const NLM_F_DUMP_FILTERED: u16 = libc::NLM_F_DUMP_FILTERED as u16;
pub const NLM_F_ROOT: u16 = libc::NLM_F_ROOT as u16;
pub const NLM_F_MATCH: u16 = libc::NLM_F_MATCH as u16;
pub const NLM_F_DUMP: u16 = NLM_F_ROOT | NLM_F_MATCH;

// ---- attributes -------------------------------------------------------------------------------
/// Size of `struct nlattr` / `struct rtattr`.
pub const NLA_HDRLEN: usize = 4;
pub const NLA_F_NESTED: u16 = 1 << 15;
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// Mask that strips the two flag bits off an attribute type.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

// ---- rtnetlink (links; route messages, rtmsg and RTA_* are in parsers/route.rs) ---------------
pub const RTM_NEWLINK: u16 = libc::RTM_NEWLINK;
pub const RTM_GETLINK: u16 = libc::RTM_GETLINK;

/// Size of `struct ifinfomsg`.
pub const IFINFOMSG_LEN: usize = 16;

pub const IFLA_IFNAME: u16 = libc::IFLA_IFNAME;

pub const AF_UNSPEC: u8 = libc::AF_UNSPEC as u8;
pub const AF_INET: u8 = libc::AF_INET as u8;
pub const AF_INET6: u8 = libc::AF_INET6 as u8;

/// Rounds a netlink length up to the 4-byte alignment of messages and attributes.
#[inline]
pub const fn align4(len: usize) -> usize {
  (len + 3) & !3
}

#[cfg(test)]
mod tests {
  use super::*;
  use neli::consts::{nl::Nlmsg, rtnl::Rtm, socket::NlFamily};

  #[test]
  fn values_agree_with_neli() {
    assert_eq!(u16::from(Nlmsg::Noop), NLMSG_NOOP);
    assert_eq!(u16::from(Nlmsg::Error), NLMSG_ERROR);
    assert_eq!(u16::from(Nlmsg::Done), NLMSG_DONE);
    assert_eq!(u16::from(Nlmsg::Overrun), NLMSG_OVERRUN);
    assert_eq!(u16::from(Rtm::Getlink), RTM_GETLINK);
    assert_eq!(libc::c_int::from(NlFamily::Route), 0);
    assert_eq!(NLM_F_DUMP, 0x300);
    assert_eq!(NLM_F_DUMP_INTR, 0x10);
  }
}
