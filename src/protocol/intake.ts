/**
 * Request intake: checking what a caller asks for (payload and options, with the errors they get
 * when it is wrong) and framing it as a netlink message. Nothing here touches the socket.
 */
import { NLMSG_HDRLEN, NLM_F_REQUEST } from '../constants'
import type { RequestOptions } from '../request'
import { align4 } from '../schema/decode'

/** The per-request timeout when the socket's options name none. */
export const DEFAULT_TIMEOUT_MS = 30_000

/** A timeout option in ms (undefined: the default; 0 or Infinity: none, as Infinity); `name` is the option's, for the RangeError. */
export function normaliseTimeout(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds (0 or Infinity for none), got ${String(value)}`)
  }
  return value === 0 ? Infinity : value
}

/** How a caller's arguments are named in errors: request()'s by default, a batch message's as `messages[i]`. */
export interface ArgumentNames {
  /** The payload, e.g. 'request payload' or 'messages[1].payload'. */
  payload: string
  /** The object holding type, flags, ..., e.g. 'options' or 'messages[1]'. */
  options: string
}

const REQUEST_NAMES: ArgumentNames = { payload: 'request payload', options: 'options' }

/** Checks a request's payload and options (TypeError or RangeError when wrong, naming them as `names` says) and returns what the engine needs of them. */
export function validateRequest<T>(
  payload: Uint8Array,
  options: RequestOptions<T>,
  names: ArgumentNames = REQUEST_NAMES,
): { type: number; flags: number; timeout: number | undefined; dump: boolean | undefined } {
  const at = names.options
  if (!(payload instanceof Uint8Array)) throw new TypeError(`${names.payload} must be a Buffer or Uint8Array, got ${typeof payload}`)
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${at === 'options' ? 'request options' : at} must be an object with at least { type }`)
  const { type, flags = 0, parser, terminate, signal, nativeParser, dump } = options
  if (!Number.isInteger(type) || type < 0 || type > 0xffff) throw new RangeError(`${at}.type must be an integer 0..65535, got ${String(type)}`)
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw new RangeError(`${at}.flags must be an integer 0..65535, got ${String(flags)}`)
  if (parser !== undefined && typeof parser !== 'function') throw new TypeError(`${at}.parser must be a function (data, offset, length) => message | null`)
  if (terminate !== undefined && typeof terminate !== 'function') throw new TypeError(`${at}.terminate must be a function (message) => boolean`)
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${at}.signal must be an AbortSignal`)
  if (nativeParser !== undefined && (nativeParser === null || typeof nativeParser !== 'object' || typeof nativeParser.name !== 'string')) {
    throw new TypeError(`${at}.nativeParser must be an object with a name, e.g. { name: 'defaultRoutes' }`)
  }
  if (dump !== undefined && typeof dump !== 'boolean') throw new TypeError(`${at}.dump must be a boolean`)
  const timeout = options.timeout === undefined ? undefined : normaliseTimeout(options.timeout, `${at}.timeout`)
  return { type, flags, timeout, dump }
}

/**
 * The request as sent: a netlink header (NLM_F_REQUEST added to `flags`) followed by `payload`;
 * `aligned`: zero-padded to a multiple of 4 bytes, so that a message placed after it in one
 * datagram starts where the kernel looks for it (NLMSG_ALIGN of this one's length).
 */
export function requestFrame(payload: Uint8Array, type: number, flags: number, sequenceNumber: number, portId: number, aligned = false): Buffer {
  const length = NLMSG_HDRLEN + payload.length
  const frame = aligned ? Buffer.alloc(align4(length)) : Buffer.allocUnsafe(length)
  frame.writeUInt32LE(length, 0)
  frame.writeUInt16LE(type, 4)
  frame.writeUInt16LE(flags | NLM_F_REQUEST, 6)
  frame.writeUInt32LE(sequenceNumber, 8)
  frame.writeUInt32LE(portId >>> 0, 12)
  frame.set(payload, NLMSG_HDRLEN)
  return frame
}
