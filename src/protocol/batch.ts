/**
 * Batches (NetlinkSocket.batch), without the I/O: what a caller may put in one (checked before
 * anything is sent, with errors naming `messages[i]`), and how the answers of its messages become
 * its result, per message in order: raised as a BatchError, or handed back as ordinary values
 * (`noraise`, pyroute2's `get(noraise=True)`). Sending one whole is the outbox's
 * (Outbox.submitBatch); registering its messages the engine's.
 */
import { NLMSG_HDRLEN, NLM_F_DUMP } from '../constants'
import { BatchError, NetlinkError } from '../errors'
import type { Parser } from '../marshal'
import type { PendingRequest } from '../request'
import { align4 } from '../schema/decode'
import { checkSpecObject } from '../toolkit/args'
import { validateRequest } from './intake'

/** One message of a {@link NetlinkSocket.batch}. */
export interface BatchMessage<T = unknown> {
  /** Netlink message type. */
  type: number
  /** nlmsg_flags; NLM_F_REQUEST and NLM_F_ACK are always added (every message is answered). A dump is refused. */
  flags?: number
  /** The bytes after the 16-byte netlink header, as for request(). */
  payload: Uint8Array
  /** Parser for the data messages answering this one (an echo, a get), instead of the Marshal's choice. */
  parser?: Parser<T>
}

/** Options of {@link NetlinkSocket.batch}. */
export interface BatchOptions {
  /** true: a message the kernel refused gives a result with its `error` instead of rejecting the batch. Default false. */
  noraise?: boolean
  /** Milliseconds without progress on a message before NetlinkTimeoutError; 0 or Infinity: none. Default: the socket's. */
  timeout?: number
  /** Cancels the batch: what the kernel still answers is drained and discarded, the batch rejects with the abort reason. */
  signal?: AbortSignal
}

/** The answer to one message of a batch, at that message's index. */
export type BatchResult<T = unknown> =
  | {
      /** The kernel acknowledged the message. */
      ok: true
      /** Data messages answering it before its ack (an echo, a get's answer); usually none. */
      messages: T[]
      /** No error. */
      error: null
    }
  | {
      /** The kernel refused the message. */
      ok: false
      /** Data messages answering it before its error; usually none. */
      messages: T[]
      /** What the kernel said: errno, code, extended ack. */
      error: NetlinkError
    }

/** A batch message as checked: what its frame is made of. */
export interface CheckedMessage<T> {
  payload: Uint8Array
  type: number
  flags: number
  parser: Parser<T> | undefined
}

const MESSAGE_KEYS: ReadonlySet<string> = new Set(['type', 'flags', 'payload', 'parser'] satisfies (keyof BatchMessage)[])
const OPTION_KEYS: ReadonlySet<string> = new Set(['noraise', 'timeout', 'signal'] satisfies (keyof BatchOptions)[])
/** What netlink keeps of the send buffer for itself: a longer sendmsg is refused with EMSGSIZE (netlink_sendmsg). */
const SEND_BUFFER_RESERVE = 32

/**
 * Checks a batch and its options (TypeError or RangeError naming `messages[i].…` or `options.…`),
 * including that it fits one datagram of a socket whose send buffer is `sendBufferSize` bytes.
 */
export function validateBatch<T>(
  messages: readonly BatchMessage<T>[],
  options: BatchOptions,
  sendBufferSize: number,
): { messages: CheckedMessage<T>[]; noraise: boolean; timeout: number | undefined; signal: AbortSignal | undefined } {
  if (!Array.isArray(messages) || messages.length === 0) throw new TypeError('messages must be a non-empty array of { type, flags?, payload, parser? }')
  const { noraise = false, timeout: timeoutOption, signal } = checkSpecObject(options, OPTION_KEYS, 'options', 'option') as BatchOptions
  if (typeof noraise !== 'boolean') throw new TypeError(`options.noraise must be a boolean, got ${typeof noraise}`)
  // The options' own checks are request()'s (timeout, signal), with a type any request accepts.
  const { timeout } = validateRequest(new Uint8Array(0), { type: 0, timeout: timeoutOption, signal })
  let bytes = 0
  const checked = messages.map((message, index) => {
    const at = `messages[${index}]`
    checkSpecObject(message, MESSAGE_KEYS, at)
    const { type, flags, dump } = validateRequest(message.payload, message, { payload: `${at}.payload`, options: at })
    if (dump === true || (flags & NLM_F_DUMP) === NLM_F_DUMP) {
      throw new TypeError(`${at}.flags: a dump cannot be part of a batch (its answer could not be told from the other messages' while it runs); use request()`)
    }
    bytes += align4(NLMSG_HDRLEN + message.payload.length)
    return { payload: message.payload, type, flags, parser: message.parser }
  })
  const room = sendBufferSize - SEND_BUFFER_RESERVE
  if (bytes > room) {
    throw new RangeError(
      `messages: the batch takes ${bytes} bytes, more than one datagram of this socket may (${room}: its send buffer less ${SEND_BUFFER_RESERVE}); ` +
        'split it, or open the socket with a larger options.sndbuf',
    )
  }
  return { messages: checked, noraise, timeout, signal }
}

/**
 * The batch's result once every message has its answer (each ends on its own: ack, error,
 * timeout, abort, close, a parser that threw), so nothing of the batch is left to leak into
 * events(). An error other than the kernel's (timeout, abort, close, ParseError) rejects the batch
 * in both modes: the first by index. Otherwise, without `noraise`, a message the kernel refused
 * rejects it with a BatchError naming the first one; with `noraise`, every outcome is a value.
 */
export async function settleBatch<T>(members: readonly PendingRequest<T>[], noraise: boolean): Promise<BatchResult<T>[]> {
  const settled = await Promise.allSettled(members.map((member) => member.collect()))
  const results: BatchResult<T>[] = []
  let refused = -1
  for (const [index, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') {
      results.push({ ok: true, messages: outcome.value, error: null })
      continue
    }
    const error: unknown = outcome.reason
    if (!(error instanceof NetlinkError)) throw error
    if (refused < 0) refused = index
    results.push({ ok: false, messages: members[index]!.collected ?? [], error })
  }
  if (refused >= 0 && !noraise) throw new BatchError(refused, results)
  return results
}
