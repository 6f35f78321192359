/**
 * nlctrl as a {@link GenlFamily} (the controller is a family like any other, at a fixed id), and
 * the projection of its family descriptions onto {@link GenlFamilyInfo}.
 */
import type { DecodedAttrs } from '../../schema/decode'
import { ParseError } from '../../schema/errors'
import type { GenlCommand, GenlFamily, GenlMessage } from '../family'
import { CTRL_CMD, CTRL_COMMANDS, CTRL_VERSION, GENL_OP_FLAGS } from './constants'
import { CTRL_ATTRS } from './schema'

/** One operation (command) a family offers, as nlctrl lists it. */
export interface GenlOperation {
  /** The command number. */
  id: number
  /** GENL_* flags: GENL_ADMIN_PERM, GENL_CMD_CAP_DO / DUMP / HASPOL, GENL_UNS_ADMIN_PERM. */
  flags: number
  /** The flags by name: 'admin-perm', 'do', 'dump', 'has-policy', 'uns-admin-perm'. */
  capabilities: string[]
}

/** One multicast group of a family. */
export interface GenlMulticastGroup {
  /** Its name ('notify', 'monitor', 'config'). */
  name: string
  /** The group number to join (any size: above 32 is usual). */
  id: number
}

/** A family as CTRL_CMD_GETFAMILY describes it. */
export interface GenlFamilyInfo {
  /** The family's name. */
  name: string
  /** Its id: the nlmsg_type of its messages. */
  id: number
  /** The version of its interface. */
  version: number
  /** Size of its fixed header after genlmsghdr (0 for most). */
  headerSize: number
  /** Its highest attribute type. */
  maxAttr: number
  /** Its operations. */
  operations: GenlOperation[]
  /** Its multicast groups. */
  multicastGroups: GenlMulticastGroup[]
}

const commands: Record<number, GenlCommand> = {}
for (const cmd of Object.values(CTRL_CMD)) commands[cmd] = { name: CTRL_COMMANDS.decode(cmd) as string, attrs: CTRL_ATTRS }

/** The controller's schema: every command reads CTRL_ATTR_* both ways. */
export const NLCTRL: GenlFamily = { name: 'nlctrl', version: CTRL_VERSION, requests: commands, replies: commands }

/** The {@link GenlFamilyInfo} of a decoded nlctrl message; ParseError when it names no family. */
export function familyInfoOf(message: GenlMessage, offset = 0): GenlFamilyInfo {
  const a = message.attrs
  if (typeof a.familyName !== 'string' || typeof a.familyId !== 'number') {
    throw new ParseError(`nlctrl ${String(message.command)} message without CTRL_ATTR_FAMILY_NAME and CTRL_ATTR_FAMILY_ID`, offset)
  }
  return {
    name: a.familyName,
    id: a.familyId,
    version: (a.version as number | undefined) ?? 0,
    headerSize: (a.hdrsize as number | undefined) ?? 0,
    maxAttr: (a.maxattr as number | undefined) ?? 0,
    operations: ((a.ops as DecodedAttrs[] | undefined) ?? []).map((op) => {
      const flags = (op.flags as number | undefined) ?? 0
      return { id: (op.id as number | undefined) ?? 0, flags, capabilities: GENL_OP_FLAGS.decode(flags) }
    }),
    multicastGroups: ((a.mcastGroups as DecodedAttrs[] | undefined) ?? []).map((g) => ({
      name: (g.name as string | undefined) ?? '',
      id: (g.id as number | undefined) ?? 0,
    })),
  }
}
