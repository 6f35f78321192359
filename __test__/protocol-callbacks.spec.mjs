// Registered callbacks (src/protocol/callbacks.ts): order, arguments, removal, and errors reported
// without stopping the flow.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Callbacks } = require('../dist/protocol/callbacks.js')

test('each accepting callback gets the message and its arguments, in registration order', (t) => {
  const seen = []
  const callbacks = new Callbacks(() => t.fail())
  callbacks.add(
    () => true,
    (m, a, b) => seen.push(['first', m, a, b]),
    [1, 2],
  )
  callbacks.add(
    (m) => m === 'x',
    (m) => seen.push(['second', m]),
    [],
  )
  callbacks.run('x')
  callbacks.run('y')
  t.deepEqual(seen, [
    ['first', 'x', 1, 2],
    ['second', 'x'],
    ['first', 'y', 1, 2],
  ])
  t.is(callbacks.size, 2)
})

test('remove takes the first registration of a handler away; false when there is none', (t) => {
  const callbacks = new Callbacks(() => {})
  const handler = () => {}
  callbacks.add(() => true, handler, [])
  t.true(callbacks.remove(handler))
  t.false(callbacks.remove(handler))
  t.is(callbacks.size, 0)
})

test('a throwing predicate or handler is reported and the others still run; a throwing reporter too', (t) => {
  const reported = []
  const callbacks = new Callbacks((error) => {
    reported.push(error.message)
    throw new Error('reporter failed')
  })
  let ran = 0
  callbacks.add(
    () => {
      throw new Error('predicate')
    },
    () => {},
    [],
  )
  callbacks.add(
    () => true,
    () => {
      throw new Error('handler')
    },
    [],
  )
  callbacks.add(
    () => true,
    () => ran++,
    [],
  )
  callbacks.run({})
  t.deepEqual(reported, ['predicate', 'handler'])
  t.is(ran, 1)
})

test('add checks its functions', (t) => {
  const callbacks = new Callbacks(() => {})
  t.throws(() => callbacks.add(null, () => {}, []), { instanceOf: TypeError, message: /predicate must be a function/ })
  t.throws(() => callbacks.add(() => true, 'x', []), { instanceOf: TypeError, message: /handler must be a function/ })
})
