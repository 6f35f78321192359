/**
 * Marshal: picks the parser for each data message, by key, flags and sequence number, as in
 * pyroute2's design. The key is the nlmsg type unless `keyFormat` says to read it from inside the
 * message. Control messages (NOOP, ERROR, DONE, OVERRUN) never reach the Marshal: the request
 * engine recognises them from the header first, so a family whose key collides with a control
 * type (sock_diag's AF_INET == NLMSG_ERROR == 2) still gets its errors.
 */
import { NLMSG_HDRLEN } from './constants'

/** The mandatory header fields every generic message carries. */
export interface MessageHeader {
  /** nlmsg_len: the message's length in bytes, header included. */
  length: number
  /** nlmsg_type: the message type (RTM_NEWROUTE, a generic netlink family id, ...). */
  type: number
  /** nlmsg_flags: NLM_F_* bits (NLM_F_MULTI, NLM_F_DUMP_INTR, ...). */
  flags: number
  /** nlmsg_seq: the sequence number of the request it answers (or echoes, for notifications). */
  sequenceNumber: number
  /** nlmsg_pid: the sender's port id (0 for the kernel). */
  pid: number
  /** A ParseError when the message could not be parsed and is delivered raw; null otherwise. */
  error: Error | null
}

/** What the default parser returns: the header and a view of the payload (no copy). */
export interface Message {
  /** The nlmsghdr fields. */
  header: MessageHeader
  /** The bytes after the header: a view into the received datagram, valid until the next read. */
  payload?: Buffer
  [field: string]: unknown
}

/**
 * A parser gets the datagram, the offset of the message's nlmsghdr and nlmsg_len; it returns the
 * message object, or null to skip the message (filtering parsers). `text` is the datagram's side
 * text when the request's native parser wrote one (the destination texts of compacted routes,
 * which decodeRoute reads); other parsers ignore it, and a decoder given none must decode the
 * same from the bytes.
 */
export type Parser<T = unknown> = (data: Buffer, offset: number, length: number, text?: string) => T | null

/** Struct-style key formats, as Python's struct module spells them ('<' little endian is the default). */
export type KeyFormat = 'B' | 'b' | 'H' | 'h' | 'I' | 'i' | '<H' | '<h' | '<I' | '<i' | '>H' | '>h' | '>I' | '>i' | '!H' | '!h' | '!I' | '!i'

const KEY_READERS: Record<KeyFormat, (data: Buffer, at: number) => number> = {
  B: (d, at) => d[at]!,
  b: (d, at) => d.readInt8(at),
  H: (d, at) => d.readUInt16LE(at),
  h: (d, at) => d.readInt16LE(at),
  I: (d, at) => d.readUInt32LE(at),
  i: (d, at) => d.readInt32LE(at),
  '<H': (d, at) => d.readUInt16LE(at),
  '<h': (d, at) => d.readInt16LE(at),
  '<I': (d, at) => d.readUInt32LE(at),
  '<i': (d, at) => d.readInt32LE(at),
  '>H': (d, at) => d.readUInt16BE(at),
  '>h': (d, at) => d.readInt16BE(at),
  '>I': (d, at) => d.readUInt32BE(at),
  '>i': (d, at) => d.readInt32BE(at),
  '!H': (d, at) => d.readUInt16BE(at),
  '!h': (d, at) => d.readInt16BE(at),
  '!I': (d, at) => d.readUInt32BE(at),
  '!i': (d, at) => d.readInt32BE(at),
}
const KEY_SIZES: Record<string, number> = { B: 1, b: 1, H: 2, h: 2, I: 4, i: 4 }

/** Reads the fixed nlmsghdr fields of the message at `offset`. */
export function readHeader(data: Buffer, offset: number): MessageHeader {
  return {
    length: data.readUInt32LE(offset),
    type: data.readUInt16LE(offset + 4),
    flags: data.readUInt16LE(offset + 6),
    sequenceNumber: data.readUInt32LE(offset + 8),
    pid: data.readUInt32LE(offset + 12),
    error: null,
  }
}

/** The parser used when no other matches: header plus a zero-copy view of the payload. */
export const rawMessageParser: Parser<Message> = (data, offset, length) => ({
  header: readHeader(data, offset),
  payload: data.subarray(offset + NLMSG_HDRLEN, offset + length),
})

/**
 * The key of a message too short to hold it (keyOffset + key size > nlmsg_len). NaN, because no
 * parser can be registered for it: with -1, a signed key format reading 0xff would collide with it.
 */
