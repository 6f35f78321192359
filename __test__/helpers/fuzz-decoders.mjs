// Fuzz properties of every decoder of kernel bytes, and of the Marshal.
//
// Inputs come from a "choice tape" (an array of naturals that a deterministic builder consumes, so
// fast-check shrinks the tape and the message shrinks with it). A tape builds one of:
// - a message grown from the schema (every declared attribute kind, nested maps, variants chosen
//   by their selector, multipath next hops, wrong payload sizes now and then);
// - a real message from the recorded dumps in __test__/fixtures;
// - random bytes after the fixed header;
// and then mutates it: truncation, byte changes, attribute lengths set to 0/3/4/oversized values,
// trailing garbage. The property of every decoder: it returns a value or throws ParseError; the
// result does not depend on the bytes around the message (it is decoded inside a larger buffer
// with two different sentinel fillings, and alone in an exact-size buffer); the result does not
// share memory with the input (overwriting the input afterwards changes nothing).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fc from 'fast-check'

const require = createRequire(import.meta.url)
const { ParseError, NetlinkError } = require('../../dist/errors.js')
const { netlinkErrorFrom } = require('../../dist/protocol/control.js')
const { Marshal, rawMessageParser } = require('../../dist/marshal.js')
const { decodeAttrs, SCALAR_SIZE, resolveMap, MAX_NESTING_DEPTH, NLA_F_NESTED } = require('../../dist/schema/index.js')
const ipr = require('../../dist/iproute/index.js')
const messages = require('../../dist/iproute/route/schema.js')

const { NLMSG_HDRLEN, NLMSG_ERROR, NLM_F_CAPPED, NLM_F_ACK_TLVS } = require('../../dist/constants.js')
const TAPE_LENGTH = 400
/** Generated messages stay well inside one nla_len (u16) per attribute. */
const BYTE_BUDGET = 6000
/** Generated nesting: deep enough to reach veth peers and nested multipath, below the decoder cap. */
const GENERATED_DEPTH = 6

// ---------------------------------------------------------------------------------------------
// The choice tape

class Tape {
  #values
  #at = 0
  budget = BYTE_BUDGET
  constructor(values) {
    this.#values = values
  }
  /** 0..n-1; 0 once the tape is used up, so builders end with the smallest choices. */
  pick(n) {
    if (n <= 1) return 0
    return this.#at < this.#values.length ? this.#values[this.#at++] % n : 0
  }
  chance(outOf) {
    return this.pick(outOf) === 0
  }
  /** `n` filler bytes from a small PRNG seeded by the tape (filler need not shrink byte by byte). */
  bytes(n) {
    let x = (this.pick(0x7fffffff) | 1) >>> 0
    const out = Buffer.alloc(n)
    for (let i = 0; i < n; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      out[i] = x & 0xff
    }
    this.budget -= n
    return out
  }
  oneOf(list) {
    return list[this.pick(list.length)]
  }
}

const tapeArbitrary = fc.array(fc.nat(), { maxLength: TAPE_LENGTH, size: 'large' })

/** nla header + payload, padded; lengths over 16 bits are cut by the caller's budget, never wrapped. */
function attr(type, payload) {
  const length = 4 + payload.length
  const buf = Buffer.alloc((length + 3) & ~3)
  buf.writeUInt16LE(Math.min(length, 0xffff), 0)
  buf.writeUInt16LE(type & 0xffff, 2)
  payload.copy(buf, 4)
  return buf
}

const align4 = (n) => (n + 3) & ~3

// ---------------------------------------------------------------------------------------------
// Schema-guided builder

/** Names a variant selector may take (the keys of its variants), for every selector of `map`. */
function selectorValues(map) {
  const out = new Map()
  for (const spec of map.byType) {
    if (spec?.kind === 'variant') out.set(spec.selector, Object.keys(spec.variants))
  }
  return out
}

function scalarBytes(tape, size, names) {
  const b = tape.bytes(size)
  if (names !== undefined && size <= 4 && tape.chance(2)) {
    const known = [...(names.byValue?.keys?.() ?? [])]
    if (known.length > 0) b.writeUIntLE(Number(tape.oneOf(known)) % 2 ** (8 * size), 0, size)
  }
  return b
}

