/**
 * One request in flight: its sequence number, how its answer is parsed and ended, the messages
 * waiting for the caller, and the caller-facing async iterator. The engine (engine.ts) routes
 * messages here; this file owns what happens to them afterwards: queueing, termination, errors,
 * early exit, timeouts and abort.
 */
import { DumpInterruptedError } from './errors'
import type { Parser } from './marshal'
import type { NativeParserSpec } from './native'

export type RequestState =
  /** A dump waiting for the socket's previous dump to finish (the kernel runs one at a time). */
  | 'queued'
  /** Sent; messages are flowing to the caller. */
  | 'active'
  /** The caller is gone (early exit, timeout, abort, error) but the kernel is still answering: discard until the end. */
  | 'draining'
  /** Ended and forgotten. */
  | 'retired'

/** Options of {@link NetlinkSocket.request}: the message type, its flags, how to parse and end the answer, and limits. */
export interface RequestOptions<T = unknown> {
  /** Netlink message type of the request. */
  type: number
  /** nlmsg_flags; NLM_F_REQUEST is always added. */
  flags?: number
  /** Parser for every data message of this answer, instead of the Marshal's choice. */
  parser?: Parser<T>
  /** A native parser run in Rust before anything reaches JS (e.g. { name: 'defaultRoutes' }). */
  nativeParser?: NativeParserSpec
  /** Ends the answer at the first message for which it returns true (that message included). */
  terminate?: (message: T) => boolean
  /** Milliseconds without progress before NetlinkTimeoutError; 0 or Infinity: no timeout. */
  timeout?: number
  /** Cancels the request; the rest of its answer is drained and discarded. */
  signal?: AbortSignal
  /** Treat as a dump (serialised with other dumps). Default: (flags & NLM_F_DUMP) === NLM_F_DUMP. */
  dump?: boolean
}

/** requestAll: dumps interrupted by a concurrent change (NLM_F_DUMP_INTR) are retried this many times. */
export interface CollectOptions<T = unknown> extends RequestOptions<T> {
  /** Re-dumps allowed after NLM_F_DUMP_INTR before DumpInterruptedError; default 0. */
  retryInterrupted?: number
}

export interface Waiter<T> {
  resolve(result: IteratorResult<T>): void
  reject(error: unknown): void
}

/**
 * Settles a next() call with the end of an iterator: a rejection with `error` when there is one
 * (the caller hands an error out once, then forgets it), otherwise done.
 */
export function settleWithEnd<T>(waiter: Waiter<T>, error: unknown): void {
  if (error !== null) waiter.reject(error)
  else waiter.resolve({ value: undefined, done: true })
}

/** next() calls not yet settled, oldest first. A head index, as shift() on a long array is linear. */
export class WaiterQueue<T> {
  #items: (Waiter<T> | undefined)[] = []
  #head = 0

  get size(): number {
    return this.#items.length - this.#head
  }

  push(waiter: Waiter<T>): void {
    this.#items.push(waiter)
  }

  shift(): Waiter<T> | undefined {
    if (this.#head === this.#items.length) return undefined
    const waiter = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    }
    return waiter
  }

  /** Removes and returns every waiter, oldest first. */
  takeAll(): Waiter<T>[] {
    const all = this.#items.slice(this.#head) as Waiter<T>[]
    this.#items = []
    this.#head = 0
    return all
  }
}

/** How many parsed messages may wait for a streaming caller before reading pauses. */
export const STREAM_HIGH_WATER = 8192

/** Hooks the request calls back into its engine with. */
export interface RequestHost {
  /** The caller pulled: more data may be wanted now. */
  onConsumerProgress(request: PendingRequest<unknown>): void
  /** The caller left before the natural end: drain the rest. */
  onAbandon(request: PendingRequest<unknown>, reason: Error | null): void
}

export class PendingRequest<T> implements AsyncIterableIterator<T> {
  state: RequestState = 'queued'
  readonly sequenceNumber: number
  readonly isDump: boolean
  readonly expectsAck: boolean
  readonly timeoutMs: number
  /** Set when any message of the answer carried NLM_F_DUMP_INTR. */
  interrupted = false
  /** Data messages received for this request (parsed or skipped). */
  received = 0
  /** When set, messages go into this array and no per-message promise is made (requestAll). */
  collected: T[] | null = null
  /** monotonicMs() (protocol/clock.ts) of the last message or caller pull; the timeout counts from here. */
  lastActivity = 0
  readonly #host: RequestHost
  #queue: T[] = []
  #head = 0
  #ended = false
  #error: unknown = null
  /**
   * next() calls not yet settled, oldest first; non-empty only while #queue is empty. Made by the
   * first next() that waits: a change is collected, never iterated, and 100k of them may wait at once.
   */
  #waiters: WaiterQueue<T> | null = null
  /** return() or throw() was called: every later next() is done. */
  #closedByCaller = false
  #collectWaiter: { resolve(v: T[] | undefined): void; reject(e: unknown): void } | null = null
  /** completed() was called: the collect waiter resolves with nothing instead of the messages. */
  #resolvesEmpty = false
  #removeAbortListener: (() => void) | null = null

