/**
 * The request engine: turns the native socket's deliveries into answers for requests and a stream
 * of broadcasts.
 *
 * It owns sequence numbers, routing by sender group and sequence number, control messages
 * (NOOP/ERROR/DONE/OVERRUN, handled before any parser), the dump queue (one dump at a time per
 * socket, as the kernel allows), draining abandoned answers, timeouts, callbacks, flow control
 * (how many deliveries to ask the receive thread for) and whether the process is kept alive.
 * It talks to Rust only through `NativeSocketHandle`, so tests drive it with a fake socket.
 */
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_HDRLEN,
  NLMSG_MIN_TYPE,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  NLM_F_DUMP,
  NLM_F_DUMP_INTR,
  NLM_F_MULTI,
  NLM_F_REQUEST,
  NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS,
} from './constants'
import { DumpInterruptedError, NetlinkError, NetlinkOverflowError, NetlinkTimeoutError, ParseError, ReceiveError, SocketClosedError } from './errors'
import { readHeader, type Marshal, type Message } from './marshal'
import { OVERFLOW_MARKER_GROUP, RECOVERED_MARKER_GROUP, type NativeBatch, type NativeSocketHandle } from './native'
import { PendingRequest, type CollectOptions, type RequestHost, type RequestOptions } from './request'
import { BroadcastHub } from './broadcast'

/** Sequence numbers remembered after their request ended, so late answers are recognised and discarded. */
const RETIRED_MEMORY = 4096
const DEFAULT_TIMEOUT_MS = 30_000
const MAX_SEQ = 0xffffffff
/** The timeout sweep runs at most this often and at least this rarely. */
const SWEEP_MIN_MS = 10
const SWEEP_MAX_MS = 250
/** An abandoned answer is forgotten after this long without a message for it (its timeout, within these bounds). */
const DRAIN_IDLE_MIN_MS = 1000
const DRAIN_IDLE_MAX_MS = 60_000
/** The in-flight window when not given: one request per ANSWER_ROOM bytes of receive buffer, within these bounds. */
const ANSWER_ROOM = 8192
const MIN_IN_FLIGHT = 8
const MAX_IN_FLIGHT = 1024
/** With more requests than this in flight, several deliveries are asked for at once, so acks keep flowing. */
const PIPELINE_READ_AHEAD_FROM = 64
const PIPELINE_READ_AHEAD = 4
/** Datagrams with at least this many requests are sent by the sender thread, smaller ones inline. */
const BACKGROUND_SEND_MIN = 8
/** Most bytes of requests coalesced into one datagram (well under the default send buffer). */
const MAX_COALESCED_BYTES = 64 * 1024
/** Deliveries a running dump may have outstanding: the receive thread keeps the kernel busy while JS decodes or collects garbage. */
const DUMP_READ_AHEAD = 4

export interface EngineOptions {
  /** Default per-request timeout in ms (0 or Infinity: none). */
  timeout?: number
  /** Keep the process alive while the socket is open, even when nothing is awaited. */
  keepAlive?: boolean
  /** Most broadcasts kept for events() consumers before an overflow marker replaces the excess. */
  eventQueueLimit?: number
  /** Most non-dump requests sent and unanswered at a time; more wait their turn. */
  maxInFlight?: number
}

type Callback = { predicate: (message: unknown) => boolean; handler: (message: unknown, ...args: unknown[]) => void; args: unknown[] }

export interface EngineStats {
  /** Messages of answers nobody waits for any more: drained after an early exit, or arriving after the end. */
  discardedLate: number
  /** Broadcasts replaced by an overflow marker because a consumer did not keep up (counted once per events() iterator that lost one). */
  droppedBroadcasts: number
  /** Overflow events (ENOBUFS) reported by the receive side. */
  overflows: number
}

/**
 * Engines in use: a request pending, an events() reader waiting, a callback registered, or
 * keepAlive. The native socket delivers to its engine through a WeakRef (see socket.ts), so
 * without this a caller awaiting a socket it no longer references (`await (await
 * IPRoute.open()).getLinks()`) could see the socket collected under it.
 */
const IN_USE = new Set<RequestEngine>()

