/**
 * The broadcast stream: messages that are not answers to a pending request (multicast
 * notifications, sequence number 0, unknown numbers) and overflow markers, handed to `events()`
 * iterators. Every open iterator gets every broadcast (fan-out), each through a bounded queue of
 * its own: when one falls behind, its excess is replaced by one overflow marker, so memory stays
 * flat and that consumer learns that it must re-dump, while the others go on. Broadcasts that
 * arrive while no iterator is open wait in a bounded backlog for the next iterator that opens.
 */
import { NLMSG_OVERRUN } from './constants'
import type { Message } from './marshal'
import { settleWithEnd, WaiterQueue, type Waiter } from './request'

/** Yielded by events() when notifications were lost (ENOBUFS, or a consumer too slow): re-dump. */
export interface OverflowMessage extends Message {
  /** Always true: what tells a marker from a message. */
  overflow: true
}

export function overflowMessage(): OverflowMessage {
  return { header: { length: 0, type: NLMSG_OVERRUN, flags: 0, sequenceNumber: 0, pid: 0, error: null }, overflow: true }
}

/** true when `message` is an overflow marker from events() rather than a message. */
export function isOverflow(message: unknown): message is OverflowMessage {
  return typeof message === 'object' && message !== null && (message as OverflowMessage).overflow === true
}

/** A bounded FIFO of broadcasts in which losses collapse into one overflow marker. */
class BoundedQueue {
  #items: unknown[] = []
  #head = 0
  /** A loss happened while the queue was full: the marker goes in as soon as there is room. */
  #overflowPending = false

  get size(): number {
    return this.#items.length - this.#head
  }

  /** Adds `message`; false when full (the caller records the loss). */
  push(message: unknown, limit: number): boolean {
    if (this.size >= limit) return false
    this.#items.push(message)
    return true
  }

  /** Records that messages were lost; consecutive losses collapse into one marker. */
  overflow(limit: number): void {
    if (this.size >= limit) {
      this.#overflowPending = true
      return
    }
    if (this.size > 0 && isOverflow(this.#items[this.#items.length - 1])) return
    this.#items.push(overflowMessage())
  }

  /** The oldest message; the queue must not be empty. */
  shift(): unknown {
    const value = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
      if (this.#overflowPending) {
        this.#overflowPending = false
        this.#items.push(overflowMessage())
      }
    }
    return value
  }

  clear(): void {
    this.#items = []
    this.#head = 0
    this.#overflowPending = false
  }
}

/** One events() iterator: its own queue, its waiting next() calls, its end. */
class EventIterator implements AsyncIterableIterator<unknown> {
  readonly #hub: BroadcastHub
  readonly queue: BoundedQueue
  /** next() calls not yet settled, oldest first; non-empty only while the queue is empty. */
  readonly #waiters = new WaiterQueue<unknown>()
  #finished = false
  /** Handed to the next next() call once (abort reason, receive failure), then plain done. */
  #error: unknown = null
  readonly #signal: AbortSignal | undefined
  readonly #onAbort = (): void => this.#end(this.#signal!.reason, true)

  constructor(hub: BroadcastHub, signal: AbortSignal | undefined, queue: BoundedQueue) {
    this.#hub = hub
    this.#signal = signal
    this.queue = queue
    if (signal?.aborted) {
      // An aborted signal never fires 'abort' again: the first next() rejects with its reason.
      this.#finished = true
      this.#error = signal.reason
    } else {
      signal?.addEventListener('abort', this.#onAbort, { once: true })
    }
  }

  get waiting(): boolean {
    return this.#waiters.size > 0
  }

  get finished(): boolean {
    return this.#finished
  }

  deliver(message: unknown, limit: number): boolean {
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) {
      waiter.resolve({ value: message, done: false })
      return true
    }
    return this.queue.push(message, limit)
  }

  overflow(limit: number): void {
    const waiter = this.#waiters.shift()
    if (waiter !== undefined) waiter.resolve({ value: overflowMessage(), done: false })
    else this.queue.overflow(limit)
  }

  /**
   * The stream ends for this iterator. `error` (abort reason, receive failure) goes to the first
   * waiting call, or to the next call if none waits; `discardQueued`: it outranks what is queued.
   */
  #end(error: unknown, discardQueued: boolean): void {
    if (this.#finished) return
    this.#finished = true
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.#hub.detach(this)
    if (discardQueued) this.queue.clear()
    this.#error = error
    const waiters = this.#waiters.takeAll()
    for (const waiter of waiters) this.#settleEnd(waiter)
  }