  constructor(
    host: RequestHost,
    sequenceNumber: number,
    readonly frame: Buffer,
    readonly options: RequestOptions<T>,
    isDump: boolean,
    expectsAck: boolean,
    timeoutMs: number,
  ) {
    this.#host = host
    this.sequenceNumber = sequenceNumber
    this.isDump = isDump
    this.expectsAck = expectsAck
    this.timeoutMs = timeoutMs
  }

  /** The caller is still interested in messages (not ended, not abandoned). */
  get open(): boolean {
    return !this.#ended
  }

  /** Whether reading more from the socket helps this request now. */
  get wantsData(): boolean {
    if (this.state === 'draining') return true
    if (this.state !== 'active') return false
    return this.collected !== null || this.#queue.length - this.#head < STREAM_HIGH_WATER
  }

  /** Whether a caller is blocked waiting on this request (keeps the process alive). */
  get awaited(): boolean {
    return (this.#waiters !== null && this.#waiters.size > 0) || this.#collectWaiter !== null
  }

  watchAbort(signal: AbortSignal | undefined, onAbort: () => void): void {
    if (!signal) return
    signal.addEventListener('abort', onAbort, { once: true })
    this.#removeAbortListener = () => signal.removeEventListener('abort', onAbort)
  }

  push(message: T): void {
    if (this.#ended) return
    if (this.collected !== null) {
      this.collected.push(message)
      return
    }
    const waiter = this.#waiters?.shift()
    if (waiter !== undefined) {
      waiter.resolve({ value: message, done: false })
      return
    }
    this.#queue.push(message)
  }

  /**
   * Ends the caller's view of the answer. `error` null: a normal end (an interrupted dump becomes
   * DumpInterruptedError). `discardQueued`: the error outranks messages not yet taken (timeout,
   * abort, close), otherwise they are handed out first.
   */
  end(error: unknown, discardQueued = false): void {
    if (this.#ended) return
    this.#ended = true
    // A streaming caller may still abort while it works through what is queued.
    if (this.collected !== null || discardQueued || this.#head === this.#queue.length) this.#stopWatchingAbort()
    if (error === null && this.interrupted) {
      error = new DumpInterruptedError(this.collected, this.received)
    }
    this.#error = error
    if (discardQueued) {
      this.#queue = []
      this.#head = 0
    }
    const collectWaiter = this.#collectWaiter
    if (collectWaiter !== null) {
      this.#collectWaiter = null
      if (error === null) collectWaiter.resolve(this.#resolvesEmpty ? undefined : (this.collected ?? []))
      else collectWaiter.reject(error)
    }
    this.#settleWaiters()
  }

  /**
   * The caller aborted after the kernel had finished but before it took every queued message:
   * the rest is dropped and the abort reason is what the caller sees next.
   */
  cancelQueued(reason: unknown): void {
    this.#stopWatchingAbort()
    if (this.#head === this.#queue.length) return
    this.#queue = []
    this.#head = 0
    this.#error = reason
  }

  #stopWatchingAbort(): void {
    this.#removeAbortListener?.()
    this.#removeAbortListener = null
  }

  /** The whole answer as an array (requestAll). */
  collect(): Promise<T[]> {
    return this.#whenEnded(false) as Promise<T[]>
  }

  /**
   * Resolves with nothing once the answer has ended well (what a change waits for: its ack); fails
   * as collect() does. One promise where `collect().then(() => {})` makes two, for each of what may
   * be 100k changes waiting at once.
   */
  completed(): Promise<void> {
    return this.#whenEnded(true) as Promise<void>
  }

  /**
   * completed(), settling `waiter` (an unbuilt change's promise, see RequestEngine.change) instead
   * of making a promise of its own.
   */
  completeInto(waiter: { resolve(value: undefined): void; reject(error: unknown): void }): void {
    this.#whenEnded(true, waiter as { resolve(v: T[] | undefined): void; reject(e: unknown): void })
  }

  #whenEnded(empty: boolean, waiter?: { resolve(v: T[] | undefined): void; reject(e: unknown): void }): Promise<T[] | undefined> | undefined {
    this.#resolvesEmpty = empty
    if (this.collected === null) {
      // Messages may already be here: an answer read at once, on the sending thread.
      this.collected = this.#head === 0 ? this.#queue : this.#queue.slice(this.#head)
      this.#queue = []
      this.#head = 0
    }
    if (this.#ended) {
      let error = this.#error
      // Ended before collect() was called (the whole answer was read on the sending thread): the
      // error was made without the results, which exist only now.
      if (error instanceof DumpInterruptedError && error.results === null) error = new DumpInterruptedError(this.collected, this.received)
      if (waiter !== undefined) {
        if (error === null) waiter.resolve(empty ? undefined : this.collected)
        else waiter.reject(error)
        return undefined
      }
      return error === null ? Promise.resolve(empty ? undefined : this.collected) : Promise.reject(error)
    }
    if (waiter !== undefined) {
      this.#collectWaiter = waiter
      // Not sent yet (an unbuilt change just built): nothing was read that could have paused.
      if (this.state !== 'queued') this.#host.onConsumerProgress(this as PendingRequest<unknown>)
      return undefined
    }
    return new Promise((resolve, reject) => {
      this.#collectWaiter = { resolve, reject }
      // Collecting has no high-water mark: reading may have paused at the streaming one while the
      // messages read on the sending thread waited for this call, and only a pump resumes it.
      this.#host.onConsumerProgress(this as PendingRequest<unknown>)
    })
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#closedByCaller) return Promise.resolve({ value: undefined, done: true })
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head]!
      this.#queue[this.#head++] = undefined as T
      if (this.#head === this.#queue.length) {
        this.#queue = []
        this.#head = 0
      }
      this.#host.onConsumerProgress(this as PendingRequest<unknown>)
      return Promise.resolve({ value, done: false })
    }
    if (this.#ended) {
      return new Promise((resolve, reject) => this.#settleEnd({ resolve, reject }))
    }
    // Calls made before the previous one settled wait their turn, as with an async generator.
    return new Promise((resolve, reject) => {
      ;(this.#waiters ??= new WaiterQueue<T>()).push({ resolve, reject })
      this.#host.onConsumerProgress(this as PendingRequest<unknown>)
    })
  }

  /**
   * Leaving a `for await` early: the rest of the answer is drained and discarded. Pending next()
   * calls settle with done, and so does every later one.
   */
  return(): Promise<IteratorResult<T>> {
    this.#stopWatchingAbort()
    this.#closedByCaller = true
    // Taken first: ending the answer must not hand them an error (an interrupted dump's).
    const waiters = this.#waiters?.takeAll() ?? []
    if (!this.#ended) {
      this.end(null, true)
      this.#host.onAbandon(this as PendingRequest<unknown>, null)
    }
    this.#error = null
    this.#queue = []
    this.#head = 0
    for (const waiter of waiters) waiter.resolve({ value: undefined, done: true })
    return Promise.resolve({ value: undefined, done: true })
  }

  /** As an async generator: finishes like return(), then rejects with `error`. */
  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return()
    throw error
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /** Settles the waiting next() calls once nothing is queued: the first gets the end, the rest done. */
  #settleWaiters(): void {
    if (this.#head < this.#queue.length || this.#waiters === null) return
    const waiters = this.#waiters.takeAll()
    for (const waiter of waiters) this.#settleEnd(waiter)
  }

  /** Hands out the end once: the error (then plain done), or done. */
  #settleEnd(waiter: Waiter<T>): void {
    this.#stopWatchingAbort()
    const error = this.#error
    this.#error = null
    settleWithEnd(waiter, error)
  }
}

/**
 * An answer that can start only after some work (interface names looked up first), with the
 * contract of PendingRequest: next() calls queue in order, an already-aborted `signal` rejects the
 * first call at once (nothing is started), a failed start is handed out once and then done,
 * return() before the start means nothing is ever sent, and return() during it ends (drains) the
 * answer as soon as it exists.
 */
export function deferredIterator<T>(start: () => Promise<AsyncIterator<T>>, signal?: AbortSignal): AsyncIterableIterator<T> {
  let inner: AsyncIterator<T> | null = null
  let starting: Promise<AsyncIterator<T>> | null = null
  let finished = false
  const done = (): IteratorResult<T> => ({ value: undefined, done: true })
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      if (finished) return done()
      if (inner === null) {
        if (starting === null) {
          if (signal?.aborted) {
            finished = true
            throw signal.reason
          }
          starting = start()
        }
        let started: AsyncIterator<T>
        try {
          started = await starting
        } catch (error) {
          // Calls queued behind the first see plain done, as after any error.
          if (finished) return done()
          finished = true
          throw error
        }
        inner ??= started
        if (finished) return done()
      }
      return inner.next()
    },
    async return() {
      finished = true
      if (inner === null && starting !== null) inner = await starting.catch(() => null)
      await inner?.return?.()
      return done()
    },
    async throw(error?: unknown) {
      await iterator.return!()
      throw error
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}
