/**
 * Address text: IPv4 / IPv6 / link-layer (MAC) formatting and parsing.
 *
 * Owns every conversion between address bytes in netlink messages and the text the public API shows.
 * Formatting is on the decode hot path (a 1M-route dump formats 1M destinations), so it writes
 * characters into one reusable scratch buffer and takes a single latin1 slice: that is about twice as
 * fast as concatenating octet strings, and the result is a flat string (no cons-string tree that V8
 * would have to flatten later when the string is hashed, compared or serialised).
 *
 * Conventions:
 * - IPv4 values as numbers are 32-bit in network order: 10.1.2.3 is 0x0a010203. The formatters take
 *   them signed or unsigned; readIPv4 gives them signed (see there).
 * - IPv6 text follows RFC 5952: lowercase, leading zeros dropped, the longest run of two or more
 *   zero groups compressed to `::` (the leftmost run on a tie, never a single group), and
 *   IPv4-mapped addresses shown as `::ffff:a.b.c.d`.
 * - Parsers never throw on bad text: they return `null`. Callers that validate user input turn the
 *   null into a TypeError naming the argument (see src/iproute/validate.ts).
 */

/** Buffer's internal latin1 slicer: the cheapest way from bytes to a one-byte-per-char flat string. */
type Latin1Slicer = (this: Buffer, start: number, end: number) => string
const latin1Slice: Latin1Slicer =
  (Buffer.prototype as unknown as { latin1Slice?: Latin1Slicer }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end)
  }

/** Scratch for formatting; large enough for the longest IPv6 text plus '/128'. */
const scratch = Buffer.allocUnsafe(64)
/** The scratch's text from `start` to `end`: bound once, since `.call` is a property load per use in unoptimised code. */
const scratchText: (start: number, end: number) => string = latin1Slice.bind(scratch)

/** Decimal text of 0..255 packed as [length, d0, d1, d2] per value. */
const OCTET_DIGITS = (() => {
  const table = new Uint8Array(256 * 4)
  for (let v = 0; v < 256; v++) {
    const text = String(v)
    table[v * 4] = text.length
    for (let i = 0; i < text.length; i++) table[v * 4 + 1 + i] = text.charCodeAt(i)
  }
  return table
})()

const HEX = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102])
const DOT = 46
const COLON = 58
const SLASH = 47

/** Writes the decimal digits of one octet at `pos`; returns the new position. */
function putOctet(pos: number, v: number): number {
  const base = v << 2
  const n = OCTET_DIGITS[base]!
  scratch[pos] = OCTET_DIGITS[base + 1]!
  if (n > 1) scratch[pos + 1] = OCTET_DIGITS[base + 2]!
  if (n > 2) scratch[pos + 2] = OCTET_DIGITS[base + 3]!
  return pos + n
}

/** Writes dotted-quad text of a 32-bit value at `pos`; returns the new position. */
function putIPv4(pos: number, value: number): number {
  pos = putOctet(pos, value >>> 24)
  scratch[pos++] = DOT
  pos = putOctet(pos, (value >>> 16) & 0xff)
  scratch[pos++] = DOT
  pos = putOctet(pos, (value >>> 8) & 0xff)
  scratch[pos++] = DOT
  return putOctet(pos, value & 0xff)
}

/** Writes '/len' (len 0..255) at `pos`; returns the new position. */
function putPrefixLen(pos: number, len: number): number {
  scratch[pos++] = SLASH
  return putOctet(pos, len)
}

/**
 * Reads the 4 address bytes at `offset` (network order) as a signed 32-bit value, without bounds
 * checks beyond the caller's. Signed, not unsigned: every int32 is a small integer to V8, while
 * an unsigned value from 128.0.0.0 up is a heap number, allocated on each read (every route's
 * gateway in 192.168/16) and a reason for V8 to throw away the formatters' optimised code.
 */
