/**
 * The send side's order and limits, without the I/O: requests made in one tick are coalesced into
 * one datagram; at most `maxInFlight` non-dump requests are out at a time and the rest wait in
 * order; dumps go one at a time per socket (as the kernel allows), each alone in its datagram;
 * a batch goes out whole, alone in one datagram, whatever the window or MAX_COALESCED_BYTES would
 * say (counting as its size in the window); a change made behind a full window waits unbuilt
 * (UnbuiltRequest), built by the host when its turn comes; and from an overflow to its recovery
 * nothing new goes out (the congestion hold). Putting bytes on
 * the wire, native parsers and clocks are the host's (the engine's).
 */
import { MAX_IN_FLIGHT } from '../constants'
import type { PendingRequest } from '../request'
import { UnbuiltRequest } from './unbuilt'

export { UnbuiltRequest, unbuiltPromise } from './unbuilt'

/** Most bytes of requests coalesced into one datagram (well under the default send buffer). */
const MAX_COALESCED_BYTES = 64 * 1024
/** The in-flight window when not given: one request per ANSWER_ROOM bytes of receive buffer, within these bounds. */
const ANSWER_ROOM = 8192
const MIN_IN_FLIGHT = 8

/** The in-flight window: `maxInFlight` when given (a positive integer), else one fitting a receive buffer of this size. */
export function inFlightWindow(maxInFlight: number | undefined, receiveBufferSize: number): number {
  // Unanswered requests must have room for their answers in the receive buffer; an ack takes
  // under 1 KiB of it, a link answer several: allow one request per ANSWER_ROOM bytes.
  const window = maxInFlight ?? Math.min(MAX_IN_FLIGHT, Math.max(MIN_IN_FLIGHT, Math.floor(receiveBufferSize / ANSWER_ROOM)))
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`options.maxInFlight must be a positive integer, got ${String(window)}`)
  return window
}

/** What the outbox acts through. */
export interface OutboxHost {
  /** An unbuilt change's turn has come: its request (queued, its promise settled by it), or null when none could be made (the promise was settled). */
  build(unbuilt: UnbuiltRequest): PendingRequest<unknown> | null
  /** The request is about to go out: prepare it (native parser, clock); false, having ended and retired it, when it cannot go. */
  start(request: PendingRequest<unknown>): boolean
  /** Puts these requests on the wire, as one datagram, in this order. */
  transmit(batch: PendingRequest<unknown>[]): void
  /** Forgets a request abandoned before it went out. */
  retire(request: PendingRequest<unknown>): void
  /** A flush happened: answers may be on their way. */
  flushed(): void
}

/** The requests of one batch, in order (see {@link Outbox.submitBatch}). */
export type Batch = PendingRequest<unknown>[]

export class Outbox {
  readonly #host: OutboxHost
  readonly #maxInFlight: number
  readonly #dumpQueue: PendingRequest<unknown>[] = []
  /**
   * Non-dump requests beyond the in-flight window, in order. The kernel handles a whole datagram
   * of requests inside sendmsg and queues every answer at once: more answers than the receive
   * buffer holds are dropped (ENOBUFS) and their callers would wait for nothing. So at most
   * `maxInFlight` requests are out at a time; the rest wait here.
   */
  #waiting: (PendingRequest<unknown> | Batch | UnbuiltRequest)[] = []
  /** UnbuiltRequests in #waiting. */
  #unbuilt = 0
  #waitingHead = 0
  #inFlight = 0
  #activeDump: PendingRequest<unknown> | null = null
  /**
   * From an overflow to its recovery: the kernel's socket is congested and drops any answer that
   * does not fit without telling anyone, so nothing new is sent (see the engine's #overflowed);
   * requests made meanwhile wait in #waiting / #dumpQueue.
   */
  #congested = false
  /** The socket closed or its receive side failed: nothing is sent any more. */
  #stopped = false
  /** Requests made in this tick, sent together at the next microtask (see #flush). */
  #outgoing: PendingRequest<unknown>[] = []
  #outgoingBytes = 0
  #flushScheduled = false
  /** #sendWaiting is running (see there). */
  #sendingWaiting = false

  constructor(host: OutboxHost, maxInFlight: number) {
    this.#host = host
    this.#maxInFlight = maxInFlight
  }

  /** The dump sent and not yet retired. */
  get activeDump(): PendingRequest<unknown> | null {
    return this.#activeDump
  }