function buildPayload(tape, spec, depth, chosen) {
  const kind = spec.kind
  const wrongSize = tape.chance(8)
  if (SCALAR_SIZE[kind] !== undefined) {
    if (wrongSize) return tape.bytes(tape.pick(12))
    const size = SCALAR_SIZE[kind]
    if (chosen.has(spec.name)) {
      // A selector given a value its variants know, so the variant's own map gets exercised.
      const value = spec.names?.valueOf(chosen.get(spec.name))
      if (value !== undefined) {
        const b = Buffer.alloc(size)
        b.writeUIntLE(value, 0, size)
        return b
      }
    }
    return scalarBytes(tape, size, spec.names)
  }
  switch (kind) {
    case 'flag':
      return tape.bytes(tape.pick(3))
    case 'string':
      if (chosen.has(spec.name)) return Buffer.from(chosen.get(spec.name) + (tape.chance(4) ? '' : '\0'))
      return Buffer.concat([tape.bytes(tape.pick(12)), tape.chance(2) ? Buffer.from([0]) : Buffer.alloc(0)])
    case 'binary':
    case 'pad':
      return tape.bytes(tape.pick(24))
    case 'ipaddr':
      return tape.bytes(wrongSize ? tape.pick(20) : tape.oneOf([4, 16]))
    case 'lladdr':
      return tape.bytes(wrongSize ? tape.pick(24) : 6)
    case 'struct': {
      const { size, minSize } = spec.struct
      return tape.bytes(wrongSize ? tape.pick(size + 8) : minSize + tape.pick(size - minSize + 1))
    }
    case 'nested': {
      const header = spec.header ? tape.bytes(align4(spec.header.size)) : Buffer.alloc(0)
      return Buffer.concat([header, buildAttrs(tape, resolveMap(spec.nested), depth + 1)])
    }
    case 'array': {
      const items = []
      const first = spec.firstIndex ?? 0
      const itemSize = spec.item === 'ipaddr' ? 4 : spec.item === 'string' ? 6 : SCALAR_SIZE[spec.item]
      for (let i = tape.pick(5); i > 0; i--) items.push(attr(first + items.length, tape.bytes(wrongSize ? tape.pick(20) : itemSize)))
      return Buffer.concat(items)
    }
    case 'variant': {
      const map = spec.variants[chosen.get(spec.selector)]
      return map === undefined ? tape.bytes(tape.pick(24)) : buildAttrs(tape, resolveMap(map), depth + 1)
    }
    case 'custom':
      if (spec.codec === messages.MULTIPATH_CODEC) return buildMultipath(tape, depth + 1)
      return tape.bytes(tape.pick(2) === 0 ? 6 : tape.oneOf([2, 18, 3, 0]))
  }
  return tape.bytes(tape.pick(8))
}

/** RTA_MULTIPATH payload: rtnexthops, each followed by route attributes (which may nest multipath again). */
function buildMultipath(tape, depth) {
  const hops = []
  for (let i = tape.pick(4); i > 0 && tape.budget > 0; i--) {
    const attrs = depth < GENERATED_DEPTH ? buildAttrs(tape, ipr.ROUTE_ATTRS, depth) : Buffer.alloc(0)
    const hop = Buffer.concat([tape.bytes(8), attrs])
    hop.writeUInt16LE(tape.chance(10) ? tape.pick(hop.length + 8) : hop.length, 0)
    hops.push(hop, Buffer.alloc(align4(hop.length) - hop.length))
  }
  return Buffer.concat(hops)
}

const STRUCTURAL_KINDS = new Set(['nested', 'variant', 'custom', 'array'])

