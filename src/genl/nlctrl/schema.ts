/**
 * nlctrl's attribute maps: a family description (CTRL_CMD_NEWFAMILY / GETFAMILY), with its
 * operations and multicast groups as arrays of nests.
 */
import { defineAttrs } from '../../schema/attrs'
import { nestedArray } from '../../toolkit/nested-array'
import { CTRL_ATTR, CTRL_ATTR_MCAST_GRP, CTRL_ATTR_OP } from './constants'

/** CTRL_ATTR_OP_*. */
export const CTRL_OP_ATTRS = defineAttrs('CTRL_ATTR_OP', {
  [CTRL_ATTR_OP.ID]: { name: 'id', kind: 'u32' },
  [CTRL_ATTR_OP.FLAGS]: { name: 'flags', kind: 'u32' },
})

/** CTRL_ATTR_MCAST_GRP_*. */
export const CTRL_MCAST_GRP_ATTRS = defineAttrs('CTRL_ATTR_MCAST_GRP', {
  [CTRL_ATTR_MCAST_GRP.NAME]: { name: 'name', kind: 'string' },
  [CTRL_ATTR_MCAST_GRP.ID]: { name: 'id', kind: 'u32' },
})

/** CTRL_ATTR_*: what nlctrl says of a family, and what a GETFAMILY request names it by. */
export const CTRL_ATTRS = defineAttrs('CTRL_ATTR', {
  [CTRL_ATTR.FAMILY_ID]: { name: 'familyId', kind: 'u16' },
  [CTRL_ATTR.FAMILY_NAME]: { name: 'familyName', kind: 'string' },
  [CTRL_ATTR.VERSION]: { name: 'version', kind: 'u32' },
  [CTRL_ATTR.HDRSIZE]: { name: 'hdrsize', kind: 'u32' },
  [CTRL_ATTR.MAXATTR]: { name: 'maxattr', kind: 'u32' },
  [CTRL_ATTR.OPS]: { name: 'ops', kind: 'custom', codec: nestedArray(CTRL_OP_ATTRS) },
  [CTRL_ATTR.MCAST_GROUPS]: { name: 'mcastGroups', kind: 'custom', codec: nestedArray(CTRL_MCAST_GRP_ATTRS) },
})
