// NetlinkSocket.batch against the real kernel, in a namespace of its own: a batch of RTM_NEWROUTE
// whose middle message duplicates an existing route with NLM_F_EXCL. rtnetlink handles a
// datagram's messages one by one and keeps what succeeded, so the first and last routes exist
// afterwards whichever mode reported the error.
import test from 'ava'
import { createRequire } from 'node:module'
import { makeNetns, ip, ipJson, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { NetlinkSocket, NetlinkError, BatchError, rtnl, constants } = require('../dist/index.js')

const { NLM_F_CREATE, NLM_F_EXCL } = constants

/** The batch: three blackhole routes in table 100, the middle one already there. */
function setup(t, prefix) {
  const ns = makeNetns(t, 'nlrb')
  ip(ns, 'route', 'add', 'blackhole', `${prefix}.2.0/24`, 'table', '100')
  const messages = [1, 2, 3].map((n) => ({
    type: rtnl.RTM.NEWROUTE,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    payload: rtnl.encodeRouteRequest({ dst: `${prefix}.${n}.0/24`, type: 'blackhole', table: 100 }),
  }))
  return { ns, messages }
}

/** The destinations of table 100 as the kernel keeps them (`ip -j route show table all`). */
function table100(ns) {
  return ipJson(ns, 'route', 'show', 'table', 'all')
    .filter((route) => route.table === '100')
    .map((route) => `${route.type} ${route.dst}`)
    .sort()
}

nsTest(test, 'raise mode: the duplicate is a BatchError at index 1 with EEXIST; the first and last routes were added', async (t) => {
  const { ns, messages } = setup(t, '10.61')
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const error = await t.throwsAsync(socket.batch(messages), { instanceOf: BatchError })
  t.is(error.index, 1)
  t.is(error.code, 'EEXIST')
  t.deepEqual(
    error.results.map((r) => r.ok),
    [true, false, true],
  )
  t.deepEqual(table100(ns), ['blackhole 10.61.1.0/24', 'blackhole 10.61.2.0/24', 'blackhole 10.61.3.0/24'])
  t.is(socket.stats().pending, 0)
  // The socket goes on: a batch removing them all succeeds.
  const removals = [1, 2, 3].map((n) => ({
    type: rtnl.RTM.DELROUTE,
    payload: rtnl.encodeRouteRequest({ dst: `10.61.${n}.0/24`, type: 'blackhole', table: 100 }, 'delete'),
  }))
  t.is((await socket.batch(removals)).length, 3)
  t.deepEqual(table100(ns), [])
})

nsTest(test, 'noraise: three outcomes in order, the middle one EEXIST as a value; the first and last routes were added', async (t) => {
  const { ns, messages } = setup(t, '10.62')
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const results = await socket.batch(messages, { noraise: true })
  t.deepEqual(
    results.map((r) => r.ok),
    [true, false, true],
  )
  t.true(results[1].error instanceof NetlinkError)
  t.is(results[1].error.code, 'EEXIST')
  t.is(results[1].error.requestType, rtnl.RTM.NEWROUTE)
  t.deepEqual(table100(ns), ['blackhole 10.62.1.0/24', 'blackhole 10.62.2.0/24', 'blackhole 10.62.3.0/24'])
})

nsTest(test, 'a batch longer than the send buffer the kernel granted is a RangeError before anything is sent', async (t) => {
  const ns = makeNetns(t, 'nlrb')
  const socket = await NetlinkSocket.open({ netns: ns, sndbuf: 65536 })
  t.teardown(() => socket.close())
  const payload = rtnl.encodeRouteRequest({ dst: '10.63.0.0/24', type: 'blackhole', table: 100 })
  const many = Array.from({ length: 8192 }, () => ({ type: rtnl.RTM.NEWROUTE, flags: NLM_F_CREATE, payload }))
  await t.throwsAsync(socket.batch(many), {
    instanceOf: RangeError,
    message: /^messages: the batch takes \d+ bytes, more than one datagram of this socket may \(131040:/,
  })
  t.deepEqual(table100(ns), [])
})