export class RequestEngine implements RequestHost {
  readonly #native: NativeSocketHandle
  readonly #marshal: Marshal
  readonly #defaultTimeout: number
  readonly #keepAlive: boolean
  readonly #pending = new Map<number, PendingRequest<unknown>>()
  readonly #retired = new Set<number>()
  /** The last RETIRED_MEMORY retired numbers, oldest overwritten first. */
  readonly #retiredRing: (number | undefined)[] = new Array(RETIRED_MEMORY)
  #retiredNext = 0
  readonly #dumpQueue: PendingRequest<unknown>[] = []
  /**
   * Non-dump requests beyond the in-flight window, in order. The kernel handles a whole datagram
   * of requests inside sendmsg and queues every answer at once: more answers than the receive
   * buffer holds are dropped (ENOBUFS) and their callers would wait for nothing. So at most
   * `maxInFlight` requests are out at a time; the rest wait here.
   */
  #waiting: PendingRequest<unknown>[] = []
  #waitingHead = 0
  #inFlight = 0
  readonly #maxInFlight: number
  #activeDump: PendingRequest<unknown> | null = null
  /**
   * From an overflow marker to the next recovered marker: the kernel's socket is congested and
   * drops any answer that does not fit without telling anyone, so nothing new is sent (see
   * #overflowed); requests made meanwhile wait in #waiting / #dumpQueue.
   */
  #congested = false
  readonly #callbacks: Callback[] = []
  readonly broadcasts: BroadcastHub
  #lastSeq: number
  #outstanding = 0
  #sweepTimer: NodeJS.Timeout | null = null
  #sweepEvery = Infinity
  /** Requests made in this tick, sent together at the next microtask (see #flushOutgoing). */
  #outgoing: PendingRequest<unknown>[] = []
  #outgoingBytes = 0
  #flushScheduled = false
  /** Pending requests whose caller is gone (they no longer keep the process alive). */
  #draining = 0
  /** performance.now() at the start of the delivery being processed. */
  #clock = 0
  #referenced = false
  #inUse = false
  #closed = false
  #receiveFailure: Error | null = null
  readonly stats: EngineStats = { discardedLate: 0, droppedBroadcasts: 0, overflows: 0 }
  /** Reports a callback that threw; the flow of messages goes on. */
  onCallbackError: (error: unknown) => void = (error) => {
    process.emitWarning(`nlroute: a registered callback threw: ${(error as Error)?.stack ?? String(error)}`, 'NetlinkCallbackWarning')
  }

  constructor(native: NativeSocketHandle, marshal: Marshal, options: EngineOptions = {}) {
    this.#native = native
    this.#marshal = marshal
    this.#defaultTimeout = normaliseTimeout(options.timeout ?? DEFAULT_TIMEOUT_MS, 'options.timeout')
    this.#keepAlive = options.keepAlive ?? false
    // Unanswered requests must have room for their answers in the receive buffer; an ack takes
    // under 1 KiB of it, a link answer several: allow one request per ANSWER_ROOM bytes.
    const maxInFlight = options.maxInFlight ?? Math.min(MAX_IN_FLIGHT, Math.max(MIN_IN_FLIGHT, Math.floor(native.receiveBufferSize / ANSWER_ROOM)))
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`options.maxInFlight must be a positive integer, got ${String(maxInFlight)}`)
    this.#maxInFlight = maxInFlight
    this.broadcasts = new BroadcastHub(options.eventQueueLimit ?? 65536, this.stats, () => this.#pump())
    // Start somewhere other than 1 so two sockets of one process rarely share numbers in traces.
    this.#lastSeq = 1 + Math.floor(Math.random() * 0x3fffffff)
    this.#updateRef()
  }

  get closed(): boolean {
    return this.#closed
  }

  get pendingCount(): number {
    return this.#pending.size
  }

