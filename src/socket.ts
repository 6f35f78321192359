/**
 * NetlinkSocket: the public face of one netlink socket. It validates options, opens the native
 * socket (in a namespace if asked), and hands every delivery to the request engine. Families
 * (IPRoute, ...) are built on it; it knows nothing about any family.
 */
import { EventEmitter } from 'node:events'
import { PROTOCOLS } from './constants'
// The engine (the biggest module) is required when the first socket opens, not at import (start-up).
import type { RequestEngine, EngineStats } from './engine'
import { Marshal, type Message } from './marshal'
import { loadBinding, type NativeBatch, type NativeOpenOptions, type NativeSocketHandle, type NativeSocketStats } from './native'
import type { CollectOptions, PendingRequest, RequestOptions } from './request'
import type { BatchMessage, BatchOptions, BatchResult } from './protocol/batch'
import type { UnbuiltRequest } from './protocol/outbox'

/** Options of {@link NetlinkSocket.open}; every one optional. An unknown key is a TypeError. */
export interface NetlinkSocketOptions {
  /** 'route' | 'sock_diag' | 'generic', or a protocol number 0..31. Default 'route'. */
  protocol?: keyof typeof PROTOCOLS | number
  /** Network namespace: a name under /run/netns, or a path such as /proc/PID/ns/net. */
  netns?: string
  /** Multicast groups to join: numbers (1-based, any size) joined with NETLINK_ADD_MEMBERSHIP. */
  groups?: number[]
  /** true: a Rust thread reads as soon as data arrives into a bounded queue (for event bursts). */
  bufferThread?: boolean
  /** Buffer-thread mode: datagrams the queue may hold before reading pauses. Default 1024. */
  queueCapacity?: number
  /** Receive buffer size in bytes (forced past rmem_max where permitted). Default 4 MiB. */
  rcvbuf?: number
  /** Send buffer size in bytes. */
  sndbuf?: number
  /** NETLINK_GET_STRICT_CHK: lets the kernel filter dumps. Default false. */
  strictCheck?: boolean
  /** NETLINK_EXT_ACK: errors carry the kernel's explanation. Default true. */
  extAck?: boolean
  /** NETLINK_NO_ENOBUFS: never report ENOBUFS (lost broadcasts go unnoticed). Default false. */
  noEnobufs?: boolean
  /** Default per-request timeout in ms; 0 or Infinity for none. Default 30000. */
  timeout?: number
  /** Keep the process alive while this socket is open. Default false: only while something is awaited. */
  keepAlive?: boolean
  /** Most broadcasts queued for events() before the excess becomes an overflow marker. Default 65536. */
  eventQueueLimit?: number
  /**
   * Most requests (other than dumps) sent and not yet answered; more wait their turn. Their
   * answers must fit the receive buffer, or the kernel drops them. Default: one per 8 KiB of the
   * receive buffer the kernel granted, 8 to 1024.
   */
  maxInFlight?: number
}

/** The answer to one request: an async iterator of its messages, or collect() for all at once. */
export interface ResponseStream<T> extends AsyncIterableIterator<T> {
  /** The sequence number the request was sent with. */
  readonly sequenceNumber: number
  /** The whole answer as an array (what requestAll gives, without retries). */
  collect(): Promise<T[]>
  /**
   * Resolves with nothing once the answer has ended well, and fails as collect() does: what a
   * change (a request with NLM_F_ACK) waits for. Cheaper than `collect().then(() => {})` when many
   * changes are in flight at once.
   */
  completed(): Promise<void>
}

/** Counters of a socket ({@link NetlinkSocket.stats}): the native side's and the request engine's. */
export interface NetlinkSocketStats extends NativeSocketStats, EngineStats {
  /** Requests sent or queued and not yet answered. */
  pending: number
}

/** Opens the native socket; replaced in tests by a fake fed with recorded datagrams. */
export type NativeOpener = (options: NativeOpenOptions, onBatch: (batch: NativeBatch) => void) => NativeSocketHandle

