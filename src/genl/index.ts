/**
 * The public `genl` namespace: generic netlink's schemas and numbers, by family (nlctrl, ethtool,
 * wireguard, nl80211), for callers who send their own requests through
 * {@link GenericNetlink.request} or decode recorded bytes.
 */
export * as nlctrl from './nlctrl/public'
export * as ethtool from './ethtool/public'
export * as wireguard from './wireguard/public'
export * as nl80211 from './nl80211/public'
export { GENLMSGHDR, GENL_HDRLEN, type GenlMsgHdr } from './genlmsghdr'
export { encodeGenlRequest, decodeGenlMessage } from './lazy'
export type { GenlFamily, GenlCommand, GenlMessage } from './family'