  /** Sends a request; its answer is the returned async iterator. */
  request<T>(payload: Uint8Array, options: RequestOptions<T>): PendingRequest<T> {
    const { type, flags, timeout, dump } = validateRequest(payload, options)
    const sequenceNumber = this.#allocateSequenceNumber()
    const frame = Buffer.allocUnsafe(NLMSG_HDRLEN + payload.length)
    frame.writeUInt32LE(frame.length, 0)
    frame.writeUInt16LE(type, 4)
    frame.writeUInt16LE(flags | NLM_F_REQUEST, 6)
    frame.writeUInt32LE(sequenceNumber, 8)
    frame.writeUInt32LE(this.#native.portId >>> 0, 12)
    frame.set(payload, NLMSG_HDRLEN)
    const isDump = dump ?? (flags & NLM_F_DUMP) === NLM_F_DUMP
    const request = new PendingRequest<T>(this, sequenceNumber, frame, options, isDump, (flags & NLM_F_ACK) !== 0, timeout ?? this.#defaultTimeout)
    const failure = this.#closed ? new SocketClosedError() : this.#receiveFailure
    if (failure !== null) {
      request.state = 'retired'
      request.end(failure)
      return request
    }
    if (options.signal?.aborted) {
      request.state = 'retired'
      request.end(options.signal.reason)
      return request
    }
    this.#pending.set(sequenceNumber, request as PendingRequest<unknown>)
    request.watchAbort(options.signal, () => {
      const reason = options.signal!.reason
      if (request.state === 'active' || request.state === 'queued') this.#abandon(request as PendingRequest<unknown>, reason)
      else request.cancelQueued(reason)
    })
    if (this.#congested || (isDump ? this.#activeDump !== null : this.#inFlight >= this.#maxInFlight || this.#waitingHead < this.#waiting.length)) {
      ;(isDump ? this.#dumpQueue : this.#waiting).push(request as PendingRequest<unknown>)
      if (this.#congested) {
        // Held, not sent: its timeout runs from now (see #sweep).
        request.lastActivity = performance.now()
        if (request.timeoutMs !== Infinity) this.#ensureSweep(request.timeoutMs)
      }
    } else {
      this.#send(request as PendingRequest<unknown>)
    }
    // A request waiting to be flushed asks for its answer after it went out (see #flushOutgoing):
    // the receive thread then wakes once, to data already there, instead of twice.
    if (this.#outgoing.length === 0) this.#pump()
    else this.#updateRef()
    return request
  }

  /** Sends a request and collects its whole answer; retries interrupted dumps if asked. */
  async requestAll<T>(payload: Uint8Array, options: CollectOptions<T>): Promise<T[]> {
    const retries = options.retryInterrupted ?? 0
    if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`options.retryInterrupted must be a non-negative integer, got ${String(retries)}`)
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request(payload, options).collect()
      } catch (error) {
        if (!(error instanceof DumpInterruptedError)) throw error
        if (attempt < retries) continue
        throw attempt === 0 ? error : new DumpInterruptedError(error.results, error.received, attempt + 1)
      }
    }
  }

  registerCallback(predicate: Callback['predicate'], handler: Callback['handler'], args: unknown[]): void {
    if (typeof predicate !== 'function') throw new TypeError('registerCallback: predicate must be a function (message) => boolean')
    if (typeof handler !== 'function') throw new TypeError('registerCallback: handler must be a function (message, ...args) => void')
    this.#callbacks.push({ predicate, handler, args })
    this.#pump()
  }

  unregisterCallback(handler: Callback['handler']): boolean {
    const index = this.#callbacks.findIndex((cb) => cb.handler === handler)
    if (index < 0) return false
    this.#callbacks.splice(index, 1)
    this.#updateRef()
    return true
  }

  /** Rejects everything pending and ends every event stream. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer)
    this.#sweepTimer = null
    this.#native.close()
    this.#failAll(new SocketClosedError('netlink socket closed while the request was pending'))
    this.broadcasts.close(null)
    this.#updateRef()
  }

  /** Entry point for the native receive side: one delivery answers one demand. */
  onBatch = (batch: NativeBatch): void => {
    if (this.#outstanding > 0) this.#outstanding--
    if (this.#closed) return
    this.#processBatch(batch)
    this.#pump()
  }

  #processBatch(batch: NativeBatch): void {
    this.#clock = performance.now()
    const { datagrams, groups } = batch
    for (let i = 0; i < datagrams.length; i++) {
      const group = groups[i]!
      if (group === OVERFLOW_MARKER_GROUP) {
        this.stats.overflows++
        this.#congested = true
        this.#overflowed()
        this.broadcasts.overflow()
      } else if (group === RECOVERED_MARKER_GROUP) {
        this.#recovered()
      } else {
        this.#processDatagram(datagrams[i]!, group)
      }
    }
    if (batch.error) {
      const { errno, code, message } = batch.error
      this.#receiveFailure = new ReceiveError(errno, code, message)
      this.#failAll(this.#receiveFailure)
      this.broadcasts.close(this.#receiveFailure)
    }
  }

  /**
   * ENOBUFS: the kernel dropped messages for lack of room, and nothing says which. Any sent
   * request other than a dump may have lost its answer (the kernel answers those at once, and
   * drops what does not fit), so each ends now with NetlinkOverflowError instead of timing out,
   * and is retired: its number is remembered, so an answer that was not lost is discarded when it
   * comes. Dumps go on: the kernel never drops dump data (it waits for room), so the active dump
   * loses nothing. Requests still waiting for the in-flight window (or for their flush) were not
   * sent yet and are not affected.
   *
   * The kernel reports ENOBUFS once, then drops every unicast answer that does not fit, silently,
   * until a read finds its queue empty: a request sent now could lose its answer with no error to
   * end it. So until the receive side reports that read (a recovered marker, #recovered) nothing
   * new goes out, the freed in-flight slots included; the receive side is kept reading meanwhile
   * (#pump), and requests held longer than their timeout end with NetlinkTimeoutError (#sweep).
   */
  #overflowed(): void {
    const unsent = this.#outgoing.length === 0 ? null : new Set(this.#outgoing)
    // Requests made in this tick and not flushed yet stay: #flushOutgoing holds them until #recovered.
    const sent = [...this.#pending.values()].filter((request) => !request.isDump && request.state !== 'queued' && !unsent?.has(request))
    for (const request of sent) {
      request.end(new NetlinkOverflowError(request.sequenceNumber), true)
      this.#retire(request)
    }
  }

  /** The kernel's queue was found empty after an overflow: send what was held meanwhile. */
  #recovered(): void {
    if (!this.#congested) return
    this.#congested = false
    this.#flushOutgoing()
    this.#sendWaiting()
    // After the requests held with it (a dump is sent alone, after everything made before it).
    if (this.#activeDump === null) {
      const next = this.#dumpQueue.shift()
      if (next !== undefined) this.#send(next)
    }
  }

  /**
   * Right after an inline send, with no delivery outstanding: the kernel has usually answered
   * inside sendmsg already, so read the answer here instead of waking the receive thread and
   * waiting for it to hand the datagram back (direct mode only; the binding checks).
   */
  #readWaiting(): void {
    if (this.#outstanding > 0 || this.#closed) return
    const batch = this.#native.readWaiting()
    if (batch !== null) this.#processBatch(batch)
  }

  // --- RequestHost -------------------------------------------------------------------------

  onConsumerProgress(request: PendingRequest<unknown>): void {
    request.lastActivity = performance.now()
    this.#pump()
  }

  onAbandon(request: PendingRequest<unknown>, _reason: Error | null): void {
    this.#drain(request)
    this.#pump()
  }

  // --- receive path -------------------------------------------------------------------------

  #processDatagram(data: Buffer, group: number): void {
    const end = data.length
    let offset = 0
    let lastRequest: PendingRequest<unknown> | undefined
    let cachedSeq = -1
    let cachedRequest: PendingRequest<unknown> | undefined
    // The header is read byte by byte: Buffer's readUInt32LE is a function call with its own
    // checks, which costs most before V8 has optimised this loop (the first dump of a process).
    while (offset < end) {
      const length = end - offset >= NLMSG_HDRLEN ? (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0 : 0
      if (length < NLMSG_HDRLEN || length > end - offset) {
        this.#malformed(data, offset, group, length, lastRequest)
        return
      }
      const type = data[offset + 4]! | (data[offset + 5]! << 8)
      const flags = data[offset + 6]! | (data[offset + 7]! << 8)
      const seq = (data[offset + 8]! | (data[offset + 9]! << 8) | (data[offset + 10]! << 16) | (data[offset + 11]! << 24)) >>> 0
      if (group !== 0) {
        // Sent through a multicast group: a broadcast, whatever sequence number it echoes.
        this.#deliverBroadcast(data, offset, length, type, flags, seq)
      } else {
        if (seq !== cachedSeq) {
          cachedSeq = seq
          cachedRequest = this.#pending.get(seq)
        }
        if (cachedRequest !== undefined) {
          lastRequest = cachedRequest
          this.#deliverToRequest(cachedRequest, data, offset, length, type, flags)
        } else if (seq !== 0 && this.#retired.has(seq)) {
          this.stats.discardedLate++
        } else {
          this.#deliverBroadcast(data, offset, length, type, flags, seq)
        }
      }
      offset += (length + 3) & ~3
    }
  }

  #deliverToRequest(request: PendingRequest<unknown>, data: Buffer, offset: number, length: number, type: number, flags: number): void {
    request.lastActivity = this.#clock
    if (request.state === 'draining') this.stats.discardedLate++
    if (type < NLMSG_MIN_TYPE && type !== 0) {
      switch (type) {
        case NLMSG_NOOP:
          return
        case NLMSG_ERROR: {
          if (length < NLMSG_HDRLEN + 4) return this.#finish(request, new ParseError('NLMSG_ERROR shorter than its errno field', offset, copy(data, offset, length)))
          const errno = -data.readInt32LE(offset + NLMSG_HDRLEN)
          if (errno === 0) return this.#finish(request, null)
          return this.#finish(request, netlinkErrorFrom(data, offset, length, flags, errno, request.frame.readUInt16LE(4), true))
        }
        case NLMSG_DONE: {
          if (flags & NLM_F_DUMP_INTR) request.interrupted = true
          const errno = length >= NLMSG_HDRLEN + 4 ? -data.readInt32LE(offset + NLMSG_HDRLEN) : 0
          if (errno > 0) return this.#finish(request, netlinkErrorFrom(data, offset, length, flags, errno, request.frame.readUInt16LE(4), false))
          return this.#finish(request, null)
        }
        case NLMSG_OVERRUN:
          return this.#finish(request, new NetlinkError(105, { context: 'NLMSG_OVERRUN: the kernel lost part of the answer' }))
        default:
          break // reserved control types are passed on like data, never dropped
      }
    }
    if (request.state === 'draining') {
      if (endsAnswer(request, type, flags)) this.#retire(request)
      return
    }
    request.received++
    if (flags & NLM_F_DUMP_INTR) request.interrupted = true
    let message: unknown
    try {
      const parser = request.options.parser
      message = parser !== undefined ? parser(data, offset, length) : this.#marshal.parse(data, offset, length, flags, request.sequenceNumber)
    } catch (error) {
      return this.#abandon(request, asParseError(error, data, offset, length))
    }
    if (message !== null && message !== undefined) {
      this.#runCallbacks(message)
      request.push(message)
      const terminate = request.options.terminate
      if (terminate !== undefined) {
        let stop: boolean
        try {
          stop = terminate(message)
        } catch (error) {
          return this.#abandon(request, error)
        }
        if (stop) return this.#abandon(request, null)
      }
    }
    if (endsAnswer(request, type, flags)) this.#finish(request, null)
  }

  #deliverBroadcast(data: Buffer, offset: number, length: number, type: number, flags: number, seq: number): void {
    if (type === NLMSG_NOOP) return
    let message: unknown
    try {
      message = this.#marshal.parse(data, offset, length, flags, seq)
    } catch (error) {
      message = brokenMessage(data, offset, length, asParseError(error, data, offset, length))
    }
    if (message === null || message === undefined) return
    this.#runCallbacks(message)
    this.broadcasts.push(message)
  }

  /**
   * A length field that cannot be right: the rest of the datagram cannot be walked, so reading it
   * stops here (never a loop). Requests that were owed data in that rest end at once with the
   * ParseError, as far as they can be known: the one named by the bad header (or, when that is cut
   * off, the last one seen in this datagram), and every sent request whose sequence number appears
   * in a message header found in the rest (messages are 4-byte aligned and must fit; they are only
   * looked at, never delivered). A request whose found header ends its answer (NLMSG_DONE,
   * NLMSG_ERROR, a last single message) is retired at once, so a dump whose DONE sat behind the
   * bad message does not hold up the next dump; any other drains, as its answer goes on in later
   * datagrams. Requests not named in the datagram are not touched (nothing says they lost anything;
   * their own timeouts still run). A multicast datagram, or one for no request, reaches events() raw.
   */
  #malformed(data: Buffer, offset: number, group: number, length: number, lastRequest: PendingRequest<unknown> | undefined): void {
    const end = data.length
    const error = new ParseError(
      `malformed netlink message at offset ${offset} of a ${end}-byte datagram: nlmsg_len ${length} ` +
        (length < NLMSG_HDRLEN ? 'is shorter than the 16-byte header' : 'runs past the end of the datagram') +
        '; the rest of the datagram is unreadable',
      offset,
      Buffer.from(data),
    )
    /** Each request owed data in the unreadable rest → whether its answer ended there. */
    const owed = new Map<PendingRequest<unknown>, boolean>()
    const sentRequest = (seq: number) => {
      const request = this.#pending.get(seq)
      return request !== undefined && (request.state === 'active' || request.state === 'draining') ? request : undefined
    }
    const badSeq = group === 0 && offset + 12 <= end ? data.readUInt32LE(offset + 8) : -1
    const named = badSeq >= 0 ? sentRequest(badSeq) : undefined
    if (named !== undefined) owed.set(named, endsAnswer(named, data.readUInt16LE(offset + 4), data.readUInt16LE(offset + 6)))
    else if (group === 0 && lastRequest !== undefined && lastRequest.state !== 'retired') owed.set(lastRequest, false)
    for (let at = offset + 4; group === 0 && at + NLMSG_HDRLEN <= end; at += 4) {
      const found = data.readUInt32LE(at)
      if (found < NLMSG_HDRLEN || found > end - at) continue
      const request = sentRequest(data.readUInt32LE(at + 8))
      if (request === undefined) continue
      owed.set(request, owed.get(request) === true || endsAnswer(request, data.readUInt16LE(at + 4), data.readUInt16LE(at + 6)))
    }
    if (owed.size === 0) {
      if (badSeq > 0 && this.#retired.has(badSeq)) this.stats.discardedLate++
      else this.broadcasts.push(brokenMessage(data, offset, Math.max(0, end - offset), error))
      return
    }
    for (const [request, ended] of owed) {
      if (request.state === 'draining') this.stats.discardedLate++
      this.#abandon(request, error)
      if (ended) this.#retire(request)
    }
  }

  #runCallbacks(message: unknown): void {
    const callbacks = this.#callbacks
    for (let i = 0; i < callbacks.length; i++) {
      const cb = callbacks[i]!
      try {
        if (cb.predicate(message)) cb.handler(message, ...cb.args)
      } catch (error) {
        try {
          this.onCallbackError(error)
        } catch {
          // A failing error reporter must not stop the flow either.
        }
      }
    }
  }

