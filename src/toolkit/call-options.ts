/**
 * The options every family method takes last: per-call options (an AbortSignal, a timeout) and,
 * for dumps collected into arrays, the retry count for interrupted dumps. They are checked here as
 * an object with known keys only; their values are checked by the engine when the call's first
 * request is made, so a family passes them on to `NetlinkSocket.request` / `requestAll` unchanged.
 */
import { checkSpecObject, intArg } from './args'

/**
 * Per-call options: an AbortSignal and a timeout in ms, with the core's semantics. They apply to
 * every request the call makes, interface-name lookups included.
 */
export interface CallOptions {
  /** Cancels the call: its requests end with the signal's reason, and the socket stays usable. */
  signal?: AbortSignal
  /**
   * Milliseconds without progress (a message for the request, or the caller pulling) before the call
   * fails with NetlinkTimeoutError.
   */
  timeout?: number
}

/** Dumps collected into arrays may retry when a concurrent change interrupted them. */
export interface DumpOptions extends CallOptions {
  /**
   * How many times to re-dump when the kernel marks the dump interrupted (NLM_F_DUMP_INTR, a concurrent
   * change); default 0: DumpInterruptedError with the partial results.
   */
  retryInterrupted?: number
}

const CALL_OPTION_KEYS: ReadonlySet<string> = new Set(['signal', 'timeout'] satisfies Array<keyof CallOptions>)
const DUMP_OPTION_KEYS: ReadonlySet<string> = new Set([...CALL_OPTION_KEYS, 'retryInterrupted' satisfies keyof DumpOptions])

/** The per-call options of `method` ("routes options.bogus: unknown option"). */
export function callOptions(options: unknown, method: string): CallOptions {
  return pickCallOptions(checkSpecObject(options, CALL_OPTION_KEYS, `${method} options`, 'option'))
}

/** The options of a collected dump of `method`: the call options and the retry count (a u32). */
export function dumpOptions(options: unknown, method: string): [CallOptions, number | undefined] {
  const o = checkSpecObject(options, DUMP_OPTION_KEYS, `${method} options`, 'option')
  const retries = o.retryInterrupted === undefined ? undefined : intArg('u32', o.retryInterrupted, `${method} options.retryInterrupted`)
  return [pickCallOptions(o), retries]
}

/**
 * A call with no options, shared (frozen): most calls give none, and a change keeps its call
 * options until it is acknowledged, so 100k waiting changes would otherwise hold 100k empty objects.
 */
export const NO_CALL_OPTIONS: CallOptions = Object.freeze({})

/** A copy with only the options that are set, so that spreading it into request options overrides nothing with undefined. */
function pickCallOptions(o: Record<string, unknown>): CallOptions {
  if (o.signal === undefined && o.timeout === undefined) return NO_CALL_OPTIONS
  const out: CallOptions = {}
  if (o.signal !== undefined) out.signal = o.signal as AbortSignal
  if (o.timeout !== undefined) out.timeout = o.timeout as number
  return out
}
