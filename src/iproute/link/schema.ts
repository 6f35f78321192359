/**
 * Link message layouts, declared once with the schema mechanism (../../schema) for the decoder
 * (./decode.ts) and the encoders (./encode.ts): the struct-valued link attributes (statistics,
 * ifmap, IPv6 cache info), the IFLA_* attribute map and its nested maps (IFLA_AF_SPEC, IFLA_XDP,
 * ...). IFLA_LINKINFO, with the per-kind layouts, is in ./linkinfo.ts; struct ifinfomsg in
 * ./ifinfomsg.ts. Attribute and payload types follow the kernel UAPI headers and rtnl_fill_ifinfo.
 */
import { AttrMap, defineAttrs } from '../../schema/attrs'
import { defineStruct } from '../../schema/struct'
import { packed } from '../common/packed'
import { AF_INET, AF_INET6 } from '../common/rtnl'
import { UINT_CODEC } from '../../schema/uint'
import { DEVLINK_ATTR, DPLL_A_PIN, IFLA, IFLA_INET6, IFLA_XDP, LINK_MODES, OPER_STATES } from './constants'
import { LINKINFO_ATTRS } from './linkinfo'

const LINK_STATS_FIELDS = [
  'rxPackets',
  'txPackets',
  'rxBytes',
  'txBytes',
  'rxErrors',
  'txErrors',
  'rxDropped',
  'txDropped',
  'multicast',
  'collisions',
  'rxLengthErrors',
  'rxOverErrors',
  'rxCrcErrors',
  'rxFrameErrors',
  'rxFifoErrors',
  'rxMissedErrors',
  'txAbortedErrors',
  'txCarrierErrors',
  'txFifoErrors',
  'txHeartbeatErrors',
  'txWindowErrors',
  'rxCompressed',
  'txCompressed',
  'rxNohandler',
  'rxOtherhostDropped',
] as const

/** struct rtnl_link_stats64; accepted from 23 fields (kernels before rx_nohandler). */
export const RTNL_LINK_STATS64 = packed('rtnl_link_stats64', 'u64n', LINK_STATS_FIELDS, 23)

/** struct rtnl_link_stats (32-bit counters, IFLA_STATS). */
export const RTNL_LINK_STATS = packed('rtnl_link_stats', 'u32', LINK_STATS_FIELDS.slice(0, 24), 23)

/** struct rtnl_link_ifmap (IFLA_MAP). */
export const RTNL_LINK_IFMAP = defineStruct({
  name: 'rtnl_link_ifmap',
  size: 32,
  minSize: 28,
  fields: [
    { name: 'memStart', type: 'u64n', offset: 0 },
    { name: 'memEnd', type: 'u64n', offset: 8 },
    { name: 'baseAddr', type: 'u64n', offset: 16 },
    { name: 'irq', type: 'u16', offset: 24 },
    { name: 'dma', type: 'u8', offset: 26 },
    { name: 'port', type: 'u8', offset: 27 },
  ],
})

export const IFLA_INET6_CACHEINFO = packed('ifla_cacheinfo', 'u32', ['maxReasmLen', 'tstamp', 'reachableTime', 'retransTime'])

const INET6_ATTRS = defineAttrs('IFLA_INET6', {
  [IFLA_INET6.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFLA_INET6.CONF]: { name: 'conf', kind: 'binary' },
  [IFLA_INET6.STATS]: { name: 'stats', kind: 'binary' },
  [IFLA_INET6.MCAST]: { name: 'mcast', kind: 'binary' },
  [IFLA_INET6.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: IFLA_INET6_CACHEINFO },
  [IFLA_INET6.ICMP6STATS]: { name: 'icmp6stats', kind: 'binary' },
  [IFLA_INET6.TOKEN]: { name: 'token', kind: 'ipaddr' },
  [IFLA_INET6.ADDR_GEN_MODE]: { name: 'addrGenMode', kind: 'u8' },
  [IFLA_INET6.RA_MTU]: { name: 'raMtu', kind: 'u32' },
})

/** IFLA_AF_SPEC: one nested attribute per address family (type = AF_* number). */
const AF_SPEC_ATTRS = defineAttrs('IFLA_AF_SPEC', {
  [AF_INET]: { name: 'inet', kind: 'nested', nested: defineAttrs('IFLA_INET', { 1: { name: 'conf', kind: 'binary' } }) },
  [AF_INET6]: { name: 'inet6', kind: 'nested', nested: INET6_ATTRS },
})