function buildAttrs(tape, map, depth) {
  const declared = map.byType.flatMap((spec, type) => (spec === undefined ? [] : [[type, spec]]))
  // Attributes that hold attributes get half the picks: they are where decoders recurse.
  const structural = declared.filter(([, spec]) => STRUCTURAL_KINDS.has(spec.kind))
  const selectors = selectorValues(map)
  const chosen = new Map()
  for (const [selector, values] of selectors) if (!tape.chance(5)) chosen.set(selector, tape.oneOf(values))
  const out = []
  // Selectors first, as the kernel sends IFLA_INFO_KIND before IFLA_INFO_DATA (order must not matter).
  const order = []
  for (const [type, spec] of declared) if (chosen.has(spec.name)) order.push([type, spec])
  for (let n = tape.pick(7); n > 0; n--) {
    if (tape.chance(6) || declared.length === 0) order.push([tape.chance(2) ? tape.pick(64) : tape.pick(0x4000), null])
    else order.push(tape.oneOf(structural.length > 0 && tape.chance(2) ? structural : declared))
  }
  if (tape.chance(2)) order.reverse()
  for (const [type, spec] of order) {
    if (tape.budget <= 0) break
    const deepEnough = depth >= GENERATED_DEPTH && spec !== null && ['nested', 'variant', 'custom'].includes(spec.kind)
    const payload = spec === null || deepEnough ? tape.bytes(tape.pick(20)) : buildPayload(tape, spec, depth, chosen)
    if (payload.length > 0xffff - 4) continue
    out.push(attr(type | (tape.chance(4) ? NLA_F_NESTED : 0), payload))
  }
  return Buffer.concat(out)
}

// ---------------------------------------------------------------------------------------------
// Messages: grown, recorded, random; then mutated

function nlmsgBytes(type, body, flags = 0) {
  const buf = Buffer.alloc(NLMSG_HDRLEN + body.length)
  buf.writeUInt32LE(buf.length, 0)
  buf.writeUInt16LE(type, 4)
  buf.writeUInt16LE(flags, 6)
  body.copy(buf, NLMSG_HDRLEN)
  return buf
}

const FIXTURES = new URL('../fixtures/', import.meta.url)

/** The messages of a concatenated dump (fixtures/iproute/*.bin) or of a recording (fixtures/core). */
function recordedMessages(names, wantedType) {
  const out = []
  for (const name of names) {
    const data = readFileSync(new URL(name, FIXTURES))
    const datagrams = []
    if (name.startsWith('core/')) {
      for (let at = 0; at + 4 <= data.length;) {
        const n = data.readUInt32LE(at)
        datagrams.push(data.subarray(at + 4, at + 4 + n))
        at += 4 + n
      }
    } else {
      datagrams.push(data)
    }
    for (const d of datagrams) {
      for (let at = 0; at + NLMSG_HDRLEN <= d.length;) {
        const len = d.readUInt32LE(at)
        if (len < NLMSG_HDRLEN) break
        if (d.readUInt16LE(at + 4) === wantedType) out.push(Buffer.from(d.subarray(at, at + len)))
        at += align4(len)
      }
    }
  }
  if (out.length === 0) throw new Error(`no recorded messages of type ${wantedType} in ${names}`)
  return out
}

/** Interesting values for a length field: too short, empty payload, odd, past the end. */
function lengthValue(tape, current, room) {
  return tape.oneOf([0, 1, 3, 4, 5, 7, 8, 0xffff, current + 1, current - 1, room, room + 1, room + 4, tape.pick(0x10000)])
}

