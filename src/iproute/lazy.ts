/**
 * Deferred loading of the heavy rtnetlink modules: each kind's message layouts
 * (./<kind>/schema: its attribute maps and struct codecs, built when the module runs), decoder and
 * encoders, the route filter, `ip route get` and the monitor. Loading them costs more than the rest of the
 * library together, and importing nlroute must not pay for it (issue 8: import at most 15 ms
 * over a bare `node -e 0`): IPRoute, Monitor and the `rtnl` namespace take these names from here,
 * and the module behind a name is required when the name is first read, i.e. on the first call
 * that needs it. After that the name is a plain data property of this module.
 *
 * The `export declare` lines give the names their exact types (TypeScript emits nothing for them);
 * `DEFERRED` below defines them at run time. Every name in one must be in the other: the test
 * __test__/lazy-load.spec.mjs checks that each name here is the very value its module exports.
 */
import { defineDeferred, deferredNames, type DeferredModule } from '../util/deferred'
import type * as AddressDecode from './address/decode'
import type * as AddressEncode from './address/encode'
import type * as AddressSchema from './address/schema'
import type * as LinkDecode from './link/decode'
import type * as LinkEncode from './link/encode'
import type * as LinkInfo from './link/linkinfo'
import type * as LinkIfInfoMsg from './link/ifinfomsg'
import type * as LinkSchema from './link/schema'
import type * as MonitorModule from './monitor'
import type * as NeighbourDecode from './neighbour/decode'
import type * as NeighbourEncode from './neighbour/encode'
import type * as NeighbourSchema from './neighbour/schema'
import type * as NexthopDecode from './nexthop/decode'
import type * as NexthopEncode from './nexthop/encode'
import type * as NexthopSchema from './nexthop/schema'
import type * as RouteDecode from './route/decode'
import type * as RouteEncode from './route/encode'
import type * as RouteFilter from './route/filter'
import type * as RouteGet from './route/get'
import type * as RouteSchema from './route/schema'
import type * as RouteSync from './route/sync'
import type * as RuleDecode from './rule/decode'
import type * as RuleEncode from './rule/encode'
import type * as RuleSchema from './rule/schema'

/**
 * Decodes one RTM_NEWADDR / RTM_DELADDR message into an {@link Address} (see ./address/decode.ts).
 * @function
 */
export declare const decodeAddress: typeof AddressDecode.decodeAddress
/**
 * Decodes one RTM_NEWLINK / RTM_DELLINK message into a {@link Link} (see ./link/decode.ts).
 * @function
 */
export declare const decodeLink: typeof LinkDecode.decodeLink
/**
 * Decodes one RTM_NEWNEIGH / RTM_DELNEIGH message into a {@link Neighbour} (see ./neighbour/decode.ts).
 * @function
 */
export declare const decodeNeighbour: typeof NeighbourDecode.decodeNeighbour
/**
 * Decodes one RTM_NEWNEXTHOP / RTM_DELNEXTHOP message into a {@link Nexthop} (see ./nexthop/decode.ts).
 * @function
 */
export declare const decodeNexthop: typeof NexthopDecode.decodeNexthop
/**
 * Decodes one RTM_NEWNEXTHOPBUCKET message into a {@link NexthopBucket} (see ./nexthop/decode.ts).
 * @function
 */
export declare const decodeNexthopBucket: typeof NexthopDecode.decodeNexthopBucket
/**
 * Decodes one RTM_NEWROUTE / RTM_DELROUTE message into a {@link Route} (see ./route/decode.ts).
 * @function
 */
export declare const decodeRoute: typeof RouteDecode.decodeRoute
/**
 * Decodes one RTM_NEWRULE / RTM_DELRULE message into a {@link Rule} (see ./rule/decode.ts).
 * @function
 */
export declare const decodeRule: typeof RuleDecode.decodeRule

/**
 * The payload of an RTM_GETADDR dump request, with the kernel-side filter fields (see ./address/encode.ts).
 * @function
 */