export const NO_KEY = NaN

/**
 * Chooses the parser of each data message a socket receives (`socket.marshal`): by key, where the
 * key is the message type unless `keyFormat`/`keyOffset`/`keyMask` say to read it from inside the
 * message (families that put their own sub-type in the payload). Messages whose key has no
 * registered parser go to `defaultParser`.
 */
export class Marshal {
  #keyFormat: KeyFormat | null = null
  #keyReader: ((data: Buffer, at: number) => number) | null = null
  #keySize = 0
  #keySigned = false
  #keyOffset = 0
  #keyMask: number | null = null
  /** Used for keys with no registered parser. */
  defaultParser: Parser = rawMessageParser
  readonly #parsers = new Map<number, Parser>()

  /** How to read the key from inside the message (null: the key is nlmsg_type). TypeError for an unknown format. */
  get keyFormat(): KeyFormat | null {
    return this.#keyFormat
  }
  /** Sets the key format; null goes back to keying on nlmsg_type. */
  set keyFormat(format: KeyFormat | null) {
    if (format === null) {
      this.#keyFormat = null
      this.#keyReader = null
      return
    }
    const reader = KEY_READERS[format]
    if (!reader) throw new TypeError(`marshal.keyFormat: '${String(format)}' is not one of ${Object.keys(KEY_READERS).join(', ')}`)
    this.#keyFormat = format
    this.#keyReader = reader
    const letter = format.slice(-1)
    this.#keySize = KEY_SIZES[letter]!
    this.#keySigned = letter !== letter.toUpperCase()
  }

  /** Offset of the key inside the message, counted from the start of its nlmsghdr (with keyFormat). */
  get keyOffset(): number {
    return this.#keyOffset
  }
  /** Sets the key offset; RangeError unless a non-negative integer. */
  set keyOffset(offset: number) {
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`marshal.keyOffset must be a non-negative integer (bytes from the start of the nlmsghdr), got ${String(offset)}`)
    }
    this.#keyOffset = offset
  }

  /** When set, the key is ANDed with it before lookup (a bit pattern, 0..0xffffffff). */
  get keyMask(): number | null {
    return this.#keyMask
  }
  /** Sets the key mask; null for none, RangeError outside 0..0xffffffff. */
  set keyMask(mask: number | null) {
    if (mask !== null && (!Number.isInteger(mask) || mask < 0 || mask > 0xffffffff)) {
      throw new RangeError(`marshal.keyMask must be null or an integer 0..0xffffffff, got ${String(mask)}`)
    }
    this.#keyMask = mask
  }

  /** Registers `parser` for messages whose key is `key` (replacing any earlier one). */
  register(key: number, parser: Parser): this {
    if (!Number.isInteger(key)) throw new TypeError(`marshal.register: key must be an integer, got ${String(key)}`)
    if (typeof parser !== 'function') throw new TypeError('marshal.register: parser must be a function (data, offset, length) => message | null')
    this.#parsers.set(key, parser)
    return this
  }

  /** Removes the parser of `key`; true when there was one. */
  unregister(key: number): boolean {
    return this.#parsers.delete(key)
  }

  /**
   * The key of the message at `offset`: its type, or what keyFormat/keyOffset/keyMask select;
   * NO_KEY (NaN) when the message is too short to hold the key.
   */
  getKey(data: Buffer, offset: number, length: number): number {
    let key: number
    let signed = false
    if (this.#keyReader === null) {
      key = data.readUInt16LE(offset + 4)
    } else {
      if (this.#keyOffset + this.#keySize > length) return NO_KEY
      key = this.#keyReader(data, offset + this.#keyOffset)
      signed = this.#keySigned
    }
    if (this.#keyMask === null) return key
    // `&` works on int32: an unsigned key keeps its unsigned value (0xffffffff & 0xffffffff is not -1).
    return signed ? key & this.#keyMask : (key & this.#keyMask) >>> 0
  }

  /** Override to choose parsers some other way; the default looks the key up in the registry. */
  getParser(key: number, _flags: number, _sequenceNumber: number): Parser {
    return this.#parsers.get(key) ?? this.defaultParser
  }

  /** Parses one data message with the parser the key, flags and sequence number select. */
  parse(data: Buffer, offset: number, length: number, flags: number, sequenceNumber: number): unknown {
    const parser = this.getParser(this.getKey(data, offset, length), flags, sequenceNumber)
    return parser(data, offset, length)
  }
}
