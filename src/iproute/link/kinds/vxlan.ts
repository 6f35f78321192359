/** vxlan: IFLA_INFO_DATA of a vxlan link (linux/if_link.h IFLA_VXLAN_*; layout per vxlan_fill_info). */
import { defineAttrs } from '../../../schema/attrs'
import { defineStruct } from '../../../schema/struct'
import { IFLA_VXLAN, VXLAN_LABEL_POLICIES } from '../constants'

export const IFLA_VXLAN_PORT_RANGE = defineStruct({
  name: 'ifla_vxlan_port_range',
  size: 4,
  fields: [
    { name: 'low', type: 'be16', offset: 0 },
    { name: 'high', type: 'be16', offset: 2 },
  ],
})

export const VXLAN_ATTRS = defineAttrs('IFLA_VXLAN', {
  [IFLA_VXLAN.ID]: { name: 'id', kind: 'u32' },
  [IFLA_VXLAN.GROUP]: { name: 'group', kind: 'ipaddr' },
  [IFLA_VXLAN.LINK]: { name: 'link', kind: 'u32' },
  [IFLA_VXLAN.LOCAL]: { name: 'local', kind: 'ipaddr' },
  [IFLA_VXLAN.TTL]: { name: 'ttl', kind: 'u8' },
  [IFLA_VXLAN.TOS]: { name: 'tos', kind: 'u8' },
  [IFLA_VXLAN.LEARNING]: { name: 'learning', kind: 'u8' },
  [IFLA_VXLAN.AGEING]: { name: 'ageing', kind: 'u32' },
  [IFLA_VXLAN.LIMIT]: { name: 'limit', kind: 'u32' },
  [IFLA_VXLAN.PORT_RANGE]: { name: 'portRange', kind: 'struct', struct: IFLA_VXLAN_PORT_RANGE },
  [IFLA_VXLAN.PROXY]: { name: 'proxy', kind: 'u8' },
  [IFLA_VXLAN.RSC]: { name: 'rsc', kind: 'u8' },
  [IFLA_VXLAN.L2MISS]: { name: 'l2miss', kind: 'u8' },
  [IFLA_VXLAN.L3MISS]: { name: 'l3miss', kind: 'u8' },
  [IFLA_VXLAN.PORT]: { name: 'port', kind: 'be16' },
  [IFLA_VXLAN.GROUP6]: { name: 'group6', kind: 'ipaddr' },
  [IFLA_VXLAN.LOCAL6]: { name: 'local6', kind: 'ipaddr' },
  [IFLA_VXLAN.UDP_CSUM]: { name: 'udpCsum', kind: 'u8' },
  [IFLA_VXLAN.UDP_ZERO_CSUM6_TX]: { name: 'udpZeroCsum6Tx', kind: 'u8' },
  [IFLA_VXLAN.UDP_ZERO_CSUM6_RX]: { name: 'udpZeroCsum6Rx', kind: 'u8' },
  [IFLA_VXLAN.REMCSUM_TX]: { name: 'remcsumTx', kind: 'u8' },
  [IFLA_VXLAN.REMCSUM_RX]: { name: 'remcsumRx', kind: 'u8' },
  [IFLA_VXLAN.GBP]: { name: 'gbp', kind: 'flag' },
  [IFLA_VXLAN.REMCSUM_NOPARTIAL]: { name: 'remcsumNopartial', kind: 'flag' },
  [IFLA_VXLAN.COLLECT_METADATA]: { name: 'collectMetadata', kind: 'u8' },
  [IFLA_VXLAN.LABEL]: { name: 'label', kind: 'be32' },
  [IFLA_VXLAN.GPE]: { name: 'gpe', kind: 'flag' },
  [IFLA_VXLAN.TTL_INHERIT]: { name: 'ttlInherit', kind: 'flag' },
  [IFLA_VXLAN.DF]: { name: 'df', kind: 'u8' },
  [IFLA_VXLAN.VNIFILTER]: { name: 'vnifilter', kind: 'u8' },
  [IFLA_VXLAN.LOCALBYPASS]: { name: 'localbypass', kind: 'u8' },
  [IFLA_VXLAN.LABEL_POLICY]: { name: 'labelPolicy', kind: 'u32', names: VXLAN_LABEL_POLICIES },
  // struct vxlanhdr read as one host-order u64, as iproute2 reads and writes it ("reserved_bits").
  [IFLA_VXLAN.RESERVED_BITS]: { name: 'reservedBits', kind: 'u64n' },
  [IFLA_VXLAN.MC_ROUTE]: { name: 'mcRoute', kind: 'u8' },
})