export declare const encodeAddressDumpRequest: typeof AddressEncode.encodeAddressDumpRequest
/**
 * The payload of an RTM_GETLINK dump request, with the kernel-side filter fields (see ./link/encode.ts).
 * @function
 */
export declare const encodeLinkDumpRequest: typeof LinkEncode.encodeLinkDumpRequest
/**
 * The payload of an RTM_GETLINK request for one link, by index or name (see ./link/encode.ts).
 * @function
 */
export declare const encodeLinkGetRequest: typeof LinkEncode.encodeLinkGetRequest
/**
 * The payload of an RTM_GETNEIGH dump request, with the kernel-side filter fields (see ./neighbour/encode.ts).
 * @function
 */
export declare const encodeNeighbourDumpRequest: typeof NeighbourEncode.encodeNeighbourDumpRequest
/**
 * The payload of an RTM_GETNEXTHOP dump request, with the kernel-side filter fields (see ./nexthop/encode.ts).
 * @function
 */
export declare const encodeNexthopDumpRequest: typeof NexthopEncode.encodeNexthopDumpRequest
/**
 * The payload of an RTM_GETNEXTHOPBUCKET dump request, with the kernel-side filter fields (see ./nexthop/encode.ts).
 * @function
 */
export declare const encodeNexthopBucketDumpRequest: typeof NexthopEncode.encodeNexthopBucketDumpRequest
/**
 * The payload of an RTM_GETNEXTHOP request for one nexthop id (see ./nexthop/encode.ts).
 * @function
 */
export declare const encodeNexthopGetRequest: typeof NexthopEncode.encodeNexthopGetRequest
/**
 * The payload of an RTM_GETROUTE dump request, with the kernel-side filter fields (see ./route/encode.ts).
 * @function
 */
export declare const encodeRouteDumpRequest: typeof RouteEncode.encodeRouteDumpRequest
/**
 * The payload of an RTM_GETRULE dump request, with the kernel-side filter fields (see ./rule/encode.ts).
 * @function
 */
export declare const encodeRuleDumpRequest: typeof RuleEncode.encodeRuleDumpRequest

/**
 * The payload of RTM_NEWADDR / RTM_DELADDR for an address spec (see ./address/encode.ts).
 * @function
 */
export declare const encodeAddressRequest: typeof AddressEncode.encodeAddressRequest
/**
 * The payload of RTM_NEWLINK / RTM_DELLINK for a link spec (see ./link/encode.ts).
 * @function
 */
export declare const encodeLinkRequest: typeof LinkEncode.encodeLinkRequest
/**
 * The payload of RTM_NEWNEIGH / RTM_DELNEIGH for a neighbour spec (see ./neighbour/encode.ts).
 * @function
 */
export declare const encodeNeighbourRequest: typeof NeighbourEncode.encodeNeighbourRequest
/**
 * The payload of RTM_NEWNEXTHOP for a nexthop spec, or RTM_DELNEXTHOP for an id (see ./nexthop/encode.ts).
 * @function
 */
export declare const encodeNexthopRequest: typeof NexthopEncode.encodeNexthopRequest
/**
 * The payload of RTM_NEWROUTE / RTM_DELROUTE for a route spec (see ./route/encode.ts).
 * @function
 */
export declare const encodeRouteRequest: typeof RouteEncode.encodeRouteRequest
/**
 * The payload of RTM_NEWRULE / RTM_DELRULE for a rule spec (see ./rule/encode.ts).
 * @function
 */
export declare const encodeRuleRequest: typeof RuleEncode.encodeRuleRequest

/**
 * Checks a route filter once and returns the predicate that applies it to decoded routes (see ./route/filter.ts).
 * @function
 */
export declare const compileRouteFilter: typeof RouteFilter.compileRouteFilter
/**
 * Whether a decoded route matches a route filter (see ./route/filter.ts).
 * @function
 */
export declare const routeMatches: typeof RouteFilter.routeMatches

/**
 * The payload of an RTM_GETROUTE request for one destination, as `ip route get` (see ./route/get.ts).
 * @function
 */
