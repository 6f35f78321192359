/**
 * The broadcast stream: messages that are not answers to a pending request (multicast
 * notifications, sequence number 0, unknown numbers) and overflow markers, handed to `events()`
 * iterators. Bounded: when consumers fall behind, the excess is replaced by one overflow marker,
 * so memory stays flat and the consumer learns that it must re-dump. Broadcasts that arrive while
 * no iterator is open wait in the same bounded queue for the next one.
 */
import { NLMSG_OVERRUN } from './constants'
import type { Message } from './marshal'

/** Yielded by events() when notifications were lost (ENOBUFS, or a consumer too slow): re-dump. */
export interface OverflowMessage extends Message {
  overflow: true
}

export function overflowMessage(): OverflowMessage {
  return { header: { length: 0, type: NLMSG_OVERRUN, flags: 0, sequenceNumber: 0, pid: 0, error: null }, overflow: true }
}

export function isOverflow(message: unknown): message is OverflowMessage {
  return typeof message === 'object' && message !== null && (message as OverflowMessage).overflow === true
}

export class BroadcastHub {
  readonly #limit: number
  readonly #stats: { droppedBroadcasts: number }
  readonly #onDemand: () => void
  #queue: unknown[] = []
  #head = 0
  #overflowPending = false
  #waiter: { resolve(r: IteratorResult<unknown>): void; reject(e: unknown): void } | null = null
  #iterators = 0
  #closed = false
  #closeError: Error | null = null

  constructor(limit: number, stats: { droppedBroadcasts: number }, onDemand: () => void) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`options.eventQueueLimit must be a positive integer, got ${String(limit)}`)
    this.#limit = limit
    this.#stats = stats
    this.#onDemand = onDemand
  }

  get #size(): number {
    return this.#queue.length - this.#head
  }

  /** Reading helps: an iterator is open and its queue has room. */
  get wantsData(): boolean {
    return !this.#closed && this.#iterators > 0 && this.#size < this.#limit
  }

  /** An iterator is blocked waiting for the next broadcast. */
  get awaited(): boolean {
    return this.#waiter !== null
  }

  push(message: unknown): void {
    if (this.#closed) return
    const waiter = this.#waiter
    if (waiter !== null && this.#size === 0) {
      this.#waiter = null
      waiter.resolve({ value: message, done: false })
      return
    }
    if (this.#size >= this.#limit) {
      this.#stats.droppedBroadcasts++
      this.overflow()
      return
    }
    this.#queue.push(message)
  }

  /** Records that messages were lost; consecutive losses collapse into one marker. */
  overflow(): void {
    if (this.#closed) return
    const waiter = this.#waiter
    if (waiter !== null && this.#size === 0) {
      this.#waiter = null
      waiter.resolve({ value: overflowMessage(), done: false })
      return
    }
    if (this.#size >= this.#limit) {
      this.#overflowPending = true
      return
    }
    const last = this.#queue[this.#queue.length - 1]
    if (this.#size > 0 && isOverflow(last)) return
    this.#queue.push(overflowMessage())
  }

  /** Ends every iterator: done, or rejected with `error` (receive failure). */
  close(error: Error | null): void {
    if (this.#closed) return
    this.#closed = true
    this.#closeError = error
    const waiter = this.#waiter
    this.#waiter = null
    if (waiter !== null) {
      if (error) waiter.reject(error)
      else waiter.resolve({ value: undefined, done: true })
    }
  }

  /** An async iterator over broadcasts; ends when the socket closes or `signal` aborts. */
  iterate(signal?: AbortSignal): AsyncIterableIterator<unknown> {
    if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('events(): options.signal must be an AbortSignal')
    this.#iterators++
    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      this.#iterators--
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = () => {
      finish()
      const waiter = this.#waiter
      this.#waiter = null
      waiter?.reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const iterator: AsyncIterableIterator<unknown> = {
      next: () => {
        if (finished) {
          return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve({ value: undefined, done: true })
        }
        if (this.#size > 0) {
          const value = this.#queue[this.#head]
          this.#queue[this.#head++] = undefined
          if (this.#head === this.#queue.length) {
            this.#queue = []
            this.#head = 0
            if (this.#overflowPending) {
              this.#overflowPending = false
              this.#queue.push(overflowMessage())
            }
          }
          this.#onDemand()
          return Promise.resolve({ value, done: false })
        }
        if (this.#closed) {
          finish()
          const error = this.#closeError
          return error ? Promise.reject(error) : Promise.resolve({ value: undefined, done: true })
        }
        if (this.#waiter !== null) return Promise.reject(new Error('events(): next() called again before the previous call settled'))
        return new Promise((resolve, reject) => {
          this.#waiter = { resolve, reject }
          this.#onDemand()
        })
      },
      return: () => {
        finish()
        return Promise.resolve({ value: undefined, done: true })
      },
      [Symbol.asyncIterator]() {
        return iterator
      },
    }
    this.#onDemand()
    return iterator
  }
}
