// Fuzz property of the request engine, driven through the fake kernel (./fake-kernel.mjs).
//
// A scenario is a set of requests (dumps, acks, single-message gets, requests nobody answers),
// each with a planned answer and a way of consuming it (collect, stream, leave the loop early),
// plus broadcasts (multicast, kernel-raised with sequence number 0, multicast echoing a pending
// request's number, malformed), ENOBUFS overflow markers, malformed datagrams inside an answer,
// answers split across datagrams and datagrams merging several answers. A list of choices drives
// the order of deliveries, so fast-check shrinks the interleaving too.
//
// Properties: every request settles, with exactly its planned outcome (its own messages in order,
// or the nlroute error class its answer calls for), never hangs (a bounded run); no message is
// delivered twice or to anyone else; events() gets the broadcasts, overflow markers and broken
// messages in delivery order and nothing else.
import { createRequire } from 'node:module'
import fc from 'fast-check'
import { FakeKernel, nlmsg, done, errorFor, seqOf, NLM_F_MULTI, NLM_F_DUMP_INTR } from './fake-kernel.mjs'

const require = createRequire(import.meta.url)
const nlroute = require('../../dist/index.js')
const { NetlinkSocket, NetlinkError, NetlinkTimeoutError, NetlinkOverflowError, DumpInterruptedError, ParseError, isOverflow } = nlroute

/** Every error class nlroute exports (NetlinkError, ParseError, NetlinkTimeoutError, ...). */
const NLROUTE_ERRORS = Object.values(nlroute).filter((v) => typeof v === 'function' && v.prototype instanceof Error)
const RTM_NEWLINK = 16
const RTM_GETLINK = 18
const DUMP = 0x300
const ACK = 0x4
const BROADCAST_GROUP = 1
const OVERFLOW_GROUP = -1
/** After an overflow, a read found the queue empty: the engine sends again (see native.ts). */
const RECOVERED_GROUP = -2
/** Requests nobody answers time out after this; answered ones have far more than a scenario takes. */
const SILENT_TIMEOUT_MS = 40
const ANSWERED_TIMEOUT_MS = 10_000
/** A scenario that has not settled by then is a hang. */
const SCENARIO_DEADLINE_MS = 8_000
const MAX_STEPS = 5_000

const requestArbitrary = fc.record({
  kind: fc.constantFrom('dump', 'dump', 'ack', 'get', 'silent'),
  /** Data messages of a dump. */
  count: fc.nat(6),
  /** How a dump ends: DONE, DONE with an errno, NLMSG_ERROR, DONE with NLM_F_DUMP_INTR. */
  end: fc.constantFrom('done', 'done', 'doneErrno', 'error', 'interrupted'),
  errno: fc.constantFrom(0, 0, 1, 2, 17, 22, 95),
  consume: fc.constantFrom('collect', 'stream', 'leave'),
  /** 'leave': the loop is left after this many messages plus one. */
  leaveAfter: fc.nat(4),
  /** Datagram boundaries between the answer's messages (true: a new datagram starts). */
  splits: fc.array(fc.boolean(), { maxLength: 8 }),
  /** A malformed datagram (bad nlmsg_len) of this request's, before the end of its answer. */
  malformed: fc.option(fc.record({ at: fc.nat(8), length: fc.constantFrom(0, 8, 15, 0xffff) }), { nil: null }),
  issueAt: fc.nat(12),
})

const broadcastArbitrary = fc.record({
  kind: fc.constantFrom('multicast', 'seq0', 'echo', 'overflow', 'malformed'),
  at: fc.nat(24),
})

export const engineScenarioArbitrary = fc.record({
  requests: fc.array(requestArbitrary, { minLength: 1, maxLength: 8 }),
  broadcasts: fc.array(broadcastArbitrary, { maxLength: 8 }),
  /** Which ready datagram goes next, whether to merge it with the next one: the interleaving. */
  choices: fc.array(fc.nat(), { maxLength: 64 }),
  readsAtOnce: fc.boolean(),
})