/** Applies 0..4 mutations. Returns { bytes, length } (length: what the engine would pass as nlmsg_len). */
function mutate(tape, bytes, fixedEnd) {
  let msg = Buffer.from(bytes)
  // Half the messages stay intact, so well-formed ones reach every decoder's deeper paths.
  for (let n = tape.chance(2) ? 0 : 1 + tape.pick(4); n > 0; n--) {
    switch (tape.pick(6)) {
      case 0: // truncate
        msg = msg.subarray(0, Math.max(NLMSG_HDRLEN, tape.pick(msg.length + 1)))
        break
      case 1: // change a byte
        if (msg.length > NLMSG_HDRLEN) msg[NLMSG_HDRLEN + tape.pick(msg.length - NLMSG_HDRLEN)] = tape.pick(256)
        break
      case 2: {
        // an attribute's length (attributes are 4-aligned, so aligned positions hit their headers)
        const slots = Math.floor((msg.length - fixedEnd) / 4)
        if (slots <= 0) break
        const at = fixedEnd + 4 * tape.pick(slots)
        if (at + 2 > msg.length) break
        msg.writeUInt16LE(lengthValue(tape, msg.readUInt16LE(at), msg.length - at) & 0xffff, at)
        break
      }
      case 3: {
        // an attribute's type (flag bits included)
        const slots = Math.floor((msg.length - fixedEnd) / 4)
        if (slots <= 0) break
        const at = fixedEnd + 4 * tape.pick(slots) + 2
        if (at + 2 <= msg.length) msg.writeUInt16LE(tape.pick(0x10000), at)
        break
      }
      case 4: // trailing garbage, shorter or longer than an attribute header
        msg = Buffer.concat([msg, tape.bytes(1 + tape.pick(11))])
        break
      case 5: {
        // a zero-length or oversized attribute spliced in after the fixed header
        const extra = Buffer.alloc(4 + tape.pick(3) * 4)
        extra.writeUInt16LE(tape.oneOf([0, 4, 0xffff, extra.length + 4]), 0)
        extra.writeUInt16LE(tape.pick(0x10000), 2)
        msg = Buffer.concat([msg.subarray(0, fixedEnd), extra, msg.subarray(fixedEnd)])
        break
      }
    }
  }
  msg = Buffer.from(msg)
  msg.writeUInt32LE(msg.length, 0)
  return { bytes: msg, length: msg.length }
}

/**
 * A message generator for one message kind: `type`, fixed header size, attribute map, and the
 * recordings holding real ones.
 */
function messageArbitrary({ type, headerSize, map, recorded, grow }) {
  const real = recorded === null ? [] : recordedMessages(recorded, type)
  const fixedEnd = NLMSG_HDRLEN + align4(headerSize)
  return tapeArbitrary.map((values) => {
    const tape = new Tape(values)
    const strategy = tape.pick(real.length > 0 ? 3 : 2)
    let base
    if (strategy === 0) {
      const head = tape.bytes(align4(headerSize))
      base = nlmsgBytes(type, Buffer.concat([head, grow ? grow(tape) : buildAttrs(tape, map, 0)]))
    } else if (strategy === 1) {
      base = nlmsgBytes(type, tape.bytes(tape.pick(tape.chance(4) ? 2000 : 300)))
    } else {
      base = tape.oneOf(real)
    }
    return { ...mutate(tape, base, fixedEnd), fixedEnd, strategy: ['grown', 'random', 'recorded'][strategy] }
  })
}

// ---------------------------------------------------------------------------------------------
// The decoder property

/** A stable text of a decoded value: Buffers by content, bigints marked. */
function canonical(value) {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? '<undefined>' : v))
}

const SENTINELS = [
  { before: 8, after: 64, fill: Buffer.alloc(1) },
  // A well-formed attribute header repeated: a read past the end would find plausible attributes.
  { before: 20, after: 64, fill: Buffer.from([0x08, 0x00, 0x01, 0x00, 0x7f, 0x00, 0x00, 0x01]) },
  { before: 0, after: 0, fill: Buffer.alloc(1) },
]

function placed(bytes, { before, after, fill }) {
  const buf = Buffer.alloc(before + bytes.length + after)
  buf.fill(fill)
  bytes.copy(buf, before)
  return buf
}

/** Runs `decode(buf, offset, length)` for one placement; returns a comparable outcome. */
function outcome(decode, input, placement) {
  const buf = placed(input.bytes, placement)
  let value
  try {
    value = decode(buf, placement.before, input.length)
  } catch (error) {
    if (!(error instanceof ParseError)) {
      const e = new Error(`threw ${error?.name}: ${error?.message} (not a ParseError)`, { cause: error })
      throw e
    }
    if (!(error.offset >= placement.before && error.offset <= placement.before + input.length)) {
      throw new Error(`ParseError offset ${error.offset} is outside the message [${placement.before}, ${placement.before + input.length}]: ${error.message}`)
    }
    return { text: `ParseError at ${error.offset - placement.before}` }
  }
  const text = canonical(value)
  // Nothing in the result may alias the input (decoders copy; the receive buffer is recycled).
  buf.fill(0x5a)
  if (canonical(value) !== text) throw new Error('the decoded value changed when the input buffer was overwritten: it shares memory with it')
  return { text }
}