  /** Non-dump requests sent and not yet retired. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** Whether the congestion hold is on. */
  get congested(): boolean {
    return this.#congested
  }

  /** Changes waiting unbuilt (see {@link defer}). */
  get unbuilt(): number {
    return this.#unbuilt
  }

  /**
   * Whether a non-dump request made now would wait behind the window (not for the congestion
   * hold, under which requests are built at once so that their timeouts run).
   */
  get wouldQueue(): boolean {
    return !this.#congested && !this.#stopped && (this.#inFlight >= this.#maxInFlight || this.#waitingHead < this.#waiting.length)
  }

  /** A change that waits its turn unbuilt; only when {@link wouldQueue}. */
  defer(unbuilt: UnbuiltRequest): void {
    this.#waiting.push(unbuilt)
    this.#unbuilt++
  }

  /** Whether requests wait for this tick's flush. */
  get hasUnflushed(): boolean {
    return this.#outgoing.length > 0
  }

  /** Requests in flight that have gone out: {@link inFlight} without those waiting for this tick's flush. */
  get onTheWire(): number {
    return this.#inFlight - this.#outgoing.length
  }

  /** The requests waiting for this tick's flush (null when none): not sent yet. */
  unflushed(): ReadonlySet<PendingRequest<unknown>> | null {
    return this.#outgoing.length === 0 ? null : new Set(this.#outgoing)
  }