export declare const encodeRouteGetRequest: typeof RouteGet.encodeRouteGetRequest

/**
 * Checks desired routes for a sync, each as the route it asks for (see ./route/sync.ts).
 * @function
 */
export declare const desiredRoutes: typeof RouteSync.desiredRoutes
/**
 * Checks one desired route of a sync (see ./route/sync.ts).
 * @function
 */
export declare const desiredRoute: typeof RouteSync.desiredRoute
/**
 * The add / replace / delete plan of a route sync (see ./route/sync.ts).
 * @function
 */
export declare const planRouteSync: typeof RouteSync.planRouteSync
/**
 * The first desired route of a sync whose key an earlier one has (see ./route/sync.ts).
 * @function
 */
export declare const duplicateKey: typeof RouteSync.duplicateKey
/**
 * The spec that deletes exactly one dumped route (see ./route/sync.ts).
 * @function
 */
export declare const deleteSpec: typeof RouteSync.deleteSpec

/** The monitor class (see ./monitor.ts): typed rtnetlink notifications as an async iterator. */
export declare const Monitor: typeof MonitorModule.Monitor
/** The instance type, so that `Monitor` imported from here is a type too, as the class is. */
export type Monitor = MonitorModule.Monitor

/** struct rtmsg, the fixed header of route messages. (see ./route/schema.ts) */
export declare const RTMSG: typeof RouteSchema.RTMSG
/** struct ifinfomsg, the fixed header of link messages. (see ./link/ifinfomsg.ts) */
export declare const IFINFOMSG: typeof LinkIfInfoMsg.IFINFOMSG
/** struct ifaddrmsg, the fixed header of address messages. (see ./address/schema.ts) */
export declare const IFADDRMSG: typeof AddressSchema.IFADDRMSG
/** struct ndmsg, the fixed header of neighbour messages. (see ./neighbour/schema.ts) */
export declare const NDMSG: typeof NeighbourSchema.NDMSG
/** struct fib_rule_hdr, the fixed header of rule messages. (see ./rule/schema.ts) */
export declare const FIB_RULE_HDR: typeof RuleSchema.FIB_RULE_HDR
/** struct rtnexthop, one next hop of RTA_MULTIPATH. (see ./route/schema.ts) */
export declare const RTNEXTHOP: typeof RouteSchema.RTNEXTHOP
/** The RTA_* attribute map of route messages. (see ./route/schema.ts) */
export declare const ROUTE_ATTRS: typeof RouteSchema.ROUTE_ATTRS
/** The RTAX_* attribute map nested in RTA_METRICS. (see ./route/schema.ts) */
export declare const METRICS_ATTRS: typeof RouteSchema.METRICS_ATTRS
/** The IFLA_* attribute map of link messages. (see ./link/schema.ts) */
export declare const LINK_ATTRS: typeof LinkSchema.LINK_ATTRS
/** The IFLA_INFO_* attribute map nested in IFLA_LINKINFO. (see ./link/linkinfo.ts) */
export declare const LINKINFO_ATTRS: typeof LinkInfo.LINKINFO_ATTRS
/** IFLA_INFO_DATA attribute maps per link kind (veth, bridge, vxlan, macvlan, vlan, bond). (see ./link/linkinfo.ts) */
export declare const LINK_KIND_ATTRS: typeof LinkInfo.LINK_KIND_ATTRS
/** IFLA_INFO_SLAVE_DATA attribute maps per port kind. (see ./link/linkinfo.ts) */
export declare const LINK_SLAVE_KIND_ATTRS: typeof LinkInfo.LINK_SLAVE_KIND_ATTRS
/** The IFA_* attribute map of address messages. (see ./address/schema.ts) */
export declare const ADDRESS_ATTRS: typeof AddressSchema.ADDRESS_ATTRS
/** The NDA_* attribute map of neighbour messages. (see ./neighbour/schema.ts) */
export declare const NEIGHBOUR_ATTRS: typeof NeighbourSchema.NEIGHBOUR_ATTRS
/** struct nhmsg, the fixed header of nexthop messages (8 bytes), as a {@link StructCodec}. (see ./nexthop/schema.ts) */
export declare const NHMSG: typeof NexthopSchema.NHMSG
/** The nexthop attribute map (NHA_*), an {@link AttrMap}. (see ./nexthop/schema.ts) */
export declare const NEXTHOP_ATTRS: typeof NexthopSchema.NEXTHOP_ATTRS
/** The FRA_* attribute map of rule messages. (see ./rule/schema.ts) */
export declare const RULE_ATTRS: typeof RuleSchema.RULE_ATTRS

