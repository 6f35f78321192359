/**
 * The timeout sweep: which pending requests have waited too long, and when to look. Timeouts count
 * from the last progress (a message for the request, or the caller pulling), so a long dump read by
 * a slow consumer does not time out, but a silent kernel does. What happens to an expired request
 * is its engine's (the host's); this file decides only who expires and keeps the one timer.
 */
import type { PendingRequest } from '../request'
import { monotonicMs } from './clock'

/** The timeout sweep runs at most this often and at least this rarely. */
const SWEEP_MIN_MS = 10
const SWEEP_MAX_MS = 250
/** An abandoned answer is forgotten after this long without a message for it (its timeout, within these bounds). */
const DRAIN_IDLE_MIN_MS = 1000
const DRAIN_IDLE_MAX_MS = 60_000

/** How often the sweep runs while a request with this timeout (Infinity: a drain) can expire. */
export function sweepInterval(timeoutMs: number): number {
  return Math.min(SWEEP_MAX_MS, Math.max(SWEEP_MIN_MS, (timeoutMs === Infinity ? DRAIN_IDLE_MIN_MS : timeoutMs) / 4))
}

/** How long a drained answer of a request with this timeout may stay silent before it is forgotten. */
export function drainIdleLimit(timeoutMs: number): number {
  return Math.min(DRAIN_IDLE_MAX_MS, Math.max(timeoutMs, DRAIN_IDLE_MIN_MS))
}

/** What the sweep acts on and through. */
export interface SweepHost {
  /** Whether requests not sent yet count down too: congestion holds them (see outbox.ts). */
  readonly holding: boolean
  /** The request's timeout passed: end it with NetlinkTimeoutError and drain the rest. */
  expire(request: PendingRequest<unknown>): void
  /** A drained answer stayed silent for too long: forget it. */
  forget(request: PendingRequest<unknown>): void
  /** After every sweep: expiries may change what the receive side should be asked for. */
  swept(): void
}

/**
 * Timeouts are enforced by one sweep over the pending requests rather than a timer each, so a
 * hundred thousand pipelined requests do not make a hundred thousand timers. The sweep runs
 * every quarter of the shortest timeout in play (10 ms .. 250 ms) while any request can expire.
 */
export class TimeoutSweep {
  readonly #pending: ReadonlyMap<number, PendingRequest<unknown>>
  readonly #host: SweepHost
  #timer: NodeJS.Timeout | null = null
  #every = Infinity

  constructor(pending: ReadonlyMap<number, PendingRequest<unknown>>, host: SweepHost) {
    this.#pending = pending
    this.#host = host
  }

  /** A request with this timeout can now expire (Infinity: a drain, forgotten when silent): sweep often enough for it. */
  ensure(timeoutMs: number): void {
    const every = sweepInterval(timeoutMs)
    if (this.#timer !== null && every >= this.#every) return
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#every = every
    this.#timer = setInterval(this.#tick, every)
    // The sweep never keeps the process alive on its own: a waiting caller does (see the engine's #updateRef).
    this.#timer.unref()
  }

  /** Stops sweeping (the socket closed). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
  }

  #tick = (): void => this.sweep(monotonicMs())

  /** One pass at time `now` (monotonicMs()): expires and forgets what is due; stops the timer when nothing can expire any more. */
  sweep(now: number): void {
    let live = false
    for (const request of this.#pending.values()) {
      const idle = now - request.lastActivity
      if (request.state === 'active' || (request.state === 'queued' && this.#host.holding)) {
        // A request held back by congestion counts down from when it was made: the kernel may
        // stay congested for as long as a flood of broadcasts keeps its queue from emptying.
        if (request.timeoutMs === Infinity) continue
        if (idle >= request.timeoutMs) this.#host.expire(request)
        live = true // still counting down, or now draining
      } else if (request.state === 'draining') {
        if (idle >= drainIdleLimit(request.timeoutMs)) this.#host.forget(request)
        else live = true
      }
    }
    if (!live) {
      this.stop()
      this.#every = Infinity
    }
    this.#host.swept()
  }
}