export function readIPv4(buf: Uint8Array, offset: number): number {
  return (buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!
}

/** Dotted-quad text of a 32-bit network-order value. */
export function formatIPv4Value(value: number): string {
  return scratchText(0, putIPv4(0, value))
}

/** Dotted-quad text of the 4 bytes at `offset`. */
export function formatIPv4(buf: Uint8Array, offset: number): string {
  return formatIPv4Value(readIPv4(buf, offset))
}

/** 'a.b.c.d/len' from a 32-bit value, built as one flat string. */
export function formatIPv4PrefixValue(value: number, prefixLen: number): string {
  return scratchText(0, putPrefixLen(putIPv4(0, value), prefixLen))
}

const INTERN_SLOTS = 4096 // power of two
const internKeys = new Int32Array(INTERN_SLOTS)
// Made on the first call: 32 KiB that importing nlroute need not allocate (issue 8).
let internText: (string | undefined)[] | undefined

/**
 * Dotted-quad text for a 32-bit value, shared between calls: a routing table has few distinct
 * gateways and source addresses, so 1M routes get a handful of string objects instead of 1M.
 * The cache is direct-mapped (4096 slots, a colliding value replaces the slot's previous one), so it
 * is bounded, never allocates on a hit, and keys stay small integers (a Map keyed by values above
 * 2^31 would hash heap numbers on every lookup).
 */
export function internIPv4(value: number): string {
  const key = value | 0
  const slot = Math.imul(key, 0x9e3779b1) >>> 20
  const texts = (internText ??= new Array<string | undefined>(INTERN_SLOTS).fill(undefined))
  const text = texts[slot]
  if (text !== undefined && internKeys[slot] === key) return text
  const fresh = formatIPv4Value(value)
  internKeys[slot] = key
  texts[slot] = fresh
  return fresh
}

/** Writes RFC 5952 text of the 16 bytes at `offset` into the scratch from 0; returns the end position. */
function putIPv6(buf: Uint8Array, offset: number): number {
  // Find the longest run (>= 2) of zero groups; leftmost wins a tie (strict '>').
  let bestStart = -1
  let bestLen = 1
  let runStart = -1
  for (let g = 0; g < 8; g++) {
    const zero = buf[offset + 2 * g] === 0 && buf[offset + 2 * g + 1] === 0
    if (zero) {
      if (runStart < 0) runStart = g
      const len = g - runStart + 1
      if (len > bestLen) {
        bestLen = len
        bestStart = runStart
      }
    } else {
      runStart = -1
    }
  }
  let pos = 0
  // IPv4-mapped (::ffff:a.b.c.d): RFC 5952 section 5.
  if (bestStart === 0 && bestLen === 5 && buf[offset + 10] === 0xff && buf[offset + 11] === 0xff) {
    scratch[pos++] = COLON
    scratch[pos++] = COLON
    for (let i = 0; i < 4; i++) scratch[pos++] = 102 // 'ffff'
    scratch[pos++] = COLON
    return putIPv4(pos, readIPv4(buf, offset + 12))
  }
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      scratch[pos++] = COLON
      if (g === 0) scratch[pos++] = COLON
      g += bestLen - 1
      if (g === 7) break
      continue
    }
    const hi = buf[offset + 2 * g]!
    const lo = buf[offset + 2 * g + 1]!
    if (hi >= 16) scratch[pos++] = HEX[hi >> 4]!
    if (hi > 0) scratch[pos++] = HEX[hi & 15]!
    if (hi > 0 || lo >= 16) scratch[pos++] = HEX[lo >> 4]!
    scratch[pos++] = HEX[lo & 15]!
    if (g < 7) scratch[pos++] = COLON
  }
  return pos
}

/** RFC 5952 text of the 16 bytes at `offset`. */
export function formatIPv6(buf: Uint8Array, offset: number): string {
  return scratchText(0, putIPv6(buf, offset))
}

/** RFC 5952 'addr/len' of the 16 bytes at `offset`, as one flat string. */
export function formatIPv6Prefix(buf: Uint8Array, offset: number, prefixLen: number): string {
  return scratchText(0, putPrefixLen(putIPv6(buf, offset), prefixLen))
}

/** Text of a 4- or 16-byte address; `null` for any other length. */
export function formatIP(buf: Uint8Array, offset: number, length: number): string | null {
  if (length === 4) return formatIPv4(buf, offset)
  if (length === 16) return formatIPv6(buf, offset)
  return null
}

/** Link-layer address text: lowercase hex bytes joined by ':' ('' for zero length). */
export function formatMac(buf: Uint8Array, offset: number, length: number): string {
  if (length === 0) return ''
  if (length > 21) {
    // Longer than the scratch (InfiniBand uses 20 bytes): rare, build it plainly.
    const parts: string[] = []
    for (let i = 0; i < length; i++) parts.push(buf[offset + i]!.toString(16).padStart(2, '0'))
    return parts.join(':')
  }
  let pos = 0
  for (let i = 0; i < length; i++) {
    const b = buf[offset + i]!
    if (i > 0) scratch[pos++] = COLON
    scratch[pos++] = HEX[b >> 4]!
    scratch[pos++] = HEX[b & 15]!
  }
  return scratchText(0, pos)
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses strict dotted-quad text ('10.0.0.1') to a 32-bit network-order value.
 * Rejects (returns null) missing or extra octets, values over 255, leading zeros ('010', which
 * other tools read as octal), signs and spaces.
 */
export function parseIPv4(text: string): number | null {
  const n = text.length
  if (n < 7 || n > 15) return null
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return null // leading zero
      octet = octet * 10 + (c - 48)
      if (octet > 255) return null
      digits++
    } else if (c === DOT) {
      if (digits === 0 || ++dots > 3) return null
      value = value * 256 + octet
      octet = 0
      digits = 0
    } else {
      return null
    }
  }
  if (dots !== 3 || digits === 0) return null
  return (value * 256 + octet) >>> 0
}

