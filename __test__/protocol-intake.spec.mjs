// Request intake (src/protocol/intake.ts): option checks with their errors, timeouts, framing.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { validateRequest, normaliseTimeout, requestFrame, DEFAULT_TIMEOUT_MS } = require('../dist/protocol/intake.js')
const { NLM_F_REQUEST, NLM_F_DUMP } = require('../dist/constants.js')

test('normaliseTimeout: undefined is the default, 0 and Infinity are none, others are kept', (t) => {
  t.is(normaliseTimeout(undefined, 'x'), DEFAULT_TIMEOUT_MS)
  t.is(normaliseTimeout(0, 'x'), Infinity)
  t.is(normaliseTimeout(Infinity, 'x'), Infinity)
  t.is(normaliseTimeout(250, 'x'), 250)
  for (const bad of [-1, NaN, '5', null]) {
    t.throws(() => normaliseTimeout(bad, 'options.timeout'), {
      instanceOf: RangeError,
      message: /^options\.timeout must be a non-negative number of milliseconds/,
    })
  }
})

test('validateRequest returns type, flags, timeout and dump; flags default to 0', (t) => {
  t.deepEqual(validateRequest(Buffer.alloc(4), { type: 18 }), { type: 18, flags: 0, timeout: undefined, dump: undefined })
  t.deepEqual(validateRequest(new Uint8Array(0), { type: 18, flags: NLM_F_DUMP, timeout: 0, dump: true }), {
    type: 18,
    flags: NLM_F_DUMP,
    timeout: Infinity,
    dump: true,
  })
})

test('validateRequest names what is wrong', (t) => {
  const p = Buffer.alloc(0)
  t.throws(() => validateRequest('x', { type: 1 }), { instanceOf: TypeError, message: /payload must be a Buffer or Uint8Array, got string/ })
  t.throws(() => validateRequest(p, null), { instanceOf: TypeError, message: /options must be an object/ })
  t.throws(() => validateRequest(p, { type: 70000 }), { instanceOf: RangeError, message: /options\.type must be an integer 0\.\.65535/ })
  t.throws(() => validateRequest(p, { type: 1, flags: -1 }), { instanceOf: RangeError, message: /options\.flags/ })
  t.throws(() => validateRequest(p, { type: 1, parser: 1 }), { instanceOf: TypeError, message: /options\.parser/ })
  t.throws(() => validateRequest(p, { type: 1, terminate: 1 }), { instanceOf: TypeError, message: /options\.terminate/ })
  t.throws(() => validateRequest(p, { type: 1, signal: {} }), { instanceOf: TypeError, message: /options\.signal must be an AbortSignal/ })
  t.throws(() => validateRequest(p, { type: 1, nativeParser: {} }), { instanceOf: TypeError, message: /options\.nativeParser must be an object with a name/ })
  t.throws(() => validateRequest(p, { type: 1, dump: 1 }), { instanceOf: TypeError, message: /options\.dump must be a boolean/ })
})

test('requestFrame: the header (NLM_F_REQUEST added) then the payload', (t) => {
  const frame = requestFrame(Buffer.from([1, 2, 3, 4]), 18, NLM_F_DUMP, 0xdeadbeef, -1)
  t.is(frame.length, 20)
  t.is(frame.readUInt32LE(0), 20)
  t.is(frame.readUInt16LE(4), 18)
  t.is(frame.readUInt16LE(6), NLM_F_DUMP | NLM_F_REQUEST)
  t.is(frame.readUInt32LE(8), 0xdeadbeef)
  t.is(frame.readUInt32LE(12), 0xffffffff, 'the port id as unsigned')
  t.deepEqual([...frame.subarray(16)], [1, 2, 3, 4])
})
