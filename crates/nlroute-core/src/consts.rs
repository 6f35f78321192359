//! Netlink constants used by the hot paths (walker, parsers, socket options).
//!
//! Where neli 0.7 has a constant in a form usable in `const` items, it is the source: the NLM_F_*
//! flags are `neli::consts::nl::NlmF` bit flags. neli's message types, attribute kinds and
//! families are enums (`Nlmsg`, `Rtm`, `Rta`, `Ifla`, `RtAddrFamily`) whose conversions are not
//! `const fn`, so they cannot be `const` items or `match` patterns on raw header fields; those
//! are taken from libc (which neli wraps; the unit tests here and in parsers/route.rs check
//! them against neli's). Spelled out because neither has them: the SOL_NETLINK option numbers,
//! MAX_PROTOCOL, NLMSG_HDRLEN, NLMSG_MIN_TYPE, the NLA_F_* masks and the struct sizes.
//! Route message constants live beside the route parser (parsers/route.rs). Those TypeScript
//! uses too are rendered for it by [`crate::typescript`].

use neli::consts::nl::NlmF;

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

pub const NLM_F_REQUEST: u16 = NlmF::REQUEST.bits();
pub const NLM_F_MULTI: u16 = NlmF::MULTI.bits();
pub const NLM_F_ACK: u16 = NlmF::ACK.bits();
pub const NLM_F_DUMP_INTR: u16 = NlmF::DUMP_INTR.bits();
pub const NLM_F_DUMP_FILTERED: u16 = NlmF::DUMP_FILTERED.bits();
pub const NLM_F_ROOT: u16 = NlmF::ROOT.bits();
pub const NLM_F_MATCH: u16 = NlmF::MATCH.bits();
pub const NLM_F_DUMP: u16 = NlmF::DUMP.bits();

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
/// Offset of `ifi_index` (an `i32`) in `struct ifinfomsg`, after family, pad and type.
pub const IFINFOMSG_INDEX: usize = 4;

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
