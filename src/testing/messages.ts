/**
 * Netlink messages as a kernel writes them, for answers a test scripts: the header, attributes,
 * NLMSG_DONE, NLMSG_ERROR (errors and acks) and whole dump answers. Built by hand from the
 * constants of the main entry, independently of the library's encoders, so a test of code that uses
 * nlroute checks it against bytes, not against nlroute's own view of them.
 */
import { align4, constants } from '../index'

/** The fields of one netlink message header, and its payload. */
export interface MessageSpec {
  /** nlmsg_type: a control type (NLMSG_DONE, ...) or the family's (RTM_NEWLINK, ...). */
  type: number
  /** nlmsg_flags (NLM_F_MULTI for a part of a dump answer). Default 0. */
  flags?: number
  /** nlmsg_seq: the sequence number of the request answered (see {@link seqOf}). Default 0. */
  seq?: number
  /** nlmsg_pid: the sender's port id; the kernel's is 0, the default. */
  pid?: number
  /** What follows the 16-byte header (family header and attributes). Default empty. */
  payload?: Uint8Array
}

/** An errno: its number (17) or its symbolic name ('EEXIST', as NetlinkError's `code`). */
export type Errno = number | string

/** Options of {@link errorFor}: the extended-ack attributes a kernel may add. */
export interface ErrorOptions {
  /** NLMSGERR_ATTR_MSG: the kernel's explanation (NetlinkError's `extAckMessage`). */
  message?: string
  /** NLMSGERR_ATTR_OFFS: offset, in the request, of the attribute the error is about. */
  offset?: number
}

/** Options of {@link done}. */
export interface DoneOptions {
  /** An errno ending the dump with an error instead of success. Default 0. */
  errno?: Errno
  /** nlmsg_flags. Default NLM_F_MULTI, as the kernel sends it. */
  flags?: number
  /** Extended-ack attributes after the error code. Default none. */
  tlvs?: Uint8Array
}

/** Options of {@link dumpAnswer}. */
export interface DumpAnswerOptions {
  /** Flags added to NLM_F_MULTI on every data message (NLM_F_DUMP_INTR: the table changed meanwhile). */
  flags?: number
}

/** One attribute (nlattr/rtattr): length, type, value, padded to 4 bytes. */
export function attr(type: number, value: Uint8Array): Buffer {
  const length = 4 + value.length
  const buf = Buffer.alloc(align4(length))
  buf.writeUInt16LE(length, 0)
  buf.writeUInt16LE(type, 2)
  buf.set(value, 4)
  return buf
}

/** One netlink message: the 16-byte header and the payload, padded to 4 bytes. */
export function nlmsg({ type, flags = 0, seq = 0, pid = 0, payload = Buffer.alloc(0) }: MessageSpec): Buffer {
  const length = constants.NLMSG_HDRLEN + payload.length
  const buf = Buffer.alloc(align4(length))
  buf.writeUInt32LE(length, 0)
  buf.writeUInt16LE(type, 4)
  buf.writeUInt16LE(flags, 6)
  buf.writeUInt32LE(seq, 8)
  buf.writeUInt32LE(pid, 12)
  buf.set(payload, constants.NLMSG_HDRLEN)
  return buf
}

/** The sequence number of a message (of the request a respond callback is given, say). */
export function seqOf(message: Buffer): number {
  return message.readUInt32LE(8)
}

/** The message type of a message (RTM_GETLINK for a link dump request, say). */
export function typeOf(message: Buffer): number {
  return message.readUInt16LE(4)
}

/** An errno's number, from its number or its name ('EEXIST' → 17). Throws on an unknown name. */
export function errnoNumber(errno: Errno): number {
  if (typeof errno === 'number') return errno
  for (const [number, name] of Object.entries(constants.ERRNO_CODES)) if (name === errno) return Number(number)
  throw new TypeError(`unknown errno name ${JSON.stringify(errno)}`)
}

/** The errno as the kernel writes it into NLMSG_ERROR and NLMSG_DONE: negative, 32 bits. */
function errnoField(errno: Errno): Buffer {
  const field = Buffer.alloc(4)
  field.writeInt32LE(-errnoNumber(errno), 0)
  return field
}

/** NLMSG_DONE ending the dump answering sequence number `seq`. */
export function done(seq: number, { errno = 0, flags = constants.NLM_F_MULTI, tlvs = Buffer.alloc(0) }: DoneOptions = {}): Buffer {
  return nlmsg({ type: constants.NLMSG_DONE, flags, seq, payload: Buffer.concat([errnoField(errno), tlvs]) })
}

/**
 * NLMSG_ERROR answering `request` (a message as the respond callback gets it): errno 0 is an ack,
 * anything else makes the call reject with a NetlinkError of that errno. The request's header is
 * echoed (capped, as the kernel does with extended acks on).
 */
export function errorFor(request: Buffer, errno: Errno, { message, offset }: ErrorOptions = {}): Buffer {
  const tlvs: Buffer[] = []
  if (message !== undefined) tlvs.push(attr(constants.NLMSGERR_ATTR_MSG, Buffer.from(message + '\0')))
  if (offset !== undefined) {
    const value = Buffer.alloc(4)
    value.writeUInt32LE(offset)
    tlvs.push(attr(constants.NLMSGERR_ATTR_OFFS, value))
  }
  const flags = constants.NLM_F_CAPPED | (tlvs.length ? constants.NLM_F_ACK_TLVS : 0)
  const echoed = request.subarray(0, constants.NLMSG_HDRLEN)
  return nlmsg({ type: constants.NLMSG_ERROR, flags, seq: seqOf(request), payload: Buffer.concat([errnoField(errno), echoed, ...tlvs]) })
}

/** The ack of `request`: NLMSG_ERROR with error 0 (what the kernel sends for a change asked with NLM_F_ACK). */
export function ack(request: Buffer): Buffer {
  return errorFor(request, 0)
}

/**
 * A whole dump answer to `request` in one datagram: one message of `type` per payload (NLM_F_MULTI,
 * the request's sequence number), then NLMSG_DONE. For a link dump: type RTM_NEWLINK, each payload
 * an ifinfomsg and its attributes.
 */
export function dumpAnswer(request: Buffer, type: number, payloads: Iterable<Uint8Array>, { flags = 0 }: DumpAnswerOptions = {}): Buffer {
  const seq = seqOf(request)
  const messages = [...payloads].map((payload) => nlmsg({ type, flags: constants.NLM_F_MULTI | flags, seq, payload }))
  return Buffer.concat([...messages, done(seq)])
}