  // --- request lifecycle ------------------------------------------------------------------

  #send(request: PendingRequest<unknown>): void {
    const { nativeParser } = request.options
    try {
      if (nativeParser !== undefined) this.#native.setNativeParser(request.sequenceNumber, nativeParser)
    } catch (error) {
      request.end(error)
      this.#retire(request)
      return
    }
    request.state = 'active'
    if (!request.isDump) this.#inFlight++
    request.lastActivity = performance.now()
    if (request.timeoutMs !== Infinity) this.#ensureSweep(request.timeoutMs)
    if (request.isDump) {
      // Alone, after everything sent before it, so the kernel never sees two dumps in one datagram.
      this.#activeDump = request
      this.#flushOutgoing()
      this.#transmit([request])
      return
    }
    this.#outgoing.push(request)
    this.#outgoingBytes += request.frame.length
    if (this.#outgoingBytes >= MAX_COALESCED_BYTES) this.#flushOutgoing()
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true
      queueMicrotask(this.#flushOutgoing)
    }
  }

  /** Sends the requests made since the last flush as one datagram; the kernel handles each message in turn. */
  #flushOutgoing = (): void => {
    this.#flushScheduled = false
    // Congested (an overflow came between the request and its flush): held until #recovered.
    if (this.#outgoing.length === 0 || this.#congested) return
    const batch = this.#outgoing
    this.#outgoing = []
    this.#outgoingBytes = 0
    const live = batch.filter((request) => {
      if (request.state === 'active') return true
      // Abandoned before it went out (aborted in the same tick): nothing to send or drain.
      this.#retire(request)
      return false
    })
    if (live.length > 0) this.#transmit(live)
    this.#pump()
  }

