/** veth: IFLA_INFO_DATA is VETH_INFO_PEER, a whole ifinfomsg and IFLA attributes for the peer (requests only). */
import { AttrMap, defineAttrs } from '../../../schema/attrs'
import { VETH_INFO } from '../constants'
import { IFINFOMSG } from '../ifinfomsg'

/** The peer's attributes are a link's own, whose map holds this one (through IFLA_LINKINFO): read on first use, so that neither module needs the other loaded first. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const linkAttrs = (): AttrMap => (require('../schema') as typeof import('../schema')).LINK_ATTRS

/** VETH_INFO_PEER: a whole ifinfomsg + IFLA attributes for the peer (requests only). */
export const VETH_ATTRS = defineAttrs('VETH_INFO', {
  [VETH_INFO.PEER]: { name: 'peer', kind: 'nested', header: IFINFOMSG, nested: linkAttrs },
})
