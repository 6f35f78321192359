/**
 * A change not built into a request yet (RequestEngine.change, the outbox's queue): its bytes, its
 * options and the settling of its caller's promise. Apart from the engine so that IPRoute, in the
 * library's main file, can make its own for the changes waiting for a name lookup.
 */
import type { RequestOptions } from '../request'

/**
 * A change waiting behind the in-flight window before it was built into a request: its bytes,
 * its options and the settling of its caller's promise (see RequestEngine.change). The outbox's
 * host builds it when its turn comes, so 100k changes issued at once are not 100k requests at once.
 */
export class UnbuiltRequest {
  resolve!: (value: undefined) => void
  reject!: (error: unknown) => void
  constructor(
    readonly payload: Uint8Array,
    readonly options: RequestOptions<unknown>,
  ) {}
}

/** The promise `unbuilt`'s resolve and reject settle (made once, by the caller that made it). */
export function unbuiltPromise(unbuilt: UnbuiltRequest): Promise<void> {
  capturing = unbuilt
  return new Promise<void>(captureSettlers as (resolve: (value: void) => void, reject: (error: unknown) => void) => void)
}

/** The UnbuiltRequest whose promise is being made: one shared executor instead of a closure each. */
let capturing: UnbuiltRequest | null = null
function captureSettlers(resolve: (value: undefined) => void, reject: (error: unknown) => void): void {
  capturing!.resolve = resolve
  capturing!.reject = reject
  capturing = null
}
