// The schema mechanism (src/schema): structs, attribute maps, generic decode/encode, ParseError.
import test from 'ava'
import { createRequire } from 'node:module'
import { tlv } from './helpers/bytes.mjs'

const require = createRequire(import.meta.url)
const schema = require('../dist/schema/index.js')
const { defineStruct, defineAttrs, defineNames, decodeAttrs, encodeAttrs, AttrWriter, ParseError } = schema

const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
const u16 = (n) => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}
const be16 = (n) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
const cstr = (s) => Buffer.from(s + '\0')

const HDR = defineStruct({
  name: 'test_hdr',
  size: 16,
  fields: [
    { name: 'a', type: 'u8', offset: 0 },
    { name: 'b', type: 'u16', offset: 2 },
    { name: 'c', type: 's32', offset: 4 },
    { name: 'd', type: 'be16', offset: 8 },
    { name: 'e', type: 'be32', offset: 12 },
  ],
})

const COLORS = defineNames('color', { 1: 'red', 2: 'green' })
const INNER = defineAttrs('inner', { 1: { name: 'x', kind: 'u32' }, 2: { name: 'tags', kind: 'string', multi: true } })
const MAP = defineAttrs('test', {
  1: { name: 'n8', kind: 'u8' },
  2: { name: 'n16', kind: 'u16' },
  3: { name: 'n32', kind: 'u32' },
  4: { name: 'n64', kind: 'u64' },
  5: { name: 'signed', kind: 's32' },
  6: { name: 'port', kind: 'be16' },
  7: { name: 'on', kind: 'flag' },
  8: { name: 'name', kind: 'string' },
  9: { name: 'blob', kind: 'binary' },
  10: { name: 'ip', kind: 'ipaddr' },
  11: { name: 'mac', kind: 'lladdr' },
  12: { name: 'inner', kind: 'nested', nested: INNER },
  13: { name: 'color', kind: 'u8', names: COLORS },
  14: { name: 'list', kind: 'array', item: 'ipaddr', firstIndex: 0 },
  15: { name: 'hdr', kind: 'struct', struct: HDR },
  16: { name: 'kind', kind: 'string' },
  17: { name: 'data', kind: 'variant', selector: 'kind', variants: { inner: INNER } },
  18: { name: 'pad', kind: 'pad' },
})

test('struct decode reads fields at their offsets and encode writes them back', (t) => {
  const buf = Buffer.alloc(16)
  buf[0] = 7
  buf.writeUInt16LE(0xbeef, 2)
  buf.writeInt32LE(-5, 4)
  buf.writeUInt16BE(4789, 8)
  buf.writeUInt32BE(0xdeadbeef, 12)
  const v = HDR.decode(buf, 0)
  t.deepEqual(v, { a: 7, b: 0xbeef, c: -5, d: 4789, e: 0xdeadbeef })
  const out = Buffer.alloc(20, 0xff)
  HDR.encode(v, out, 2)
  t.deepEqual(out.subarray(2, 18), buf)
  t.is(out[0], 0xff)
  t.is(HDR.size, 16)
})

test('struct encode validates ranges and names the field', (t) => {
  const out = Buffer.alloc(16)
  t.throws(() => HDR.encode({ a: 256 }, out, 0, 'hdr'), { instanceOf: RangeError, message: /^hdr\.a: 256 is out of range/ })
  t.throws(() => HDR.encode({ c: 1.5 }, out, 0, 'hdr'), { instanceOf: TypeError, message: /^hdr\.c:/ })
  t.throws(() => HDR.encode({ b: '1' }, out, 0, 'hdr'), { instanceOf: TypeError, message: /^hdr\.b:/ })
})

test('attributes decode by name and kind from hand-built bytes', (t) => {
  const bytes = tlv([
    [1, Buffer.from([200])],
    [2, u16(65000)],
    [3, u32(4000000000)],
    [4, Buffer.from('0100000002000000', 'hex')], // 2 * 2^32 + 1
    [5, u32(0xffffffff)],
    [6, be16(4789)],
    [7 | 0x8000, Buffer.alloc(0)], // flag bits are masked
    [8, cstr('héllo')],
    [9, Buffer.from([1, 2, 3])],
    [10, Buffer.from([192, 0, 2, 1])],
    [11, Buffer.from([2, 0, 0, 0, 0, 1])],
    [
      12 | 0x8000,
      tlv([
        [1, u32(9)],
        [2, cstr('a')],
        [2, cstr('b')],
      ]),
    ],
    [13, Buffer.from([2])],
    [
      14,
      tlv([
        [0, Buffer.from([10, 0, 0, 1])],
        [1, Buffer.from([10, 0, 0, 2])],
      ]),
    ],
    [16, cstr('inner')],
    [17, tlv([[1, u32(5)]])],
    [18, Buffer.alloc(4)],
  ])
  const v = decodeAttrs(MAP, bytes, 0, bytes.length)
  t.deepEqual(v, {
    n8: 200,
    n16: 65000,
    n32: 4000000000,
    n64: 2 * 2 ** 32 + 1,
    signed: -1,
    port: 4789,
    on: true,
    name: 'héllo',
    blob: Buffer.from([1, 2, 3]),
    ip: '192.0.2.1',
    mac: '02:00:00:00:00:01',
    inner: { x: 9, tags: ['a', 'b'] },
    color: 'green',
    list: ['10.0.0.1', '10.0.0.2'],
    kind: 'inner',
    data: { x: 5 },
  })
})