export function decoderCheck(decode) {
  return (input) => {
    const outcomes = SENTINELS.map((placement) => outcome(decode, input, placement))
    for (let i = 1; i < outcomes.length; i++) {
      if (outcomes[i].text !== outcomes[0].text) {
        throw new Error(`the result depends on the bytes around the message:\n  ${outcomes[0].text.slice(0, 400)}\n  ${outcomes[i].text.slice(0, 400)}`)
      }
    }
    return true
  }
}

const describeMessage = (input) => `${input.strategy} message, length ${input.length}: ${input.bytes.toString('hex')}`

const MESSAGE_KINDS = {
  route: { type: 24, headerSize: 12, map: ipr.ROUTE_ATTRS, recorded: ['iproute/routes4.bin', 'iproute/routes6.bin', 'core/route-dump.bin'] },
  link: { type: 16, headerSize: 16, map: ipr.LINK_ATTRS, recorded: ['iproute/links.bin', 'core/link-dump.bin'] },
  address: { type: 20, headerSize: 8, map: ipr.ADDRESS_ATTRS, recorded: ['iproute/addresses.bin'] },
  neighbour: { type: 28, headerSize: 12, map: ipr.NEIGHBOUR_ATTRS, recorded: ['iproute/neighbours.bin'] },
  rule: { type: 32, headerSize: 12, map: ipr.RULE_ATTRS, recorded: ['iproute/rules.bin'] },
}

function decoderProperty(name, kind, decode, shortRuns = 1500) {
  return {
    name,
    arbitrary: messageArbitrary(kind),
    check: decoderCheck(decode),
    size: (input) => input.length,
    describe: describeMessage,
    shortRuns,
    longScale: 1,
  }
}

const decoderProperties = [
  decoderProperty('decodeRoute', MESSAGE_KINDS.route, ipr.decodeRoute),
  decoderProperty('decodeLink', MESSAGE_KINDS.link, ipr.decodeLink),
  decoderProperty('decodeAddress', MESSAGE_KINDS.address, ipr.decodeAddress),
  decoderProperty('decodeNeighbour', MESSAGE_KINDS.neighbour, ipr.decodeNeighbour),
  decoderProperty('decodeRule', MESSAGE_KINDS.rule, ipr.decodeRule),
]

/** The generic schema decoder over each message's attributes (after its fixed header). */
const schemaProperties = Object.entries(MESSAGE_KINDS).map(([_what, kind]) =>
  decoderProperty(
    `decodeAttrs(${kind.map.name})`,
    kind,
    (buf, offset, length) => {
      if (length < NLMSG_HDRLEN + kind.headerSize) return null
      return decodeAttrs(kind.map, buf, offset + NLMSG_HDRLEN + align4(kind.headerSize), offset + length)
    },
    800,
  ),
)

/** The multipath codec alone: its payload is what follows the message header and rtmsg. */
const multipathProperty = decoderProperty(
  'MULTIPATH_CODEC',
  { ...MESSAGE_KINDS.route, grow: (tape) => buildMultipath(tape, 1) },
  (buf, offset, length) => messages.MULTIPATH_CODEC.decode(buf, offset + NLMSG_HDRLEN + 12, offset + length, 1),
  800,
)

// ---------------------------------------------------------------------------------------------
// netlinkErrorFrom: NLMSG_ERROR (and NLMSG_DONE) with extended-ack attributes

const extAckArbitrary = fc.record({
  tape: tapeArbitrary,
  isErrorMessage: fc.boolean(),
  capped: fc.boolean(),
  tlvs: fc.boolean(),
})

