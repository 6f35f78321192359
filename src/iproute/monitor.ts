/**
 * Monitor: typed rtnetlink notifications (`ip monitor`). It owns a socket of its own in
 * buffer-thread mode, so a burst is read by Rust as fast as it arrives while JavaScript decodes,
 * and maps every broadcast to a typed event. Lost notifications (ENOBUFS, or a consumer too slow)
 * surface as `{ type: 'overflow' }`: the caller should re-dump.
 */
import { isOverflow } from '../broadcast'
import type { Message } from '../marshal'
import { NetlinkSocket } from '../socket'
import { RTM, RTNLGRP } from './constants'
// The decoders (and the message layouts behind them) load on the first event (./lazy.ts: start-up).
import { decodeAddress, decodeLink, decodeNeighbour, decodeNexthop, decodeRoute, decodeRule } from './lazy'
import type { Address, Link, Neighbour, Nexthop, Route, Rule } from './types'

/** Group names as `ip monitor` knows them, or an RTNLGRP_* number. */
export type MonitorGroup = 'link' | 'neigh' | 'ipv4_ifaddr' | 'ipv6_ifaddr' | 'ipv4_route' | 'ipv6_route' | 'ipv4_rule' | 'ipv6_rule' | 'nexthop' | number

/**
 * One event of a {@link Monitor}, told apart by `type`: a typed object that was added or changed
 * ('new...') or removed ('del...'), a marker that notifications were lost, or a message it does not
 * decode.
 */
export type MonitorEvent =
  | {
      /** RTM_NEWROUTE (added or changed) or RTM_DELROUTE. */
      type: 'newroute' | 'delroute'
      /** The route, decoded as dumps decode it. */
      route: Route
    }
  | {
      /** RTM_NEWLINK (added or changed: up/down, MTU, master...) or RTM_DELLINK. */
      type: 'newlink' | 'dellink'
      /** The link, decoded as dumps decode it. */
      link: Link
    }
  | {
      /** RTM_NEWADDR or RTM_DELADDR. */
      type: 'newaddr' | 'deladdr'
      /** The address, decoded as dumps decode it. */
      address: Address
    }
  | {
      /** RTM_NEWNEIGH (added or changed state) or RTM_DELNEIGH. */
      type: 'newneigh' | 'delneigh'
      /** The neighbour entry, decoded as dumps decode it. */
      neighbour: Neighbour
    }
  | {
      /** RTM_NEWRULE or RTM_DELRULE. */
      type: 'newrule' | 'delrule'
      /** The rule, decoded as dumps decode it. */
      rule: Rule
    }
  | {
      /**
       * RTM_NEWNEXTHOP (added or replaced, or a group whose members changed) or RTM_DELNEXTHOP. Routes
       * the kernel removes with a nexthop arrive as their own 'delroute' events (IPv6 ones: the
       * kernel does not announce the IPv4 routes it flushes).
       */
      type: 'newnexthop' | 'delnexthop'
      /** The nexthop object, decoded as dumps decode it. */
      nexthop: Nexthop
    }
  | {
      /** Notifications were lost (ENOBUFS, or the consumer fell behind): re-dump what you track. */
      type: 'overflow'
    }
  | {
      /** A message of a type this monitor does not decode, or one that failed to parse (`message.header.error`). */
      type: 'unknown'
      /** The message as the core delivered it. */
      message: Message
    }

const GROUPS: Readonly<Record<string, number>> = Object.freeze({
  link: RTNLGRP.LINK,
  neigh: RTNLGRP.NEIGH,
  ipv4_ifaddr: RTNLGRP.IPV4_IFADDR,
  ipv6_ifaddr: RTNLGRP.IPV6_IFADDR,
  ipv4_route: RTNLGRP.IPV4_ROUTE,
  ipv6_route: RTNLGRP.IPV6_ROUTE,
  ipv4_rule: RTNLGRP.IPV4_RULE,
  ipv6_rule: RTNLGRP.IPV6_RULE,
  nexthop: RTNLGRP.NEXTHOP,
})
const DEFAULT_GROUPS = Object.keys(GROUPS) as MonitorGroup[]

/**
 * Message type → how its notification becomes an event. Declared once for new and del. The
 * decoders are wrapped, not referenced: reading them here would load them at import (./lazy.ts).
 */
const EVENT_DECODERS: ReadonlyArray<[number, number, string, string, (d: Buffer, o: number, l: number) => unknown]> = [
  [RTM.NEWROUTE, RTM.DELROUTE, 'route', 'route', (d, o, l) => decodeRoute(d, o, l)],
  [RTM.NEWLINK, RTM.DELLINK, 'link', 'link', (d, o, l) => decodeLink(d, o, l)],
  [RTM.NEWADDR, RTM.DELADDR, 'addr', 'address', (d, o, l) => decodeAddress(d, o, l)],
  [RTM.NEWNEIGH, RTM.DELNEIGH, 'neigh', 'neighbour', (d, o, l) => decodeNeighbour(d, o, l)],
  [RTM.NEWRULE, RTM.DELRULE, 'rule', 'rule', (d, o, l) => decodeRule(d, o, l)],
  [RTM.NEWNEXTHOP, RTM.DELNEXTHOP, 'nexthop', 'nexthop', (d, o, l) => decodeNexthop(d, o, l)],
]

