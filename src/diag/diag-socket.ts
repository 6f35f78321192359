/**
 * DiagSocket: sock_diag (NETLINK_SOCK_DIAG) over one NetlinkSocket, pyroute2's DiagSocket and
 * iproute2's `ss` as a typed API. Answers are told apart by their family byte: the socket's
 * Marshal is keyed on it (toolkit/keyed-socket.ts), so an inet answer of AF_INET (2, also
 * NLMSG_ERROR's number) is decoded as a socket while a real error still ends the request. States,
 * ports and addresses go to the kernel (state mask, bytecode: ./encode.ts, ./bytecode.ts); what it
 * cannot filter (the owner's uid) is dropped in Rust by the native inetDiagFilter before anything
 * reaches JavaScript.
 */
import { NLM_F_ACK, NLM_F_DUMP } from '../constants'
import { NetlinkError } from '../errors'
import type { Parser } from '../marshal'
import type { NativeParserSpec } from '../native'
import { deferredIterator, type CollectOptions } from '../request'
import type { NativeOpener, NetlinkSocket, NetlinkSocketOptions } from '../socket'
import { objectArg } from '../toolkit/args'
import { callOptions, dumpOptions, type CallOptions, type DumpOptions } from '../toolkit/call-options'
import { AF_INET, AF_INET6 } from '../toolkit/family'
import { keyedParser, openKeyedSocket } from '../toolkit/keyed-socket'
import { AF_UNIX, SOCK_DESTROY, SOCK_DIAG_BY_FAMILY, type DiagExtension, type DiagProtocol } from './constants'
import type { InetSocket, InetSocketId, SocketFilter, UnixSocket, UnixSocketFilter } from './types'

/** Options of DiagSocket.open: those of NetlinkSocket, for the sock_diag protocol. */
export type DiagSocketOptions = Omit<NetlinkSocketOptions, 'protocol' | 'groups'>

// Layouts, decoders and encoders are loaded on first use: importing nlroute must stay cheap.
/* eslint-disable @typescript-eslint/no-require-imports */
const decoders = (): typeof import('./decode') => require('./decode') as typeof import('./decode')
const encoders = (): typeof import('./encode') => require('./encode') as typeof import('./encode')
/* eslint-enable @typescript-eslint/no-require-imports */

/** The family byte: the first of sdiag_family / idiag_family / udiag_family, right after the nlmsghdr. */
const FAMILY_KEY = { format: 'B', offset: 16 } as const

/** The Marshal's parsers, by family byte. */
const PARSERS: Readonly<Record<number, Parser>> = {
  [AF_INET]: (d, o, l) => decoders().decodeInetSocket(d, o, l),
  [AF_INET6]: (d, o, l) => decoders().decodeInetSocket(d, o, l),
  [AF_UNIX]: (d, o, l) => decoders().decodeUnixSocket(d, o, l),
}

/**
 * sock_diag: list, look up and destroy sockets, as `ss` does. Open it with {@link DiagSocket.open}
 * (in a namespace with `netns`) and `close()` it when done.
 */
export class DiagSocket {
  readonly #keyed: Parser

  private constructor(
    /** The underlying netlink socket (its Marshal is keyed on the family byte). */
    readonly netlink: NetlinkSocket,
  ) {
    this.#keyed = keyedParser(netlink.marshal)
  }

  /** Opens the socket. `opener` replaces the native socket, as for NetlinkSocket.open (tests use a fake kernel). */
  static async open(options: DiagSocketOptions = {}, opener?: NativeOpener): Promise<DiagSocket> {
    objectArg(options, 'DiagSocket.open options')
    for (const key of ['protocol', 'groups']) {
      if (key in options) throw new TypeError(`DiagSocket.open options.${key}: not a DiagSocket option`)
    }
    return new DiagSocket(await openKeyedSocket(options, 'sock_diag', FAMILY_KEY, PARSERS, opener))
  }

  /** Inet sockets (`ss -t`, `-u`, ...) matching `filter`, streamed. */
  sockets(filter: SocketFilter = {}, options: CallOptions = {}): AsyncIterableIterator<InetSocket> {
    const call = callOptions(options, 'sockets')
    const requests = this.#inetDump(filter, 'sockets filter', call)
    const socket = this.netlink
    async function* all(): AsyncGenerator<InetSocket> {
      for (const [payload, request] of requests) yield* socket.request(payload, request)
    }
    return deferredIterator(async () => all(), call.signal)
  }

