/**
 * Request intake: checking what a caller asks for (payload and options, with the errors they get
 * when it is wrong) and framing it as a netlink message. Nothing here touches the socket.
 */
import { NLMSG_HDRLEN, NLM_F_REQUEST } from '../constants'
import type { RequestOptions } from '../request'

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

/** Checks a request's payload and options (TypeError or RangeError when wrong) and returns what the engine needs of them. */
export function validateRequest<T>(
  payload: Uint8Array,
  options: RequestOptions<T>,
): { type: number; flags: number; timeout: number | undefined; dump: boolean | undefined } {
  if (!(payload instanceof Uint8Array)) throw new TypeError(`request payload must be a Buffer or Uint8Array, got ${typeof payload}`)
  if (options === null || typeof options !== 'object') throw new TypeError('request options must be an object with at least { type }')
  const { type, flags = 0, parser, terminate, signal, nativeParser, dump } = options
  if (!Number.isInteger(type) || type < 0 || type > 0xffff) throw new RangeError(`options.type must be an integer 0..65535, got ${String(type)}`)
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw new RangeError(`options.flags must be an integer 0..65535, got ${String(flags)}`)
  if (parser !== undefined && typeof parser !== 'function') throw new TypeError('options.parser must be a function (data, offset, length) => message | null')
  if (terminate !== undefined && typeof terminate !== 'function') throw new TypeError('options.terminate must be a function (message) => boolean')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal')
  if (nativeParser !== undefined && (nativeParser === null || typeof nativeParser !== 'object' || typeof nativeParser.name !== 'string')) {
    throw new TypeError("options.nativeParser must be an object with a name, e.g. { name: 'defaultRoutes' }")
  }
  if (dump !== undefined && typeof dump !== 'boolean') throw new TypeError('options.dump must be a boolean')
  const timeout = options.timeout === undefined ? undefined : normaliseTimeout(options.timeout, 'options.timeout')
  return { type, flags, timeout, dump }
}

/** The request as sent: a netlink header (NLM_F_REQUEST added to `flags`) followed by `payload`. */
export function requestFrame(payload: Uint8Array, type: number, flags: number, sequenceNumber: number, portId: number): Buffer {
  const frame = Buffer.allocUnsafe(NLMSG_HDRLEN + payload.length)
  frame.writeUInt32LE(frame.length, 0)
  frame.writeUInt16LE(type, 4)
  frame.writeUInt16LE(flags | NLM_F_REQUEST, 6)
  frame.writeUInt32LE(sequenceNumber, 8)
  frame.writeUInt32LE(portId >>> 0, 12)
  frame.set(payload, NLMSG_HDRLEN)
  return frame
}
