/**
 * Every error class nlroute throws. Callers branch on the class (or on `code` for NetlinkError),
 * so each failure mode has exactly one class here and nowhere else.
 */
import { errnoCode } from './constants'
import type { BatchResult } from './protocol/batch'

/** The kernel rejected a request (NLMSG_ERROR with a negative errno, or an error inside NLMSG_DONE). */
export class NetlinkError extends Error {
  /** The errno, sign flipped from the kernel's error field: positive for a real error (e.g. 17); a malformed field that was positive gives a negative number here, kept as sent. */
  readonly errno: number
  /** Symbolic errno, e.g. 'EEXIST'. */
  readonly code: string
  /** Extended-ack text (NLMSGERR_ATTR_MSG) when the kernel gave one. */
  readonly extAckMessage: string | null
  /** Byte offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS), if given. */
  readonly extAckOffset: number | null
  /** Netlink message type of the request that failed, when known. */
  readonly requestType: number | null

  constructor(errno: number, options: { extAckMessage?: string | null; extAckOffset?: number | null; requestType?: number | null; context?: string } = {}) {
    const code = errnoCode(errno)
    const ext = options.extAckMessage ? `: ${options.extAckMessage}` : ''
    const ctx = options.context ? `${options.context}: ` : ''
    super(`${ctx}${code} (errno ${errno})${ext}`)
    this.name = 'NetlinkError'
    this.errno = errno
    this.code = code
    this.extAckMessage = options.extAckMessage ?? null
    this.extAckOffset = options.extAckOffset ?? null
    this.requestType = options.requestType ?? null
  }
}

/**
 * A message of a batch (NetlinkSocket.batch) was refused by the kernel: this is the first refused
 * one's NetlinkError (errno, code, extended ack), with its `index` in the batch and every message's
 * outcome in `results` (the others were still answered: netlink batches are not transactions, so
 * messages before and after it may have taken effect). The socket stays usable.
 */
export class BatchError<T = unknown> extends NetlinkError {
  /** Index in the batch of the first message the kernel refused. */
  readonly index: number
  /** Every message's outcome, in the batch's order. */
  readonly results: BatchResult<T>[]
  constructor(index: number, results: BatchResult<T>[]) {
    const error = results[index]!.error!
    const { extAckMessage, extAckOffset, requestType } = error
    super(error.errno, { extAckMessage, extAckOffset, requestType, context: `messages[${index}] of a batch of ${results.length} refused` })
    this.name = 'BatchError'
    this.index = index
    this.results = results
  }
}

/** A request got no complete answer within its timeout. The socket stays usable. */
export class NetlinkTimeoutError extends Error {
  /** Always 'ETIMEDOUT', for code that branches on `code` alone. */
  readonly code = 'ETIMEDOUT'
  /** The timeout that expired, in ms without progress. */
  readonly timeout: number
  /** Sequence number of the request. */
  readonly sequenceNumber: number
  constructor(sequenceNumber: number, timeout: number) {
    super(`netlink request ${sequenceNumber} got no complete answer within ${timeout} ms`)
    this.name = 'NetlinkTimeoutError'
    this.timeout = timeout
    this.sequenceNumber = sequenceNumber
  }
}

/**
 * The kernel dropped messages because the socket's receive buffer was full (ENOBUFS), so the
 * answer of this request may be lost. It was ended at once rather than left to time out; a late
 * answer is discarded. Retry it (a change may already have been applied: check before repeating
 * one that is not idempotent). The socket stays usable.
 */
export class NetlinkOverflowError extends Error {
  /** Always 'ENOBUFS'. */
  readonly code = 'ENOBUFS'
  /** ENOBUFS (105). */
  readonly errno = 105
  /** Sequence number of the request that was ended. */
  readonly sequenceNumber: number
  constructor(sequenceNumber: number) {
    super(
      `netlink request ${sequenceNumber}: the kernel dropped messages because the socket's receive buffer was full (ENOBUFS); ` +
        'the answer to this request may be lost; retry it',
    )
    this.name = 'NetlinkOverflowError'
    this.sequenceNumber = sequenceNumber
  }
}

/**
 * A dump was interrupted by a change to the table it read (NLM_F_DUMP_INTR): the results may be
 * inconsistent. Raised after the dump was drained; `results` holds what arrived when the caller
 * collected into an array (null when the caller streamed and already saw every message).
 */
export class DumpInterruptedError<T = unknown> extends Error {
  /** Always 'EINTR'. */
  readonly code = 'EINTR'
  /** The objects the interrupted dump produced (when collected into an array), else null. */
  readonly results: T[] | null
  /** Messages received in the last attempt. */
  readonly received: number
  /** Dumps tried (1 + the retries `retryInterrupted` allowed) before giving up. */
  readonly attempts: number
  constructor(results: T[] | null, received: number, attempts = 1) {
    super(
      `netlink dump interrupted by a concurrent change (NLM_F_DUMP_INTR) after ${received} messages` +
        (attempts > 1 ? `, ${attempts} attempts` : '') +
        '; the results may be inconsistent, dump again',
    )
    this.name = 'DumpInterruptedError'
    this.results = results
    this.received = received
    this.attempts = attempts
  }
}

/** Bytes from the kernel that do not form a valid message. `raw` is the datagram (or message) in question. */
export class ParseError extends Error {
  /** Byte offset of the problem inside `raw` (or the datagram). */
  readonly offset: number
  /** The bytes in question, when kept; null otherwise. */
  readonly raw: Buffer | null
  constructor(message: string, offset: number, raw: Buffer | null = null, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ParseError'
    this.offset = offset
    this.raw = raw
  }
}

/** The socket was closed while the operation waited, or an operation was tried on a closed socket. */
export class SocketClosedError extends Error {
  /** Always 'ERR_SOCKET_CLOSED'. */
  readonly code = 'ERR_SOCKET_CLOSED'
  constructor(what = 'netlink socket is closed') {
    super(what)
    this.name = 'SocketClosedError'
  }
}

/** The receive side failed for good (recvmsg error other than ENOBUFS, or a native panic). */
export class ReceiveError extends Error {
  /** Positive errno of the failure (0 when the receive thread panicked). */
  readonly errno: number
  /** Symbolic errno ('EBADF'), or 'ERR_NLROUTE_PANIC' when the receive thread panicked. */
  readonly code: string
  constructor(errno: number, code: string, message: string) {
    super(`netlink receive failed: ${message}`)
    this.name = 'ReceiveError'
    this.errno = errno
    this.code = code
  }
}
