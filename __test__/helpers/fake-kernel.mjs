// A stand-in for the native socket, in the spirit of mdlayher/netlink's nltest: the test plays the
// kernel. It records what the engine sends and hands datagrams back one delivery per demand(),
// asynchronously, as the napi threadsafe function does.
import { readFileSync } from 'node:fs'
import { attr, nlmsg } from './bytes.mjs'

export const NLMSG_ERROR = 2
export const NLMSG_DONE = 3
export const NLM_F_MULTI = 2
export const NLM_F_DUMP_INTR = 0x10

export { attr, nlmsg } from './bytes.mjs'

export function done(seq, { errno = 0, flags = NLM_F_MULTI, tlvs = Buffer.alloc(0) } = {}) {
  const payload = Buffer.alloc(4)
  payload.writeInt32LE(-errno, 0)
  return nlmsg({ type: NLMSG_DONE, flags, seq, payload: Buffer.concat([payload, tlvs]) })
}

/** NLMSG_ERROR answering `request` (the frame the engine sent); errno 0 is an ack. */
export function errorFor(request, errno, { message, offset } = {}) {
  const head = Buffer.alloc(4)
  head.writeInt32LE(-errno, 0)
  const original = request.subarray(0, 16) // capped: header only
  const tlvs = []
  if (message !== undefined) tlvs.push(attr(1, Buffer.from(message + '\0')))
  if (offset !== undefined) {
    const v = Buffer.alloc(4)
    v.writeUInt32LE(offset)
    tlvs.push(attr(2, v))
  }
  const flags = 0x100 | (tlvs.length ? 0x200 : 0)
  return nlmsg({ type: NLMSG_ERROR, flags, seq: request.readUInt32LE(8), payload: Buffer.concat([head, original, ...tlvs]) })
}

export function seqOf(frame) {
  return frame.readUInt32LE(8)
}

/** Reads a recording: u32 LE length + datagram, repeated. */
export function readRecording(path) {
  const data = readFileSync(path)
  const datagrams = []
  for (let at = 0; at < data.length; ) {
    const n = data.readUInt32LE(at)
    datagrams.push(Buffer.from(data.subarray(at + 4, at + 4 + n)))
    at += 4 + n
  }
  return datagrams
}

/** Rewrites the sequence number of every message in a datagram (recordings carry the recorder's). */
export function withSeq(datagram, seq) {
  const out = Buffer.from(datagram)
  for (let at = 0; at + 16 <= out.length; ) {
    const len = out.readUInt32LE(at)
    out.writeUInt32LE(seq, at + 8)
    if (len < 16) break
    at += (len + 3) & ~3
  }
  return out
}

export class FakeKernel {
  /** Each request message the engine sent, as its own frame. */
  sent = []
  datagramsSent = 0
  /** Answers already queued are handed to readWaiting() (the direct-mode fast path). */
  readsAtOnce = false
  demands = 0
  referenced = false
  closed = false
  nativeParsers = new Map()
  memberships = []
  /** Called with each sent frame; return datagrams (or [datagram, group] pairs) to queue as the answer. */
  respond = null
  #queue = []
  #onBatch = null

  opener = (options, onBatch) => {
    this.options = options
    this.#onBatch = onBatch
    return this.handle
  }

  handle = {
    portId: 4242,
    protocol: 0,
    receiveBufferSize: 2 * 1024 * 1024,
    send: (datagram) => {
      if (this.closed) throw new Error('EBADF: closed')
      this.datagramsSent++
      // Requests made in one tick arrive as one datagram; the kernel answers each message in turn.
      for (let at = 0; at + 16 <= datagram.length; ) {
        const length = datagram.readUInt32LE(at)
        const frame = Buffer.from(datagram.subarray(at, at + length))
        this.sent.push(frame)
        const answer = this.respond?.(frame)
        if (answer) for (const item of answer) Array.isArray(item) ? this.deliver(item[0], item[1]) : this.deliver(item)
        at += (length + 3) & ~3
      }
    },
    sendInBackground: (datagram) => {
      // As the sender thread does: a failure becomes an NLMSG_ERROR for each message.
      try {
        this.handle.send(datagram)
      } catch (error) {
        const errno = error.errno ?? 105
        const errors = []
        for (let at = 0; at + 16 <= datagram.length; ) {
          const length = datagram.readUInt32LE(at)
          errors.push(errorFor(datagram.subarray(at, at + length), errno))
          at += (length + 3) & ~3
        }
        this.deliver(Buffer.concat(errors))
      }
    },
    // Like the binding in direct mode: with no demand outstanding, what waits is read at once.
    // Off unless `readsAtOnce` is set, so other tests see every answer through deliveries.
    readWaiting: () => {
      if (!this.readsAtOnce || this.demands > 0 || this.#queue.length === 0) return null
      // At most DIRECT_BATCH (16) datagrams, as the binding reads: the rest waits for deliveries.
      const items = this.#queue.splice(0, 16).filter(([datagram]) => datagram !== null)
      return { datagrams: items.map(([d]) => d), groups: items.map(([, g]) => g), error: null }
    },
    demand: () => {
      this.demands++
      this.#flush()
    },
    addMembership: (g) => this.memberships.push(g),
    dropMembership: (g) => (this.memberships = this.memberships.filter((x) => x !== g)),
    setNativeParser: (seq, spec) => this.nativeParsers.set(seq, spec),
    clearNativeParser: (seq) => this.nativeParsers.delete(seq),
    ref: () => (this.referenced = true),
    unref: () => (this.referenced = false),
    stats: () => ({ datagrams: 0, bytes: 0, overflows: 0, messagesDroppedByNativeParsers: 0, queued: this.#queue.length }),
    close: () => (this.closed = true),
  }

  /** Queues a datagram (group 0 = unicast; -1 = overflow marker). */
  deliver(datagram, group = 0) {
    this.#queue.push([datagram, group])
    this.#flush()
  }

  /** Delivers an error that ends the receive side. */
  fail(errno, code) {
    this.#queue.push([null, 0, { errno, code, message: `${code} from the fake` }])
    this.#flush()
  }

  get queued() {
    return this.#queue.length
  }

  #flush() {
    while (this.demands > 0 && this.#queue.length > 0 && !this.closed) {
      this.demands--
      const [datagram, group, error] = this.#queue.shift()
      const batch = error ? { datagrams: [], groups: [], error } : { datagrams: [datagram], groups: [group], error: null }
      setImmediate(() => {
        if (!this.closed) this.#onBatch(batch)
      })
    }
  }
}

/** Waits until `predicate()` holds (polling the event loop), failing after `ms`. */
export async function until(predicate, ms = 2000) {
  const end = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((r) => setImmediate(r))
  }
}
