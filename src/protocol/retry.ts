/**
 * Re-dumping after NLM_F_DUMP_INTR (`retryInterrupted`): the kernel marks a dump it could not give
 * consistently because the table changed while it was read; the remedy is to dump again.
 */
import { DumpInterruptedError } from '../errors'

/**
 * Runs `attempt` (one whole dump) again while it fails with DumpInterruptedError, up to `retries`
 * more times; the last such error is rethrown with the number of attempts. Any other error ends it.
 */
export async function retryInterrupted<R>(retries: number, attempt: () => Promise<R>): Promise<R> {
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`options.retryInterrupted must be a non-negative integer, got ${String(retries)}`)
  for (let tried = 0; ; tried++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof DumpInterruptedError)) throw error
      if (tried < retries) continue
      throw tried === 0 ? error : new DumpInterruptedError(error.results, error.received, tried + 1)
    }
  }
}
