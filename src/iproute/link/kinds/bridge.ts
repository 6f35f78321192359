/** bridge: IFLA_INFO_DATA of a bridge (linux/if_link.h IFLA_BR_*; layout per br_fill_info). */
import { defineAttrs } from '../../../schema/attrs'
import { defineStruct } from '../../../schema/struct'
import { packed } from '../../common/packed'
import { BRIDGE_QUERIER, BRIDGE_STP_MODES, IFLA_BR } from '../constants'

/** struct ifla_bridge_id: 2-byte priority (network order) and the bridge MAC. */
export const IFLA_BRIDGE_ID = defineStruct({
  name: 'ifla_bridge_id',
  size: 8,
  fields: [
    { name: 'priority', type: 'be16', offset: 0 },
    { name: 'address', type: 'lladdr', offset: 2, size: 6 },
  ],
})

export const BR_BOOLOPT_MULTI = packed('br_boolopt_multi', 'u32', ['optval', 'optmask'])

/** A struct ifla_bridge_id attribute (root and bridge ids, of bridges and of their ports: ./bridge-port.ts). */
export const BRIDGE_ID = { kind: 'struct', struct: IFLA_BRIDGE_ID } as const

/** IFLA_BR_MCAST_QUERIER_STATE: the other querier last heard, per IP version (br_multicast_dump_querier_state). */
const QUERIER_STATE_ATTRS = defineAttrs('BRIDGE_QUERIER', {
  [BRIDGE_QUERIER.IP_ADDRESS]: { name: 'ipAddress', kind: 'ipaddr' },
  [BRIDGE_QUERIER.IP_PORT]: { name: 'ipPort', kind: 'u32' },
  [BRIDGE_QUERIER.IP_OTHER_TIMER]: { name: 'ipOtherTimer', kind: 'u64n' },
  [BRIDGE_QUERIER.PAD]: { name: 'pad', kind: 'pad' },
  [BRIDGE_QUERIER.IPV6_ADDRESS]: { name: 'ipv6Address', kind: 'ipaddr' },
  [BRIDGE_QUERIER.IPV6_PORT]: { name: 'ipv6Port', kind: 'u32' },
  [BRIDGE_QUERIER.IPV6_OTHER_TIMER]: { name: 'ipv6OtherTimer', kind: 'u64n' },
})

