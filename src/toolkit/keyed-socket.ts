/**
 * Keyed sockets: a family whose answers are told apart by a field inside the message rather than
 * by nlmsg_type (sock_diag's family byte, a generic netlink command) opens its socket here, with
 * the Marshal keyed on that field and a parser registered per key, and builds its requests'
 * parsers on `keyedParser`. Control messages are recognised by the engine before the Marshal is
 * asked, so a key that shares a control type's number (AF_INET and NLMSG_ERROR are both 2) never
 * hides an error.
 */
import type { KeyFormat, Marshal, Parser } from '../marshal'
import { NetlinkSocket, type NativeOpener, type NetlinkSocketOptions } from '../socket'

/** Where the key of each message is: read with `format` at `offset` bytes from its nlmsghdr, ANDed with `mask`. */
export interface MessageKey {
  format: KeyFormat
  offset: number
  mask?: number
}

/** Opens a socket of `protocol` whose Marshal reads `key` and picks `parsers[key]` (the default parser for other keys). */
export async function openKeyedSocket(
  options: Omit<NetlinkSocketOptions, 'protocol'>,
  protocol: NonNullable<NetlinkSocketOptions['protocol']>,
  key: MessageKey,
  parsers: Readonly<Record<number, Parser>>,
  opener?: NativeOpener,
): Promise<NetlinkSocket> {
  const socket = await NetlinkSocket.open({ ...options, protocol }, opener)
  const marshal = socket.marshal
  marshal.keyFormat = key.format
  marshal.keyOffset = key.offset
  marshal.keyMask = key.mask ?? null
  for (const [k, parser] of Object.entries(parsers)) marshal.register(Number(k), parser)
  return socket
}

/** A request parser that decodes as `marshal` chooses, by the message's key, flags and sequence number. */
export function keyedParser(marshal: Marshal): Parser {
  return (data, offset, length) => marshal.parse(data, offset, length, data.readUInt16LE(offset + 6), data.readUInt32LE(offset + 8))
}
