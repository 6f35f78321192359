/**
 * rtnetlink codecs: constants and names, message schemas, typed objects, decoders and encoders.
 * The IPRoute class (./ipr.ts) is built on these.
 */
export * from './constants'
export * from './types'
// The layouts, decoders, encoders and filters are read through ./lazy.ts, so that `rtnl` (this
// namespace) costs nothing at import and each module loads when one of its names is first read.
export {
  RTMSG,
  IFINFOMSG,
  IFADDRMSG,
  NDMSG,
  FIB_RULE_HDR,
  RTNEXTHOP,
  ROUTE_ATTRS,
  METRICS_ATTRS,
  LINK_ATTRS,
  LINKINFO_ATTRS,
  LINK_KIND_ATTRS,
  LINK_SLAVE_KIND_ATTRS,
  ADDRESS_ATTRS,
  NEIGHBOUR_ATTRS,
  RULE_ATTRS,
  NHMSG,
  NEXTHOP_ATTRS,
  decodeRoute,
  decodeLink,
  decodeAddress,
  decodeNeighbour,
  decodeRule,
  decodeNexthop,
  decodeNexthopBucket,
  encodeRouteRequest,
  encodeLinkRequest,
  encodeAddressRequest,
  encodeNeighbourRequest,
  encodeRuleRequest,
  encodeNexthopRequest,
  encodeNexthopGetRequest,
  encodeRouteDumpRequest,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  encodeAddressDumpRequest,
  encodeNeighbourDumpRequest,
  encodeRuleDumpRequest,
  encodeNexthopDumpRequest,
  encodeNexthopBucketDumpRequest,
  compileRouteFilter,
  routeMatches,
  encodeRouteGetRequest,
} from './lazy'
export type { ChangeOp } from './common/args'
export type { LinkDumpFilter, LinkQuery } from './link/encode'
export type { RouteQuery } from './route/get'