export const BRIDGE_ATTRS = defineAttrs('IFLA_BR', {
  [IFLA_BR.FORWARD_DELAY]: { name: 'forwardDelay', kind: 'u32' },
  [IFLA_BR.HELLO_TIME]: { name: 'helloTime', kind: 'u32' },
  [IFLA_BR.MAX_AGE]: { name: 'maxAge', kind: 'u32' },
  [IFLA_BR.AGEING_TIME]: { name: 'ageingTime', kind: 'u32' },
  [IFLA_BR.STP_STATE]: { name: 'stpState', kind: 'u32' },
  [IFLA_BR.PRIORITY]: { name: 'priority', kind: 'u16' },
  [IFLA_BR.VLAN_FILTERING]: { name: 'vlanFiltering', kind: 'u8' },
  [IFLA_BR.VLAN_PROTOCOL]: { name: 'vlanProtocol', kind: 'be16' },
  [IFLA_BR.GROUP_FWD_MASK]: { name: 'groupFwdMask', kind: 'u16' },
  [IFLA_BR.ROOT_ID]: { name: 'rootId', ...BRIDGE_ID },
  [IFLA_BR.BRIDGE_ID]: { name: 'bridgeId', ...BRIDGE_ID },
  [IFLA_BR.ROOT_PORT]: { name: 'rootPort', kind: 'u16' },
  [IFLA_BR.ROOT_PATH_COST]: { name: 'rootPathCost', kind: 'u32' },
  [IFLA_BR.TOPOLOGY_CHANGE]: { name: 'topologyChange', kind: 'u8' },
  [IFLA_BR.TOPOLOGY_CHANGE_DETECTED]: { name: 'topologyChangeDetected', kind: 'u8' },
  [IFLA_BR.HELLO_TIMER]: { name: 'helloTimer', kind: 'u64n' },
  [IFLA_BR.TCN_TIMER]: { name: 'tcnTimer', kind: 'u64n' },
  [IFLA_BR.TOPOLOGY_CHANGE_TIMER]: { name: 'topologyChangeTimer', kind: 'u64n' },
  [IFLA_BR.GC_TIMER]: { name: 'gcTimer', kind: 'u64n' },
  [IFLA_BR.GROUP_ADDR]: { name: 'groupAddr', kind: 'lladdr' },
  [IFLA_BR.FDB_FLUSH]: { name: 'fdbFlush', kind: 'flag' },
  [IFLA_BR.MCAST_ROUTER]: { name: 'mcastRouter', kind: 'u8' },
  [IFLA_BR.MCAST_SNOOPING]: { name: 'mcastSnooping', kind: 'u8' },
  [IFLA_BR.MCAST_QUERY_USE_IFADDR]: { name: 'mcastQueryUseIfaddr', kind: 'u8' },
  [IFLA_BR.MCAST_QUERIER]: { name: 'mcastQuerier', kind: 'u8' },
  [IFLA_BR.MCAST_HASH_ELASTICITY]: { name: 'mcastHashElasticity', kind: 'u32' },
  [IFLA_BR.MCAST_HASH_MAX]: { name: 'mcastHashMax', kind: 'u32' },
  [IFLA_BR.MCAST_LAST_MEMBER_CNT]: { name: 'mcastLastMemberCnt', kind: 'u32' },
  [IFLA_BR.MCAST_STARTUP_QUERY_CNT]: { name: 'mcastStartupQueryCnt', kind: 'u32' },
  [IFLA_BR.MCAST_LAST_MEMBER_INTVL]: { name: 'mcastLastMemberIntvl', kind: 'u64n' },
  [IFLA_BR.MCAST_MEMBERSHIP_INTVL]: { name: 'mcastMembershipIntvl', kind: 'u64n' },
  [IFLA_BR.MCAST_QUERIER_INTVL]: { name: 'mcastQuerierIntvl', kind: 'u64n' },
  [IFLA_BR.MCAST_QUERY_INTVL]: { name: 'mcastQueryIntvl', kind: 'u64n' },
  [IFLA_BR.MCAST_QUERY_RESPONSE_INTVL]: { name: 'mcastQueryResponseIntvl', kind: 'u64n' },
  [IFLA_BR.MCAST_STARTUP_QUERY_INTVL]: { name: 'mcastStartupQueryIntvl', kind: 'u64n' },
  [IFLA_BR.NF_CALL_IPTABLES]: { name: 'nfCallIptables', kind: 'u8' },
  [IFLA_BR.NF_CALL_IP6TABLES]: { name: 'nfCallIp6tables', kind: 'u8' },
  [IFLA_BR.NF_CALL_ARPTABLES]: { name: 'nfCallArptables', kind: 'u8' },
  [IFLA_BR.VLAN_DEFAULT_PVID]: { name: 'vlanDefaultPvid', kind: 'u16' },
  [IFLA_BR.PAD]: { name: 'pad', kind: 'pad' },
  [IFLA_BR.VLAN_STATS_ENABLED]: { name: 'vlanStatsEnabled', kind: 'u8' },
  [IFLA_BR.MCAST_STATS_ENABLED]: { name: 'mcastStatsEnabled', kind: 'u8' },
  [IFLA_BR.MCAST_IGMP_VERSION]: { name: 'mcastIgmpVersion', kind: 'u8' },
  [IFLA_BR.MCAST_MLD_VERSION]: { name: 'mcastMldVersion', kind: 'u8' },
  [IFLA_BR.VLAN_STATS_PER_PORT]: { name: 'vlanStatsPerPort', kind: 'u8' },
  [IFLA_BR.MULTI_BOOLOPT]: { name: 'multiBoolopt', kind: 'struct', struct: BR_BOOLOPT_MULTI },
  [IFLA_BR.MCAST_QUERIER_STATE]: { name: 'mcastQuerierState', kind: 'nested', nested: QUERIER_STATE_ATTRS },
  [IFLA_BR.FDB_N_LEARNED]: { name: 'fdbNLearned', kind: 'u32' },
  [IFLA_BR.FDB_MAX_LEARNED]: { name: 'fdbMaxLearned', kind: 'u32' },
  [IFLA_BR.STP_MODE]: { name: 'stpMode', kind: 'u32', names: BRIDGE_STP_MODES },
})