/** Writes a 32-bit network-order value as 4 bytes. */
export function writeIPv4(value: number, out: Uint8Array, offset: number): void {
  out[offset] = value >>> 24
  out[offset + 1] = (value >>> 16) & 0xff
  out[offset + 2] = (value >>> 8) & 0xff
  out[offset + 3] = value & 0xff
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

/**
 * Parses IPv6 text (any valid RFC 4291 form: '::', '2001:db8::1', '::ffff:1.2.3.4', upper or lower
 * case) to 16 bytes. Returns null for invalid text, including zone ids ('fe80::1%eth0'), which are
 * not part of an address on the wire.
 */
export function parseIPv6(text: string): Buffer | null {
  const n = text.length
  if (n < 2 || n > 45) return null
  const groups: number[] = []
  let gap = -1 // index in `groups` where '::' stands
  let i = 0
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return null
    gap = 0
    i = 2
    if (i === n) return Buffer.alloc(16)
  }
  while (i < n) {
    // One group: hex digits, or a trailing dotted IPv4 part.
    let j = i
    let value = 0
    while (j < n && j - i < 5) {
      const h = hexValue(text.charCodeAt(j))
      if (h < 0) break
      value = value * 16 + h
      j++
    }
    if (j < n && text.charCodeAt(j) === DOT) {
      const v4 = parseIPv4(text.slice(i))
      if (v4 === null || groups.length > 6) return null
      groups.push(v4 >>> 16, v4 & 0xffff)
      i = n
      break
    }
    if (j === i || j - i > 4) return null
    groups.push(value)
    if (j === n) {
      i = n
      break
    }
    if (text.charCodeAt(j) !== COLON) return null
    j++
    if (j < n && text.charCodeAt(j) === COLON) {
      if (gap >= 0) return null // a second '::'
      gap = groups.length
      j++
    } else if (j === n) {
      return null // trailing single ':'
    }
    i = j
  }
  if (groups.length > 8) return null
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null
  const out = Buffer.alloc(16)
  const tail = groups.length - (gap < 0 ? groups.length : gap)
  for (let g = 0; g < groups.length; g++) {
    const slot = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g
    out[2 * slot] = groups[g]! >> 8
    out[2 * slot + 1] = groups[g]! & 0xff
  }
  return out
}

/** A parsed IP address: family (4 or 6) and its network-order bytes (4 or 16). */
export interface ParsedIP {
  /** 4 or 6. */
  family: 4 | 6
  /** The address in network byte order (4 or 16 bytes). */
  bytes: Buffer
}

/** Parses IPv4 or IPv6 text; null when it is neither. */
export function parseIP(text: string): ParsedIP | null {
  if (typeof text !== 'string') return null
  const v4 = parseIPv4(text)
  if (v4 !== null) {
    const bytes = Buffer.allocUnsafe(4)
    writeIPv4(v4, bytes, 0)
    return { family: 4, bytes }
  }
  const v6 = parseIPv6(text)
  return v6 === null ? null : { family: 6, bytes: v6 }
}

/** A parsed prefix: address family, network-order bytes and prefix length. */
export interface ParsedPrefix extends ParsedIP {
  /** Prefix length (0..32 or 0..128). */
  prefixLen: number
}

/**
 * Parses 'addr/len' (CIDR) or a bare address (taken as a host prefix: /32 or /128).
 * Returns null for invalid text or a length outside 0..32 / 0..128. Host bits are NOT checked
 * here (addresses like '10.0.0.1/24' are valid interface addresses); see `hasHostBits`.
 */
export function parsePrefix(text: string): ParsedPrefix | null {
  if (typeof text !== 'string') return null
  const slash = text.indexOf('/')
  const ip = parseIP(slash < 0 ? text : text.slice(0, slash))
  if (ip === null) return null
  const max = ip.family === 4 ? 32 : 128
  if (slash < 0) return { family: ip.family, bytes: ip.bytes, prefixLen: max }
  const lenText = text.slice(slash + 1)
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lenText)) return null
  const prefixLen = Number(lenText)
  if (prefixLen > max) return null
  return { family: ip.family, bytes: ip.bytes, prefixLen }
}

/** true when any bit after the first `prefixLen` bits of `bytes` is set. */
export function hasHostBits(bytes: Uint8Array, prefixLen: number): boolean {
  for (let bit = prefixLen; bit < bytes.length * 8; bit++) {
    if (bytes[bit >> 3]! & (0x80 >> (bit & 7))) return true
  }
  return false
}

/**
 * Parses link-layer address text: bytes of 1 or 2 hex digits separated by ':' ('aa:bb:cc:dd:ee:ff',
 * 'a:b:c:d:e:f'), any number of bytes from 1 to 32. Returns null for anything else.
 */
export function parseMac(text: string): Buffer | null {
  if (typeof text !== 'string' || text.length === 0) return null
  const parts = text.split(':')
  if (parts.length > 32) return null
  const out = Buffer.allocUnsafe(parts.length)
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    if (p.length < 1 || p.length > 2) return null
    const hi = p.length === 2 ? hexValue(p.charCodeAt(0)) : 0
    const lo = hexValue(p.charCodeAt(p.length - 1))
    if (hi < 0 || lo < 0) return null
    out[i] = hi * 16 + lo
  }
  return out
}
