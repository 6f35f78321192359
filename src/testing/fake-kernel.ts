/**
 * The fake kernel: a stand-in for the native socket, in the spirit of mdlayher/netlink's nltest.
 * The test plays the kernel: it sees each message the library sends, scripts the answers, and
 * sends broadcasts and receive errors when it likes. Plugged in where the native socket would be
 * opened (the `opener` argument of `NetlinkSocket.open` and `IPRoute.open`), so nothing here needs
 * root, a network namespace or the native addon. Deliveries behave as the binding's do: one per
 * `demand()`, asynchronously (as the napi threadsafe function calls back).
 */
import { align4, constants, type NativeBatch, type NativeOpener, type NativeOpenOptions, type NativeParserSpec, type NativeSocketHandle } from '../index'
import { errorFor } from './messages'

/** One datagram to deliver: unicast (a Buffer), or a Buffer and the multicast group it came through. */
export type Delivery = Buffer | [datagram: Buffer, group: number]

/**
 * Scripts the kernel's answers: called with each message the library sends (one request, header
 * included), returns the datagrams to deliver in answer, or nothing for no answer (a request left
 * unanswered runs into its timeout, as with a silent kernel).
 */
export type Responder = (request: Buffer) => Iterable<Delivery> | null | undefined | void

/** The error a receive side fails with (see {@link FakeKernel.fail}). */
type ReceiveFailure = NonNullable<NativeBatch['error']>

/** How many datagrams the binding reads at once on the caller's thread (DIRECT_BATCH in the core). */
const DIRECT_BATCH = 16
/** ENOBUFS, the errno a failed background send is reported with when the failure has none. */
const ENOBUFS = 105

/**
 * A fake netlink kernel for one socket. Open a socket on it with
 * `IPRoute.open(options, kernel.opener)` or `NetlinkSocket.open(options, kernel.opener)`, set
 * {@link FakeKernel.respond} to answer requests, and {@link FakeKernel.deliver} anything else.
 */
export class FakeKernel {
  /** Each message the library sent, as its own buffer (requests sent in one datagram are split). */
  sent: Buffer[] = []
  /** How many datagrams the library sent (requests made in one tick share one). */
  datagramsSent = 0
  /**
   * When true, answers already queued are handed over through `readWaiting()`, the direct-mode
   * fast path of the binding; off by default, so every answer arrives through a delivery.
   */
  readsAtOnce = false
  /** Deliveries the library asked for and has not yet been given. */
  demands = 0
  /** Whether the socket currently keeps Node.js alive (the library refs it while it awaits). */
  referenced = false
  /** Whether the library closed the socket. */
  closed = false
  /** The native parsers the library set, by sequence number (the fake runs none of them). */
  nativeParsers = new Map<number, NativeParserSpec>()
  /** The multicast groups the socket joined through addMembership, in order. */
  memberships: number[] = []
  /** The options the socket was opened with; undefined before it is. */
  options: NativeOpenOptions | undefined
  /** Called with each sent message; what it returns is delivered as the answer. Null: no answers. */
  respond: Responder | null = null
  #queue: Array<[datagram: Buffer | null, group: number, error?: ReceiveFailure]> = []
  #onBatch: ((batch: NativeBatch) => void) | null = null
  /** While referenced: a timer that keeps Node.js alive, as the binding's ref'd threadsafe function does. */
  #keepAlive: ReturnType<typeof setInterval> | null = null

  /** Creates a kernel that answers with `respond` (or, until it is set, answers nothing). */
  constructor(respond: Responder | null = null) {
    this.respond = respond
  }

  /** The opener to pass to `NetlinkSocket.open` or `IPRoute.open`: opens the socket on this kernel. */
  opener: NativeOpener = (options, onBatch) => {
    this.options = options
    this.#onBatch = onBatch
    ;(this.handle as { protocol: number }).protocol = options.protocol
    return this.handle
  }

