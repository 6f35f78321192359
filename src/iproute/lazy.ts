/**
 * Deferred loading of the heavy rtnetlink modules: the message layouts (./messages: every
 * attribute map and struct codec, built when the module runs), the decoders, the encoders, the
 * route filter, `ip route get` and the monitor. Loading them costs more than the rest of the
 * library together, and importing nlroute must not pay for it (issue 8: import at most 15 ms
 * over a bare `node -e 0`): IPRoute, Monitor and the `rtnl` namespace take these names from here,
 * and the module behind a name is required when the name is first read, i.e. on the first call
 * that needs it. After that the name is a plain data property of this module.
 *
 * The `export declare` lines give the names their exact types (TypeScript emits nothing for them);
 * `DEFERRED` below defines them at run time. Every name in one must be in the other: the test
 * __test__/lazy-load.spec.mjs checks that each name here is the very value its module exports.
 */
import type * as Decode from './decode'
import type * as DumpEncode from './dump-encode'
import type * as Encode from './encode'
import type * as Filter from './filter'
import type * as MonitorModule from './monitor'
import type * as Messages from './messages'
import type * as RouteGet from './route-get'

/**
 * Decodes one RTM_NEWADDR / RTM_DELADDR message into an {@link Address} (see ./decode.ts).
 * @function
 */
export declare const decodeAddress: typeof Decode.decodeAddress
/**
 * Decodes one RTM_NEWLINK / RTM_DELLINK message into a {@link Link} (see ./decode.ts).
 * @function
 */
export declare const decodeLink: typeof Decode.decodeLink
/**
 * Decodes one RTM_NEWNEIGH / RTM_DELNEIGH message into a {@link Neighbour} (see ./decode.ts).
 * @function
 */
export declare const decodeNeighbour: typeof Decode.decodeNeighbour
/**
 * Decodes one RTM_NEWROUTE / RTM_DELROUTE message into a {@link Route} (see ./route-decode.ts).
 * @function
 */
export declare const decodeRoute: typeof Decode.decodeRoute
/**
 * Decodes one RTM_NEWRULE / RTM_DELRULE message into a {@link Rule} (see ./decode.ts).
 * @function
 */
export declare const decodeRule: typeof Decode.decodeRule

/**
 * The payload of an RTM_GETADDR dump request, with the kernel-side filter fields (see ./dump-encode.ts).
 * @function
 */
export declare const encodeAddressDumpRequest: typeof DumpEncode.encodeAddressDumpRequest
/**
 * The payload of an RTM_GETLINK dump request, with the kernel-side filter fields (see ./dump-encode.ts).
 * @function
 */
export declare const encodeLinkDumpRequest: typeof DumpEncode.encodeLinkDumpRequest
/**
 * The payload of an RTM_GETLINK request for one link, by index or name (see ./dump-encode.ts).
 * @function
 */
export declare const encodeLinkGetRequest: typeof DumpEncode.encodeLinkGetRequest
/**
 * The payload of an RTM_GETNEIGH dump request, with the kernel-side filter fields (see ./dump-encode.ts).
 * @function
 */
export declare const encodeNeighbourDumpRequest: typeof DumpEncode.encodeNeighbourDumpRequest
/**
 * The payload of an RTM_GETROUTE dump request, with the kernel-side filter fields (see ./dump-encode.ts).
 * @function
 */
export declare const encodeRouteDumpRequest: typeof DumpEncode.encodeRouteDumpRequest
/**
 * The payload of an RTM_GETRULE dump request, with the kernel-side filter fields (see ./dump-encode.ts).
 * @function
 */
export declare const encodeRuleDumpRequest: typeof DumpEncode.encodeRuleDumpRequest

/**
 * The payload of RTM_NEWADDR / RTM_DELADDR for an address spec (see ./address-encode.ts).
 * @function
 */
export declare const encodeAddressRequest: typeof Encode.encodeAddressRequest
/**
 * The payload of RTM_NEWLINK / RTM_DELLINK for a link spec (see ./link-encode.ts).
 * @function
 */
export declare const encodeLinkRequest: typeof Encode.encodeLinkRequest
/**
 * The payload of RTM_NEWNEIGH / RTM_DELNEIGH for a neighbour spec (see ./neighbour-encode.ts).
 * @function
 */