  /** The socket closed: queued broadcasts are still handed out, then the end. */
  close(error: Error | null): void {
    this.#end(error, false)
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.queue.size > 0) {
      const value = this.queue.shift()
      this.#hub.onConsumerProgress()
      return Promise.resolve({ value, done: false })
    }
    if (this.#finished) return new Promise((resolve, reject) => this.#settleEnd({ resolve, reject }))
    // Calls made before the previous one settled wait their turn, as with an async generator.
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject })
      this.#hub.onConsumerProgress()
    })
  }

  /** Leaving the loop: pending and later next() calls are done; other iterators go on. */
  return(): Promise<IteratorResult<unknown>> {
    this.#end(null, true)
    this.#error = null
    return Promise.resolve({ value: undefined, done: true })
  }

  /** As an async generator: finishes like return(), then rejects with `error`. */
  async throw(error?: unknown): Promise<IteratorResult<unknown>> {
    await this.return()
    throw error
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  #settleEnd(waiter: Waiter<unknown>): void {
    const error = this.#error
    this.#error = null
    settleWithEnd(waiter, error)
  }
}

export class BroadcastHub {
  readonly #limit: number
  readonly #stats: { droppedBroadcasts: number }
  readonly #onDemand: () => void
  readonly #iterators = new Set<EventIterator>()
  /** Broadcasts received while no iterator is open, for the next one that opens. */
  #backlog = new BoundedQueue()
  #closed = false
  #closeError: Error | null = null

  constructor(limit: number, stats: { droppedBroadcasts: number }, onDemand: () => void) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`options.eventQueueLimit must be a positive integer, got ${String(limit)}`)
    this.#limit = limit
    this.#stats = stats
    this.#onDemand = onDemand
  }

  /** Reading helps: some open iterator has room in its queue. */
  get wantsData(): boolean {
    if (this.#closed) return false
    for (const iterator of this.#iterators) if (iterator.queue.size < this.#limit) return true
    return false
  }

  /** An iterator is blocked waiting for the next broadcast. */
  get awaited(): boolean {
    for (const iterator of this.#iterators) if (iterator.waiting) return true
    return false
  }

  push(message: unknown): void {
    if (this.#closed) return
    if (this.#iterators.size === 0) {
      if (!this.#backlog.push(message, this.#limit)) this.#lost()
      return
    }
    for (const iterator of this.#iterators) {
      if (!iterator.deliver(message, this.#limit)) {
        this.#stats.droppedBroadcasts++
        iterator.overflow(this.#limit)
      }
    }
  }

  /** Records that messages were lost, for every open iterator (or the backlog). */
  overflow(): void {
    if (this.#closed) return
    if (this.#iterators.size === 0) this.#backlog.overflow(this.#limit)
    for (const iterator of this.#iterators) iterator.overflow(this.#limit)
  }

  #lost(): void {
    this.#stats.droppedBroadcasts++
    this.#backlog.overflow(this.#limit)
  }

  /** Ends every iterator: done, or rejected with `error` (receive failure), after what each has queued. */
  close(error: Error | null): void {
    if (this.#closed) return
    this.#closed = true
    this.#closeError = error
    for (const iterator of [...this.#iterators]) iterator.close(error)
  }

  /**
   * A new async iterator over broadcasts; ends when the socket closes or `signal` aborts. It gets
   * every broadcast from now on (and the backlog, if no other iterator is open).
   */
  iterate(signal?: AbortSignal): AsyncIterableIterator<unknown> {
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('events(): options.signal must be an AbortSignal')
    const takesBacklog = !signal?.aborted && this.#iterators.size === 0 && this.#backlog.size > 0
    const iterator = new EventIterator(this, signal, takesBacklog ? this.#backlog : new BoundedQueue())
    if (takesBacklog) this.#backlog = new BoundedQueue()
    if (iterator.finished) return iterator
    if (this.#closed) {
      iterator.close(this.#closeError)
      return iterator
    }
    this.#iterators.add(iterator)
    this.#onDemand()
    return iterator
  }

  /** The iterator ended (return, abort, close): it no longer receives. */
  detach(iterator: EventIterator): void {
    if (this.#iterators.delete(iterator)) this.#onDemand()
  }

  onConsumerProgress(): void {
    this.#onDemand()
  }
}