function buildErrorMessage({ tape, isErrorMessage, capped, tlvs }) {
  const t = new Tape(tape)
  const errno = Buffer.alloc(4)
  errno.writeInt32LE(-(1 + t.pick(133)))
  let original = Buffer.alloc(0)
  if (isErrorMessage) {
    const body = t.bytes(capped ? 0 : t.pick(40))
    original = nlmsgBytes(t.pick(100), body)
    if (t.chance(6)) original.writeUInt32LE(t.oneOf([0, 3, 15, 0xffffffff, original.length + 100]), 0)
  }
  const attrs = []
  for (let n = t.pick(4); n > 0; n--) {
    const which = t.pick(4)
    if (which === 0) attrs.push(attr(1, Buffer.concat([t.bytes(t.pick(30)), t.chance(2) ? Buffer.from([0]) : Buffer.alloc(0)])))
    else if (which === 1) attrs.push(attr(2, t.bytes(t.oneOf([4, 0, 2, 8]))))
    else attrs.push(attr(t.pick(8), t.bytes(t.pick(12))))
  }
  const flags = (capped ? NLM_F_CAPPED : 0) | (tlvs ? NLM_F_ACK_TLVS : 0)
  const base = nlmsgBytes(isErrorMessage ? NLMSG_ERROR : 3, Buffer.concat([errno, original, ...attrs]), flags)
  const mutated = mutate(t, base, NLMSG_HDRLEN + 4)
  return { ...mutated, flags, isErrorMessage, strategy: 'error' }
}

/**
 * The counterexample this property found (seed 1597797467): an NLMSG_ERROR with NLM_F_ACK_TLVS
 * whose embedded request claims nlmsg_len 0xffffffff overflowed the int32 alignment in
 * netlinkErrorFrom to a negative offset, and readUInt16LE threw inside the delivery callback.
 */
export const NETLINK_ERROR_LENGTH_OVERFLOW = {
  bytes: Buffer.from('28000000020000020000000000000000ffffffff0000008010000000000000000000000000000000', 'hex'),
  length: 40,
  flags: NLM_F_ACK_TLVS,
  isErrorMessage: true,
  strategy: 'error',
}

const netlinkErrorProperty = {
  name: 'netlinkErrorFrom',
  arbitrary: extAckArbitrary.map(buildErrorMessage),
  check: (input) => {
    // With the message's own flags: always a NetlinkError, never an exception, and the same
    // whatever surrounds the message.
    const texts = SENTINELS.map((placement) => {
      const buf = placed(input.bytes, placement)
      const error = netlinkErrorFrom(buf, placement.before, input.length, input.flags, 5, 18, input.isErrorMessage)
      if (!(error instanceof NetlinkError)) throw new Error(`netlinkErrorFrom returned ${error?.name}`)
      return canonical([error.message, error.extAckMessage, error.extAckOffset, error.errno, error.requestType])
    })
    if (new Set(texts).size !== 1) throw new Error(`the result depends on the bytes around the message: ${texts.join(' / ')}`)
    return true
  },
  size: (input) => input.length,
  describe: (input) =>
    `flags 0x${input.flags.toString(16)}, ${input.isErrorMessage ? 'NLMSG_ERROR' : 'NLMSG_DONE'}, length ${input.length}: ${input.bytes.toString('hex')}`,
  shortRuns: 1500,
  longScale: 1,
}

// ---------------------------------------------------------------------------------------------
// The Marshal: keys, registrations, arbitrary datagrams

const KEY_FORMATS = ['B', 'b', 'H', 'h', 'I', 'i', '<H', '<h', '<I', '<i', '>H', '>h', '>I', '>i', '!H', '!h', '!I', '!i']

/** The key of a message, read independently of the Marshal: null when the message is too short for it. */
function modelKey(config, data, offset, length) {
  if (config.keyFormat === null) {
    const type = data.readUInt16LE(offset + 4)
    return config.keyMask === null ? type : (type & config.keyMask) >>> 0
  }
  const f = config.keyFormat
  const size = { B: 1, b: 1, H: 2, h: 2, I: 4, i: 4 }[f.slice(-1)]
  if (config.keyOffset + size > length) return null
  const at = offset + config.keyOffset
  const big = f.startsWith('>') || f.startsWith('!')
  const signed = f.slice(-1) === f.slice(-1).toLowerCase()
  let key = size === 1 ? data[at] : big ? data.readUIntBE(at, size) : data.readUIntLE(at, size)
  if (signed && key >= 2 ** (8 * size - 1)) key -= 2 ** (8 * size)
  if (config.keyMask === null) return key
  // The mask is a bit pattern: the AND of two non-negative numbers is non-negative.
  return signed ? key & config.keyMask : (key & config.keyMask) >>> 0
}

