/**
 * The public `genl` namespace: generic netlink's schemas and numbers, by family (nlctrl, ethtool,
 * wireguard, nl80211), for callers who send their own requests through
 * {@link GenericNetlink.request} or decode recorded bytes.
 * @module
 */
// Each family's namespace loads when it is first read (./lazy.ts).
export { nlctrl, ethtool, wireguard, nl80211 } from './lazy'
export { GENLMSGHDR, GENL_HDRLEN, type GenlMsgHdr } from './genlmsghdr'
export { encodeGenlRequest, decodeGenlMessage } from './lazy'
export type { GenlFamily, GenlCommand, GenlMessage } from './family'
