/**
 * Dump kinds: the table-driven description of one object kind's dump (which message type, how the
 * filter is encoded for the kernel, how answers are decoded, what JavaScript re-checks), and the
 * request built from it. A family describes each dumpable kind once and every dump method of that
 * kind (streamed or collected) is built from the description.
 */
import { NLM_F_DUMP } from '../constants'
import type { Parser } from '../marshal'
import type { CollectOptions } from '../request'
import type { CallOptions } from './call-options'
import { filteringParser } from './filtering'

/** How one object kind is dumped with a filter the kernel may or may not apply. */
export interface DumpKind<F, T> {
  /** The GET message type (RTM_GETADDR, SOCK_DIAG_BY_FAMILY, ...). */
  type: number
  /** Filter fields that may name an interface instead of giving its index (resolved before encoding). */
  interfaceFields: readonly string[]
  /** The request payload carrying what the kernel filters itself; `what` names the filter in errors. */
  encode(filter: F, what: string): Buffer
  /** Decodes one answer message. */
  decode: Parser<T>
  /** Re-checks in JS what the kernel may have ignored (kernels without strict checking). */
  keep(item: T, filter: F): boolean
}

/** The dump request of `kind` for `filter`: its payload and the options for `NetlinkSocket.request`. */
export function dumpRequest<F, T>(kind: DumpKind<F, T>, filter: F, call: CallOptions, what: string): [Buffer, CollectOptions<T>] {
  const parser = filteringParser(kind.decode, (item) => kind.keep(item, filter))
  return [kind.encode(filter, what), { type: kind.type, flags: NLM_F_DUMP, parser, ...call }]
}