const marshalArbitrary = fc.record({
  keyFormat: fc.option(fc.constantFrom(...KEY_FORMATS), { nil: null }),
  keyOffset: fc.oneof(fc.nat(40), fc.constantFrom(-1, 1.5, NaN, 2 ** 40)),
  keyMask: fc.option(fc.oneof(fc.nat(0xffff), fc.constantFrom(-1, 0x0f, 0.5)), { nil: null }),
  // Keys a message may produce (signed formats give -1 for 0xff..., which must not collide with "no key").
  keys: fc.uniqueArray(fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0xffff, 0xffffffff, -128, 2 ** 31 - 1)), { maxLength: 8 }),
  datagram: fc.array(fc.record({ length: fc.nat(48), type: fc.nat(40), body: fc.uint8Array({ maxLength: 48 }) }), { maxLength: 6 }),
})

function marshalCheck(input) {
  const m = new Marshal()
  const config = { keyFormat: input.keyFormat, keyOffset: 0, keyMask: null }
  m.keyFormat = input.keyFormat
  // Bad settings are the caller's: TypeError/RangeError naming the setting, and the old value stays.
  for (const [name, value, ok] of [
    ['keyOffset', input.keyOffset, Number.isSafeInteger(input.keyOffset) && input.keyOffset >= 0],
    ['keyMask', input.keyMask, input.keyMask === null || (Number.isInteger(input.keyMask) && input.keyMask >= 0 && input.keyMask <= 0xffffffff)],
  ]) {
    if (ok) {
      m[name] = value
      config[name] = value
    } else {
      try {
        m[name] = value
      } catch (error) {
        if (!(error instanceof TypeError || error instanceof RangeError) || !error.message.includes(`marshal.${name}`)) throw error
        if (m[name] !== config[name]) throw new Error(`marshal.${name} changed to ${m[name]} by a rejected value`)
        continue
      }
      throw new Error(`marshal.${name} = ${value} was accepted`)
    }
  }
  for (const key of input.keys) m.register(key, (data, offset) => ({ parsedAs: key, offset }))
  // As the engine calls it: 16 <= nlmsg_len <= what is left; a message may end before its slot does.
  const slots = []
  const data = Buffer.concat(
    input.datagram.map(({ length, type, body }, i) => {
      const buf = Buffer.alloc(align4(NLMSG_HDRLEN + body.length))
      buf.writeUInt32LE(NLMSG_HDRLEN + Math.min(length, body.length), 0)
      buf.writeUInt16LE(type, 4)
      Buffer.from(body).copy(buf, NLMSG_HDRLEN)
      slots.push({ at: slots.length === 0 ? 0 : slots[i - 1].at + slots[i - 1].size, size: buf.length })
      return buf
    }),
  )
  for (const { at: offset } of slots) {
    const length = data.readUInt32LE(offset)
    const key = modelKey(config, data, offset, length)
    const expected = key !== null && input.keys.includes(key) ? key : 'default'
    const message = m.parse(data, offset, length, 0, 1)
    const got = message?.parsedAs ?? 'default'
    if (got !== expected) throw new Error(`message at ${offset} (key ${key}) went to parser ${got}, expected ${expected}`)
    if (got === 'default' && canonical(message) !== canonical(rawMessageParser(data, offset, length))) throw new Error('the default parser gave something else')
  }
  return true
}

const marshalProperty = {
  name: 'Marshal',
  arbitrary: marshalArbitrary,
  check: marshalCheck,
  size: (input) => input.datagram.reduce((n, m) => n + NLMSG_HDRLEN + m.body.length, 0),
  describe: (input) => JSON.stringify(input, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : Number.isNaN(v) ? 'NaN' : v)),
  shortRuns: 1500,
  longScale: 1,
}

export const DECODER_PROPERTIES = [...decoderProperties, ...schemaProperties, multipathProperty, netlinkErrorProperty, marshalProperty]
export { MAX_NESTING_DEPTH }
