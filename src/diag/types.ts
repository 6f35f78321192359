/**
 * The objects DiagSocket returns and the filters and ids it takes: the public shape of sock_diag.
 */
import type { UnknownAttr } from '../schema/attrs'
import type { DiagExtension, DiagProtocol, SocketState, UnixExtension } from './constants'
import type { InetMeminfo, SkMeminfo } from './schema'

export type { DiagExtension, DiagProtocol, SocketState, UnixExtension } from './constants'
export type { InetMeminfo, SkMeminfo } from './schema'

/** A port, or an inclusive range. */
export type PortMatch =
  | number
  | {
      /** First port of the range. */
      min: number
      /** Last port of the range. */
      max: number
    }

/** Which inet sockets a dump lists. Every field is given to the kernel but `uid`, which Rust filters. */
export interface SocketFilter {
  /** 4 or 6; omitted: both (IPv4 first, as ss lists them). */
  family?: 4 | 6
  /** Default 'tcp'. */
  protocol?: DiagProtocol
  /** States to list (names or TCP_STATE numbers); omitted: every state (ss -a). */
  states?: ReadonlyArray<SocketState | number>
  /** Extensions to ask for (ss -i asks for 'info', 'vegasinfo' and 'cong'; -m for 'skmeminfo'). */
  extensions?: readonly DiagExtension[]
  /** Ports: a socket matches when its local port is one of `local` and its remote port one of `remote`. */
  ports?: {
    /** Local ports or ranges (any of them). */
    local?: PortMatch | readonly PortMatch[]
    /** Remote ports or ranges (any of them). */
    remote?: PortMatch | readonly PortMatch[]
  }
  /** Address prefixes ('10.0.0.0/8', '::1'): any of `local` and any of `remote`, as ss's `src`/`dst`. */
  addresses?: {
    /** Local address prefixes (any of them). */
    local?: string | readonly string[]
    /** Remote address prefixes (any of them). */
    remote?: string | readonly string[]
  }
  /** Owner's uid (ss has no kernel filter for it: dropped in Rust, before JavaScript sees the socket). */
  uid?: number
}

/** Which UNIX sockets a dump lists. */
export interface UnixSocketFilter {
  /** States to list; omitted: every state. */
  states?: ReadonlyArray<SocketState | number>
  /** More to ask for: 'vfs' (the bound file's inode and device), 'icons' (a listener's pending connections), 'meminfo'. */
  extensions?: readonly UnixExtension[]
}

/** One inet socket, as `socket()` and `destroy()` take it: an {@link InetSocket} will do. */
export interface InetSocketId {
  /** 4 or 6. */
  family: 4 | 6
  /** Default 'tcp'. */
  protocol?: DiagProtocol
  /** Local address. */
  localAddress: string
  /** Local port. */
  localPort: number
  /** Remote address (the wildcard for a listener). */
  remoteAddress: string
  /** Remote port (0 for a listener). */
  remotePort: number
  /** The bound interface's index (0 or omitted: none). */
  interface?: number
  /** The socket's cookie (hex, as InetSocket.cookie): only that very socket; omitted: whichever has the addresses. */
  cookie?: string
}

/** A socket timer (ss -o's `timer:(name,expires,retransmits)`). */
export interface SocketTimer {
  /** 'on' (retransmit), 'keepalive', 'timewait', 'persist', or the kernel's number. */
  name: string | number
  /** Milliseconds until it fires. */
  expires: number
  /** Retransmits (for 'on') or probes sent so far. */
  retransmits: number
}

/** struct tcp_info (INET_DIAG_INFO of a TCP socket): times in µs unless named otherwise, rates in bytes/s. */
export interface TcpInfo {
  /** Every field of struct tcp_info by its camelCase name (rto, ato, sndMss, rcvMss, rtt, rttvar, sndCwnd, bytesAcked, ...). */
  [field: string]: number | boolean
  /** Send window scale (ss's wscale:SND,RCV). */
  sndWscale: number
  /** Receive window scale. */
  rcvWscale: number
  /** The delivery rate was limited by the application (ss's app_limited). */
  deliveryRateAppLimited: boolean
}

/** One inet (TCP, UDP, raw, SCTP) socket. */
export interface InetSocket {
  /** 4 or 6. */
  family: 4 | 6
  /** The transport protocol. */
  protocol: DiagProtocol
  /** The state's name ('listen', 'established', 'time-wait', ...), or its number if unknown. */
  state: SocketState | number
  /** Local address (IPv4 or RFC 5952 IPv6 text; a wildcard is 0.0.0.0 or ::). */
  localAddress: string
  /** Local port (0 for none). */
  localPort: number
  /** Remote address (the wildcard for a listener or an unconnected socket). */
  remoteAddress: string
  /** Remote port (0 for none). */
  remotePort: number
  /** Index of the interface the socket is bound to, 0 for none. */
  interface: number
  /** The socket's inode (0 for time-wait and request sockets). */
  inode: number
  /** The owner's uid. */
  uid: number
  /** The kernel's socket cookie, hex (ss -e's `sk:`). */
  cookie: string
  /** The active timer, or null when none. */
  timer: SocketTimer | null
  /** Recv-Q: for a listener, connections waiting for accept(). */
  receiveQueue: number
  /** Send-Q: for a listener, the accept backlog. */
  sendQueue: number
  /** INET_DIAG_MEMINFO (extension 'meminfo'). */
  meminfo: InetMeminfo | null
  /** INET_DIAG_SKMEMINFO (extension 'skmeminfo', ss -m). */
  skmeminfo: SkMeminfo | null
  /** TCP only, extension 'info' (ss -i). */
  tcpInfo: TcpInfo | null
  /** Congestion control algorithm (extension 'cong'). */
  congestion: string | null
  /** cgroup v2 id of the socket's cgroup, where the kernel sends it. */
  cgroupId: number | null
  /** Other attributes the kernel sent, by name (shutdown, v6only, tos, mark, sockopt, ...). */
  extra: Record<string, unknown> | null
  /** Attributes not known here, raw. */
  unknown: UnknownAttr[] | null
}

/** One UNIX socket. */
export interface UnixSocket {
  /** Always 'unix'. */
  family: 'unix'
  /** 'stream', 'dgram', 'seqpacket', or the number. */
  type: string | number
  /** 'listen', 'established', 'close' (unconnected), ... */
  state: SocketState | number
  /** The bound name: a path, an abstract name as ss shows it ('@name'), or null when unbound. */
  path: string | null
  /** The socket's inode. */
  inode: number
  /** The peer's inode, or null when not connected (ss's `*`). */
  peerInode: number | null
  /** Recv-Q (for a listener: pending connections). */
  receiveQueue: number
  /** Send-Q (for a listener: the backlog). */
  sendQueue: number
  /** The owner's uid, where the kernel sends it (Linux 5.3+). */
  uid: number | null
  /** The kernel's socket cookie, hex. */
  cookie: string
  /** A listener's pending connections' inodes (extension 'icons'). */
  pendingConnections: number[] | null
  /** The bound file (extension 'vfs'). */
  vfs: {
    /** The file's inode. */
    inode: number
    /** Its device. */
    dev: number
  } | null
  /** extension 'meminfo'. */
  meminfo: SkMeminfo | null
  /** Other attributes the kernel sent, by name (shutdown, ...). */
  extra: Record<string, unknown> | null
  /** Attributes not known here, raw. */
  unknown: UnknownAttr[] | null
}