export declare const encodeNeighbourRequest: typeof Encode.encodeNeighbourRequest
/**
 * The payload of RTM_NEWROUTE / RTM_DELROUTE for a route spec (see ./route-encode.ts).
 * @function
 */
export declare const encodeRouteRequest: typeof Encode.encodeRouteRequest
/**
 * The payload of RTM_NEWRULE / RTM_DELRULE for a rule spec (see ./rule-encode.ts).
 * @function
 */
export declare const encodeRuleRequest: typeof Encode.encodeRuleRequest

/**
 * Checks a route filter once and returns the predicate that applies it to decoded routes (see ./filter.ts).
 * @function
 */
export declare const compileRouteFilter: typeof Filter.compileRouteFilter
/**
 * Whether a decoded route matches a route filter (see ./filter.ts).
 * @function
 */
export declare const routeMatches: typeof Filter.routeMatches

/**
 * The payload of an RTM_GETROUTE request for one destination, as `ip route get` (see ./route-get.ts).
 * @function
 */
export declare const encodeRouteGetRequest: typeof RouteGet.encodeRouteGetRequest

/** The monitor class (see ./monitor.ts): typed rtnetlink notifications as an async iterator. */
export declare const Monitor: typeof MonitorModule.Monitor
/** The instance type, so that `Monitor` imported from here is a type too, as the class is. */
export type Monitor = MonitorModule.Monitor

/** struct rtmsg, the fixed header of route messages (12 bytes), as a {@link StructCodec}. */
/** struct rtmsg, the fixed header of route messages. (see ./messages.ts) */
export declare const RTMSG: typeof Messages.RTMSG
/** struct ifinfomsg, the fixed header of link messages (16 bytes), as a {@link StructCodec}. */
/** struct ifinfomsg, the fixed header of link messages. (see ./messages.ts) */
export declare const IFINFOMSG: typeof Messages.IFINFOMSG
/** struct ifaddrmsg, the fixed header of address messages (8 bytes), as a {@link StructCodec}. */
/** struct ifaddrmsg, the fixed header of address messages. (see ./messages.ts) */
export declare const IFADDRMSG: typeof Messages.IFADDRMSG
/** struct ndmsg, the fixed header of neighbour messages (12 bytes), as a {@link StructCodec}. */
/** struct ndmsg, the fixed header of neighbour messages. (see ./messages.ts) */
export declare const NDMSG: typeof Messages.NDMSG
/** struct fib_rule_hdr, the fixed header of rule messages (12 bytes), as a {@link StructCodec}. */
/** struct fib_rule_hdr, the fixed header of rule messages. (see ./messages.ts) */
export declare const FIB_RULE_HDR: typeof Messages.FIB_RULE_HDR
/** struct rtnexthop, one path of RTA_MULTIPATH (8 bytes, followed by its own route attributes), as a {@link StructCodec}. */
/** struct rtnexthop, one next hop of RTA_MULTIPATH. (see ./messages.ts) */
export declare const RTNEXTHOP: typeof Messages.RTNEXTHOP
/** The route attribute map (RTA_*), an {@link AttrMap}: number, name and codec of every attribute a route message may carry, for decodeAttrs / encodeAttrs. */
/** The RTA_* attribute map of route messages. (see ./messages.ts) */
export declare const ROUTE_ATTRS: typeof Messages.ROUTE_ATTRS
/** The RTA_METRICS attribute map (RTAX_*), an {@link AttrMap}. */
/** The RTAX_* attribute map nested in RTA_METRICS. (see ./messages.ts) */
export declare const METRICS_ATTRS: typeof Messages.METRICS_ATTRS
/** The link attribute map (IFLA_*), an {@link AttrMap}. */
/** The IFLA_* attribute map of link messages. (see ./messages.ts) */
export declare const LINK_ATTRS: typeof Messages.LINK_ATTRS
/** The IFLA_LINKINFO attribute map (IFLA_INFO_*), an {@link AttrMap}. */
/** The IFLA_INFO_* attribute map nested in IFLA_LINKINFO. (see ./messages.ts) */
export declare const LINKINFO_ATTRS: typeof Messages.LINKINFO_ATTRS
/** IFLA_INFO_DATA attribute maps ({@link AttrMap}) by link kind (veth, bridge, vxlan, macvlan, vlan, bond). */
/** IFLA_INFO_DATA attribute maps per link kind (veth, bridge, vxlan, macvlan, vlan, bond). (see ./messages.ts) */
export declare const LINK_KIND_ATTRS: typeof Messages.LINK_KIND_ATTRS
/** IFLA_INFO_SLAVE_DATA attribute maps ({@link AttrMap}) by slave kind (bridge port, bond slave). */
/** IFLA_INFO_SLAVE_DATA attribute maps per port kind. (see ./messages.ts) */
export declare const LINK_SLAVE_KIND_ATTRS: typeof Messages.LINK_SLAVE_KIND_ATTRS
/** The address attribute map (IFA_*), an {@link AttrMap}. */
/** The IFA_* attribute map of address messages. (see ./messages.ts) */
export declare const ADDRESS_ATTRS: typeof Messages.ADDRESS_ATTRS
/** The neighbour attribute map (NDA_*), an {@link AttrMap}. */
/** The NDA_* attribute map of neighbour messages. (see ./messages.ts) */
export declare const NEIGHBOUR_ATTRS: typeof Messages.NEIGHBOUR_ATTRS
/** The rule attribute map (FRA_*), an {@link AttrMap}. */
/** The FRA_* attribute map of rule messages. (see ./messages.ts) */
export declare const RULE_ATTRS: typeof Messages.RULE_ATTRS

