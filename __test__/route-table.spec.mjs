// IPRoute.getRouteTable: a route dump kept as the received messages (src/iproute/route/table.ts),
// against a fake kernel replaying recorded dumps and against the real kernel in a namespace. A
// table must give exactly the routes getRoutes gives, by every way of reading it, and a retried
// dump must start over.
import test from 'ava'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { FakeKernel, seqOf, NLM_F_DUMP_INTR, NLM_F_MULTI } from './helpers/fake-kernel.mjs'
import { ipBatch, makeNetns, nsTest, waitForCarrier, ip } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, RouteTable, DumpInterruptedError } = require('../dist/index.js')

const fixture = (name) => fileURLToPath(new URL(`./fixtures/iproute/${name}`, import.meta.url))
// Route messages of a real kernel's dumps (fixtures/iproute/record.sh): metrics, multipath, via, both families.
const RECORDED = [...messagesOf(readFileSync(fixture('routes4.bin'))), ...messagesOf(readFileSync(fixture('routes6.bin')))].filter(
  (m) => m.readUInt16LE(4) === 24,
)

/** Answers each dump with the recorded routes (the first `interruptFirst` dumps marked NLM_F_DUMP_INTR). */
function replayDumps(kernel, { interruptFirst = 0 } = {}) {
  let dumps = 0
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    const body = RECORDED.map((m) => {
      const copy = Buffer.from(m)
      copy.writeUInt32LE(seq, 8)
      return copy
    })
    const interrupted = dumps++ < interruptFirst
    if (interrupted) body[0].writeUInt16LE(body[0].readUInt16LE(6) | NLM_F_DUMP_INTR, 6)
    const done = Buffer.alloc(20)
    done.writeUInt32LE(20, 0)
    done.writeUInt16LE(3, 4)
    done.writeUInt16LE(NLM_F_MULTI | (interrupted ? NLM_F_DUMP_INTR : 0), 6)
    done.writeUInt32LE(seq, 8)
    // Several datagrams, as the kernel sends a dump: the table keeps each one it has routes of.
    const half = Math.ceil(body.length / 2)
    return [Buffer.concat(body.slice(0, half)), Buffer.concat([...body.slice(half), done])]
  }
  return () => dumps
}

function messagesOf(datagram) {
  const out = []
  for (let at = 0; at + 16 <= datagram.length; at += (datagram.readUInt32LE(at) + 3) & ~3) {
    out.push(Buffer.from(datagram.subarray(at, at + ((datagram.readUInt32LE(at) + 3) & ~3))))
  }
  return out
}

async function fake() {
  const kernel = new FakeKernel()
  const ipr = await IPRoute.open({}, kernel.opener)
  return { kernel, ipr }
}

test('a table gives the routes getRoutes gives: at(), iteration, toArray() and JSON', async (t) => {
  const { kernel, ipr } = await fake()
  replayDumps(kernel)
  const routes = await ipr.getRoutes()
  const table = await ipr.getRouteTable()
  t.true(table instanceof RouteTable)
  t.true(routes.length > 10, 'the recordings hold routes of both families')
  t.is(table.length, routes.length)
  t.deepEqual(table.toArray(), routes)
  t.deepEqual([...table], routes)
  t.deepEqual(
    routes.map((_, i) => table.at(i)),
    routes,
  )
  t.deepEqual(table.at(-1), routes.at(-1))
  t.deepEqual(table.at(-routes.length), routes[0])
  t.deepEqual(table.at(1.9), routes[1], 'a fraction is truncated, as Array.prototype.at does')
  t.is(table.at(routes.length), undefined)
  t.is(table.at(-routes.length - 1), undefined)
  t.deepEqual(table.at(Number.NaN), routes.at(Number.NaN), 'NaN is 0, as for arrays')
  t.is(table.at(Infinity), undefined)
  t.is(JSON.stringify(table), JSON.stringify(routes))
  t.not(table.at(0), table.at(0), 'each read makes a new object')
  await ipr.close()
})

test('a table filters as getRoutes does, in the kernel, natively and in JavaScript (match)', async (t) => {
  const { kernel, ipr } = await fake()
  replayDumps(kernel)
  for (const filter of [{ family: 4 }, { family: 6 }, { table: 'main' }, { type: 'local' }, { match: (r) => r.dst.includes(':') && r.dstLen === 64 }]) {
    const routes = await ipr.getRoutes(filter)
    const table = await ipr.getRouteTable(filter)
    t.deepEqual(table.toArray(), routes, JSON.stringify(filter))
  }
  await ipr.close()
})

test('an interrupted dump is retried from scratch; when retries run out the error has no results', async (t) => {
  const { kernel, ipr } = await fake()
  replayDumps(kernel)
  const expected = await ipr.getRoutes()
  const dumps = replayDumps(kernel, { interruptFirst: 1 })
  const table = await ipr.getRouteTable({}, { retryInterrupted: 1 })
  t.is(dumps(), 2)
  t.deepEqual(table.toArray(), expected, 'nothing of the interrupted attempt is kept')
  replayDumps(kernel, { interruptFirst: 2 })
  const error = await t.throwsAsync(ipr.getRouteTable({}, { retryInterrupted: 1 }), { instanceOf: DumpInterruptedError })
  t.is(error.results, null)
  t.is(error.attempts, 2)
  t.true(error.received > 0)
  await ipr.close()
})

test('bad filters and options are refused before anything is sent', async (t) => {
  const { kernel, ipr } = await fake()
  let sent = 0
  kernel.respond = () => {
    sent++
    return []
  }
  await t.throwsAsync(ipr.getRouteTable({ bogus: 1 }), { instanceOf: TypeError, message: /getRouteTable filter/ })
  await t.throwsAsync(ipr.getRouteTable({ match: 1 }), { instanceOf: TypeError, message: /match/ })
  await t.throwsAsync(ipr.getRouteTable({}, { retryInterrupted: -1 }), { instanceOf: RangeError, message: /retryInterrupted/ })
  t.is(sent, 0)
  await ipr.close()
})

nsTest(test, 'kernel: a table of thousands of routes in two tables equals getRoutes, filtered or not', async (t) => {
  const ns = makeNetns(t, 'nlr-tbl')
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'link', 'set', 'v1', 'up')
  ip(ns, 'addr', 'add', '10.255.0.1/16', 'dev', 'v0')
  await waitForCarrier(ns, ['v0', 'v1'])
  const lines = []
  for (let i = 0; i < 3000; i++) lines.push(`route add 10.${i >> 8}.${i & 255}.0/24 via 10.255.0.2 dev v0 table ${i % 2 === 0 ? 'main' : '100'}`)
  for (let i = 0; i < 200; i++) lines.push(`route add 2001:db8:${i.toString(16)}::/48 dev v0 metric ${i + 1}`)
  ipBatch(ns, lines)
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  for (const filter of [{}, { table: 100 }, { family: 6 }, { family: 4, within: '10.1.0.0/16' }]) {
    const table = await ipr.getRouteTable(filter)
    const routes = await ipr.getRoutes(filter)
    t.true(table.length > 0, JSON.stringify(filter))
    t.deepEqual(table.toArray(), routes, JSON.stringify(filter))
  }
  const all = await ipr.getRouteTable()
  t.true(all.length >= 3200)
  t.is([...all].filter((r) => r.table === 100).length, 1500)
})