/**
 * Each deferred module: its path (relative to this file), its loader and the names above it
 * provides. The loader is a literal `require`, which is what a bundler sees (scripts/bundle.mjs): a
 * require of a computed path would be left for run time, where the bundle has no such file.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const MODULES: Readonly<Record<string, DeferredModule>> = {
  './route/decode': [() => require('./route/decode'), ['decodeRoute']],
  './route/encode': [() => require('./route/encode'), ['encodeRouteRequest', 'encodeRouteDumpRequest']],
  './route/filter': [() => require('./route/filter'), ['compileRouteFilter', 'routeMatches']],
  './route/get': [() => require('./route/get'), ['encodeRouteGetRequest']],
  './route/schema': [() => require('./route/schema'), ['RTMSG', 'RTNEXTHOP', 'ROUTE_ATTRS', 'METRICS_ATTRS']],
  './route/sync': [() => require('./route/sync'), ['desiredRoutes', 'desiredRoute', 'planRouteSync', 'duplicateKey', 'deleteSpec']],
  './link/decode': [() => require('./link/decode'), ['decodeLink']],
  './link/encode': [() => require('./link/encode'), ['encodeLinkRequest', 'encodeLinkDumpRequest', 'encodeLinkGetRequest']],
  './link/ifinfomsg': [() => require('./link/ifinfomsg'), ['IFINFOMSG']],
  './link/schema': [() => require('./link/schema'), ['LINK_ATTRS']],
  './link/linkinfo': [() => require('./link/linkinfo'), ['LINKINFO_ATTRS', 'LINK_KIND_ATTRS', 'LINK_SLAVE_KIND_ATTRS']],
  './address/decode': [() => require('./address/decode'), ['decodeAddress']],
  './address/encode': [() => require('./address/encode'), ['encodeAddressRequest', 'encodeAddressDumpRequest']],
  './address/schema': [() => require('./address/schema'), ['IFADDRMSG', 'ADDRESS_ATTRS']],
  './neighbour/decode': [() => require('./neighbour/decode'), ['decodeNeighbour']],
  './neighbour/encode': [() => require('./neighbour/encode'), ['encodeNeighbourRequest', 'encodeNeighbourDumpRequest']],
  './neighbour/schema': [() => require('./neighbour/schema'), ['NDMSG', 'NEIGHBOUR_ATTRS']],
  './nexthop/decode': [() => require('./nexthop/decode'), ['decodeNexthop', 'decodeNexthopBucket']],
  './nexthop/encode': [
    () => require('./nexthop/encode'),
    ['encodeNexthopRequest', 'encodeNexthopGetRequest', 'encodeNexthopDumpRequest', 'encodeNexthopBucketDumpRequest'],
  ],
  './nexthop/schema': [() => require('./nexthop/schema'), ['NHMSG', 'NEXTHOP_ATTRS']],
  './rule/decode': [() => require('./rule/decode'), ['decodeRule']],
  './rule/encode': [() => require('./rule/encode'), ['encodeRuleRequest', 'encodeRuleDumpRequest']],
  './rule/schema': [() => require('./rule/schema'), ['FIB_RULE_HDR', 'RULE_ATTRS']],
  './monitor': [() => require('./monitor'), ['Monitor']],
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Module path (relative to this file) → the names above it provides. */
export const DEFERRED = deferredNames(MODULES)

defineDeferred(exports, MODULES)
