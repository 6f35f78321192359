// Short fuzz runs of the decoders of kernel bytes and of the Marshal (the properties are in
// helpers/fuzz-decoders.mjs; `npm run fuzz` runs them far longer). Each test reports the seed and
// the shrunk counterexample when it fails: `npm run fuzz -- --only <name> --seed <seed>` replays it.
import test from 'ava'
import { createRequire } from 'node:module'
import { PROPERTIES, runProperty, formatFailure } from './helpers/fuzz-properties.mjs'
import { NETLINK_ERROR_LENGTH_OVERFLOW } from './helpers/fuzz-decoders.mjs'

const require = createRequire(import.meta.url)
const { Marshal, rawMessageParser } = require('../dist/marshal.js')

for (const def of PROPERTIES.filter((d) => d.name !== 'engine')) {
  test(`fuzz ${def.name}: a value or a ParseError, independent of the surrounding bytes`, async (t) => {
    const stats = await runProperty(def)
    t.is(stats.failures, 0, stats.failures ? formatFailure(stats) : '')
    t.is(stats.inputs, def.shortRuns, 'every input ran')
  })
  // A bug the fuzzer finds is pinned as a knownBugs entry of its property until it is fixed; this
  // test then fails, as a reminder to remove the entry so the property checks those inputs again.
  for (const bug of def.knownBugs ?? []) {
    test.failing(`known bug, ${def.name}: ${bug.title}`, (t) => {
      t.true(def.check(bug.input))
    })
  }
}

test('netlinkErrorFrom: an embedded request claiming nlmsg_len 0xffffffff ends the ext-ack walk instead of throwing', (t) => {
  const def = PROPERTIES.find((d) => d.name === 'netlinkErrorFrom')
  t.true(def.check(NETLINK_ERROR_LENGTH_OVERFLOW))
})

// Counterexamples the Marshal property found (fixed in src/marshal.ts), kept as plain tests.

function message(type, payload) {
  const buf = Buffer.alloc(16 + payload.length)
  buf.writeUInt32LE(buf.length, 0)
  buf.writeUInt16LE(type, 4)
  Buffer.from(payload).copy(buf, 16)
  return buf
}

test('Marshal: a message too short for its key goes to the default parser, even with a parser registered for -1', (t) => {
  const m = new Marshal()
  m.keyFormat = 'b' // signed: a key byte 0xff reads as -1
  m.keyOffset = 16
  m.register(-1, () => ({ minusOne: true }))
  const short = message(20, [])
  t.deepEqual(m.parse(short, 0, short.length, 0, 1), rawMessageParser(short, 0, short.length))
  const keyed = message(20, [0xff, 0, 0, 0])
  t.deepEqual(m.parse(keyed, 0, keyed.length, 0, 1), { minusOne: true })
})

test('Marshal: a mask keeps unsigned keys unsigned, and bad keyOffset/keyMask values are refused by name', (t) => {
  const m = new Marshal()
  m.keyFormat = 'I'
  m.keyOffset = 16
  m.keyMask = 0xffffffff
  m.register(0xffffffff, () => ({ all: true }))
  const msg = message(20, [0xff, 0xff, 0xff, 0xff])
  t.deepEqual(m.parse(msg, 0, msg.length, 0, 1), { all: true })
  for (const bad of [-1, 1.5, NaN, '4'])
    t.throws(
      () => {
        m.keyOffset = bad
      },
      { instanceOf: RangeError, message: /marshal\.keyOffset/ },
    )
  for (const bad of [-1, 0.5, 2 ** 32, '15'])
    t.throws(
      () => {
        m.keyMask = bad
      },
      { instanceOf: RangeError, message: /marshal\.keyMask/ },
    )
  t.is(m.keyOffset, 16)
  t.is(m.keyMask, 0xffffffff)
})