/** Where the native side delivers: filled in once the engine exists. */
interface DeliveryRoute {
  engine: WeakRef<RequestEngine> | null
}

/**
 * The onBatch callback the native socket holds for as long as it is open. It must not hold the
 * engine (nor anything that does): the native side keeps the callback alive, so a strong
 * reference would keep every socket ever dropped without close() alive with its thread and fds.
 * Made here, away from openSync's locals, so that its closure holds only `route`. While the
 * engine is in use it is held elsewhere (IN_USE in engine.ts); when it is collected, so is the
 * native object, whose finalizer closes the socket.
 */
function deliverThrough(route: DeliveryRoute): (batch: NativeBatch) => void {
  return (batch) => route.engine?.deref()?.onBatch(batch)
}

/** Room for the answers of a full in-flight window and a burst of notifications. */
const DEFAULT_RCVBUF = 4 * 1024 * 1024

/** The key of NetlinkSocket's method for this package's families (index.ts does not export it): see RequestEngine.submitUnbuilt. */
export const SUBMIT_UNBUILT = Symbol('nlroute.submitUnbuilt')

const defaultOpener: NativeOpener = (options, onBatch) => loadBinding().NativeSocket.open(options, onBatch)

/**
 * One netlink socket of any protocol: send requests and read their answers as async iterators
 * (sequence numbers, acks, errors, dump draining, timeouts and cancellation handled), receive
 * broadcasts, and choose parsers per message type ({@link Marshal}) or per request, in
 * JavaScript or natively in Rust. Families such as {@link IPRoute} are built on it.
 */
export class NetlinkSocket extends EventEmitter {
  /** Chooses the parser for each data message (key, flags, sequence number). */
  readonly marshal: Marshal
  readonly #native: NativeSocketHandle
  readonly #engine: RequestEngine

  protected constructor(native: NativeSocketHandle, engine: RequestEngine, marshal: Marshal) {
    super()
    this.#native = native
    this.#engine = engine
    this.marshal = marshal
  }

  /** Opens a socket. Rejects with a clear error for bad options or a missing namespace. */
  static async open(options: NetlinkSocketOptions = {}, opener: NativeOpener = defaultOpener): Promise<NetlinkSocket> {
    return NetlinkSocket.openSync(options, opener)
  }