/** A request's answer as datagrams (lists of messages), or the malformed datagram. */
function answerOf(plan, id, seq, nextMessageId, sentFrame) {
  const messages = []
  const ids = []
  const data = (flags) => {
    const mid = nextMessageId()
    ids.push(mid)
    const payload = Buffer.alloc(8)
    payload.writeUInt32LE(mid, 0)
    payload.writeUInt32LE(id, 4)
    return nlmsg({ type: RTM_NEWLINK, flags, seq, payload })
  }
  if (plan.kind === 'dump') {
    const intr = plan.end === 'interrupted' ? NLM_F_DUMP_INTR : 0
    for (let i = 0; i < plan.count; i++) messages.push(data(NLM_F_MULTI | intr))
    if (plan.end === 'error') messages.push(errorFor(sentFrame, 1 + (plan.errno || 4)))
    else if (plan.end === 'doneErrno') messages.push(done(seq, { errno: 1 + (plan.errno || 4) }))
    else messages.push(done(seq, { flags: NLM_F_MULTI | intr }))
  } else if (plan.kind === 'ack') {
    messages.push(errorFor(sentFrame, plan.errno))
  } else if (plan.kind === 'get') {
    messages.push(data(0))
  }
  const datagrams = []
  messages.forEach((m, i) => {
    if (i === 0 || plan.splits[i % Math.max(1, plan.splits.length)]) datagrams.push([m])
    else datagrams.at(-1).push(m)
  })
  const chunks = datagrams.map((list) => ({ bytes: Buffer.concat(list), group: 0, mergeable: true }))
  if (plan.malformed !== null) {
    const bad = Buffer.alloc(16)
    bad.writeUInt32LE(plan.malformed.length, 0)
    bad.writeUInt16LE(RTM_NEWLINK, 4)
    bad.writeUInt32LE(seq, 8)
    // Before the end of the answer, or the request would be over and the datagram a broadcast.
    const at = chunks.length === 0 ? 0 : plan.malformed.at % chunks.length
    chunks.splice(at, 0, { bytes: bad, group: 0, mergeable: false })
  }
  return { chunks, ids }
}

/** What a request must end with, from its plan. */
function expectedOutcome(plan, ids) {
  if (plan.malformed !== null) return { error: ParseError, messages: ids, prefix: true }
  if (plan.kind === 'silent') return { error: NetlinkTimeoutError, messages: [], prefix: false }
  if (plan.kind === 'ack') return { error: plan.errno === 0 ? null : NetlinkError, errno: plan.errno || null, messages: [] }
  if (plan.kind === 'get') return { error: null, messages: ids }
  const left = plan.consume === 'leave' && plan.leaveAfter + 1 <= ids.length
  if (left) return { error: null, messages: ids.slice(0, plan.leaveAfter + 1) }
  if (plan.end === 'error' || plan.end === 'doneErrno')
    return { error: NetlinkError, errno: 1 + (plan.errno || 4), messages: plan.consume === 'collect' ? null : ids }
  if (plan.end === 'interrupted') return { error: DumpInterruptedError, messages: ids }
  return { error: null, messages: ids }
}

function payloadIds(message) {
  return { mid: message.payload.readUInt32LE(0), owner: message.payload.readUInt32LE(4) }
}

