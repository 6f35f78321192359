/** bond: IFLA_INFO_DATA of a bond (linux/if_link.h IFLA_BOND_*; payload types per bond_fill_info). */
import { defineAttrs } from '../../../schema/attrs'
import { BOND_MODES, IFLA_BOND, IFLA_BOND_AD_INFO } from '../constants'

const BOND_AD_INFO_ATTRS = defineAttrs('IFLA_BOND_AD_INFO', {
  [IFLA_BOND_AD_INFO.AGGREGATOR]: { name: 'aggregator', kind: 'u16' },
  [IFLA_BOND_AD_INFO.NUM_PORTS]: { name: 'numPorts', kind: 'u16' },
  [IFLA_BOND_AD_INFO.ACTOR_KEY]: { name: 'actorKey', kind: 'u16' },
  [IFLA_BOND_AD_INFO.PARTNER_KEY]: { name: 'partnerKey', kind: 'u16' },
  [IFLA_BOND_AD_INFO.PARTNER_MAC]: { name: 'partnerMac', kind: 'lladdr' },
})

/** bond (linux/if_link.h IFLA_BOND_*; payload types per bond_fill_info). */
export const BOND_ATTRS = defineAttrs('IFLA_BOND', {
  [IFLA_BOND.MODE]: { name: 'mode', kind: 'u8', names: BOND_MODES },
  [IFLA_BOND.ACTIVE_SLAVE]: { name: 'activeSlave', kind: 'u32' },
  [IFLA_BOND.MIIMON]: { name: 'miimon', kind: 'u32' },
  [IFLA_BOND.UPDELAY]: { name: 'updelay', kind: 'u32' },
  [IFLA_BOND.DOWNDELAY]: { name: 'downdelay', kind: 'u32' },
  [IFLA_BOND.USE_CARRIER]: { name: 'useCarrier', kind: 'u8' },
  [IFLA_BOND.ARP_INTERVAL]: { name: 'arpInterval', kind: 'u32' },
  [IFLA_BOND.ARP_IP_TARGET]: { name: 'arpIpTarget', kind: 'array', item: 'ipaddr', firstIndex: 0 },
  [IFLA_BOND.ARP_VALIDATE]: { name: 'arpValidate', kind: 'u32' },
  [IFLA_BOND.ARP_ALL_TARGETS]: { name: 'arpAllTargets', kind: 'u32' },
  [IFLA_BOND.PRIMARY]: { name: 'primary', kind: 'u32' },
  [IFLA_BOND.PRIMARY_RESELECT]: { name: 'primaryReselect', kind: 'u8' },
  [IFLA_BOND.FAIL_OVER_MAC]: { name: 'failOverMac', kind: 'u8' },
  [IFLA_BOND.XMIT_HASH_POLICY]: { name: 'xmitHashPolicy', kind: 'u8' },
  [IFLA_BOND.RESEND_IGMP]: { name: 'resendIgmp', kind: 'u32' },
  [IFLA_BOND.NUM_PEER_NOTIF]: { name: 'numPeerNotif', kind: 'u8' },
  [IFLA_BOND.ALL_SLAVES_ACTIVE]: { name: 'allSlavesActive', kind: 'u8' },
  [IFLA_BOND.MIN_LINKS]: { name: 'minLinks', kind: 'u32' },
  [IFLA_BOND.LP_INTERVAL]: { name: 'lpInterval', kind: 'u32' },
  [IFLA_BOND.PACKETS_PER_SLAVE]: { name: 'packetsPerSlave', kind: 'u32' },
  [IFLA_BOND.AD_LACP_RATE]: { name: 'adLacpRate', kind: 'u8' },
  [IFLA_BOND.AD_SELECT]: { name: 'adSelect', kind: 'u8' },
  [IFLA_BOND.AD_INFO]: { name: 'adInfo', kind: 'nested', nested: BOND_AD_INFO_ATTRS },
  [IFLA_BOND.AD_ACTOR_SYS_PRIO]: { name: 'adActorSysPrio', kind: 'u16' },
  [IFLA_BOND.AD_USER_PORT_KEY]: { name: 'adUserPortKey', kind: 'u16' },
  [IFLA_BOND.AD_ACTOR_SYSTEM]: { name: 'adActorSystem', kind: 'lladdr' },
  [IFLA_BOND.TLB_DYNAMIC_LB]: { name: 'tlbDynamicLb', kind: 'u8' },
  [IFLA_BOND.PEER_NOTIF_DELAY]: { name: 'peerNotifDelay', kind: 'u32' },
  [IFLA_BOND.AD_LACP_ACTIVE]: { name: 'adLacpActive', kind: 'u8' },
  [IFLA_BOND.MISSED_MAX]: { name: 'missedMax', kind: 'u8' },
  [IFLA_BOND.NS_IP6_TARGET]: { name: 'nsIp6Target', kind: 'array', item: 'ipaddr', firstIndex: 0 },
  [IFLA_BOND.COUPLED_CONTROL]: { name: 'coupledControl', kind: 'u8' },
  [IFLA_BOND.BROADCAST_NEIGH]: { name: 'broadcastNeigh', kind: 'u8' },
})