const XDP_ATTRS = defineAttrs('IFLA_XDP', {
  [IFLA_XDP.FD]: { name: 'fd', kind: 's32' },
  [IFLA_XDP.ATTACHED]: { name: 'attached', kind: 'u8' },
  [IFLA_XDP.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFLA_XDP.PROG_ID]: { name: 'progId', kind: 'u32' },
  [IFLA_XDP.DRV_PROG_ID]: { name: 'drvProgId', kind: 'u32' },
  [IFLA_XDP.SKB_PROG_ID]: { name: 'skbProgId', kind: 'u32' },
  [IFLA_XDP.HW_PROG_ID]: { name: 'hwProgId', kind: 'u32' },
  [IFLA_XDP.EXPECTED_FD]: { name: 'expectedFd', kind: 's32' },
})

/** IFLA_DEVLINK_PORT: the devlink port handle (devlink_nl_port_handle_fill). */
const DEVLINK_PORT_ATTRS = defineAttrs('IFLA_DEVLINK_PORT', {
  [DEVLINK_ATTR.BUS_NAME]: { name: 'busName', kind: 'string' },
  [DEVLINK_ATTR.DEV_NAME]: { name: 'devName', kind: 'string' },
  [DEVLINK_ATTR.PORT_INDEX]: { name: 'portIndex', kind: 'u32' },
})

/** IFLA_DPLL_PIN: the DPLL pin handle (dpll_msg_add_pin_handle). */
const DPLL_PIN_ATTRS = defineAttrs('IFLA_DPLL_PIN', {
  [DPLL_A_PIN.ID]: { name: 'id', kind: 'u32' },
})

