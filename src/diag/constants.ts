/**
 * sock_diag numbers and their names (linux/sock_diag.h, inet_diag.h, unix_diag.h, tcp.h): message
 * types, the INET_DIAG_* and UNIX_DIAG_* attribute types, the extension bits a dump asks for, the
 * bytecode filter's operations, the TCP states (one enum, its names derived) and the timers.
 */
import { defineNames } from '../schema/names'
import { enumNames, lowerNames, type LowerNames } from '../iproute/common/enum'

/** SOCK_DIAG_BY_FAMILY: dump or get sockets; SOCK_DESTROY: close one (`ss -K`). */
export const SOCK_DIAG_BY_FAMILY = 20
/** See {@link SOCK_DIAG_BY_FAMILY}. */
export const SOCK_DESTROY = 21

/** AF_UNIX, the family byte of unix_diag requests and answers. */
export const AF_UNIX = 1

/**
 * The transport protocols inet_diag dumps (sdiag_protocol).
 * @enum
 */
export const IPPROTO = {
  TCP: 6,
  UDP: 17,
  SCTP: 132,
  RAW: 255,
} as const

/** Protocol names as the API takes and returns them ('tcp', 'udp', 'sctp', 'raw'). */
export const PROTOCOL_NAMES = enumNames('sock_diag protocol', IPPROTO)
/** A protocol name. */
export type DiagProtocol = LowerNames<typeof IPPROTO>

/**
 * TCP states (include/net/tcp_states.h), which UDP, raw and UNIX sockets reuse (a bound UDP socket
 * is CLOSE, a connected one ESTABLISHED).
 * @enum
 */
export const TCP_STATE = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
  NEW_SYN_RECV: 12,
} as const

/** A socket state's name, as `ss` spells its state filter ('established', 'time-wait', 'listen', ...). */
export type SocketState =
  | 'established'
  | 'syn-sent'
  | 'syn-recv'
  | 'fin-wait-1'
  | 'fin-wait-2'
  | 'time-wait'
  | 'close'
  | 'close-wait'
  | 'last-ack'
  | 'listen'
  | 'closing'
  | 'new-syn-recv'

/** The state names, ss's spelling; ss's other words for them ('closed', 'listening', 'estab') accepted too. */
export const STATES = defineNames(
  'socket state',
  lowerNames(TCP_STATE, {
    SYN_SENT: 'syn-sent',
    SYN_RECV: 'syn-recv',
    FIN_WAIT1: 'fin-wait-1',
    FIN_WAIT2: 'fin-wait-2',
    TIME_WAIT: 'time-wait',
    CLOSE_WAIT: 'close-wait',
    LAST_ACK: 'last-ack',
    NEW_SYN_RECV: 'new-syn-recv',
  }) as Record<number, SocketState>,
  { closed: TCP_STATE.CLOSE, listening: TCP_STATE.LISTEN, estab: TCP_STATE.ESTABLISHED },
)

/** Every state bit: what a dump asks for when no state is given (ss -a). */
export const ALL_STATES = 0xffffffff

/**
 * inet_diag attributes (INET_DIAG_*), after struct inet_diag_msg.
 * @enum
 */
export const INET_DIAG = {
  MEMINFO: 1,
  INFO: 2,
  VEGASINFO: 3,
  CONG: 4,
  TOS: 5,
  TCLASS: 6,
  SKMEMINFO: 7,
  SHUTDOWN: 8,
  DCTCPINFO: 9,
  PROTOCOL: 10,
  SKV6ONLY: 11,
  LOCALS: 12,
  PEERS: 13,
  PAD: 14,
  MARK: 15,
  BBRINFO: 16,
  CLASS_ID: 17,
  MD5SIG: 18,
  ULP_INFO: 19,
  SK_BPF_STORAGES: 20,
  CGROUP_ID: 21,
  SOCKOPT: 22,
} as const