  /** Inet sockets matching `filter`, collected. */
  async getSockets(filter: SocketFilter = {}, options: DumpOptions = {}): Promise<InetSocket[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'getSockets')
    const out: InetSocket[] = []
    for (const [payload, request] of this.#inetDump(filter, 'getSockets filter', call)) {
      out.push(...(await this.netlink.requestAll(payload, { ...request, retryInterrupted })))
    }
    return out
  }

  /** UNIX sockets (`ss -x`) matching `filter`, streamed. */
  unixSockets(filter: UnixSocketFilter = {}, options: CallOptions = {}): AsyncIterableIterator<UnixSocket> {
    const call = callOptions(options, 'unixSockets')
    return this.netlink.request(...this.#unixDump(filter, 'unixSockets filter', call))
  }

  /** UNIX sockets matching `filter`, collected. */
  async getUnixSockets(filter: UnixSocketFilter = {}, options: DumpOptions = {}): Promise<UnixSocket[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'getUnixSockets')
    const [payload, request] = this.#unixDump(filter, 'getUnixSockets filter', call)
    return this.netlink.requestAll(payload, { ...request, retryInterrupted })
  }

  /**
   * One inet socket by its addresses (and cookie, when given): an {@link InetSocket} will do as the
   * id. Null when the kernel has no such socket.
   */
  async socket(id: InetSocketId, options: CallOptions & { extensions?: readonly DiagExtension[] } = {}): Promise<InetSocket | null> {
    objectArg(options, 'socket options')
    const { extensions, ...rest } = options
    const call = callOptions(rest, 'socket')
    const { payload, protocol } = encoders().encodeInetExact(id, 'socket id', extensions)
    try {
      const [found] = await this.netlink.request(payload, { type: SOCK_DIAG_BY_FAMILY, flags: 0, parser: this.#inetParser(protocol), ...call }).collect()
      return found ?? null
    } catch (error) {
      if (error instanceof NetlinkError && error.code === 'ENOENT') return null
      throw error
    }
  }

  /**
   * Closes one inet socket (SOCK_DESTROY, `ss -K`): a TCP connection is reset, a UDP socket's
   * pending calls fail. Needs CAP_NET_ADMIN and a kernel with CONFIG_INET_DIAG_DESTROY; without it
   * a NetlinkError EOPNOTSUPP. ENOENT when there is no such socket.
   */
  async destroy(id: InetSocketId, options: CallOptions = {}): Promise<void> {
    const call = callOptions(options, 'destroy')
    const { payload } = encoders().encodeInetExact(id, 'destroy id')
    try {
      await this.netlink.request(payload, { type: SOCK_DESTROY, flags: NLM_F_ACK, ...call }).collect()
    } catch (error) {
      if (error instanceof NetlinkError && error.code === 'EOPNOTSUPP') {
        throw new NetlinkError(error.errno, {
          context: 'destroy: this kernel cannot destroy sockets of this protocol (CONFIG_INET_DIAG_DESTROY off, or no destroy for it)',
        })
      }
      throw error
    }
  }

  /** Closes the socket. */
  close(): void {
    this.netlink.close()
  }

  /** `await using` support: closes the socket. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  /** The parser of an inet request: the Marshal's decoder, with the protocol the request asked for (answers do not carry it). */
  #inetParser(protocol: DiagProtocol): Parser<InetSocket> {
    const keyed = this.#keyed
    if (protocol === 'raw') return keyed as Parser<InetSocket>
    return (d, o, l) => {
      const s = keyed(d, o, l) as InetSocket | null
      if (s !== null && 'localPort' in s) s.protocol = protocol
      return s
    }
  }

  /** One request per family of an inet dump: payload and options (native uid filter where asked). */
  #inetDump(filter: SocketFilter, what: string, call: CallOptions): Array<[Buffer, CollectOptions<InetSocket>]> {
    const dump = encoders().encodeInetDump(filter, what)
    const parser = this.#inetParser(dump.protocol)
    return dump.payloads.map((payload) => {
      const request: CollectOptions<InetSocket> = { type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_DUMP, parser, ...call }
      if (dump.uid !== undefined) request.nativeParser = { name: 'inetDiagFilter', uid: dump.uid } satisfies NativeParserSpec
      return [payload, request]
    })
  }

  #unixDump(filter: UnixSocketFilter, what: string, call: CallOptions): [Buffer, CollectOptions<UnixSocket>] {
    const payload = encoders().encodeUnixDump(filter, what)
    return [payload, { type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_DUMP, parser: this.#keyed as Parser<UnixSocket>, ...call }]
  }
}
