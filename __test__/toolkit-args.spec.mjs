// The toolkit's argument checks (src/toolkit/args.ts, ifname.ts, address-args.ts, family.ts): the
// error class and the message's leading path for each kind of bad input, and what each returns.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { checkSpecObject, intArg, namedArg, objectArg, stringArg } = require('../dist/toolkit/args.js')
const { IFNAMSIZ, ifnameArg } = require('../dist/toolkit/ifname.js')
const { ipArg, prefixArg } = require('../dist/toolkit/address-args.js')
const { AF_INET, AF_INET6, AF_UNSPEC, afFromFamily, familyFromAf, familyName, ipFamilyArg } = require('../dist/toolkit/family.js')
const { defineNames } = require('../dist/schema/names.js')

test('objectArg and checkSpecObject: plain objects only, known keys only, the key named', (t) => {
  for (const bad of [null, 5, 'x', [], undefined]) {
    t.throws(() => objectArg(bad, 'f'), { instanceOf: TypeError, message: /^f: expected an object, got / })
  }
  t.notThrows(() => objectArg({}, 'f'))
  const allowed = new Set(['a', 'b'])
  const spec = { a: 1 }
  t.is(checkSpecObject(spec, allowed, 'getX filter'), spec)
  t.throws(() => checkSpecObject({ a: 1, c: 2 }, allowed, 'getX filter'), { instanceOf: TypeError, message: 'getX filter.c: unknown field' })
  t.throws(() => checkSpecObject({ z: 1 }, allowed, 'x options', 'option'), { instanceOf: TypeError, message: 'x options.z: unknown option' })
})

test('intArg: integers in the range of the field kind; RangeError beyond it, TypeError for non-integers', (t) => {
  t.is(intArg('u8', 255, 'p'), 255)
  t.is(intArg('s32', -5, 'p'), -5)
  t.throws(() => intArg('u8', 256, 'p.x'), { instanceOf: RangeError, message: /^p\.x: / })
  t.throws(() => intArg('u32', -1, 'p.x'), { instanceOf: RangeError, message: /^p\.x: / })
  t.throws(() => intArg('u32', 1.5, 'p.x'), { message: /^p\.x: / })
  t.throws(() => intArg('u32', '1', 'p.x'), { instanceOf: TypeError, message: /^p\.x: / })
})

test('namedArg: a name of the table or a number of the kind', (t) => {
  const colours = defineNames('colour', { 1: 'red', 2: 'green' })
  t.is(namedArg(colours, 'u8', 'green', 'p'), 2)
  t.is(namedArg(colours, 'u8', 200, 'p'), 200)
  t.throws(() => namedArg(colours, 'u8', 'blue', 'p.c'), { instanceOf: TypeError, message: "p.c: 'blue' is not a known colour" })
  t.throws(() => namedArg(colours, 'u8', 300, 'p.c'), { instanceOf: RangeError })
})

test('stringArg: bytes counted in UTF-8', (t) => {
  t.is(stringArg('abc', 'p', 3), 'abc')
  t.throws(() => stringArg('éé', 'p.s', 3), { instanceOf: RangeError, message: 'p.s: longer than 3 bytes' })
  t.throws(() => stringArg(3, 'p.s', 3), { instanceOf: TypeError, message: /^p\.s: expected a string/ })
})

test("ifnameArg is the kernel's dev_valid_name: 1..15 bytes, not '.' or '..', no '/', ':', whitespace or NUL", (t) => {
  t.is(IFNAMSIZ, 16)
  for (const good of ['eth0', 'x', 'a.b', '...', 'br-lan', 'veth@1', 'é'.repeat(7), 'x'.repeat(15)]) t.is(ifnameArg(good, 'p'), good, good)
  for (const long of ['', 'x'.repeat(16), 'é'.repeat(8)]) {
    t.throws(
      () => ifnameArg(long, 'p.ifname'),
      { instanceOf: RangeError, message: /^p\.ifname: .* bytes; interface names are 1\.\.15 bytes$/ },
      JSON.stringify(long),
    )
  }
  for (const bad of ['.', '..', 'a/b', 'eth0:1', 'a b', 'a\tb', 'a\nb', 'a\u00a0b', 'a\0b']) {
    t.throws(() => ifnameArg(bad, 'p.ifname'), { instanceOf: TypeError, message: /^p\.ifname: [^]* is not a valid interface name/ }, JSON.stringify(bad))
  }
  t.throws(() => ifnameArg(3, 'p.ifname'), { instanceOf: TypeError, message: 'p.ifname: expected an interface name, got 3' })
})

test('ipArg and prefixArg: parsed addresses, the family checked against the rest of the request', (t) => {
  t.is(ipArg('10.0.0.1', 'p').family, 4)
  t.is(ipArg('2001:db8::1', 'p', 6).family, 6)
  t.throws(() => ipArg('10.0.0.300', 'p.gw'), { instanceOf: TypeError, message: "p.gw: '10.0.0.300' is not an IPv4 or IPv6 address" })
  t.throws(() => ipArg('10.0.0.1', 'p.gw', 6, 'the route'), { instanceOf: TypeError, message: "p.gw: '10.0.0.1' is IPv4 but the route is IPv6" })
  const p = prefixArg('10.0.0.0/8', 'p', true)
  t.deepEqual([p.family, p.prefixLen], [4, 8])
  t.is(prefixArg('10.0.0.1', 'p', true).prefixLen, 32)
  t.is(prefixArg('10.0.0.1/24', 'p', false).prefixLen, 24, 'an interface address may have host bits')
  t.throws(() => prefixArg('10.0.0.1/24', 'p.dst', true), { instanceOf: TypeError, message: "p.dst: '10.0.0.1/24' has host bits set beyond /24" })
  t.throws(() => prefixArg('10.0.0.0/33', 'p.dst', true), { instanceOf: TypeError, message: /^p\.dst: '10\.0\.0\.0\/33' is not an address or prefix/ })
  t.throws(() => prefixArg('::/0', 'p.dst', true, 4, 'the filter'), { message: "p.dst: '::/0' is IPv6 but the filter is IPv4" })
})

test('families: 4/6 to AF_INET/AF_INET6 and back, others as they are; the optional family argument', (t) => {
  t.deepEqual([AF_UNSPEC, AF_INET, AF_INET6], [0, 2, 10])
  t.deepEqual([afFromFamily(4), afFromFamily(6), afFromFamily(7), afFromFamily(0)], [2, 10, 7, 0])
  t.deepEqual([familyFromAf(2), familyFromAf(10), familyFromAf(7), familyFromAf(0)], [4, 6, 7, 0])
  t.deepEqual([familyName(4), familyName(6), familyName(7)], ['IPv4', 'IPv6', 'family 7'])
  t.is(ipFamilyArg(undefined, 'f.family'), undefined)
  t.is(ipFamilyArg(6, 'f.family'), 6)
  t.throws(() => ipFamilyArg(2, 'f.family'), { instanceOf: TypeError, message: 'f.family: expected 4 or 6, got 2' })
  t.throws(() => ipFamilyArg('4', 'f.family'), { instanceOf: TypeError })
})
