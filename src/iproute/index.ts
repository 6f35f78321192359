/**
 * rtnetlink codecs: constants and names, message schemas, typed objects, decoders and encoders.
 * The IPRoute class (./ipr.ts) is built on these.
 */
export * from './constants'
export * from './types'
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
} from './messages'
export { decodeRoute, decodeLink, decodeAddress, decodeNeighbour, decodeRule } from './decode'
export * from './encode'
export { compileRouteFilter, routeMatches } from './filter'
export { encodeRouteGetRequest, RouteQuery } from './route-get'
