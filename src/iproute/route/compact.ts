/**
 * The compact form of a route message, which the native route parsers write when asked
 * (`compact: true`; crates/nlroute-core/src/parsers/route_compact.rs documents the layout and why):
 * the attributes every route has, moved by the receive thread out of their TLV headers into fixed
 * slots, so that the decoder reads them at known places even before V8 has optimised it. Only
 * ./decode.ts reads it. The numbers here are the native side's (the same names there); the
 * round-trip tests (__test__/route-compact.spec.mjs) run both sides on the same messages.
 */

/** `nlmsg_type` of a compacted route (`RTM_NEWROUTE_COMPACT`: above every rtnetlink type). */
export const RTM_NEWROUTE_COMPACT = 0xff18

/**
 * Bit `1 << i` of the block's `present` word says slot `i` is there; present slots follow the
 * block's header word in this order. The first six are one u32 word each (pref: its byte in the
 * word), the last four addresses of the route's family length.
 */
export const COMPACT_SLOT = {
  TABLE: 1 << 0,
  OIF: 1 << 1,
  IIF: 1 << 2,
  PRIORITY: 1 << 3,
  NH_ID: 1 << 4,
  PREF: 1 << 5,
  DST: 1 << 6,
  SRC: 1 << 7,
  GATEWAY: 1 << 8,
  PREFSRC: 1 << 9,
  /**
   * A u32 after the addresses, `offset << 8 | length`: where the route's dst text ('addr/len') is in
   * its datagram's side text. Written whenever the message has room for the word (a route without RTA_DST: the zero address).
   */
  DST_TEXT: 1 << 10,
} as const

/** The block's header: u16 `present`, u16 `end` (where the message's data ends, from its nlmsghdr). */
export const COMPACT_HEADER_SIZE = 4
