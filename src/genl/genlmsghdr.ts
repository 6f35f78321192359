/**
 * struct genlmsghdr (linux/genetlink.h): the 4-byte header every generic netlink message carries
 * after its nlmsghdr, naming the family's command and the version of the family's interface.
 */
import { defineStruct } from '../schema/struct'

/** The decoded genlmsghdr. */
export interface GenlMsgHdr {
  /** The family's command (CTRL_CMD_*, ETHTOOL_MSG_*, ...). */
  cmd: number
  /** The version of the family's interface the message speaks. */
  version: number
}

/** GENL_HDRLEN: sizeof(struct genlmsghdr), already 4-byte aligned. */
export const GENL_HDRLEN = 4

/** cmd u8, version u8, reserved u16. */
export const GENLMSGHDR = defineStruct<GenlMsgHdr>({
  name: 'genlmsghdr',
  size: GENL_HDRLEN,
  fields: [
    { name: 'cmd', type: 'u8', offset: 0 },
    { name: 'version', type: 'u8', offset: 1 },
  ],
})
