/**
 * The request engine: wires the parts of src/protocol/ together and owns the I/O, turning the
 * native socket's deliveries into answers for requests and a stream of broadcasts.
 *
 * Its own: the receive path (walking each datagram, routing by sender group and sequence number,
 * control messages before any parser, see protocol/control.ts for what they mean), the request
 * lifecycle (finish, abandon, drain, retire), overflow and recovery, flow control (how many
 * deliveries to ask the receive thread for) and whether the process is kept alive. The parts:
 * intake (protocol/intake.ts), sequence numbers (protocol/sequence.ts), the send side's order and
 * limits (protocol/outbox.ts), timeouts (protocol/timeouts.ts) and callbacks
 * (protocol/callbacks.ts). It talks to Rust only through `NativeSocketHandle`, so tests drive it
 * with a fake socket.
 */
import { NLMSG_DONE, NLMSG_HDRLEN, NLMSG_MIN_TYPE, NLMSG_NOOP, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR } from './constants'
import { NetlinkError, NetlinkOverflowError, NetlinkTimeoutError, ReceiveError, SocketClosedError } from './errors'
import type { Marshal } from './marshal'
import { OVERFLOW_MARKER_GROUP, RECOVERED_MARKER_GROUP, type NativeBatch, type NativeSocketHandle } from './native'
import { PendingRequest, type CollectOptions, type RequestHost, type RequestOptions } from './request'
import { BroadcastHub } from './broadcast'
import { Callbacks, type Callback } from './protocol/callbacks'
import { AS_DATA, SKIP, asParseError, brokenMessage, controlOutcome, endsAnswer, forEachHeaderAfter, malformedDatagramError } from './protocol/control'
import { DEFAULT_TIMEOUT_MS, normaliseTimeout, requestFrame, validateRequest } from './protocol/intake'
import { Outbox, UnbuiltRequest, inFlightWindow, unbuiltPromise } from './protocol/outbox'
import { retryInterrupted } from './protocol/retry'
import { SequenceNumbers } from './protocol/sequence'
import { TimeoutSweep } from './protocol/timeouts'
import { monotonicMs } from './protocol/clock'
import { settleBatch, validateBatch, type BatchMessage, type BatchOptions, type BatchResult } from './protocol/batch'
import { align4 } from './schema/decode'

// The receive path (#processDatagram, #deliverToRequest) runs once per message, mostly before V8
// has optimised it (a process's first dump), when each use of an imported name is a property load
// on its module's object: the names it reads per message are taken once, here.
const HDRLEN = NLMSG_HDRLEN
const MIN_TYPE = NLMSG_MIN_TYPE
const DUMP_INTR = NLM_F_DUMP_INTR
const ends = endsAnswer
const align = align4

