// The toolkit's call and dump options (src/toolkit/call-options.ts): known keys only, only the
// options set are passed on, and the retry count is a u32.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { callOptions, dumpOptions } = require('../dist/toolkit/call-options.js')

test('callOptions: signal and timeout, passed on only when set', (t) => {
  const signal = new AbortController().signal
  t.deepEqual(callOptions({}, 'm'), {})
  t.deepEqual(Object.keys(callOptions({ timeout: undefined, signal: undefined }, 'm')), [], 'an option set to undefined is not passed on')
  t.deepEqual(callOptions({ signal, timeout: 5 }, 'm'), { signal, timeout: 5 })
  t.throws(() => callOptions({ retryInterrupted: 1 }, 'links'), { instanceOf: TypeError, message: 'links options.retryInterrupted: unknown option' })
  t.throws(() => callOptions(null, 'links'), { instanceOf: TypeError, message: /^links options: expected an object/ })
})

test('dumpOptions: the call options and the retry count, a u32', (t) => {
  t.deepEqual(dumpOptions({}, 'getLinks'), [{}, undefined])
  t.deepEqual(dumpOptions({ timeout: 10, retryInterrupted: 3 }, 'getLinks'), [{ timeout: 10 }, 3])
  t.throws(() => dumpOptions({ retryInterrupted: -1 }, 'getLinks'), { instanceOf: RangeError, message: /^getLinks options\.retryInterrupted: / })
  t.throws(() => dumpOptions({ bogus: 1 }, 'getLinks'), { instanceOf: TypeError, message: 'getLinks options.bogus: unknown option' })
})
