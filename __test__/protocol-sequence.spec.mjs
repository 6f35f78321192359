// Sequence numbers (src/protocol/sequence.ts): allocation and the memory of retired numbers, alone.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { SequenceNumbers, RETIRED_MEMORY } = require('../dist/protocol/sequence.js')

test('numbers increase from the one after the start', (t) => {
  const seq = new SequenceNumbers(41)
  const pending = new Map()
  t.deepEqual([seq.allocate(pending), seq.allocate(pending), seq.allocate(pending)], [42, 43, 44])
})

test('after 2^32 - 1 comes 1, never 0', (t) => {
  const seq = new SequenceNumbers(0xfffffffe)
  const pending = new Map()
  t.deepEqual([seq.allocate(pending), seq.allocate(pending)], [0xffffffff, 1])
})

test('a pending number and a recently retired one are skipped', (t) => {
  const seq = new SequenceNumbers(9)
  const pending = new Map([[10, {}]])
  seq.retire(11)
  t.is(seq.allocate(pending), 12)
  t.true(seq.isRetired(11))
  t.false(seq.isRetired(12))
})

test('only the last RETIRED_MEMORY retired numbers are remembered, oldest forgotten first', (t) => {
  const seq = new SequenceNumbers(0)
  for (let n = 1; n <= RETIRED_MEMORY + 2; n++) seq.retire(n)
  t.false(seq.isRetired(1))
  t.false(seq.isRetired(2))
  t.true(seq.isRetired(3))
  t.true(seq.isRetired(RETIRED_MEMORY + 2))
})

test('retiring a number twice takes one place in the memory', (t) => {
  const seq = new SequenceNumbers(0)
  seq.retire(5)
  seq.retire(5)
  for (let n = 1; n < RETIRED_MEMORY; n++) seq.retire(1000 + n)
  t.true(seq.isRetired(5), 'still remembered: the repeat did not push out a place')
  seq.retire(99)
  t.false(seq.isRetired(5))
})

test('allocateRun: consecutive numbers, past a pending one and past the wrap', (t) => {
  const seq = new SequenceNumbers(9)
  t.is(seq.allocateRun(3, new Map([[11, {}]])), 12)
  t.is(seq.allocate(new Map()), 15)
  const wrapping = new SequenceNumbers(0xfffffffd)
  t.is(wrapping.allocateRun(3, new Map()), 1)
})
