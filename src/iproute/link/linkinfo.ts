/**
 * IFLA_LINKINFO: the link kind and its kind-specific data, laid out per kind by ./kinds/ (one
 * file per kind: IFLA_INFO_DATA of veth, bridge, vxlan, macvlan/macvtap, vlan, bond;
 * IFLA_INFO_SLAVE_DATA of bridge ports and bond slaves). A kind without a layout decodes to a raw
 * Buffer.
 */
import { AttrMap, defineAttrs } from '../../schema/attrs'
import { IFLA_INFO } from './constants'
import { BOND_ATTRS } from './kinds/bond'
import { BOND_SLAVE_ATTRS } from './kinds/bond-slave'
import { BRIDGE_ATTRS } from './kinds/bridge'
import { BRIDGE_PORT_ATTRS } from './kinds/bridge-port'
import { MACVLAN_ATTRS } from './kinds/macvlan'
import { VETH_ATTRS } from './kinds/veth'
import { VLAN_ATTRS } from './kinds/vlan'
import { VXLAN_ATTRS } from './kinds/vxlan'

/** IFLA_INFO_DATA layouts by IFLA_INFO_KIND. Kinds not listed decode to a raw Buffer. */
export const LINK_KIND_ATTRS: Readonly<Record<string, AttrMap>> = {
  veth: VETH_ATTRS,
  bridge: BRIDGE_ATTRS,
  vxlan: VXLAN_ATTRS,
  macvlan: MACVLAN_ATTRS,
  macvtap: MACVLAN_ATTRS,
  vlan: VLAN_ATTRS,
  bond: BOND_ATTRS,
}

/** IFLA_INFO_SLAVE_DATA layouts by IFLA_INFO_SLAVE_KIND. */
export const LINK_SLAVE_KIND_ATTRS: Readonly<Record<string, AttrMap>> = {
  bridge: BRIDGE_PORT_ATTRS,
  bond: BOND_SLAVE_ATTRS,
}

export const LINKINFO_ATTRS = defineAttrs('IFLA_INFO', {
  [IFLA_INFO.KIND]: { name: 'kind', kind: 'string' },
  [IFLA_INFO.DATA]: { name: 'data', kind: 'variant', selector: 'kind', variants: LINK_KIND_ATTRS },
  [IFLA_INFO.XSTATS]: { name: 'xstats', kind: 'binary' },
  [IFLA_INFO.SLAVE_KIND]: { name: 'slaveKind', kind: 'string' },
  [IFLA_INFO.SLAVE_DATA]: { name: 'slaveData', kind: 'variant', selector: 'slaveKind', variants: LINK_SLAVE_KIND_ATTRS },
})
