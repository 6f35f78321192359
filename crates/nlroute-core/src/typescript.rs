//! The netlink constants the TypeScript layer shares with this crate, rendered as a TypeScript
//! module (src/generated/netlink.ts), so the numbers both languages use are written once: here,
//! from neli and libc (see [`crate::consts`]). `cargo run -p nlroute-core --bin nlroute-ts-constants`
//! prints it (`npm run generate:constants` writes it); a test fails when the checked-in file is
//! not what this renders.

use crate::consts::*;

/// How a value is written in TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Radix {
  Decimal,
  /// Bit flags and masks.
  Hex,
}

/// One shared constant: its name (the same in both languages), value and TSDoc text.
struct Shared {
  name: &'static str,
  value: u32,
  radix: Radix,
  doc: &'static str,
}

const fn dec(name: &'static str, value: u32, doc: &'static str) -> Shared {
  Shared {
    name,
    value,
    radix: Radix::Decimal,
    doc,
  }
}

const fn hex(name: &'static str, value: u32, doc: &'static str) -> Shared {
  Shared {
    name,
    value,
    radix: Radix::Hex,
    doc,
  }
}

/// The shared constants, grouped as src/constants.ts documents them.
const SHARED: &[Shared] = &[
  dec("NLMSG_HDRLEN", NLMSG_HDRLEN as u32, "Size of struct nlmsghdr."),
  dec(
    "NLMSG_NOOP",
    NLMSG_NOOP as u32,
    "Control message types, handled by the request engine before any parser.",
  ),
  dec(
    "NLMSG_ERROR",
    NLMSG_ERROR as u32,
    "An error or an ack (error 0), carrying the header of the request it answers.",
  ),
  dec(
    "NLMSG_DONE",
    NLMSG_DONE as u32,
    "The end of a multipart (dump) answer; may carry an error code and ext-ack attributes.",
  ),
  dec(
    "NLMSG_OVERRUN",
    NLMSG_OVERRUN as u32,
    "Data lost (unused by current kernels).",
  ),
  dec(
    "NLMSG_MIN_TYPE",
    NLMSG_MIN_TYPE as u32,
    "Types below this are control messages.",
  ),
  hex("NLM_F_REQUEST", NLM_F_REQUEST as u32, "nlmsg_flags: a request."),
  hex(
    "NLM_F_MULTI",
    NLM_F_MULTI as u32,
    "Part of a multipart answer, which ends with NLMSG_DONE.",
  ),
  hex(
    "NLM_F_ACK",
    NLM_F_ACK as u32,
    "Asks for an ack (an NLMSG_ERROR with error 0) on success.",
  ),
  hex(
    "NLM_F_DUMP_INTR",
    NLM_F_DUMP_INTR as u32,
    "On a dump message: the table changed during the dump, so the result may be inconsistent.",
  ),
  hex(
    "NLM_F_DUMP_FILTERED",
    NLM_F_DUMP_FILTERED as u32,
    "On a dump message: the kernel applied the request's filter (strict checking).",
  ),
  hex(
    "NLM_F_ROOT",
    NLM_F_ROOT as u32,
    "GET requests: from the root of the table.",
  ),
  hex(
    "NLM_F_MATCH",
    NLM_F_MATCH as u32,
    "GET: return every entry that matches (with NLM_F_ROOT: a dump).",
  ),
  hex(
    "NLM_F_DUMP",
    NLM_F_DUMP as u32,
    "GET: the whole table (NLM_F_ROOT | NLM_F_MATCH).",
  ),
  dec(
    "NLA_HDRLEN",
    NLA_HDRLEN as u32,
    "Size of struct nlattr (and struct rtattr): the attribute header.",
  ),
  hex(
    "NLA_F_NESTED",
    NLA_F_NESTED as u32,
    "Attribute type flag: the payload is a nest of attributes.",
  ),
  hex(
    "NLA_F_NET_BYTEORDER",
    NLA_F_NET_BYTEORDER as u32,
    "Attribute type flag: the payload is in network byte order.",
  ),
  hex(
    "NLA_TYPE_MASK",
    NLA_TYPE_MASK as u32,
    "Mask that strips the two flag bits off an attribute type.",
  ),
  dec(
    "AF_UNSPEC",
    AF_UNSPEC as u32,
    "AF_UNSPEC: no family (dumps of every family).",
  ),
  dec("AF_INET", AF_INET as u32, "AF_INET: IPv4 (public family 4)."),
  dec("AF_INET6", AF_INET6 as u32, "AF_INET6: IPv6 (public family 6)."),
];

/// The TypeScript module, as checked in at src/generated/netlink.ts.
pub fn module() -> String {
  let mut out = String::from(
    "/**\n * The netlink constants TypeScript shares with the Rust core, generated from\n \
     * crates/nlroute-core/src/typescript.rs (values from neli and libc): `npm run generate:constants`.\n \
     * Do not edit; a Rust test fails when this file is stale.\n */\n",
  );
  for constant in SHARED {
    let value = match constant.radix {
      Radix::Decimal => constant.value.to_string(),
      Radix::Hex => format!("0x{:x}", constant.value),
    };
    out.push_str(&format!(
      "\n/** {} */\nexport const {} = {value}\n",
      constant.doc, constant.name
    ));
  }
  out
}
