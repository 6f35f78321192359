/**
 * nlctrl's numbers (linux/genetlink.h): the controller family's fixed id, its commands, the
 * attributes of a family description, and the capability bits of an operation.
 */
import { defineBits, defineNames } from '../../schema/names'

/** GENL_ID_CTRL: nlctrl's family id, fixed (NLMSG_MIN_TYPE), the one id known without asking. */
export const GENL_ID_CTRL = 0x10
/**
 * The id of nlctrl's `notify` multicast group: the kernel registers nlctrl's groups at the offset
 * GENL_ID_CTRL (genetlink.c, mcgrp_offset), so the group that announces family changes is known
 * before any family is resolved.
 */
export const GENL_CTRL_NOTIFY_GROUP = 0x10
/** nlctrl's interface version (CTRL_CMD_GETFAMILY answers with version 2 since Linux 2.6.23). */
export const CTRL_VERSION = 2
/** GENL_NAMSIZ: a family or group name and its NUL. */
export const GENL_NAMSIZ = 16

/**
 * CTRL_CMD_*.
 * @enum
 */
export const CTRL_CMD = {
  NEWFAMILY: 1,
  DELFAMILY: 2,
  GETFAMILY: 3,
  NEWOPS: 4,
  DELOPS: 5,
  GETOPS: 6,
  NEWMCAST_GRP: 7,
  DELMCAST_GRP: 8,
  GETMCAST_GRP: 9,
  GETPOLICY: 10,
}

/** CTRL_CMD_* by number, as events and errors name them. */
export const CTRL_COMMANDS = defineNames('nlctrl command', {
  [CTRL_CMD.NEWFAMILY]: 'newfamily',
  [CTRL_CMD.DELFAMILY]: 'delfamily',
  [CTRL_CMD.GETFAMILY]: 'getfamily',
  [CTRL_CMD.NEWOPS]: 'newops',
  [CTRL_CMD.DELOPS]: 'delops',
  [CTRL_CMD.GETOPS]: 'getops',
  [CTRL_CMD.NEWMCAST_GRP]: 'newmcast_grp',
  [CTRL_CMD.DELMCAST_GRP]: 'delmcast_grp',
  [CTRL_CMD.GETMCAST_GRP]: 'getmcast_grp',
  [CTRL_CMD.GETPOLICY]: 'getpolicy',
})

/**
 * CTRL_ATTR_*.
 * @enum
 */
export const CTRL_ATTR = {
  FAMILY_ID: 1,
  FAMILY_NAME: 2,
  VERSION: 3,
  HDRSIZE: 4,
  MAXATTR: 5,
  OPS: 6,
  MCAST_GROUPS: 7,
  POLICY: 8,
  OP_POLICY: 9,
  OP: 10,
}

/**
 * CTRL_ATTR_OP_*: one operation inside CTRL_ATTR_OPS.
 * @enum
 */
export const CTRL_ATTR_OP = { ID: 1, FLAGS: 2 }

/**
 * CTRL_ATTR_MCAST_GRP_*: one group inside CTRL_ATTR_MCAST_GROUPS.
 * @enum
 */
export const CTRL_ATTR_MCAST_GRP = { NAME: 1, ID: 2 }

/** GENL_* operation flags, as `genl ctrl list` spells its capabilities. */
export const GENL_OP_FLAGS = defineBits({
  0x01: 'admin-perm',
  0x02: 'do',
  0x04: 'dump',
  0x08: 'has-policy',
  0x10: 'uns-admin-perm',
})