  /** The native socket the library talks to. A test may replace its methods (a send that throws, say). */
  handle: NativeSocketHandle = {
    portId: 4242,
    protocol: 0, // the opener sets the one asked for
    receiveBufferSize: 2 * 1024 * 1024,
    // What Linux reports for the default send buffer (net.core.wmem_default, doubled).
    sendBufferSize: 425_984,
    send: (datagram) => {
      if (this.closed) throw new Error('EBADF: closed')
      this.datagramsSent++
      // Requests made in one tick arrive as one datagram; the kernel answers each message in turn.
      forEachMessage(datagram, (message) => {
        const request = Buffer.from(message)
        this.sent.push(request)
        const answer = this.respond?.(request)
        if (answer)
          for (const item of answer)
            if (Array.isArray(item)) this.deliver(item[0], item[1])
            else this.deliver(item)
      })
    },
    sendInBackground: (datagram) => {
      // As the sender thread does: a failure becomes an NLMSG_ERROR for each message.
      try {
        this.handle.send(datagram)
      } catch (error) {
        const errno = (error as { errno?: number }).errno ?? ENOBUFS
        const errors: Buffer[] = []
        forEachMessage(datagram, (message) => errors.push(errorFor(Buffer.from(message), errno)))
        this.deliver(Buffer.concat(errors))
      }
    },
    // Like the binding in direct mode: with no demand outstanding, what waits is read at once.
    readWaiting: (maxDatagrams) => {
      if (!this.readsAtOnce || this.demands > 0 || this.#queue.length === 0) return null
      // At most DIRECT_BATCH datagrams (or fewer if asked), as the binding reads: the rest waits for deliveries.
      const items = this.#queue.splice(0, Math.min(maxDatagrams ?? DIRECT_BATCH, DIRECT_BATCH)).filter(([datagram]) => datagram !== null)
      return { datagrams: items.map(([datagram]) => datagram as Buffer), groups: items.map(([, group]) => group), error: null }
    },
    demand: () => {
      this.demands++
      this.#flush()
    },
    addMembership: (group) => {
      this.memberships.push(group)
    },
    dropMembership: (group) => {
      this.memberships = this.memberships.filter((joined) => joined !== group)
    },
    setNativeParser: (seq, spec) => {
      this.nativeParsers.set(seq, spec)
    },
    clearNativeParser: (seq) => {
      this.nativeParsers.delete(seq)
    },
    // A call awaiting an answer keeps the process alive (a silent kernel ends it in a timeout, not
    // in an exit with the await unsettled); nothing does once it is settled.
    ref: () => {
      this.referenced = true
      this.#keepAlive ??= setInterval(() => {}, 1 << 30)
    },
    unref: () => {
      this.referenced = false
      this.#stopKeepingAlive()
    },
    stats: () => ({ datagrams: 0, bytes: 0, overflows: 0, messagesDroppedByNativeParsers: 0, queued: this.#queue.length }),
    close: () => {
      this.closed = true
      this.#stopKeepingAlive()
    },
  }

  /**
   * Queues a datagram for delivery. `group` 0 is unicast (an answer); a positive group makes it a
   * broadcast through that multicast group (RTNLGRP_LINK, ...); -1 is the overflow marker (ENOBUFS:
   * the kernel dropped messages; pass an empty datagram).
   */
  deliver(datagram: Buffer, group = 0): void {
    this.#queue.push([datagram, group])
    this.#flush()
  }

  /** Queues a broadcast: a notification (RTM_NEWLINK, ...) through multicast group `group` (1 or more). */
  broadcast(datagram: Buffer, group: number): void {
    if (!Number.isInteger(group) || group < 1) throw new RangeError(`broadcast: group must be a multicast group number (1 or more), got ${group}`)
    this.deliver(datagram, group)
  }

  /** Fails the receive side for good with `errno` and its name `code` (ReceiveError for every waiter). */
  fail(errno: number, code: string): void {
    this.#queue.push([null, 0, { errno, code, message: `${code} from the fake` }])
    this.#flush()
  }

  /** Datagrams queued and not yet delivered. */
  get queued(): number {
    return this.#queue.length
  }

  #stopKeepingAlive(): void {
    if (this.#keepAlive !== null) clearInterval(this.#keepAlive)
    this.#keepAlive = null
  }

  #flush(): void {
    while (this.demands > 0 && this.#queue.length > 0 && !this.closed) {
      this.demands--
      const [datagram, group, error] = this.#queue.shift()!
      const batch: NativeBatch = error ? { datagrams: [], groups: [], error } : { datagrams: [datagram!], groups: [group], error: null }
      setImmediate(() => {
        if (!this.closed) this.#onBatch?.(batch)
      })
    }
  }
}

/** Calls `visit` with each message of a datagram the library sent (each a view into it). */
function forEachMessage(datagram: Uint8Array, visit: (message: Uint8Array) => void): void {
  const view = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.byteLength)
  for (let at = 0; at + constants.NLMSG_HDRLEN <= view.length;) {
    const length = view.readUInt32LE(at)
    if (length < constants.NLMSG_HDRLEN) return // no message of its own: the rest is unreadable
    visit(view.subarray(at, at + length))
    at += align4(length)
  }
}