/** With more requests than this in flight, several deliveries are asked for at once, so acks keep flowing. */
const PIPELINE_READ_AHEAD_FROM = 64
const PIPELINE_READ_AHEAD = 4
/** Datagrams with at least this many requests are sent by the sender thread, smaller ones inline. */
const BACKGROUND_SEND_MIN = 8
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
  readonly #sequence: SequenceNumbers
  readonly #outbox: Outbox
  readonly #timeouts: TimeoutSweep
  readonly #callbacks = new Callbacks((error) => this.onCallbackError(error))
  readonly broadcasts: BroadcastHub
  #outstanding = 0
  /** Pending requests whose caller is gone (they no longer keep the process alive). */
  #draining = 0
  /** monotonicMs() at the start of the delivery being processed. */
  #clock = 0
  /** A delivery is being processed: #clock is the time (a window of changes started by its acks reads it once, not each). */
  #inDelivery = false
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
    this.#outbox = new Outbox(
      {
        build: (unbuilt) => this.#build(unbuilt),
        start: (request) => this.#start(request),
        transmit: (batch) => this.#transmit(batch),
        retire: (request) => this.#retire(request),
        flushed: () => this.#pump(),
      },
      inFlightWindow(options.maxInFlight, native.receiveBufferSize),
    )
    const outbox = this.#outbox
    this.#timeouts = new TimeoutSweep(this.#pending, {
      get holding() {
        return outbox.congested
      },
      expire: (request) => this.#abandon(request, new NetlinkTimeoutError(request.sequenceNumber, request.timeoutMs)),
      forget: (request) => this.#retire(request),
      swept: () => this.#pump(),
    })
    this.broadcasts = new BroadcastHub(options.eventQueueLimit ?? 65536, this.stats, () => this.#pump())
    // Start somewhere other than 1 so two sockets of one process rarely share numbers in traces.
    this.#sequence = new SequenceNumbers(1 + Math.floor(Math.random() * 0x3fffffff))
    this.#updateRef()
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Requests pending, with the changes waiting unbuilt for the in-flight window. */
  get pendingCount(): number {
    return this.#pending.size + this.#outbox.unbuilt
  }

  /** Sends a request; its answer is the returned async iterator. */
  request<T>(payload: Uint8Array, options: RequestOptions<T>): PendingRequest<T> {
    const request = this.#create(payload, options)
    if (request.state === 'retired') return request
    this.#submitted(this.#outbox.submit(request as PendingRequest<unknown>), [request as PendingRequest<unknown>])
    // A request waiting to be flushed asks for its answer after it went out (see protocol/outbox.ts):
    // the receive thread then wakes once, to data already there, instead of twice.
    if (!this.#outbox.hasUnflushed) this.#pump()
    else this.#updateRef()
    return request
  }

  /**
   * A request answered by its ack alone (a change): resolves with nothing once acknowledged, fails
   * as completed() does. Behind a full in-flight window it waits in the outbox unbuilt (its bytes,
   * its options, its promise) and becomes a request when its turn comes, so 100k changes issued at
   * once are not 100k requests, frames and sequence numbers at once, all surviving the collector's
   * young generation. `payload` is read when the change goes out. With a signal it is a request at
   * once (an abort must find it), and under the congestion hold too (its timeout runs while held).
   */
  change(payload: Uint8Array, options: RequestOptions<unknown>): Promise<void> {
    if (options.signal !== undefined) return this.request(payload, options).completed()
    const { flags, dump } = validateRequest(payload, options)
    if (dump ?? (flags & NLM_F_DUMP) === NLM_F_DUMP) return this.request(payload, options).completed()
    const unbuilt = new UnbuiltRequest(payload, options)
    const promise = unbuiltPromise(unbuilt)
    this.submitUnbuilt(unbuilt)
    return promise
  }

  /**
   * Sends the change `unbuilt` (options without a signal, not a dump: see change()), or keeps it
   * unbuilt behind the window; its promise settles with its ack. IPRoute makes its own for changes
   * naming an interface, which wait for the lookup first.
   */
  submitUnbuilt(unbuilt: UnbuiltRequest): void {
    if (this.#outbox.wouldQueue && !this.#closed && this.#receiveFailure === null) {
      this.#outbox.defer(unbuilt)
      this.#updateRef()
      return
    }
    const request = this.#build(unbuilt)
    if (request === null) return
    this.#submitted(this.#outbox.submit(request), [request])
    if (!this.#outbox.hasUnflushed) this.#pump()
    else this.#updateRef()
  }

  /** A new request, pending and not yet submitted to the outbox (retired at once, and ended, when it cannot be sent). */
  #create<T>(payload: Uint8Array, options: RequestOptions<T>): PendingRequest<T> {
    const { type, flags, timeout, dump } = validateRequest(payload, options)
    const sequenceNumber = this.#sequence.allocate(this.#pending)
    const frame = requestFrame(payload, type, flags, sequenceNumber, this.#native.portId)
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
    this.#admit(request as PendingRequest<unknown>, options.signal)
    return request
  }

  /** An unbuilt change's turn (Outbox.build): its request, settling its promise, or null when it cannot be made. */
  #build(unbuilt: UnbuiltRequest): PendingRequest<unknown> | null {
    let request: PendingRequest<unknown>
    try {
      request = this.#create(unbuilt.payload, unbuilt.options)
    } catch (error) {
      unbuilt.reject(error)
      return null
    }
    request.completeInto(unbuilt)
    return request.state === 'retired' ? null : request
  }

  /**
   * Sends the messages of a batch together (see protocol/batch.ts): one request each, with
   * consecutive sequence numbers and NLM_F_ACK, which the outbox keeps whole; the result comes
   * once each has its answer.
   */
  async batch<T>(messages: readonly BatchMessage<T>[], options: BatchOptions = {}): Promise<BatchResult<T>[]> {
    const checked = validateBatch(messages, options, this.#native.sendBufferSize)
    const failure = this.#closed ? new SocketClosedError() : this.#receiveFailure
    if (failure !== null) throw failure
    const { signal } = checked
    if (signal?.aborted) throw signal.reason
    const timeout = checked.timeout ?? this.#defaultTimeout
    const first = this.#sequence.allocateRun(checked.messages.length, this.#pending)
    const members = checked.messages.map(({ payload, type, flags, parser }, index) => {
      const sequenceNumber = first + index
      const frame = requestFrame(payload, type, flags | NLM_F_ACK, sequenceNumber, this.#native.portId, true)
      const request = new PendingRequest<T>(this, sequenceNumber, frame, { type, flags, parser, timeout, signal }, false, true, timeout)
      this.#admit(request as PendingRequest<unknown>, signal)
      return request
    })
    this.#submitted(this.#outbox.submitBatch(members as PendingRequest<unknown>[]), members as PendingRequest<unknown>[])
    this.#pump()
    return settleBatch(members, checked.noraise)
  }

  /** Sends a request and collects its whole answer; retries interrupted dumps if asked. */
  requestAll<T>(payload: Uint8Array, options: CollectOptions<T>): Promise<T[]> {
    return retryInterrupted(options.retryInterrupted ?? 0, () => this.request(payload, options).collect())
  }

  registerCallback(predicate: Callback['predicate'], handler: Callback['handler'], args: unknown[]): void {
    this.#callbacks.add(predicate, handler, args)
    this.#pump()
  }

  unregisterCallback(handler: Callback['handler']): boolean {
    if (!this.#callbacks.remove(handler)) return false
    this.#updateRef()
    return true
  }

  /** Rejects everything pending and ends every event stream. Idempotent. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    const unbuilt = this.#outbox.stop()
    this.#timeouts.stop()
    this.#native.close()
    this.#failAll(new SocketClosedError('netlink socket closed while the request was pending'), unbuilt)
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
    this.#clock = monotonicMs()
    this.#inDelivery = true
    try {
      this.#processDatagrams(batch)
    } finally {
      this.#inDelivery = false
    }
  }

  #processDatagrams(batch: NativeBatch): void {
    const { datagrams, groups, texts } = batch
    for (let i = 0; i < datagrams.length; i++) {
      const group = groups[i]!
      if (group === OVERFLOW_MARKER_GROUP) {
        this.stats.overflows++
        this.#submitted(true, this.#outbox.hold())
        this.#overflowed()
        this.broadcasts.overflow()
      } else if (group === RECOVERED_MARKER_GROUP) {
        this.#outbox.release()
      } else {
        this.#processDatagram(datagrams[i]!, group, texts?.[i] ?? undefined)
      }
    }
    if (batch.error) {
      const { errno, code, message } = batch.error
      this.#receiveFailure = new ReceiveError(errno, code, message)
      this.#failAll(this.#receiveFailure, this.#outbox.stop())
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
   * end it. So until the receive side reports that read (a recovered marker, Outbox.release)
   * nothing new goes out, the freed in-flight slots included (Outbox.hold); the receive side is
   * kept reading meanwhile (#pump), and requests held longer than their timeout end with
   * NetlinkTimeoutError (protocol/timeouts.ts).
   */
  #overflowed(): void {
    // Requests made in this tick and not flushed yet stay: the outbox holds them until its release.
    const unsent = this.#outbox.unflushed()
    const sent = [...this.#pending.values()].filter((request) => !request.isDump && request.state !== 'queued' && !unsent?.has(request))
    for (const request of sent) {
      request.end(new NetlinkOverflowError(request.sequenceNumber), true)
      this.#retire(request)
    }
  }

  /**
   * Right after an inline send, with no delivery outstanding: the kernel has usually answered
   * inside sendmsg already, so read the answer here instead of waking the receive thread and
   * waiting for it to hand the datagram back (direct mode only; the binding checks).
   */
  #readWaiting(maxDatagrams?: number): void {
    if (this.#outstanding > 0 || this.#closed) return
    const batch = this.#native.readWaiting(maxDatagrams)
    if (batch !== null) this.#processBatch(batch)
  }

  // --- RequestHost -------------------------------------------------------------------------

  onConsumerProgress(request: PendingRequest<unknown>): void {
    request.lastActivity = monotonicMs()
    this.#pump()
  }

  onAbandon(request: PendingRequest<unknown>, _reason: Error | null): void {
    this.#drain(request)
    this.#pump()
  }

  // --- receive path -------------------------------------------------------------------------

  #processDatagram(data: Buffer, group: number, text: string | undefined): void {
    const end = data.length
    let offset = 0
    let lastRequest: PendingRequest<unknown> | undefined
    let cachedSeq = -1
    let cachedRequest: PendingRequest<unknown> | undefined
    // The header is read byte by byte: Buffer's readUInt32LE is a function call with its own
    // checks, which costs most before V8 has optimised this loop (the first dump of a process).
    while (offset < end) {
      const length = end - offset >= HDRLEN ? (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0 : 0
      if (length < HDRLEN || length > end - offset) {
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
          this.#deliverToRequest(cachedRequest, data, offset, length, type, flags, text)
        } else if (seq !== 0 && this.#sequence.isRetired(seq)) {
          this.stats.discardedLate++
        } else {
          this.#deliverBroadcast(data, offset, length, type, flags, seq)
        }
      }
      offset += align(length)
    }
  }

  #deliverToRequest(
    request: PendingRequest<unknown>,
    data: Buffer,
    offset: number,
    length: number,
    type: number,
    flags: number,
    text: string | undefined,
  ): void {
    request.lastActivity = this.#clock
    if (request.state === 'draining') this.stats.discardedLate++
    if (type < MIN_TYPE && type !== 0) {
      const outcome = controlOutcome(data, offset, length, type, flags, request.frame.readUInt16LE(4))
      if (outcome === SKIP) return
      if (outcome !== AS_DATA) {
        if (type === NLMSG_DONE && flags & DUMP_INTR) request.interrupted = true
        return this.#finish(request, outcome)
      }
    }
    if (request.state === 'draining') {
      if (ends(request.expectsAck, type, flags)) this.#retire(request)
      return
    }
    request.received++
    if (flags & DUMP_INTR) request.interrupted = true
    let message: unknown
    try {
      const parser = request.options.parser
      message = parser !== undefined ? parser(data, offset, length, text) : this.#marshal.parse(data, offset, length, flags, request.sequenceNumber)
    } catch (error) {
      return this.#abandon(request, asParseError(error, data, offset, length))
    }
    if (message !== null && message !== undefined) {
      this.#callbacks.run(message)
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
    if (ends(request.expectsAck, type, flags)) this.#finish(request, null)
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
    this.#callbacks.run(message)
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
    const error = malformedDatagramError(data, offset, length)
    /** Each request owed data in the unreadable rest → whether its answer ended there. */
    const owed = new Map<PendingRequest<unknown>, boolean>()
    const sentRequest = (seq: number) => {
      const request = this.#pending.get(seq)
      return request !== undefined && (request.state === 'active' || request.state === 'draining') ? request : undefined
    }
    const badSeq = group === 0 && offset + 12 <= end ? data.readUInt32LE(offset + 8) : -1
    const named = badSeq >= 0 ? sentRequest(badSeq) : undefined
    if (named !== undefined) owed.set(named, endsAnswer(named.expectsAck, data.readUInt16LE(offset + 4), data.readUInt16LE(offset + 6)))
    else if (group === 0 && lastRequest !== undefined && lastRequest.state !== 'retired') owed.set(lastRequest, false)
    if (group === 0) {
      forEachHeaderAfter(data, offset, (seq, type, flags) => {
        const request = sentRequest(seq)
        if (request !== undefined) owed.set(request, owed.get(request) === true || endsAnswer(request.expectsAck, type, flags))
      })
    }
    if (owed.size === 0) {
      if (badSeq > 0 && this.#sequence.isRetired(badSeq)) this.stats.discardedLate++
      else this.broadcasts.push(brokenMessage(data, offset, Math.max(0, end - offset), error))
      return
    }
    for (const [request, ended] of owed) {
      if (request.state === 'draining') this.stats.discardedLate++
      this.#abandon(request, error)
      if (ended) this.#retire(request)
    }
  }

  // --- request lifecycle ------------------------------------------------------------------

  /** A new request is pending: its answers are routed to it, and `signal` abandons it (drains what is still to come). */
  #admit(request: PendingRequest<unknown>, signal: AbortSignal | undefined): void {
    this.#pending.set(request.sequenceNumber, request)
    request.watchAbort(signal, () => {
      const reason = signal!.reason
      if (request.state === 'active' || request.state === 'queued') this.#abandon(request, reason)
      else request.cancelQueued(reason)
    })
  }

  /** The outbox took these requests; `held`: the congestion hold keeps them, and their timeouts run from now (see protocol/timeouts.ts). */
  #submitted(held: boolean, requests: PendingRequest<unknown>[]): void {
    if (!held) return
    const now = monotonicMs()
    for (const request of requests) {
      request.lastActivity = now
      if (request.timeoutMs !== Infinity) this.#timeouts.ensure(request.timeoutMs)
    }
  }

  /** The outbox is about to send `request`: its native parser first, then its clock starts. */
  #start(request: PendingRequest<unknown>): boolean {
    const { nativeParser } = request.options
    try {
      if (nativeParser !== undefined) this.#native.setNativeParser(request.sequenceNumber, nativeParser)
    } catch (error) {
      request.end(error)
      this.#retire(request)
      return false
    }
    request.lastActivity = this.#inDelivery ? this.#clock : monotonicMs()
    if (request.timeoutMs !== Infinity) this.#timeouts.ensure(request.timeoutMs)
    return true
  }

  #transmit(batch: PendingRequest<unknown>[]): void {
    if (this.#closed) return
    try {
      if (batch.length >= BACKGROUND_SEND_MIN) {
        // A pipelined burst: the kernel's work on it runs on the sender thread while JS goes on.
        this.#native.sendInBackground(Buffer.concat(batch.map((request) => request.frame)))
      } else {
        this.#native.send(batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((request) => request.frame)))
        // A dump goes alone in its datagram (the outbox's rule): read only its first datagram here.
        // Any other request is answered by at most two datagrams (its message, then the ack it asked
        // for), already queued when the send returns: reading no more than that saves the read that
        // would find the socket empty, one of the four system calls of a single get's round trip.
        this.#readWaiting(batch[0]!.isDump ? 1 : mostAnswerDatagrams(batch))
      }
    } catch (error) {
      for (const request of batch) {
        request.end(error, true)
        this.#retire(request)
      }
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
      // Never sent: nothing to drain.
      this.#outbox.withdraw(request)
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
    request.lastActivity = monotonicMs()
    this.#timeouts.ensure(request.timeoutMs)
  }

  #retire(request: PendingRequest<unknown>): void {
    if (request.state === 'retired') return
    const wasSent = request.state !== 'queued'
    if (request.state === 'draining') this.#draining--
    request.state = 'retired'
    const seq = request.sequenceNumber
    if (this.#pending.get(seq) === request) this.#pending.delete(seq)
    this.#sequence.retire(seq)
    if (wasSent && request.options.nativeParser !== undefined && !this.#closed) {
      try {
        this.#native.clearNativeParser(seq)
      } catch {
        // The socket may be closing; the registration dies with it.
      }
    }
    this.#outbox.released(request, wasSent)
    this.#updateRef()
  }

  /** Ends every pending request, and the changes that waited unbuilt, with `error`. */
  #failAll(error: Error, unbuilt: readonly UnbuiltRequest[]): void {
    for (const request of [...this.#pending.values()]) {
      request.end(error, true)
      this.#retire(request)
    }
    for (const change of unbuilt) change.reject(error)
  }

  // --- flow control ------------------------------------------------------------------------

  /** Asks the receive side for as many deliveries as the current readers can use. */
  #pump(): void {
    if (this.#closed || this.#receiveFailure !== null) return this.#updateRef()
    // Counters, not a walk over pending requests: this runs for every delivery and every request.
    const outbox = this.#outbox
    const dump = outbox.activeDump
    // Only what went out: a request waiting for this tick's flush asks after it is sent (the flush
    // pumps), when the engine reads its answer at once; woken before, the receive thread would take
    // the answer and hand it over through the event loop (a round trip of about 60 µs more).
    const sentOthers = outbox.onTheWire
    let wanted = 0
    // A dump reads one datagram ahead so the kernel fills the next while JS parses this one.
    if (dump !== null && dump.wantsData) wanted = DUMP_READ_AHEAD
    else if (sentOthers > PIPELINE_READ_AHEAD_FROM) wanted = PIPELINE_READ_AHEAD
    // Congested: read until the kernel's queue is empty, which is what ends the congestion.
    else if (sentOthers > 0 || outbox.congested || this.broadcasts.wantsData || this.#callbacks.size > 0) wanted = 1
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
    const awaited = this.#pending.size - this.#draining > 0 || this.#outbox.unbuilt > 0 || this.broadcasts.awaited
    const want = !this.#closed && (this.#keepAlive || awaited)
    const inUse = want || (!this.#closed && this.#callbacks.size > 0)
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

/** The most datagrams the kernel answers `batch` (no dump in it) with: one each, two with an ack asked for. */
function mostAnswerDatagrams(batch: readonly PendingRequest<unknown>[]): number {
  let most = 0
  for (const request of batch) most += request.expectsAck ? 2 : 1
  return most
}
