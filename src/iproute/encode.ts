/**
 * Encoders of rtnetlink change and dump requests. Each returns the message payload AFTER the
 * 16-byte nlmsghdr (the engine writes the header with the message type and flags), and validates
 * its input first: TypeError / RangeError naming the argument, nothing built on error.
 * Interfaces are numeric indexes; the IPRoute layer resolves names before calling these.
 */
export { encodeRouteRequest, ChangeOp } from './route-encode'
export { encodeLinkRequest } from './link-encode'
export { encodeAddressRequest } from './address-encode'
export { encodeNeighbourRequest } from './neighbour-encode'
export { encodeRuleRequest } from './rule-encode'
export {
  encodeRouteDumpRequest,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  encodeAddressDumpRequest,
  encodeNeighbourDumpRequest,
  encodeRuleDumpRequest,
  LinkDumpFilter,
} from './dump-encode'