  #transmit(batch: PendingRequest<unknown>[]): void {
    if (this.#closed) return
    try {
      if (batch.length >= BACKGROUND_SEND_MIN) {
        // A pipelined burst: the kernel's work on it runs on the sender thread while JS goes on.
        this.#native.sendInBackground(Buffer.concat(batch.map((request) => request.frame)))
      } else {
        this.#native.send(batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((request) => request.frame)))
        this.#readWaiting()
      }
    } catch (error) {
      for (const request of batch) {
        request.end(error, true)
        this.#retire(request)
      }
    }
  }

  /** Sends waiting requests while the in-flight window has room. */
  #sendWaiting(): void {
    if (this.#closed || this.#receiveFailure !== null || this.#congested) return
    const waiting = this.#waiting
    while (this.#inFlight < this.#maxInFlight && this.#waitingHead < waiting.length) {
      const next = waiting[this.#waitingHead]!
      waiting[this.#waitingHead++] = undefined as unknown as PendingRequest<unknown>
      if (next.state === 'queued') this.#send(next)
    }
    if (this.#waitingHead === waiting.length) {
      this.#waiting = []
      this.#waitingHead = 0
    }
  }

  /** The answer reached its natural end (DONE, ERROR/ack, last single message). */
  #finish(request: PendingRequest<unknown>, error: Error | null): void {
    request.end(error)
    this.#retire(request)
  }

  /** The caller is done before the kernel is: end the caller's view, then drain. */
  #abandon(request: PendingRequest<unknown>, error: unknown): void {
    if (request.state === 'retired' || request.state === 'draining') return
    request.end(error, error !== null && !(error instanceof NetlinkError))
    if (request.state === 'queued') {
      // Never sent: nothing to drain. (A waiting non-dump is skipped when its turn comes.)
      const index = request.isDump ? this.#dumpQueue.indexOf(request) : -1
      if (index >= 0) this.#dumpQueue.splice(index, 1)
      this.#retire(request)
      return
    }
    this.#drain(request)
  }

