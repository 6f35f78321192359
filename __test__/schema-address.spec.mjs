// Address text: IPv4/IPv6/MAC formatting and parsing (src/util/address.ts).
import test from 'ava'
import { createRequire } from 'node:module'
import { isIPv6 } from 'node:net'

const require = createRequire(import.meta.url)
const addr = require('../dist/util/address.js')

const v6 = (text) => {
  // Independent reference bytes: Node's URL parser canonicalises IPv6 hosts (it does not follow
  // RFC 5952 everywhere, so only its bytes are used, via the group list).
  const groups = new URL(`http://[${text}]/`).hostname.slice(1, -1)
  const full = expandGroups(groups)
  return Buffer.from(full.map((g) => g.padStart(4, '0')).join(''), 'hex')
}
function expandGroups(text) {
  const [head, tail] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail === undefined ? [] : tail ? tail.split(':') : []
  const mid = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0')
  return [...h, ...mid, ...t]
}

test('IPv4 formats every octet value and builds CIDR text', (t) => {
  for (const [a, b, c, d] of [
    [0, 0, 0, 0],
    [255, 255, 255, 255],
    [10, 1, 2, 3],
    [192, 168, 100, 9],
    [1, 20, 200, 99],
  ]) {
    const buf = Buffer.from([a, b, c, d])
    t.is(addr.formatIPv4(buf, 0), `${a}.${b}.${c}.${d}`)
    t.is(addr.formatIPv4PrefixValue(buf.readUInt32BE(0), 17), `${a}.${b}.${c}.${d}/17`)
  }
})

test('internIPv4 returns equal text and reuses it', (t) => {
  const a = addr.internIPv4(0x0a000001)
  t.is(a, '10.0.0.1')
  t.is(addr.internIPv4(0x0a000001), a)
})

test('IPv6 formatting follows RFC 5952', (t) => {
  const cases = [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // compress, drop leading zeros
    ['2001:0DB8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1'], // leftmost of equal runs
    ['2001:0db8:0000:0001:0001:0001:0001:0001', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['2001:0db8:0000:0000:0001:0000:0000:0000', '2001:db8:0:0:1::'], // the longest run wins
    ['0000:0000:0000:0000:0000:0000:0000:0000', '::'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['fe80:0000:0000:0000:0000:0000:0000:0000', 'fe80::'],
    ['0000:0000:0000:0000:0000:ffff:0102:0304', '::ffff:1.2.3.4'], // IPv4-mapped
    ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789'], // lowercase
  ]
  for (const [long, expected] of cases) {
    const bytes = Buffer.from(long.replaceAll(':', ''), 'hex')
    t.is(addr.formatIPv6(bytes, 0), expected, long)
    t.is(addr.formatIPv6Prefix(bytes, 0, 64), `${expected}/64`)
  }
})

test('IPv6 parse → format round trip agrees with an independent parser', (t) => {
  for (const text of [
    '::',
    '::1',
    '1::',
    '2001:db8::',
    'fe80::1:2',
    '1:2:3:4:5:6:7:8',
    '1:0:0:2::3',
    'ff02::1:ffe0:5786',
    '::ffff:10.0.0.1',
    '64:ff9b::192.0.2.33',
  ]) {
    const parsed = addr.parseIPv6(text)
    t.truthy(parsed, text)
    t.deepEqual(parsed, v6(text), text)
    const again = addr.formatIPv6(parsed, 0)
    t.true(isIPv6(again), again)
    t.deepEqual(addr.parseIPv6(again), parsed, `${text} → ${again}`)
  }
})

test('invalid addresses parse to null', (t) => {
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', 'a.b.c.d']) {
    t.is(addr.parseIPv4(bad), null, bad)
  }
  for (const bad of ['', ':', ':1', '1:', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', 'g::', 'fe80::1%eth0', '::1.2.3', '1.2.3.4']) {
    t.is(addr.parseIPv6(bad), null, bad)
  }
  t.is(addr.parseIP('10.0.0.300'), null)
  t.is(addr.parsePrefix('10.0.0.0/33'), null)
  t.is(addr.parsePrefix('10.0.0.0/'), null)
  t.is(addr.parsePrefix('10.0.0.0/08'), null)
  t.is(addr.parsePrefix('::/129'), null)
  t.is(addr.parseMac('aa:bb:cc:dd:ee:fg'), null)
  t.is(addr.parseMac('aabb:cc'), null)
})

test('parseIPv4 / parsePrefix values', (t) => {
  t.is(addr.parseIPv4('10.1.2.3'), 0x0a010203)
  t.is(addr.parseIPv4('255.255.255.255'), 0xffffffff)
  const p = addr.parsePrefix('10.1.0.0/16')
  t.is(p.family, 4)
  t.is(p.prefixLen, 16)
  t.deepEqual([...p.bytes], [10, 1, 0, 0])
  t.is(addr.parsePrefix('2001:db8::1').prefixLen, 128)
  t.is(addr.parsePrefix('10.0.0.1').prefixLen, 32)
  t.false(addr.hasHostBits(Buffer.from([10, 1, 0, 0]), 16))
  t.true(addr.hasHostBits(Buffer.from([10, 1, 0, 1]), 16))
  t.true(addr.hasHostBits(Buffer.from([10, 1, 128, 0]), 16))
  t.false(addr.hasHostBits(Buffer.from([10, 1, 128, 0]), 17))
})

test('MAC formatting and parsing', (t) => {
  const mac = Buffer.from([0x02, 0xab, 0x0c, 0, 0xff, 0x10])
  t.is(addr.formatMac(mac, 0, 6), '02:ab:0c:00:ff:10')
  t.deepEqual(addr.parseMac('02:AB:c:0:ff:10'), mac)
  const long = Buffer.alloc(20, 0x5a)
  t.is(addr.formatMac(long, 0, 20), Array(20).fill('5a').join(':'))
  t.is(addr.formatMac(mac, 0, 0), '')
})