/** Runs one scenario; throws with a description when a property does not hold. */
export async function runEngineScenario(scenario) {
  const kernel = new FakeKernel()
  kernel.readsAtOnce = scenario.readsAtOnce
  const socket = await NetlinkSocket.open({ timeout: ANSWERED_TIMEOUT_MS }, kernel.opener)
  let messageCounter = 0
  const nextMessageId = () => ++messageCounter
  const plans = scenario.requests.map((plan) =>
    // Leaving early and a malformed datagram race (which comes first depends on timing): not combined.
    plan.malformed !== null && plan.consume === 'leave' ? { ...plan, consume: 'stream' } : plan,
  )
  const answers = plans.map(() => null)
  const seqs = plans.map(() => null)
  const ready = [] // [{ request, chunks }]
  kernel.respond = (frame) => {
    const id = frame.readUInt32LE(16)
    seqs[id] = seqOf(frame)
    answers[id] = answerOf(plans[id], id, seqs[id], nextMessageId, frame)
    if (answers[id].chunks.length > 0) ready.push({ request: id, chunks: [...answers[id].chunks] })
    return null
  }

  const events = []
  const eventsDone = (async () => {
    for await (const event of socket.events()) events.push(event)
  })()

  const outcomes = plans.map(() => null)
  // ENOBUFS ends every sent request other than a dump (its answer may be lost): a request is
  // exposed to an overflow marker delivered while its answer was not complete, or still unread
  // by the engine when the request went out.
  const exposed = plans.map(() => false)
  const answered = plans.map(() => false)
  const issued = plans.map(() => false)
  let overflowsDelivered = 0
  const settled = []
  const issue = (id) => {
    const plan = plans[id]
    issued[id] = true
    if (plan.kind !== 'dump' && socket.stats().overflows < overflowsDelivered) exposed[id] = true
    const payload = Buffer.alloc(4)
    payload.writeUInt32LE(id, 0)
    const options = {
      type: plan.kind === 'ack' ? RTM_NEWLINK : RTM_GETLINK,
      flags: plan.kind === 'dump' ? DUMP : plan.kind === 'get' ? 0 : ACK,
      // A silent request's malformed datagram must come before its timeout: the answered timeout.
      timeout: plan.kind === 'silent' && plan.malformed === null ? SILENT_TIMEOUT_MS : ANSWERED_TIMEOUT_MS,
    }
    const got = []
    const run = async () => {
      if (plan.consume === 'collect') {
        got.push(...(await socket.requestAll(payload, options)))
        return
      }
      for await (const message of socket.request(payload, options)) {
        got.push(message)
        if (plan.consume === 'leave' && got.length === plan.leaveAfter + 1) break
      }
    }
    settled.push(
      run().then(
        () => (outcomes[id] = { error: null, got }),
        (error) => (outcomes[id] = { error, got }),
      ),
    )
  }

  // The kernel's side: issue requests at their step, deliver ready datagrams in the chosen order.
  let choice = 0
  const choose = (n) => (n <= 1 ? 0 : (scenario.choices[choice++ % Math.max(1, scenario.choices.length)] ?? 0) % n)
  const broadcasts = [...scenario.broadcasts].sort((a, b) => a.at - b.at)
  const expectedEvents = []
  let deliveredBytes = 0
  const deliver = (bytes, group) => {
    deliveredBytes += bytes.length
    kernel.deliver(bytes, group)
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve))
  const deadline = Date.now() + SCENARIO_DEADLINE_MS
  const pause = () => new Promise((resolve) => setTimeout(resolve, 2))
  // The receive side reports the end of a congestion some time after the overflow, as the real one
  // does once a read finds the socket empty; until then the engine sends nothing new.
  let recoveryDue = false
  for (let step = 0; step < MAX_STEPS && Date.now() < deadline; step++) {
    plans.forEach((plan, id) => plan.issueAt === step && issue(id))
    if (recoveryDue && (ready.length === 0 || choose(3) === 0)) {
      recoveryDue = false
      deliver(Buffer.alloc(0), RECOVERED_GROUP)
      await tick()
      continue
    }
    const dueBroadcasts = broadcasts.length > 0 && broadcasts[0].at <= step
    if (ready.length === 0 && !dueBroadcasts) {
      const nothingLeft = plans.every((plan) => plan.issueAt <= step) && broadcasts.length === 0
      if (nothingLeft && outcomes.every((o) => o !== null)) break
      // Only silent requests (and dumps queued behind others) are left: let time pass.
      await (nothingLeft ? pause() : tick())
      continue
    }
    if (dueBroadcasts && (ready.length === 0 || choose(3) === 0)) {
      const b = broadcasts.shift()
      const mid = nextMessageId()
      const payload = Buffer.alloc(8)
      payload.writeUInt32LE(mid, 0)
      payload.writeUInt32LE(0xffffffff, 4)
      const pendingSeqs = seqs.filter((s, id) => s !== null && outcomes[id] === null)
      if (b.kind === 'overflow') {
        overflowsDelivered++
        plans.forEach((plan, id) => plan.kind !== 'dump' && issued[id] && !answered[id] && (exposed[id] = true))
        expectedEvents.push('overflow')
        deliver(Buffer.alloc(0), OVERFLOW_GROUP)
        recoveryDue = true
      } else if (b.kind === 'malformed') {
        const bad = Buffer.alloc(20)
        bad.writeUInt32LE(4, 0)
        expectedEvents.push('broken')
        deliver(bad, BROADCAST_GROUP)
      } else {
        const seq = b.kind === 'seq0' ? 0 : b.kind === 'echo' && pendingSeqs.length > 0 ? pendingSeqs[choose(pendingSeqs.length)] : 0
        expectedEvents.push(mid)
        deliver(nlmsg({ type: RTM_NEWLINK, seq, payload }), b.kind === 'seq0' ? 0 : BROADCAST_GROUP)
      }
    } else {
      const index = choose(ready.length)
      const entry = ready[index]
      let { bytes, mergeable } = entry.chunks.shift()
      if (entry.chunks.length === 0) {
        ready.splice(index, 1)
        answered[entry.request] = true
      }
      // Merged: the next datagram of another answer rides along in the same datagram.
      const other = ready.findIndex((r) => r !== entry && r.chunks[0].mergeable)
      if (mergeable && other >= 0 && choose(4) === 0) {
        const extra = ready[other].chunks.shift()
        if (ready[other].chunks.length === 0) {
          answered[ready[other].request] = true
          ready.splice(other, 1)
        }
        bytes = Buffer.concat([bytes, extra.bytes])
      }
      deliver(bytes, 0)
    }
    await tick()
  }

  const timer = new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref?.())
  await Promise.race([Promise.all(settled), timer])
  const stuck = plans.map((_, id) => id).filter((id) => outcomes[id] === null)
  socket.close()
  await eventsDone
  scenario.deliveredBytes = deliveredBytes

  // --- properties -----------------------------------------------------------------------
  if (stuck.length > 0) throw new Error(`requests ${stuck.join(', ')} never settled (${stuck.map((id) => plans[id].kind).join(', ')})`)
  const seen = new Set()
  const once = (mid, where) => {
    if (seen.has(mid)) throw new Error(`message ${mid} delivered twice (again to ${where})`)
    seen.add(mid)
  }
  plans.forEach((plan, id) => {
    const { error, got } = outcomes[id]
    const ids = answers[id]?.ids ?? []
    const expected = expectedOutcome(plan, ids)
    if (error !== null && !NLROUTE_ERRORS.some((cls) => error instanceof cls)) {
      throw new Error(`request ${id} (${plan.kind}) rejected with ${error?.name}: ${error?.message}, not an nlroute error class`)
    }
    if (NetlinkOverflowError !== undefined && error instanceof NetlinkOverflowError && exposed[id]) {
      for (const { mid, owner } of got.map(payloadIds)) {
        if (owner !== id) throw new Error(`request ${id} received message ${mid} of ${owner}`)
        once(mid, `request ${id}`)
      }
      return
    }
    if (expected.error === null ? error !== null : !(error instanceof expected.error)) {
      throw new Error(
        `request ${id} (${plan.kind}, ${plan.end}, ${plan.consume}) ended with ${error ? `${error.name}: ${error.message}` : 'success'}, expected ${expected.error?.name ?? 'success'}`,
      )
    }
    if (expected.errno && error.errno !== expected.errno) throw new Error(`request ${id}: errno ${error.errno}, expected ${expected.errno}`)
    const received = [...got, ...(error instanceof DumpInterruptedError && error.results ? error.results : [])].map(payloadIds)
    for (const { mid, owner } of received) {
      if (owner !== id) throw new Error(`request ${id} received message ${mid} of ${owner === 0xffffffff ? 'a broadcast' : `request ${owner}`}`)
      once(mid, `request ${id}`)
    }
    const mids = received.map((r) => r.mid)
    if (expected.messages !== null) {
      const want = expected.prefix ? expected.messages.slice(0, mids.length) : expected.messages
      if (mids.join() !== want.join())
        throw new Error(
          `request ${id} (${plan.kind}, ${plan.consume}) received [${mids}], expected ${expected.prefix ? 'a prefix of ' : ''}[${expected.messages}]`,
        )
    }
  })
  const actualEvents = events.map((event) => {
    if (isOverflow(event)) return 'overflow'
    if (event.header.error instanceof ParseError) return 'broken'
    const { mid, owner } = payloadIds(event)
    if (owner !== 0xffffffff) throw new Error(`message ${mid} of request ${owner} reached events()`)
    once(mid, 'events()')
    return mid
  })
  // Consecutive overflow markers may collapse into one while the consumer has not taken the first.
  const collapse = (list) => list.filter((e, i) => !(e === 'overflow' && list[i - 1] === 'overflow'))
  if (collapse(actualEvents).join() !== collapse(expectedEvents).join()) {
    throw new Error(`events() got [${actualEvents}], expected [${expectedEvents}]`)
  }
  return true
}

export const ENGINE_PROPERTY = {
  name: 'engine',
  async: true,
  arbitrary: engineScenarioArbitrary,
  check: runEngineScenario,
  size: (scenario) => scenario.deliveredBytes ?? 0,
  describe: (scenario) => JSON.stringify(scenario),
  shortRuns: 300,
  longScale: 0.02,
}