  #drain(request: PendingRequest<unknown>): void {
    if (request.state !== 'active') return
    request.state = 'draining'
    this.#draining++
    // Answers that never end (a request without NLM_F_ACK that succeeded) stop blocking once
    // nothing arrived for them for a while: the sweep retires them.
    request.lastActivity = performance.now()
    this.#ensureSweep(request.timeoutMs)
  }

  #retire(request: PendingRequest<unknown>): void {
    if (request.state === 'retired') return
    const wasSent = request.state !== 'queued'
    if (request.state === 'draining') this.#draining--
    request.state = 'retired'
    const seq = request.sequenceNumber
    if (this.#pending.get(seq) === request) this.#pending.delete(seq)
    this.#remember(seq)
    if (wasSent && request.options.nativeParser !== undefined && !this.#closed) {
      try {
        this.#native.clearNativeParser(seq)
      } catch {
        // The socket may be closing; the registration dies with it.
      }
    }
    if (this.#activeDump === request) {
      this.#activeDump = null
      const next = this.#closed || this.#receiveFailure !== null || this.#congested ? undefined : this.#dumpQueue.shift()
      if (next !== undefined) this.#send(next)
    } else if (wasSent && !request.isDump) {
      this.#inFlight--
      this.#sendWaiting()
    }
    this.#updateRef()
  }

  /**
   * Timeouts are enforced by one sweep over the pending requests rather than a timer each, so a
   * hundred thousand pipelined requests do not make a hundred thousand timers. The sweep runs
   * every quarter of the shortest timeout in play (10 ms .. 250 ms) while any request can expire.
   */
  #ensureSweep(timeoutMs: number): void {
    const every = Math.min(SWEEP_MAX_MS, Math.max(SWEEP_MIN_MS, (timeoutMs === Infinity ? DRAIN_IDLE_MIN_MS : timeoutMs) / 4))
    if (this.#sweepTimer !== null && every >= this.#sweepEvery) return
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer)
    this.#sweepEvery = every
    this.#sweepTimer = setInterval(this.#sweep, every)
    // The sweep never keeps the process alive on its own: a waiting caller does (see #updateRef).
    this.#sweepTimer.unref()
  }

  #sweep = (): void => {
    const now = performance.now()
    let live = false
    for (const request of this.#pending.values()) {
      const idle = now - request.lastActivity
      if (request.state === 'active' || (request.state === 'queued' && this.#congested)) {
        // A request held back by congestion counts down from when it was made: the kernel may
        // stay congested for as long as a flood of broadcasts keeps its queue from emptying.
        if (request.timeoutMs === Infinity) continue
        if (idle >= request.timeoutMs) this.#abandon(request, new NetlinkTimeoutError(request.sequenceNumber, request.timeoutMs))
        live = true // still counting down, or now draining
      } else if (request.state === 'draining') {
        if (idle >= Math.min(DRAIN_IDLE_MAX_MS, Math.max(request.timeoutMs, DRAIN_IDLE_MIN_MS))) this.#retire(request)
        else live = true
      }
    }
    if (!live) {
      clearInterval(this.#sweepTimer!)
      this.#sweepTimer = null
      this.#sweepEvery = Infinity
    }
    this.#pump()
  }

  #failAll(error: Error): void {
    this.#dumpQueue.length = 0
    this.#waiting = []
    this.#waitingHead = 0
    for (const request of [...this.#pending.values()]) {
      request.end(error, true)
      this.#retire(request)
    }
  }

  #allocateSequenceNumber(): number {
    let seq = this.#lastSeq
    for (let tries = 0; tries <= this.#pending.size + this.#retired.size + 1; tries++) {
      seq = seq >= MAX_SEQ ? 1 : seq + 1
      if (!this.#pending.has(seq) && !this.#retired.has(seq)) {
        this.#lastSeq = seq
        return seq
      }
    }
    throw new RangeError('no free netlink sequence number') // unreachable: the space is 2^32
  }

  #remember(seq: number): void {
    if (this.#retired.has(seq)) return
    const evicted = this.#retiredRing[this.#retiredNext]
    if (evicted !== undefined) this.#retired.delete(evicted)
    this.#retiredRing[this.#retiredNext] = seq
    this.#retiredNext = (this.#retiredNext + 1) % RETIRED_MEMORY
    this.#retired.add(seq)
  }

  // --- flow control ------------------------------------------------------------------------

  /** Asks the receive side for as many deliveries as the current readers can use. */
  #pump(): void {
    if (this.#closed || this.#receiveFailure !== null) return this.#updateRef()
    // Counters, not a walk over pending requests: this runs for every delivery and every request.
    const dump = this.#activeDump
    const sentOthers = this.#inFlight
    let wanted = 0
    // A dump reads one datagram ahead so the kernel fills the next while JS parses this one.
    if (dump !== null && dump.wantsData) wanted = DUMP_READ_AHEAD
    else if (sentOthers > PIPELINE_READ_AHEAD_FROM) wanted = PIPELINE_READ_AHEAD
    // Congested: read until the kernel's queue is empty, which is what ends the congestion.
    else if (sentOthers > 0 || this.#congested || this.broadcasts.wantsData || this.#callbacks.length > 0) wanted = 1
    while (this.#outstanding < wanted) {
      this.#outstanding++
      this.#native.demand()
    }
    this.#updateRef()
  }

  /**
   * Keeps Node alive exactly while somebody awaits this socket (or keepAlive was asked for), and
   * keeps the engine reachable while it is in use (see IN_USE): the native side delivers through a
   * weak reference, so a socket nobody holds, awaits or listens to is collected with its fd.
   */
  #updateRef(): void {
    const awaited = this.#pending.size - this.#draining > 0 || this.broadcasts.awaited
    const want = !this.#closed && (this.#keepAlive || awaited)
    const inUse = want || (!this.#closed && this.#callbacks.length > 0)
    if (inUse !== this.#inUse) {
      this.#inUse = inUse
      if (inUse) IN_USE.add(this)
      else IN_USE.delete(this)
    }
    if (want === this.#referenced) return
    this.#referenced = want
    if (this.#closed) return
    if (want) this.#native.ref()
    else this.#native.unref()
  }
}

function normaliseTimeout(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds (0 or Infinity for none), got ${String(value)}`)
  }
  return value === 0 ? Infinity : value
}

function validateRequest<T>(payload: Uint8Array, options: RequestOptions<T>): { type: number; flags: number; timeout: number | undefined; dump: boolean | undefined } {
  if (!(payload instanceof Uint8Array)) throw new TypeError(`request payload must be a Buffer or Uint8Array, got ${typeof payload}`)
  if (options === null || typeof options !== 'object') throw new TypeError('request options must be an object with at least { type }')
  const { type, flags = 0, parser, terminate, signal, nativeParser, dump } = options
  if (!Number.isInteger(type) || type < 0 || type > 0xffff) throw new RangeError(`options.type must be an integer 0..65535, got ${String(type)}`)
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw new RangeError(`options.flags must be an integer 0..65535, got ${String(flags)}`)
  if (parser !== undefined && typeof parser !== 'function') throw new TypeError('options.parser must be a function (data, offset, length) => message | null')
  if (terminate !== undefined && typeof terminate !== 'function') throw new TypeError('options.terminate must be a function (message) => boolean')
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('options.signal must be an AbortSignal')
  if (nativeParser !== undefined && (nativeParser === null || typeof nativeParser !== 'object' || typeof nativeParser.name !== 'string')) {
    throw new TypeError("options.nativeParser must be an object with a name, e.g. { name: 'defaultRoutes' }")
  }
  if (dump !== undefined && typeof dump !== 'boolean') throw new TypeError('options.dump must be a boolean')
  const timeout = options.timeout === undefined ? undefined : normaliseTimeout(options.timeout, 'options.timeout')
  return { type, flags, timeout, dump }
}

/**
 * Whether a message of this type and flags is the last of `request`'s answer: an ERROR (or ack),
 * DONE or OVERRUN, or a data message without NLM_F_MULTI when no ack follows.
 */
function endsAnswer(request: PendingRequest<unknown>, type: number, flags: number): boolean {
  if (type === NLMSG_ERROR || type === NLMSG_DONE || type === NLMSG_OVERRUN) return true
  return type !== NLMSG_NOOP && (flags & NLM_F_MULTI) === 0 && !request.expectsAck
}

/** Builds the NetlinkError of an NLMSG_ERROR (or of an error inside NLMSG_DONE), with its extended ack. */
export function netlinkErrorFrom(data: Buffer, offset: number, length: number, flags: number, errno: number, requestType: number, isErrorMessage: boolean): NetlinkError {
  let extAckMessage: string | null = null
  let extAckOffset: number | null = null
  if (flags & NLM_F_ACK_TLVS) {
    const end = offset + length
    let at = offset + NLMSG_HDRLEN + 4
    if (isErrorMessage) {
      // The original request follows the errno: its header only when capped, the whole message otherwise.
      // A claimed length beyond the message leaves no room for attributes (and would overflow the
      // 32-bit arithmetic of the alignment), so it ends the walk before it starts.
      const original = at + 4 <= end ? data.readUInt32LE(at) : NLMSG_HDRLEN
      const skip = flags & NLM_F_CAPPED ? NLMSG_HDRLEN : Math.max(original, NLMSG_HDRLEN)
      at = skip > end - at ? end : at + ((skip + 3) & ~3)
    }
    while (at + 4 <= end) {
      const attrLength = data.readUInt16LE(at)
      const attrType = data.readUInt16LE(at + 2) & 0x3fff
      if (attrLength < 4 || at + attrLength > end) break
      if (attrType === NLMSGERR_ATTR_MSG) {
        let stop = at + attrLength
        const nul = data.subarray(at + 4, stop).indexOf(0)
        if (nul >= 0) stop = at + 4 + nul
        extAckMessage = data.toString('utf8', at + 4, stop)
      } else if (attrType === NLMSGERR_ATTR_OFFS && attrLength >= 8) {
        extAckOffset = data.readUInt32LE(at + 4)
      }
      at += (attrLength + 3) & ~3
    }
  }
  return new NetlinkError(errno, { extAckMessage, extAckOffset, requestType })
}

function asParseError(error: unknown, data: Buffer, offset: number, length: number): ParseError {
  if (error instanceof ParseError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new ParseError(`parser failed on the message at offset ${offset}: ${reason}`, offset, copy(data, offset, length), { cause: error })
}

/** A message that could not be parsed, kept raw with its ParseError in header.error. */
function brokenMessage(data: Buffer, offset: number, length: number, error: ParseError): Message {
  const header = offset + NLMSG_HDRLEN <= data.length ? readHeader(data, offset) : { length, type: 0, flags: 0, sequenceNumber: 0, pid: 0, error: null }
  header.error = error
  return { header, raw: copy(data, offset, length) }
}

function copy(data: Buffer, offset: number, length: number): Buffer {
  return Buffer.from(data.subarray(offset, offset + length))
}
