/** vlan: IFLA_INFO_DATA of a vlan link (linux/if_link.h IFLA_VLAN_*; layout per vlan_fill_info). */
import { defineAttrs } from '../../../schema/attrs'
import { packed } from '../../common/packed'
import { IFLA_VLAN, IFLA_VLAN_QOS } from '../constants'

export const IFLA_VLAN_FLAGS = packed('ifla_vlan_flags', 'u32', ['flags', 'mask'])

export const IFLA_VLAN_QOS_MAPPING = packed('ifla_vlan_qos_mapping', 'u32', ['from', 'to'])

const VLAN_QOS_ATTRS = defineAttrs('IFLA_VLAN_QOS', {
  [IFLA_VLAN_QOS.MAPPING]: { name: 'mapping', kind: 'struct', struct: IFLA_VLAN_QOS_MAPPING, multi: true },
})

/** vlan (linux/if_link.h IFLA_VLAN_*; layout per vlan_fill_info). */
export const VLAN_ATTRS = defineAttrs('IFLA_VLAN', {
  [IFLA_VLAN.ID]: { name: 'id', kind: 'u16' },
  [IFLA_VLAN.FLAGS]: { name: 'flags', kind: 'struct', struct: IFLA_VLAN_FLAGS },
  [IFLA_VLAN.EGRESS_QOS]: { name: 'egressQos', kind: 'nested', nested: VLAN_QOS_ATTRS },
  [IFLA_VLAN.INGRESS_QOS]: { name: 'ingressQos', kind: 'nested', nested: VLAN_QOS_ATTRS },
  [IFLA_VLAN.PROTOCOL]: { name: 'protocol', kind: 'be16' },
})