/**
 * Module path (relative to this file) → the names above it provides. Each path also has its
 * literal `require` in LOADERS, which is what a bundler sees (scripts/bundle.mjs): a require of a
 * computed path would be left for run time, where the bundle has no such file.
 */
export const DEFERRED: Readonly<Record<string, readonly string[]>> = {
  './decode': ['decodeAddress', 'decodeLink', 'decodeNeighbour', 'decodeRoute', 'decodeRule'],
  './dump-encode': ['encodeAddressDumpRequest', 'encodeLinkDumpRequest', 'encodeLinkGetRequest', 'encodeNeighbourDumpRequest', 'encodeRouteDumpRequest', 'encodeRuleDumpRequest'],
  './encode': ['encodeAddressRequest', 'encodeLinkRequest', 'encodeNeighbourRequest', 'encodeRouteRequest', 'encodeRuleRequest'],
  './filter': ['compileRouteFilter', 'routeMatches'],
  './route-get': ['encodeRouteGetRequest'],
  './monitor': ['Monitor'],
  './messages': [
    'RTMSG', 'IFINFOMSG', 'IFADDRMSG', 'NDMSG', 'FIB_RULE_HDR', 'RTNEXTHOP', 'ROUTE_ATTRS', 'METRICS_ATTRS', 'LINK_ATTRS', 'LINKINFO_ATTRS',
    'LINK_KIND_ATTRS', 'LINK_SLAVE_KIND_ATTRS', 'ADDRESS_ATTRS', 'NEIGHBOUR_ATTRS', 'RULE_ATTRS',
  ],
}

/* eslint-disable @typescript-eslint/no-require-imports */
const LOADERS: Readonly<Record<keyof typeof DEFERRED, () => Record<string, unknown>>> = {
  './decode': () => require('./decode'),
  './dump-encode': () => require('./dump-encode'),
  './encode': () => require('./encode'),
  './filter': () => require('./filter'),
  './route-get': () => require('./route-get'),
  './monitor': () => require('./monitor'),
  './messages': () => require('./messages'),
}
/* eslint-enable @typescript-eslint/no-require-imports */

for (const [path, names] of Object.entries(DEFERRED)) {
  const load = LOADERS[path]
  if (load === undefined) throw new Error(`lazy.ts: ${path} is in DEFERRED but has no loader`)
  for (const name of names) {
    Object.defineProperty(exports, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = load()[name]
        // Fixed only once defined: read during a cycle (its module still loading), it is read again later.
        if (value !== undefined) Object.defineProperty(exports, name, { value, enumerable: true, configurable: false, writable: false })
        return value
      },
    })
  }
}
