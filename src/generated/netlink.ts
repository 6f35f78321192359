/**
 * The netlink constants TypeScript shares with the Rust core, generated from
 * crates/nlroute-core/src/typescript.rs (values from neli and libc): `npm run generate:constants`.
 * Do not edit; a Rust test fails when this file is stale.
 */

/** Size of struct nlmsghdr. */
export const NLMSG_HDRLEN = 16

/** Control message types, handled by the request engine before any parser. */
export const NLMSG_NOOP = 1

/** An error or an ack (error 0), carrying the header of the request it answers. */
export const NLMSG_ERROR = 2

/** The end of a multipart (dump) answer; may carry an error code and ext-ack attributes. */
export const NLMSG_DONE = 3

/** Data lost (unused by current kernels). */
export const NLMSG_OVERRUN = 4

/** Types below this are control messages. */
export const NLMSG_MIN_TYPE = 16

/** nlmsg_flags: a request. */
export const NLM_F_REQUEST = 0x1

/** Part of a multipart answer, which ends with NLMSG_DONE. */
export const NLM_F_MULTI = 0x2

/** Asks for an ack (an NLMSG_ERROR with error 0) on success. */
export const NLM_F_ACK = 0x4

/** On a dump message: the table changed during the dump, so the result may be inconsistent. */
export const NLM_F_DUMP_INTR = 0x10

/** On a dump message: the kernel applied the request's filter (strict checking). */
export const NLM_F_DUMP_FILTERED = 0x20

/** GET requests: from the root of the table. */
export const NLM_F_ROOT = 0x100

/** GET: return every entry that matches (with NLM_F_ROOT: a dump). */
export const NLM_F_MATCH = 0x200

/** GET: the whole table (NLM_F_ROOT | NLM_F_MATCH). */
export const NLM_F_DUMP = 0x300

/** Size of struct nlattr (and struct rtattr): the attribute header. */
export const NLA_HDRLEN = 4

/** Attribute type flag: the payload is a nest of attributes. */
export const NLA_F_NESTED = 0x8000

/** Attribute type flag: the payload is in network byte order. */
export const NLA_F_NET_BYTEORDER = 0x4000

/** Mask that strips the two flag bits off an attribute type. */
export const NLA_TYPE_MASK = 0x3fff

/** AF_UNSPEC: no family (dumps of every family). */
export const AF_UNSPEC = 0

/** AF_INET: IPv4 (public family 4). */
export const AF_INET = 2

/** AF_INET6: IPv6 (public family 6). */
export const AF_INET6 = 10