test('unknown attributes are kept raw, in order, never dropped', (t) => {
  const bytes = tlv([
    [3, u32(1)],
    [99, Buffer.from('abc')],
    [12, tlv([[7, u32(7)]])],
    [3 | 0x4000, Buffer.from([1, 2])], // declared u32 but 2 bytes: kept raw, flag bit masked
    [0x3fff, Buffer.alloc(0)],
  ])
  const v = decodeAttrs(MAP, bytes, 0, bytes.length)
  t.is(v.n32, 1)
  t.deepEqual(v.unknown, [
    { type: 99, data: Buffer.from('abc') },
    { type: 3, data: Buffer.from([1, 2]) },
    { type: 0x3fff, data: Buffer.alloc(0) },
  ])
  t.deepEqual(v.inner, { unknown: [{ type: 7, data: u32(7) }] })
  // Raw data is a copy: changing the source does not change it.
  bytes.fill(0)
  t.deepEqual(v.unknown[0].data, Buffer.from('abc'))
})

test('variant without a layout for the selector value stays raw', (t) => {
  const bytes = tlv([
    [16, cstr('other')],
    [17, Buffer.from([9, 9])],
  ])
  t.deepEqual(decodeAttrs(MAP, bytes, 0, bytes.length), { kind: 'other', data: Buffer.from([9, 9]) })
})

test('malformed attributes throw ParseError with the offset', (t) => {
  const ok = tlv([[3, u32(1)]])
  const tooShort = Buffer.concat([ok, Buffer.from([2, 0, 3, 0])])
  const e1 = t.throws(() => decodeAttrs(MAP, tooShort, 0, tooShort.length), { instanceOf: ParseError })
  t.is(e1.offset, 8)
  const pastEnd = Buffer.concat([ok, Buffer.from([12, 0, 3, 0, 1, 0, 0, 0])])
  const e2 = t.throws(() => decodeAttrs(MAP, pastEnd, 0, pastEnd.length), { instanceOf: ParseError })
  t.is(e2.offset, 8)
  t.true(e2 instanceof Error)
  // Malformed inside a nested attribute.
  const nested = tlv([[12, Buffer.from([9, 0, 1, 0, 0, 0, 0, 0])]])
  t.throws(() => decodeAttrs(MAP, nested, 0, nested.length), { instanceOf: ParseError })
  // Up to 3 trailing bytes of padding are not an error.
  const padded = Buffer.concat([ok, Buffer.alloc(3)])
  t.deepEqual(decodeAttrs(MAP, padded, 0, padded.length), { n32: 1 })
})

test('encode writes aligned attributes with correct nla_len that decode back', (t) => {
  const value = {
    n8: 1,
    n16: 2,
    n32: 3,
    n64: 2n ** 40n,
    signed: -7,
    port: 53,
    on: true,
    name: 'abcde',
    blob: Buffer.from([1, 2, 3, 4, 5]),
    ip: '2001:db8::1',
    mac: '02:00:00:00:00:01',
    inner: { x: 1, tags: ['t1', 't2'] },
    color: 'red',
    list: ['10.0.0.1', '10.0.0.2'],
    hdr: { a: 1, b: 2, c: -3, d: 4, e: 5 },
    kind: 'inner',
    data: { x: 6 },
    unknown: [{ type: 77, data: Buffer.from([7]) }],
  }
  const w = new AttrWriter(8) // tiny: forces growth
  encodeAttrs(MAP, value, w, 'test')
  const bytes = w.finish()
  t.is(bytes.length % 4, 0)
  // Walk the framing independently: every nla_len fits, every attribute starts 4-aligned.
  let pos = 0
  let count = 0
  while (pos < bytes.length) {
    const len = bytes.readUInt16LE(pos)
    t.true(len >= 4 && pos + len <= bytes.length)
    pos += (len + 3) & ~3
    count++
  }
  t.is(pos, bytes.length)
  t.is(count, Object.keys(value).length - 1 + value.unknown.length)
  const back = decodeAttrs(MAP, bytes, 0, bytes.length)
  t.deepEqual(back, { ...value, n64: 2 ** 40 })
})

test('encode names the offending property path', (t) => {
  const enc = (v) => encodeAttrs(MAP, v, new AttrWriter(), 'spec')
  t.throws(() => enc({ n8: 300 }), { instanceOf: RangeError, message: /^spec\.n8: 300 is out of range for u8/ })
  t.throws(() => enc({ ip: '10.0.0.300' }), { instanceOf: TypeError, message: "spec.ip: '10.0.0.300' is not an IPv4 or IPv6 address" })
  t.throws(() => enc({ bogus: 1 }), { instanceOf: TypeError, message: /^spec\.bogus: unknown attribute/ })
  t.throws(() => enc({ inner: { x: -1 } }), { instanceOf: RangeError, message: /^spec\.inner\.x:/ })
  t.throws(() => enc({ color: 'blue' }), { instanceOf: TypeError, message: "spec.color: 'blue' is not a known color" })
  t.throws(() => enc({ mac: 'zz' }), { instanceOf: TypeError, message: /^spec\.mac:/ })
  t.throws(() => enc({ hdr: { a: 1, zz: 2 } }), { instanceOf: TypeError, message: /^spec\.hdr\.zz: not a field/ })
  t.throws(() => enc({ name: 'a\0b' }), { instanceOf: TypeError, message: /^spec\.name:/ })
})

test('name tables: known numbers get names, unknown ones stay numbers', (t) => {
  t.is(COLORS.decode(1), 'red')
  t.is(COLORS.decode(77), 77)
  t.is(COLORS.valueOf('green'), 2)
  t.is(COLORS.valueOf('blue'), undefined)
})
