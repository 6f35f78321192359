/**
 * A generic netlink family as a schema: its name (what nlctrl resolves to an id), the interface
 * version its requests carry, an optional fixed header after genlmsghdr, and the attribute map of
 * each command in each direction. Encoding a request and decoding a message of any family go
 * through the two functions here, so a new family is a schema and a small class (docs/adding-a-family.md).
 */
import { NLMSG_HDRLEN } from '../constants'
import { defineAttrs, type AttrMap } from '../schema/attrs'
import { decodeAttrs, type DecodedAttrs } from '../schema/decode'
import { encodeAttrs } from '../schema/encode'
import { ParseError } from '../schema/errors'
import type { StructCodec } from '../schema/struct'
import { AttrWriter } from '../schema/writer'
import { GENL_HDRLEN, GENLMSGHDR } from './genlmsghdr'

/** One command's messages: how errors and events name it, and its attributes. */
export interface GenlCommand {
  /** The command's name in events and errors ('features', 'getfamily'). */
  readonly name: string
  /** The attributes its messages carry. */
  readonly attrs: AttrMap
}

/** The schema of a generic netlink family. */
export interface GenlFamily {
  /** The name nlctrl knows the family by ('ethtool', 'nl80211', 'wireguard'). */
  readonly name: string
  /** The interface version requests carry in genlmsghdr. */
  readonly version: number
  /** The family's fixed header after genlmsghdr (its nlctrl hdrsize), if it has one. */
  readonly header?: StructCodec<object>
  /** What the caller sends, by command number. */
  readonly requests: Readonly<Record<number, GenlCommand>>
  /**
   * What the kernel sends (answers and notifications), by command number. Families whose
   * commands read alike both ways (nl80211, WireGuard) give the same table twice.
   */
  readonly replies: Readonly<Record<number, GenlCommand>>
}

/** A decoded message of a {@link GenlFamily}. */
export interface GenlMessage {
  /** The family's name. */
  family: string
  /** genlmsghdr.cmd. */
  cmd: number
  /** The command's name from the family's schema, or the number when the schema has none. */
  command: string | number
  /** genlmsghdr.version. */
  version: number
  /** The family's fixed header, when it has one. */
  header?: Record<string, unknown>
  /** The attributes, by the command's map (all of them raw in `unknown` for an undeclared command). */
  attrs: DecodedAttrs
  /** nlmsg_flags (NLM_F_MULTI on dump parts, NLM_F_DUMP_INTR, ...). */
  flags: number
}

/** Attributes of a command the schema does not declare: each is kept raw, in `unknown`. */
const NO_ATTRS: AttrMap = defineAttrs('undeclared', {})

/**
 * The payload of a request (what follows nlmsghdr): genlmsghdr, the family's header, and `attrs`
 * encoded by the command's map. TypeError/RangeError naming `path` for what does not fit.
 */
export function encodeGenlRequest(family: GenlFamily, cmd: number, attrs: object, path: string, header: object = {}): Buffer {
  const command = family.requests[cmd]
  if (command === undefined) throw new TypeError(`${path}: ${family.name} has no request command ${cmd} in its schema`)
  const w = new AttrWriter(64)
  w.struct(GENLMSGHDR, { cmd, version: family.version }, path)
  if (family.header !== undefined) {
    family.header.check(header, `${path} header`)
    w.struct(family.header, header, `${path} header`)
    w.align()
  }
  encodeAttrs(command.attrs, attrs, w, path)
  return w.finish()
}

/**
 * Decodes the message at `offset` (its nlmsghdr) of `length` bytes: genlmsghdr, the family's
 * header and the command's attributes. ParseError for a message shorter than its headers.
 */
export function decodeGenlMessage(family: GenlFamily, data: Buffer, offset: number, length: number): GenlMessage {
  const headerSize = family.header === undefined ? 0 : (family.header.size + 3) & ~3
  const end = offset + length
  if (length < NLMSG_HDRLEN + GENL_HDRLEN + headerSize || end > data.length) {
    throw new ParseError(
      `${family.name} message of length ${length} is shorter than nlmsghdr + genlmsghdr${headerSize ? ' + its header' : ''} or exceeds the buffer`,
      offset,
    )
  }
  const g = offset + NLMSG_HDRLEN
  const { cmd, version } = GENLMSGHDR.decode(data, g)
  const command = family.replies[cmd]
  const message: GenlMessage = {
    family: family.name,
    cmd,
    command: command?.name ?? cmd,
    version,
    attrs: decodeAttrs(command?.attrs ?? NO_ATTRS, data, g + GENL_HDRLEN + headerSize, end),
    flags: data.readUInt16LE(offset + 6),
  }
  if (family.header !== undefined) message.header = family.header.decode(data, g + GENL_HDRLEN) as Record<string, unknown>
  return message
}