  /**
   * A new request: goes out now (coalesced into this tick's datagram) or waits its turn behind the
   * window, the active dump or the congestion hold. True when the hold keeps it (its timeout runs
   * from now).
   */
  submit(request: PendingRequest<unknown>): boolean {
    if (this.#congested || (request.isDump ? this.#activeDump !== null : this.#inFlight >= this.#maxInFlight || this.#waitingHead < this.#waiting.length)) {
      ;(request.isDump ? this.#dumpQueue : this.#waiting).push(request)
      return this.#congested
    }
    this.#send(request)
    return false
  }

  /**
   * A batch: its requests go out together, in this order, as one datagram of their own, now or when
   * the window has room for all of them (any size goes when nothing else is in flight: a batch is
   * never split). True when the hold keeps it.
   */
  submitBatch(batch: Batch): boolean {
    if (this.#congested || !this.#admits(batch.length) || this.#waitingHead < this.#waiting.length) {
      this.#waiting.push(batch)
      return this.#congested
    }
    this.#sendBatch(batch)
    return false
  }

  /** A queued request was abandoned before it went out. (A waiting non-dump is skipped when its turn comes.) */
  withdraw(request: PendingRequest<unknown>): void {
    const index = request.isDump ? this.#dumpQueue.indexOf(request) : -1
    if (index >= 0) this.#dumpQueue.splice(index, 1)
  }

  /** A request was retired (`wasSent`: it had gone out): its place goes to the next one. */
  released(request: PendingRequest<unknown>, wasSent: boolean): void {
    if (this.#activeDump === request) {
      this.#activeDump = null
      const next = this.#stopped || this.#congested ? undefined : this.#dumpQueue.shift()
      if (next !== undefined) this.#send(next)
    } else if (wasSent && !request.isDump) {
      this.#inFlight--
      this.#sendWaiting()
    }
  }

  /**
   * An overflow: hold everything not sent yet, the requests of this tick included, until
   * {@link release}. The changes waiting unbuilt are built now, in their places, so that their
   * timeouts run while held, as every held request's does; returns them.
   */
  hold(): PendingRequest<unknown>[] {
    this.#congested = true
    const built: PendingRequest<unknown>[] = []
    if (this.#unbuilt === 0) return built
    const waiting: (PendingRequest<unknown> | Batch)[] = []
    for (let i = this.#waitingHead; i < this.#waiting.length; i++) {
      const next = this.#waiting[i]!
      if (!(next instanceof UnbuiltRequest)) waiting.push(next)
      else {
        const request = this.#host.build(next)
        if (request === null) continue
        waiting.push(request)
        built.push(request)
      }
    }
    this.#waiting = waiting
    this.#waitingHead = 0
    this.#unbuilt = 0
    return built
  }

  /** The kernel's queue was found empty after an overflow: send what was held meanwhile. */
  release(): void {
    if (!this.#congested) return
    this.#congested = false
    this.#flush()
    this.#sendWaiting()
    // After the requests held with it (a dump is sent alone, after everything made before it).
    if (this.#activeDump === null) {
      const next = this.#dumpQueue.shift()
      if (next !== undefined) this.#send(next)
    }
  }

  /**
   * Nothing is sent any more; the queues are emptied (their requests are the host's to end, and so
   * are the changes waiting unbuilt, returned).
   */
  stop(): UnbuiltRequest[] {
    this.#stopped = true
    this.#dumpQueue.length = 0
    const unbuilt: UnbuiltRequest[] = []
    if (this.#unbuilt > 0) {
      for (let i = this.#waitingHead; i < this.#waiting.length; i++) {
        const next = this.#waiting[i]
        if (next instanceof UnbuiltRequest) unbuilt.push(next)
      }
    }
    this.#waiting = []
    this.#waitingHead = 0
    this.#unbuilt = 0
    return unbuilt
  }

  #send(request: PendingRequest<unknown>): void {
    if (!this.#host.start(request)) return
    request.state = 'active'
    if (request.isDump) {
      // Alone, after everything sent before it, so the kernel never sees two dumps in one datagram.
      this.#activeDump = request
      this.#flush()
      this.#host.transmit([request])
      return
    }
    this.#inFlight++
    this.#outgoing.push(request)
    this.#outgoingBytes += request.frame.length
    if (this.#outgoingBytes >= MAX_COALESCED_BYTES) this.#flush()
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true
      queueMicrotask(this.#flush)
    }
  }

  /** Whether `size` more requests fit the in-flight window now (any number when none is out). */
  #admits(size: number): boolean {
    return this.#inFlight === 0 || this.#inFlight + size <= this.#maxInFlight
  }

  #sendBatch(batch: Batch): void {
    const started = batch.filter((request) => this.#host.start(request))
    for (const request of started) request.state = 'active'
    this.#inFlight += started.length
    // After everything made before it, never coalesced with anything else.
    this.#flush()
    if (started.length > 0) this.#host.transmit(started)
    this.#host.flushed()
  }

  /** Sends the requests made since the last flush as one datagram; the kernel handles each message in turn. */
  #flush = (): void => {
    this.#flushScheduled = false
    // Congested (an overflow came between the request and its flush): held until release().
    if (this.#outgoing.length === 0 || this.#congested) return
    const batch = this.#outgoing
    this.#outgoing = []
    this.#outgoingBytes = 0
    const live = batch.filter((request) => {
      if (request.state === 'active') return true
      // Abandoned before it went out (aborted in the same tick): nothing to send or drain.
      this.#host.retire(request)
      return false
    })
    if (live.length > 0) this.#host.transmit(live)
    this.#host.flushed()
  }

  /** Sends waiting requests while the in-flight window has room. */
  #sendWaiting(): void {
    // A batch is transmitted at once, and its answers may be read at once (the engine reads right
    // after an inline send): their retirement calls back here, and the loop already running goes on.
    if (this.#stopped || this.#congested || this.#sendingWaiting) return
    this.#sendingWaiting = true
    try {
      this.#sendWaitingNow()
    } finally {
      this.#sendingWaiting = false
    }
  }

  #sendWaitingNow(): void {
    const waiting = this.#waiting
    while (!this.#stopped && !this.#congested && this.#waitingHead < waiting.length) {
      const next = waiting[this.#waitingHead]!
      if (next instanceof UnbuiltRequest) {
        if (!this.#admits(1)) break
        waiting[this.#waitingHead++] = undefined as unknown as PendingRequest<unknown>
        this.#unbuilt--
        const request = this.#host.build(next)
        if (request !== null) this.#send(request)
        continue
      }
      // Members abandoned while they waited are left out (a whole batch is abandoned at once).
      const live = Array.isArray(next) ? next.filter((request) => request.state === 'queued') : next.state === 'queued' ? next : null
      if (live !== null && !this.#admits(Array.isArray(live) ? live.length : 1)) break
      waiting[this.#waitingHead++] = undefined as unknown as PendingRequest<unknown>
      if (live === null) continue
      if (!Array.isArray(live)) this.#send(live)
      else if (live.length > 0) this.#sendBatch(live)
    }
    if (this.#waitingHead === waiting.length) {
      this.#waiting = []
      this.#waitingHead = 0
    }
  }
}
