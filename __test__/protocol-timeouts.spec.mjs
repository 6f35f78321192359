// The timeout sweep (src/protocol/timeouts.ts) with a recording host and stand-in requests,
// swept at chosen times: who expires, who is forgotten, when the timer stops.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { TimeoutSweep, sweepInterval, drainIdleLimit } = require('../dist/protocol/timeouts.js')

const req = (seq, state, timeoutMs, lastActivity = 0) => ({ sequenceNumber: seq, state, timeoutMs, lastActivity })

function setup(requests, { holding = false } = {}) {
  const pending = new Map(requests.map((r) => [r.sequenceNumber, r]))
  const expired = []
  const forgotten = []
  let swept = 0
  const host = {
    holding,
    expire: (r) => {
      expired.push(r.sequenceNumber)
      r.state = 'draining'
    },
    forget: (r) => {
      forgotten.push(r.sequenceNumber)
      pending.delete(r.sequenceNumber)
    },
    swept: () => swept++,
  }
  return { sweep: new TimeoutSweep(pending, host), host, expired, forgotten, swept: () => swept }
}

test('sweepInterval: a quarter of the timeout within 10 .. 250 ms; a drain sweeps every 250 ms', (t) => {
  t.is(sweepInterval(100), 25)
  t.is(sweepInterval(20), 10)
  t.is(sweepInterval(30_000), 250)
  t.is(sweepInterval(Infinity), 250)
})

test('drainIdleLimit: the timeout within 1 s .. 60 s', (t) => {
  t.is(drainIdleLimit(100), 1000)
  t.is(drainIdleLimit(5000), 5000)
  t.is(drainIdleLimit(Infinity), 60_000)
})

test('an active request expires once its timeout passed since its last progress', (t) => {
  const { sweep, expired, swept } = setup([req(1, 'active', 100, 0), req(2, 'active', 100, 50), req(3, 'active', Infinity, 0)])
  sweep.sweep(120)
  t.deepEqual(expired, [1])
  t.is(swept(), 1)
})

test('a queued request counts down only while congestion holds it', (t) => {
  const free = setup([req(1, 'queued', 100, 0)])
  free.sweep.sweep(500)
  t.deepEqual(free.expired, [])
  const held = setup([req(1, 'queued', 100, 0)], { holding: true })
  held.sweep.sweep(500)
  t.deepEqual(held.expired, [1])
})

test('a draining answer is forgotten after its idle limit, not before', (t) => {
  const { sweep, forgotten } = setup([req(1, 'draining', 100, 0), req(2, 'draining', 5000, 0)])
  sweep.sweep(999)
  t.deepEqual(forgotten, [])
  sweep.sweep(1000)
  t.deepEqual(forgotten, [1])
})

test('the timer runs while anything can expire and stops when nothing can', async (t) => {
  const request = req(1, 'active', 40, performance.now())
  const { sweep, expired, forgotten, swept } = setup([request])
  sweep.ensure(request.timeoutMs)
  await new Promise((resolve) => setTimeout(resolve, 80))
  t.deepEqual(expired, [1])
  // Now draining: forgotten after drainIdleLimit(40) = 1 s of silence.
  request.lastActivity = performance.now() - 2000
  await new Promise((resolve) => setTimeout(resolve, 40))
  t.deepEqual(forgotten, [1])
  const after = swept()
  await new Promise((resolve) => setTimeout(resolve, 60))
  t.is(swept(), after, 'stopped: nothing left to expire')
})

test('stop() ends the sweeping', async (t) => {
  const { sweep, swept } = setup([req(1, 'active', 40, performance.now())])
  sweep.ensure(40)
  sweep.stop()
  await new Promise((resolve) => setTimeout(resolve, 40))
  t.is(swept(), 0)
})
