/**
 * The contract between the TypeScript layer and the napi binding (crates/nlroute-binding).
 *
 * Everything the JS side needs from Rust goes through `NativeSocketHandle`; the request engine only
 * ever talks to this interface, so tests can put a fake socket fed with recorded datagrams in its place
 * (see __test__/helpers/fake-socket.mjs).
 */

/** Options understood by the native `NativeSocket.open`. */
export interface NativeOpenOptions {
  /** Netlink protocol number (NETLINK_ROUTE = 0, NETLINK_SOCK_DIAG = 4, NETLINK_GENERIC = 16, ...). */
  protocol: number
  /** Network namespace: a name under /run/netns, or an absolute path to a namespace file. */
  netns?: string
  /** true: a Rust thread reads eagerly into a bounded queue; false: the socket is read only on demand (the datagram answering it plus those already waiting, up to 16). */
  bufferThread?: boolean
  /** Buffer-thread mode: how many received datagrams may wait in the queue before reading pauses. */
  queueCapacity?: number
  /** SO_RCVBUF in bytes (SO_RCVBUFFORCE is tried first, as root may exceed rmem_max). */
  rcvbuf?: number
  /** SO_SNDBUF in bytes (SO_SNDBUFFORCE first). */
  sndbuf?: number
  /** NETLINK_EXT_ACK. */
  extAck?: boolean
  /** NETLINK_GET_STRICT_CHK. */
  strictCheck?: boolean
  /** NETLINK_NO_ENOBUFS. */
  noEnobufs?: boolean
  /** Legacy group bitmask given to bind() (groups 1..32). Larger groups: addMembership. */
  groups?: number
}

/**
 * One delivery from the receive side. A delivery answers exactly one `demand()` call.
 * `datagrams[i]` wraps Rust memory (no copy) when larger than 16 KiB and is a copy otherwise
 * (see batch.rs); `groups[i]` is the multicast group the datagram came
 * through (0 = unicast), or -1 for an overflow marker (ENOBUFS: the kernel dropped messages; the
 * datagram is empty). Order is receive order.
 * `error` is set when the receive side failed for good (the thread has stopped); it is the last delivery.
 */
export interface NativeBatch {
  datagrams: Buffer[]
  groups: number[]
  error?: { errno: number; code: string; message: string } | null
}

/** Spec of a native per-request parser, run in Rust on the messages of one sequence number. */
export interface NativeParserSpec {
  name: 'defaultRoutes' | 'routeFilter' | string
  family?: number
  table?: number
  protocol?: number
  type?: number
  scope?: number
  oif?: number
  iif?: number
  priority?: number
  /** Exact destination prefix: address bytes (4 or 16) plus dstLen. */
  dst?: Buffer
  dstLen?: number
  /** Keep routes whose destination prefix contains this address (4 or 16 bytes). */
  contains?: Buffer
  /** Keep routes whose destination lies inside this prefix (address bytes plus withinLen). */
  within?: Buffer
  withinLen?: number
  gateway?: Buffer
}

export interface NativeSocketStats {
  datagrams: number
  bytes: number
  overflows: number
  messagesDroppedByNativeParsers: number
  queued: number
}

export interface NativeSocketHandle {
  readonly portId: number
  readonly protocol: number
  /** The receive buffer the kernel granted, in bytes (what waits unread must fit in it). */
  readonly receiveBufferSize: number
  /**
   * Send one datagram (one or more complete netlink messages) to the kernel, now (errors are
   * thrown with errno/code) unless background sends are still queued, then behind them.
   */
  send(data: Uint8Array): void
  /**
   * Queue one datagram for the sender thread, so the kernel's work runs on another core. Order
   * with send() is kept. A failure reaches onBatch as one NLMSG_ERROR per message.
   */
  sendInBackground(data: Uint8Array): void
  /** Ask for one delivery of received data through the onBatch callback given to open(). */
  demand(): void
  /**
   * Direct mode, with no demand outstanding: read what already waits in the socket now, on this
   * thread (up to 16 datagrams), or null. Never blocks, never reorders with deliveries.
   */
  readWaiting(): NativeBatch | null
  addMembership(group: number): void
  dropMembership(group: number): void
  setNativeParser(sequenceNumber: number, spec: NativeParserSpec): void
  clearNativeParser(sequenceNumber: number): void
  /** Keep the Node.js process alive while deliveries are awaited (ref) or not (unref, the default). */
  ref(): void
  unref(): void
  stats(): NativeSocketStats
  /** Idempotent. Stops the receive thread, closes the fd; no delivery follows. */
  close(): void
}

export interface NativeBinding {
  NativeSocket: {
    open(options: NativeOpenOptions, onBatch: (batch: NativeBatch) => void): NativeSocketHandle
  }
}

let binding: NativeBinding | undefined

/** Loads the napi addon on first use, so that pure-JS parts (decoders, fake-socket tests) work without it. */
export function loadBinding(): NativeBinding {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  binding ??= require('../index.js') as NativeBinding
  return binding
}
