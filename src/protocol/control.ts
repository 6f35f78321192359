/**
 * What the bytes of an answer mean for the request they belong to, without any I/O: which message
 * ends an answer, what a control message (NLMSG_NOOP/ERROR/DONE/OVERRUN) does to it, the
 * NetlinkError of an NLMSG_ERROR or NLMSG_DONE with its extended ack, and the errors and raw
 * messages made of bytes that cannot be read (a bad nlmsg_len, a parser that threw).
 *
 * The walk over a datagram's headers stays in the engine's receive loop (one loop, headers read
 * inline: it runs for every message of a dump); what it asks about messages is answered here.
 */
import {
  ENOBUFS,
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_MULTI,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from '../constants'
import { NetlinkError, ParseError } from '../errors'
import { readHeader, type Message } from '../marshal'
import { align4, copyBytes, forEachAttr } from '../schema/decode'

/**
 * Whether a message of this type and flags is the last of an answer: an ERROR (or ack), DONE or
 * OVERRUN, or a data message without NLM_F_MULTI when no ack follows (`expectsAck`: the request
 * asked for one with NLM_F_ACK).
 */
export function endsAnswer(expectsAck: boolean, type: number, flags: number): boolean {
  // Data messages (the common case) first, with the constants read from module slots: see ENDS_MULTI.
  if (type >= ENDS_MIN_TYPE) return (flags & ENDS_MULTI) === 0 && !expectsAck
  if (type === ENDS_ERROR || type === ENDS_DONE || type === ENDS_OVERRUN) return true
  return type !== ENDS_NOOP && (flags & ENDS_MULTI) === 0 && !expectsAck
}
// endsAnswer runs for every message, mostly before V8 has optimised it (a process's first dump),
// when each use of an imported name is a property load on its module's object: these are taken once.
const ENDS_MIN_TYPE = NLMSG_MIN_TYPE
const ENDS_ERROR = NLMSG_ERROR
const ENDS_DONE = NLMSG_DONE
const ENDS_OVERRUN = NLMSG_OVERRUN
const ENDS_NOOP = NLMSG_NOOP
const ENDS_MULTI = NLM_F_MULTI

/** {@link controlOutcome}: the message is dropped and the answer goes on (NLMSG_NOOP). */
export const SKIP: unique symbol = Symbol('skip')
/** {@link controlOutcome}: a reserved control type (5..15), passed on like data, never dropped. */
export const AS_DATA: unique symbol = Symbol('as data')

/**
 * What a control message (type 1..15) does to the answer it belongs to: ends it well (null), ends
 * it with an error, is skipped, or is data after all. `requestType` is the type of the request,
 * for the NetlinkError. NLM_F_DUMP_INTR on a DONE marks the answer, not its end: the caller's.
 */
export function controlOutcome(
  data: Buffer,
  offset: number,
  length: number,
  type: number,
  flags: number,
  requestType: number,
): Error | null | typeof SKIP | typeof AS_DATA {
  switch (type) {
    case NLMSG_NOOP:
      return SKIP
    case NLMSG_ERROR: {
      if (length < NLMSG_HDRLEN + 4) return new ParseError('NLMSG_ERROR shorter than its errno field', offset, copyBytes(data, offset, offset + length))
      const errno = -data.readInt32LE(offset + NLMSG_HDRLEN)
      if (errno === 0) return null
      return netlinkErrorFrom(data, offset, length, flags, errno, requestType, true)
    }
    case NLMSG_DONE: {
      const errno = length >= NLMSG_HDRLEN + 4 ? -data.readInt32LE(offset + NLMSG_HDRLEN) : 0
      if (errno > 0) return netlinkErrorFrom(data, offset, length, flags, errno, requestType, false)
      return null
    }
    case NLMSG_OVERRUN:
      return new NetlinkError(ENOBUFS, { context: 'NLMSG_OVERRUN: the kernel lost part of the answer' })
    default:
      return AS_DATA
  }
}

/** Builds the NetlinkError of an NLMSG_ERROR (or of an error inside NLMSG_DONE), with its extended ack. */
export function netlinkErrorFrom(
  data: Buffer,
  offset: number,
  length: number,
  flags: number,
  errno: number,
  requestType: number,
  isErrorMessage: boolean,
): NetlinkError {
  let extAckMessage: string | null = null
  let extAckOffset: number | null = null
  if (flags & NLM_F_ACK_TLVS) {
    const end = offset + length
    let at = offset + NLMSG_HDRLEN + 4
    if (isErrorMessage) {
      // The original request follows the errno: its header only when capped, the whole message otherwise.
      // A claimed length beyond the message leaves no room for attributes (and would overflow the
      // 32-bit arithmetic of the alignment), so it ends the walk before it starts.
      const original = at + 4 <= end ? data.readUInt32LE(at) : NLMSG_HDRLEN
      const skip = flags & NLM_F_CAPPED ? NLMSG_HDRLEN : Math.max(original, NLMSG_HDRLEN)
      at = skip > end - at ? end : at + align4(skip)
    }
    try {
      forEachAttr(data, at, end, (type, p, q) => {
        if (type === NLMSGERR_ATTR_MSG) {
          const nul = data.subarray(p, q).indexOf(0)
          extAckMessage = data.toString('utf8', p, nul >= 0 ? p + nul : q)
        } else if (type === NLMSGERR_ATTR_OFFS && q - p >= 4) {
          extAckOffset = data.readUInt32LE(p)
        }
      })
    } catch (error) {
      // A broken attribute ends the extended ack; what came before it still counts.
      if (!(error instanceof ParseError)) throw error
    }
  }
  return new NetlinkError(errno, { extAckMessage, extAckOffset, requestType })
}

/**
 * The error of a datagram whose message at `offset` claims a length that cannot be right
 * (`length`: shorter than a header, or past the end): the rest of the datagram is unreadable.
 */
export function malformedDatagramError(data: Buffer, offset: number, length: number): ParseError {
  return new ParseError(
    `malformed netlink message at offset ${offset} of a ${data.length}-byte datagram: nlmsg_len ${length} ` +
      (length < NLMSG_HDRLEN ? 'is shorter than the 16-byte header' : 'runs past the end of the datagram') +
      '; the rest of the datagram is unreadable',
    offset,
    Buffer.from(data),
  )
}

/**
 * Calls `visit(seq, type, flags)` for every place after `offset` where a message header could be:
 * 4-byte aligned, with a length that fits in the datagram. Only looked at, never delivered: past a
 * bad nlmsg_len nothing says where messages start.
 */
export function forEachHeaderAfter(data: Buffer, offset: number, visit: (seq: number, type: number, flags: number) => void): void {
  const end = data.length
  for (let at = offset + 4; at + NLMSG_HDRLEN <= end; at += 4) {
    const found = data.readUInt32LE(at)
    if (found < NLMSG_HDRLEN || found > end - at) continue
    visit(data.readUInt32LE(at + 8), data.readUInt16LE(at + 4), data.readUInt16LE(at + 6))
  }
}

/** A parser's failure on the message at `offset`, as a ParseError carrying that message. */
export function asParseError(error: unknown, data: Buffer, offset: number, length: number): ParseError {
  if (error instanceof ParseError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new ParseError(`parser failed on the message at offset ${offset}: ${reason}`, offset, copyBytes(data, offset, offset + length), { cause: error })
}

/** A message that could not be parsed, kept raw with its ParseError in header.error. */
export function brokenMessage(data: Buffer, offset: number, length: number, error: ParseError): Message {
  const header = offset + NLMSG_HDRLEN <= data.length ? readHeader(data, offset) : { length, type: 0, flags: 0, sequenceNumber: 0, pid: 0, error: null }
  header.error = error
  return { header, raw: copyBytes(data, offset, offset + length) }
}