/** The extensions a dump may ask for: bit (INET_DIAG_x - 1) of idiag_ext, which is a u8. */
export type DiagExtension = 'meminfo' | 'info' | 'vegasinfo' | 'cong' | 'tos' | 'tclass' | 'skmeminfo' | 'shutdown'

/** Extension names → their idiag_ext bit. */
export const EXTENSIONS = defineNames<DiagExtension>('sock_diag extension', {
  [1 << (INET_DIAG.MEMINFO - 1)]: 'meminfo',
  [1 << (INET_DIAG.INFO - 1)]: 'info',
  [1 << (INET_DIAG.VEGASINFO - 1)]: 'vegasinfo',
  [1 << (INET_DIAG.CONG - 1)]: 'cong',
  [1 << (INET_DIAG.TOS - 1)]: 'tos',
  [1 << (INET_DIAG.TCLASS - 1)]: 'tclass',
  [1 << (INET_DIAG.SKMEMINFO - 1)]: 'skmeminfo',
  [1 << (INET_DIAG.SHUTDOWN - 1)]: 'shutdown',
})

/** INET_DIAG_REQ_BYTECODE: the filter program attached to an inet_diag_req_v2. */
export const INET_DIAG_REQ_BYTECODE = 1

/** INET_DIAG_NOCOOKIE: "any socket with this address", in both words of a sockid's cookie. */
export const INET_DIAG_NOCOOKIE = 0xffffffff

/**
 * The bytecode filter's operations (INET_DIAG_BC_*), each a struct inet_diag_bc_op.
 * @enum
 */
export const INET_DIAG_BC = {
  NOP: 0,
  JMP: 1,
  S_GE: 2,
  S_LE: 3,
  D_GE: 4,
  D_LE: 5,
  AUTO: 6,
  S_COND: 7,
  D_COND: 8,
  DEV_COND: 9,
  MARK_COND: 10,
  S_EQ: 11,
  D_EQ: 12,
  CGROUP_COND: 13,
} as const

/**
 * idiag_timer, as ss -o names them: 'on' is the retransmit timer.
 * @enum
 */
export const TIMER = {
  OFF: 0,
  ON: 1,
  KEEPALIVE: 2,
  TIMEWAIT: 3,
  PERSIST: 4,
} as const

/** Timer names. */
export const TIMERS = enumNames('timer', TIMER)

/**
 * unix_diag attributes (UNIX_DIAG_*), after struct unix_diag_msg.
 * @enum
 */
export const UNIX_DIAG = {
  NAME: 0,
  VFS: 1,
  PEER: 2,
  ICONS: 3,
  RQLEN: 4,
  MEMINFO: 5,
  SHUTDOWN: 6,
  UID: 7,
} as const

/**
 * udiag_show: what a unix_diag dump asks for (UDIAG_SHOW_*).
 * @enum
 */
export const UDIAG_SHOW = {
  NAME: 0x01,
  VFS: 0x02,
  PEER: 0x04,
  ICONS: 0x08,
  RQLEN: 0x10,
  MEMINFO: 0x20,
  UID: 0x40,
} as const

/** The UNIX extensions a dump may ask for beyond what every UNIX dump asks (name, peer, queues, uid). */
export type UnixExtension = 'vfs' | 'icons' | 'meminfo'

/** UNIX extension names → their udiag_show bit. */
export const UNIX_EXTENSIONS = defineNames<UnixExtension>('unix_diag extension', {
  [UDIAG_SHOW.VFS]: 'vfs',
  [UDIAG_SHOW.ICONS]: 'icons',
  [UDIAG_SHOW.MEMINFO]: 'meminfo',
})

/**
 * UNIX socket types (SOCK_*), as ss's Netid shows them (u_str, u_dgr, u_seq).
 * @enum
 */
export const SOCK_TYPE = {
  STREAM: 1,
  DGRAM: 2,
  SEQPACKET: 5,
} as const

/** UNIX socket type names. */
export const SOCK_TYPES = enumNames('socket type', SOCK_TYPE)