/** Options of {@link Monitor.open} (and of `IPRoute.monitor`, which passes its namespace). */
export interface MonitorOptions {
  /** Listen in this named network namespace (/run/netns/NAME) instead of the current one. */
  netns?: string
  /** Aborting it closes the monitor; a pending `next()` rejects with the signal's reason. */
  signal?: AbortSignal
  /** Receive buffer in bytes; large by default so bursts of notifications are not dropped. */
  rcvbuf?: number
  /** Datagrams the Rust queue may hold before reading pauses. */
  queueCapacity?: number
}

const DEFAULT_RCVBUF = 32 * 1024 * 1024

/**
 * Typed rtnetlink notifications, as `ip monitor` shows them: an async iterator of {@link MonitorEvent}s
 * on a socket of its own, with a Rust thread reading into a bounded queue so bursts are not lost while
 * JavaScript decodes. Leaving a `for await` loop, `close()` or the signal closes it.
 */
export class Monitor implements AsyncIterableIterator<MonitorEvent> {
  /** The monitor's own socket (stats, extra groups). */
  readonly socket: NetlinkSocket
  readonly #events: AsyncIterableIterator<Message>
  readonly #signal: AbortSignal | undefined
  readonly #onAbort = (): void => this.close()

  private constructor(socket: NetlinkSocket, signal: AbortSignal | undefined) {
    this.socket = socket
    this.#signal = signal
    // The iterator listens first, so an abort reaches the caller as its reason, then the socket goes.
    this.#events = socket.events(signal === undefined ? {} : { signal })
    if (signal?.aborted) socket.close()
    else signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** Opens the socket and joins the groups before returning, so no later notification is missed. */
  static open(groups: MonitorGroup[] = DEFAULT_GROUPS, options: MonitorOptions = {}): Monitor {
    if (!Array.isArray(groups) || groups.length === 0)
      throw new TypeError(`monitor: groups must be a non-empty array of ${Object.keys(GROUPS).join(', ')} or group numbers`)
    const numbers = groups.map((g, i) => {
      const n = typeof g === 'string' ? GROUPS[g] : g
      if (n === undefined) throw new TypeError(`monitor: groups[${i}]: unknown group '${String(g)}' (known: ${Object.keys(GROUPS).join(', ')})`)
      return n
    })
    const socket = NetlinkSocket.openSync({
      protocol: 'route',
      bufferThread: true,
      groups: numbers,
      rcvbuf: options.rcvbuf ?? DEFAULT_RCVBUF,
      ...(options.netns === undefined ? {} : { netns: options.netns }),
      ...(options.queueCapacity === undefined ? {} : { queueCapacity: options.queueCapacity }),
    })
    for (const [newType, delType, short, field, decode] of EVENT_DECODERS) {
      socket.marshal.register(newType, (d, o, l) => ({ type: `new${short}`, [field]: decode(d, o, l) }))
      socket.marshal.register(delType, (d, o, l) => ({ type: `del${short}`, [field]: decode(d, o, l) }))
    }
    return new Monitor(socket, options.signal)
  }

  /** The next event; the end (close, abort, receive failure) also closes the socket. */
  async next(): Promise<IteratorResult<MonitorEvent>> {
    let result: IteratorResult<Message>
    try {
      result = await this.#events.next()
    } catch (error) {
      this.close()
      throw error
    }
    if (result.done) {
      this.close()
      return result
    }
    return { value: toEvent(result.value), done: false }
  }

  /** Leaving the loop closes the monitor's socket; pending and later next() calls are done. */
  async return(): Promise<IteratorResult<MonitorEvent>> {
    await this.#events.return!()
    this.close()
    return { value: undefined, done: true }
  }

  /** As an async generator: finishes like return(), then rejects with `error`. */
  async throw(error?: unknown): Promise<IteratorResult<MonitorEvent>> {
    await this.return()
    throw error
  }

  /** The monitor is its own iterator. */
  [Symbol.asyncIterator](): this {
    return this
  }

  /** Closes the socket; pending and later `next()` calls are done. */
  close(): void {
    this.#signal?.removeEventListener('abort', this.#onAbort)
    this.socket.close()
  }

  /** `await using` support: closes the monitor. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }
}

function toEvent(message: unknown): MonitorEvent {
  if (isOverflow(message)) return { type: 'overflow' }
  const m = message as MonitorEvent & Message
  if (typeof m.type === 'string' && m.header === undefined) return m
  return { type: 'unknown', message: message as Message }
}