  /**
   * Opens a socket synchronously (the native open is synchronous: a namespace is entered on a
   * short-lived thread that is joined). Useful when nothing may be missed between opening and
   * listening, as for a monitor.
   */
  static openSync(options: NetlinkSocketOptions = {}, opener: NativeOpener = defaultOpener): NetlinkSocket {
    const { nativeOptions, groups } = validateOptions(options)
    const marshal = new Marshal()
    const route: DeliveryRoute = { engine: null }
    const native = opener(nativeOptions, deliverThrough(route))
    let engine: RequestEngine
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { RequestEngine: Engine } = require('./engine') as typeof import('./engine')
      engine = new Engine(native, marshal, options)
      route.engine = new WeakRef(engine)
      for (const group of groups) native.addMembership(group)
    } catch (error) {
      native.close()
      throw error
    }
    const socket = new NetlinkSocket(native, engine, marshal)
    engine.onCallbackError = (error) => {
      if (socket.listenerCount('callbackError') > 0) socket.emit('callbackError', error)
      else process.emitWarning(`nlroute: a registered callback threw: ${(error as Error)?.stack ?? String(error)}`, 'NetlinkCallbackWarning')
    }
    return socket
  }

  /** The port id the kernel gave this socket. */
  get portId(): number {
    return this.#native.portId
  }

  /** The netlink protocol number (0 for route, 4 for sock_diag, 16 for generic). */
  get protocol(): number {
    return this.#native.protocol
  }

  /** true once close() was called. */
  get closed(): boolean {
    return this.#engine.closed
  }

  /** Requests not answered yet: sent, or waiting to be (what `stats().pending` counts, without the native counters). */
  get pending(): number {
    return this.#engine.pendingCount
  }

  /**
   * Sends `payload` (the bytes after the 16-byte netlink header; the engine writes length, type,
   * flags, sequence number and port id) and returns its answer as an async iterable of messages.
   * The answer ends at NLMSG_DONE, at the ack, at an error, at `terminate`, or at a single message
   * without NLM_F_MULTI. Leaving the loop early drains the rest, so the socket stays usable.
   */
  request<T = Message>(payload: Uint8Array, options: RequestOptions<T>): ResponseStream<T> {
    return this.#engine.request(payload, options) as PendingRequest<T>
  }

  /**
   * Sends a request answered by its ack alone (a change: set NLM_F_ACK in `options.flags`) and
   * resolves with nothing once the kernel acknowledges it; fails as request() does (NetlinkError,
   * timeout, abort, close). What `request(payload, options).completed()` does, for less: behind a
   * full in-flight window the change waits unbuilt, and becomes a request when its turn comes.
   * `payload` is read when the change goes out: do not modify it before the promise settles.
   */
  requestAck(payload: Uint8Array, options: RequestOptions<unknown>): Promise<void> {
    return this.#engine.change(payload, options)
  }

  /**
   * For the families of this package (its key is not exported): sends a change made unbuilt, see
   * RequestEngine.submitUnbuilt.
   * @internal
   */
  [SUBMIT_UNBUILT](unbuilt: UnbuiltRequest): void {
    this.#engine.submitUnbuilt(unbuilt)
  }

  /** Like request(), collected into an array; `retryInterrupted` re-runs interrupted dumps. */
  requestAll<T = Message>(payload: Uint8Array, options: CollectOptions<T>): Promise<T[]> {
    return this.#engine.requestAll(payload, options)
  }

  /**
   * Sends `messages` as one batch: in one sendmsg, in this order, with consecutive sequence
   * numbers, never split or mixed with other requests (a batch larger than `maxInFlight` goes out
   * whole once nothing else is in flight). Each message gets NLM_F_ACK, so each has an answer;
   * a dump is refused (TypeError). Resolves once every message is answered, with one
   * {@link BatchResult} per message, in order. A message the kernel refused rejects the batch
   * with a {@link BatchError} naming it (`index`, and every outcome in `results`), unless
   * `noraise` is set: then each result carries its own `error` and the batch resolves. Timeouts,
   * abort and close() reject it as they end request(); what the kernel still answers is drained.
   * The kernel handles the messages one after the other and keeps what succeeded: for rtnetlink a
   * batch is not a transaction. A batch longer than one datagram may be is a RangeError naming
   * `messages`, before anything is sent.
   */
  batch<T = Message>(messages: readonly BatchMessage<T>[], options?: BatchOptions): Promise<BatchResult<T>[]> {
    return this.#engine.batch(messages, options)
  }

  /**
   * Broadcasts (multicast notifications and messages for no pending request) as an async iterable.
   * Overflow markers (`{ overflow: true }`) say notifications were lost: re-dump. Ends on close().
   * Several iterators may be open at once: each gets every broadcast, through a bounded queue of
   * its own (a slow one gets its own overflow marker); aborting or leaving one ends only that one.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<Message> {
    return this.#engine.broadcasts.iterate(options.signal) as AsyncIterableIterator<Message>
  }

  /** Runs `handler(message, ...args)` for every received message (answers and broadcasts) that `predicate` accepts. */
  registerCallback<T = Message>(predicate: (message: T) => boolean, handler: (message: T, ...args: any[]) => void, ...args: unknown[]): void {
    this.#engine.registerCallback(predicate as (m: unknown) => boolean, handler as (m: unknown, ...a: unknown[]) => void, args)
  }

  /** Removes the callback registered with `handler`; true when there was one. */
  unregisterCallback(handler: (...args: any[]) => void): boolean {
    return this.#engine.unregisterCallback(handler)
  }

  /** Joins multicast group `group` (1-based, any number; NETLINK_ADD_MEMBERSHIP). RangeError for a bad group. */
  addMembership(group: number): void {
    checkGroup(group, 'group')
    this.#native.addMembership(group)
  }

  /** Leaves multicast group `group` (NETLINK_DROP_MEMBERSHIP). */
  dropMembership(group: number): void {
    checkGroup(group, 'group')
    this.#native.dropMembership(group)
  }

  /** Counters since the socket was opened (datagrams, bytes, overflows, pending requests, ...). */
  stats(): NetlinkSocketStats {
    const native = this.#engine.closed ? { datagrams: 0, bytes: 0, overflows: 0, messagesDroppedByNativeParsers: 0, queued: 0 } : this.#native.stats()
    return { ...native, ...this.#engine.stats, pending: this.#engine.pendingCount }
  }

  /** Closes the socket: pending requests reject with SocketClosedError, events() iterators end. Idempotent. */
  close(): void {
    this.#engine.close()
  }

  /** `await using` support: closes the socket. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }
}

function checkGroup(group: unknown, name: string): asserts group is number {
  if (!Number.isInteger(group) || (group as number) < 1 || (group as number) > 0xffffffff) {
    throw new RangeError(`${name} must be a multicast group number >= 1, got ${String(group)}`)
  }
}

function validateOptions(options: NetlinkSocketOptions): { nativeOptions: NativeOpenOptions; groups: number[] } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('NetlinkSocket.open: options must be an object')
  // Every option, so that a misspelt one is refused, not ignored; the compiler keeps it complete.
  const known = {
    protocol: true,
    netns: true,
    groups: true,
    bufferThread: true,
    queueCapacity: true,
    rcvbuf: true,
    sndbuf: true,
    strictCheck: true,
    extAck: true,
    noEnobufs: true,
    timeout: true,
    keepAlive: true,
    eventQueueLimit: true,
    maxInFlight: true,
  } satisfies Record<keyof NetlinkSocketOptions, true>
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(known, key)) throw new TypeError(`options.${key}: unknown option`)
  }
  let protocol: number
  const p = options.protocol ?? 'route'
  if (typeof p === 'string') {
    const number = PROTOCOLS[p]
    if (number === undefined) throw new TypeError(`options.protocol: unknown protocol '${p}' (use ${Object.keys(PROTOCOLS).join(', ')} or a number)`)
    protocol = number
  } else if (Number.isInteger(p) && p >= 0 && p <= 31) {
    protocol = p
  } else {
    throw new RangeError(`options.protocol must be a protocol name or an integer 0..31, got ${String(p)}`)
  }
  if (options.netns !== undefined && (typeof options.netns !== 'string' || options.netns === '' || options.netns.includes('\0'))) {
    throw new TypeError(`options.netns must be a namespace name or path, got ${JSON.stringify(options.netns)}`)
  }
  const groups = options.groups ?? []
  if (!Array.isArray(groups)) throw new TypeError('options.groups must be an array of multicast group numbers')
  groups.forEach((g, i) => checkGroup(g, `options.groups[${i}]`))
  for (const name of ['rcvbuf', 'sndbuf', 'queueCapacity'] as const) {
    const v = options[name]
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 0x7fffffff))
      throw new RangeError(`options.${name} must be a positive integer, got ${String(v)}`)
  }
  for (const name of ['bufferThread', 'strictCheck', 'extAck', 'noEnobufs', 'keepAlive'] as const) {
    const v = options[name]
    if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`options.${name} must be a boolean, got ${typeof v}`)
  }
  const nativeOptions: NativeOpenOptions = {
    protocol,
    bufferThread: options.bufferThread ?? false,
    extAck: options.extAck ?? true,
    strictCheck: options.strictCheck ?? false,
    noEnobufs: options.noEnobufs ?? false,
  }
  if (options.netns !== undefined) nativeOptions.netns = options.netns
  if (options.queueCapacity !== undefined) nativeOptions.queueCapacity = options.queueCapacity
  nativeOptions.rcvbuf = options.rcvbuf ?? DEFAULT_RCVBUF
  if (options.sndbuf !== undefined) nativeOptions.sndbuf = options.sndbuf
  return { nativeOptions, groups }
}