export const LINK_ATTRS: AttrMap = defineAttrs('IFLA', {
  [IFLA.ADDRESS]: { name: 'address', kind: 'lladdr' },
  [IFLA.BROADCAST]: { name: 'broadcast', kind: 'lladdr' },
  [IFLA.IFNAME]: { name: 'ifname', kind: 'string' },
  [IFLA.MTU]: { name: 'mtu', kind: 'u32' },
  [IFLA.LINK]: { name: 'link', kind: 'u32' },
  [IFLA.QDISC]: { name: 'qdisc', kind: 'string' },
  [IFLA.STATS]: { name: 'stats32', kind: 'struct', struct: RTNL_LINK_STATS },
  [IFLA.COST]: { name: 'cost', kind: 'u32' },
  [IFLA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [IFLA.MASTER]: { name: 'master', kind: 'u32' },
  [IFLA.WIRELESS]: { name: 'wireless', kind: 'binary' },
  [IFLA.PROTINFO]: { name: 'protinfo', kind: 'binary' },
  [IFLA.TXQLEN]: { name: 'txqlen', kind: 'u32' },
  [IFLA.MAP]: { name: 'map', kind: 'struct', struct: RTNL_LINK_IFMAP },
  [IFLA.WEIGHT]: { name: 'weight', kind: 'u32' },
  [IFLA.OPERSTATE]: { name: 'operstate', kind: 'u8', names: OPER_STATES },
  [IFLA.LINKMODE]: { name: 'linkmode', kind: 'u8', names: LINK_MODES },
  [IFLA.LINKINFO]: { name: 'linkinfo', kind: 'nested', nested: LINKINFO_ATTRS },
  [IFLA.NET_NS_PID]: { name: 'netnsPid', kind: 'u32' },
  [IFLA.IFALIAS]: { name: 'ifalias', kind: 'string' },
  [IFLA.NUM_VF]: { name: 'numVf', kind: 'u32' },
  [IFLA.VFINFO_LIST]: { name: 'vfinfoList', kind: 'binary' },
  [IFLA.STATS64]: { name: 'stats64', kind: 'struct', struct: RTNL_LINK_STATS64 },
  [IFLA.VF_PORTS]: { name: 'vfPorts', kind: 'binary' },
  [IFLA.PORT_SELF]: { name: 'portSelf', kind: 'binary' },
  [IFLA.AF_SPEC]: { name: 'afSpec', kind: 'nested', nested: AF_SPEC_ATTRS },
  [IFLA.GROUP]: { name: 'group', kind: 'u32' },
  [IFLA.NET_NS_FD]: { name: 'netnsFd', kind: 'u32' },
  [IFLA.EXT_MASK]: { name: 'extMask', kind: 'u32' },
  [IFLA.PROMISCUITY]: { name: 'promiscuity', kind: 'u32' },
  [IFLA.NUM_TX_QUEUES]: { name: 'numTxQueues', kind: 'u32' },
  [IFLA.NUM_RX_QUEUES]: { name: 'numRxQueues', kind: 'u32' },
  [IFLA.CARRIER]: { name: 'carrier', kind: 'u8' },
  [IFLA.PHYS_PORT_ID]: { name: 'physPortId', kind: 'binary' },
  [IFLA.CARRIER_CHANGES]: { name: 'carrierChanges', kind: 'u32' },
  [IFLA.PHYS_SWITCH_ID]: { name: 'physSwitchId', kind: 'binary' },
  [IFLA.LINK_NETNSID]: { name: 'linkNetnsId', kind: 's32' },
  [IFLA.PHYS_PORT_NAME]: { name: 'physPortName', kind: 'string' },
  [IFLA.PROTO_DOWN]: { name: 'protoDown', kind: 'u8' },
  [IFLA.GSO_MAX_SEGS]: { name: 'gsoMaxSegs', kind: 'u32' },
  [IFLA.GSO_MAX_SIZE]: { name: 'gsoMaxSize', kind: 'u32' },
  [IFLA.PAD]: { name: 'pad', kind: 'pad' },
  [IFLA.XDP]: { name: 'xdp', kind: 'nested', nested: XDP_ATTRS },
  [IFLA.EVENT]: { name: 'event', kind: 'u32' },
  [IFLA.NEW_NETNSID]: { name: 'newNetnsId', kind: 's32' },
  [IFLA.TARGET_NETNSID]: { name: 'targetNetnsId', kind: 's32' },
  [IFLA.CARRIER_UP_COUNT]: { name: 'carrierUpCount', kind: 'u32' },
  [IFLA.CARRIER_DOWN_COUNT]: { name: 'carrierDownCount', kind: 'u32' },
  [IFLA.NEW_IFINDEX]: { name: 'newIfindex', kind: 's32' },
  [IFLA.MIN_MTU]: { name: 'minMtu', kind: 'u32' },
  [IFLA.MAX_MTU]: { name: 'maxMtu', kind: 'u32' },
  [IFLA.PROP_LIST]: {
    name: 'propList',
    kind: 'nested',
    nested: defineAttrs('IFLA_PROP_LIST', { [IFLA.ALT_IFNAME]: { name: 'altIfname', kind: 'string', multi: true } }),
  },
  [IFLA.ALT_IFNAME]: { name: 'altIfname', kind: 'string' },
  [IFLA.PERM_ADDRESS]: { name: 'permAddress', kind: 'lladdr' },
  [IFLA.PROTO_DOWN_REASON]: {
    name: 'protoDownReason',
    kind: 'nested',
    nested: defineAttrs('IFLA_PROTO_DOWN_REASON', {
      1: { name: 'mask', kind: 'u32' },
      2: { name: 'value', kind: 'u32' },
    }),
  },
  [IFLA.PARENT_DEV_NAME]: { name: 'parentDevName', kind: 'string' },
  [IFLA.PARENT_DEV_BUS_NAME]: { name: 'parentDevBusName', kind: 'string' },
  [IFLA.GRO_MAX_SIZE]: { name: 'groMaxSize', kind: 'u32' },
  [IFLA.TSO_MAX_SIZE]: { name: 'tsoMaxSize', kind: 'u32' },
  [IFLA.TSO_MAX_SEGS]: { name: 'tsoMaxSegs', kind: 'u32' },
  [IFLA.ALLMULTI]: { name: 'allmulti', kind: 'u32' },
  [IFLA.DEVLINK_PORT]: { name: 'devlinkPort', kind: 'nested', nested: DEVLINK_PORT_ATTRS },
  [IFLA.GSO_IPV4_MAX_SIZE]: { name: 'gsoIpv4MaxSize', kind: 'u32' },
  [IFLA.GRO_IPV4_MAX_SIZE]: { name: 'groIpv4MaxSize', kind: 'u32' },
  [IFLA.DPLL_PIN]: { name: 'dpllPin', kind: 'nested', nested: DPLL_PIN_ATTRS },
  [IFLA.MAX_PACING_OFFLOAD_HORIZON]: { name: 'maxPacingOffloadHorizon', kind: 'custom', codec: UINT_CODEC },
  [IFLA.NETNS_IMMUTABLE]: { name: 'netnsImmutable', kind: 'u8' },
  [IFLA.HEADROOM]: { name: 'headroom', kind: 'u16' },
  [IFLA.TAILROOM]: { name: 'tailroom', kind: 'u16' },
})
