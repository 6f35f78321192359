/**
 * sock_diag message layouts, declared once for decoding and encoding (src/schema/): the inet and
 * unix requests and answers (linux/inet_diag.h, unix_diag.h), struct tcp_info (linux/tcp.h), the
 * memory counters, and the attribute maps of both answers.
 */
import { defineAttrs, type CustomCodec } from '../schema/attrs'
import { ParseError } from '../schema/errors'
import { defineStruct, type FieldSpec } from '../schema/struct'
import { INET_DIAG, UNIX_DIAG } from './constants'

/** struct inet_diag_sockid (48 bytes): ports in network order, addresses 16 bytes (IPv4 in the first 4). */
const SOCKID: readonly FieldSpec[] = [
  { name: 'sport', type: 'be16', offset: 0 },
  { name: 'dport', type: 'be16', offset: 2 },
  { name: 'src', type: 'bytes', offset: 4, size: 16 },
  { name: 'dst', type: 'bytes', offset: 20, size: 16 },
  { name: 'if', type: 'u32', offset: 36 },
  { name: 'cookie0', type: 'u32', offset: 40 },
  { name: 'cookie1', type: 'u32', offset: 44 },
]
const at = (fields: readonly FieldSpec[], base: number): FieldSpec[] => fields.map((f) => ({ ...f, offset: f.offset + base }))

/** The sockid fields, as requests and answers carry them. */
export interface SockId {
  sport: number
  dport: number
  src: Buffer | null
  dst: Buffer | null
  if: number
  cookie0: number
  cookie1: number
}

/** struct inet_diag_req_v2 fields. */
export interface InetDiagReq extends SockId {
  family: number
  protocol: number
  ext: number
  states: number
}

/** struct inet_diag_req_v2 (56 bytes): a dump, a get or a destroy. */
export const INET_DIAG_REQ_V2 = defineStruct<InetDiagReq>({
  name: 'inet_diag_req_v2',
  size: 56,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'protocol', type: 'u8', offset: 1 },
    { name: 'ext', type: 'u8', offset: 2 },
    { name: 'states', type: 'u32', offset: 4 },
    ...at(SOCKID, 8),
  ],
})

/** struct inet_diag_msg fields. */
export interface InetDiagMsg extends SockId {
  family: number
  state: number
  timer: number
  retrans: number
  expires: number
  rqueue: number
  wqueue: number
  uid: number
  inode: number
}

/** struct inet_diag_msg (72 bytes): the fixed header of each inet answer. */
export const INET_DIAG_MSG = defineStruct<InetDiagMsg>({
  name: 'inet_diag_msg',
  size: 72,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'state', type: 'u8', offset: 1 },
    { name: 'timer', type: 'u8', offset: 2 },
    { name: 'retrans', type: 'u8', offset: 3 },
    ...at(SOCKID, 4),
    { name: 'expires', type: 'u32', offset: 52 },
    { name: 'rqueue', type: 'u32', offset: 56 },
    { name: 'wqueue', type: 'u32', offset: 60 },
    { name: 'uid', type: 'u32', offset: 64 },
    { name: 'inode', type: 'u32', offset: 68 },
  ],
})

/** struct inet_diag_bc_op (4 bytes): one bytecode operation; `no` is a jump, or a port in the op after a port comparison. */
export const BC_OP = defineStruct<{ code: number; yes: number; no: number }>({
  name: 'inet_diag_bc_op',
  size: 4,
  fields: [
    { name: 'code', type: 'u8', offset: 0 },
    { name: 'yes', type: 'u8', offset: 1 },
    { name: 'no', type: 'u16', offset: 2 },
  ],
})

/** struct inet_diag_hostcond (8 bytes, then the address): port -1 is any port. */
export const HOSTCOND = defineStruct<{ family: number; prefixLen: number; port: number }>({
  name: 'inet_diag_hostcond',
  size: 8,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'prefixLen', type: 'u8', offset: 1 },
    { name: 'port', type: 's32', offset: 4 },
  ],
})

/** struct inet_diag_meminfo (INET_DIAG_MEMINFO). */
export interface InetMeminfo {
  /** Bytes queued for receiving. */
  rmem: number
  /** Bytes queued for sending. */
  wmem: number
  /** Bytes allocated but not used. */
  fmem: number
  /** Bytes queued for transmission, headers included. */
  tmem: number
}

const INET_MEMINFO = defineStruct<InetMeminfo>({
  name: 'inet_diag_meminfo',
  size: 16,
  fields: ['rmem', 'wmem', 'fmem', 'tmem'].map((name, i) => ({ name, type: 'u32' as const, offset: 4 * i })),
})

/** The SK_MEMINFO_* counters (INET_DIAG_SKMEMINFO, UNIX_DIAG_MEMINFO), as `ss -m` shows them in skmem:(…). */
export interface SkMeminfo {
  /** r: receive memory allocated. */
  rmemAlloc: number
  /** rb: receive buffer. */
  rcvbuf: number
  /** t: send memory allocated. */
  wmemAlloc: number
  /** tb: send buffer. */
  sndbuf: number
  /** f: forward-allocated memory. */
  fwdAlloc: number
  /** w: memory queued for sending. */
  wmemQueued: number
  /** o: option memory. */
  optmem: number
  /** bl: backlog. */
  backlog: number
  /** d: packets dropped (0 where the kernel predates the counter). */
  drops: number
}

const SK_MEMINFO = defineStruct<SkMeminfo>({
  name: 'sk_meminfo',
  size: 36,
  minSize: 32,
  fields: ['rmemAlloc', 'rcvbuf', 'wmemAlloc', 'sndbuf', 'fwdAlloc', 'wmemQueued', 'optmem', 'backlog', 'drops'].map((name, i) => ({
    name,
    type: 'u32' as const,
    offset: 4 * i,
  })),
})

/** struct tcp_info field names, in order, with their kinds; the wscale nibbles split by the decoder. */
const TCP_INFO_FIELDS: readonly (readonly [string, 'u8' | 'u16' | 'u32' | 'u64'])[] = [
  ['state', 'u8'],
  ['caState', 'u8'],
  ['retransmits', 'u8'],
  ['probes', 'u8'],
  ['backoff', 'u8'],
  ['options', 'u8'],
  ['wscale', 'u8'],
  ['appLimitedFlags', 'u8'],
  ['rto', 'u32'],
  ['ato', 'u32'],
  ['sndMss', 'u32'],
  ['rcvMss', 'u32'],
  ['unacked', 'u32'],
  ['sacked', 'u32'],
  ['lost', 'u32'],
  ['retrans', 'u32'],
  ['fackets', 'u32'],
  ['lastDataSent', 'u32'],
  ['lastAckSent', 'u32'],
  ['lastDataRecv', 'u32'],
  ['lastAckRecv', 'u32'],
  ['pmtu', 'u32'],
  ['rcvSsthresh', 'u32'],
  ['rtt', 'u32'],
  ['rttvar', 'u32'],
  ['sndSsthresh', 'u32'],
  ['sndCwnd', 'u32'],
  ['advmss', 'u32'],
  ['reordering', 'u32'],
  ['rcvRtt', 'u32'],
  ['rcvSpace', 'u32'],
  ['totalRetrans', 'u32'],
  ['pacingRate', 'u64'],
  ['maxPacingRate', 'u64'],
  ['bytesAcked', 'u64'],
  ['bytesReceived', 'u64'],
  ['segsOut', 'u32'],
  ['segsIn', 'u32'],
  ['notsentBytes', 'u32'],
  ['minRtt', 'u32'],
  ['dataSegsIn', 'u32'],
  ['dataSegsOut', 'u32'],
  ['deliveryRate', 'u64'],
  ['busyTime', 'u64'],
  ['rwndLimited', 'u64'],
  ['sndbufLimited', 'u64'],
  ['delivered', 'u32'],
  ['deliveredCe', 'u32'],
  ['bytesSent', 'u64'],
  ['bytesRetrans', 'u64'],
  ['dsackDups', 'u32'],
  ['reordSeen', 'u32'],
  ['rcvOoopack', 'u32'],
  ['sndWnd', 'u32'],
  ['rcvWnd', 'u32'],
  ['rehash', 'u32'],
  ['totalRto', 'u16'],
  ['totalRtoRecoveries', 'u16'],
  ['totalRtoTime', 'u32'],
]
const SIZES = { u8: 1, u16: 2, u32: 4, u64: 8 } as const

/** Lays the tcp_info fields out by C's alignment rules (each field aligned to its size). */
function tcpInfoFields(): FieldSpec[] {
  let offset = 0
  return TCP_INFO_FIELDS.map(([name, type]) => {
    offset = Math.ceil(offset / SIZES[type]) * SIZES[type]
    const field = { name, type, offset }
    offset += SIZES[type]
    return field
  })
}

/**
 * struct tcp_info as of Linux 6.7 (248 bytes; times in µs unless named otherwise, rates in bytes/s).
 * Older kernels send less (Linux 4.x sends 104 bytes and more): what they lack reads 0; newer
 * kernels' additions past 248 bytes are not read.
 */
export type TcpInfoFields = { [name: string]: number }

/** The struct tcp_info codec (INET_DIAG_INFO of a TCP socket). */
export const TCP_INFO = defineStruct<TcpInfoFields>({ name: 'tcp_info', size: 248, minSize: 104, fields: tcpInfoFields() })

/** struct tcpvegas_info (INET_DIAG_VEGASINFO). */
const VEGAS_INFO = defineStruct({
  name: 'tcpvegas_info',
  size: 16,
  fields: ['enabled', 'rttcnt', 'rtt', 'minrtt'].map((name, i) => ({ name, type: 'u32' as const, offset: 4 * i })),
})

/** INET_DIAG_* attributes. INET_DIAG_INFO is tcp_info for TCP; it is decoded by the decoder, which knows the protocol. */
export const INET_DIAG_ATTRS = defineAttrs('inet_diag', {
  [INET_DIAG.MEMINFO]: { name: 'meminfo', kind: 'struct', struct: INET_MEMINFO },
  [INET_DIAG.INFO]: { name: 'info', kind: 'binary' },
  [INET_DIAG.VEGASINFO]: { name: 'vegasinfo', kind: 'struct', struct: VEGAS_INFO },
  [INET_DIAG.CONG]: { name: 'cong', kind: 'string' },
  [INET_DIAG.TOS]: { name: 'tos', kind: 'u8' },
  [INET_DIAG.TCLASS]: { name: 'tclass', kind: 'u8' },
  [INET_DIAG.SKMEMINFO]: { name: 'skmeminfo', kind: 'struct', struct: SK_MEMINFO },
  [INET_DIAG.SHUTDOWN]: { name: 'shutdown', kind: 'u8' },
  [INET_DIAG.PROTOCOL]: { name: 'protocol', kind: 'u8' },
  [INET_DIAG.SKV6ONLY]: { name: 'v6only', kind: 'u8' },
  [INET_DIAG.PAD]: { name: 'pad', kind: 'pad' },
  [INET_DIAG.MARK]: { name: 'mark', kind: 'u32' },
  [INET_DIAG.CLASS_ID]: { name: 'classId', kind: 'u32' },
  [INET_DIAG.CGROUP_ID]: { name: 'cgroupId', kind: 'u64' },
  [INET_DIAG.SOCKOPT]: { name: 'sockopt', kind: 'u16' },
})

/** struct unix_diag_req fields. */
export interface UnixDiagReq {
  family: number
  protocol: number
  states: number
  ino: number
  show: number
  cookie0: number
  cookie1: number
}

/** struct unix_diag_req (24 bytes). */
export const UNIX_DIAG_REQ = defineStruct<UnixDiagReq>({
  name: 'unix_diag_req',
  size: 24,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'protocol', type: 'u8', offset: 1 },
    { name: 'states', type: 'u32', offset: 4 },
    { name: 'ino', type: 'u32', offset: 8 },
    { name: 'show', type: 'u32', offset: 12 },
    { name: 'cookie0', type: 'u32', offset: 16 },
    { name: 'cookie1', type: 'u32', offset: 20 },
  ],
})

/** struct unix_diag_msg fields. */
export interface UnixDiagMsg {
  family: number
  type: number
  state: number
  ino: number
  cookie0: number
  cookie1: number
}

/** struct unix_diag_msg (16 bytes): the fixed header of each UNIX answer. */
export const UNIX_DIAG_MSG = defineStruct<UnixDiagMsg>({
  name: 'unix_diag_msg',
  size: 16,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'type', type: 'u8', offset: 1 },
    { name: 'state', type: 'u8', offset: 2 },
    { name: 'ino', type: 'u32', offset: 4 },
    { name: 'cookie0', type: 'u32', offset: 8 },
    { name: 'cookie1', type: 'u32', offset: 12 },
  ],
})

/**
 * UNIX_DIAG_NAME: sun_path as bound. An abstract name (first byte NUL) is shown as ss shows it,
 * every NUL an '@'; a path ends at its first NUL.
 */
const UNIX_NAME: CustomCodec<string> = {
  decode(buf, start, end) {
    if (end > start && buf[start] === 0) return buf.toString('latin1', start, end).replaceAll('\0', '@')
    let z = start
    while (z < end && buf[z] !== 0) z++
    return buf.toString('utf8', start, z)
  },
  encode() {
    throw new Error('UNIX_DIAG_NAME is never sent')
  },
}

/** UNIX_DIAG_ICONS: the inodes of connections waiting in a listener's queue, a plain u32 array. */
const INODE_ARRAY: CustomCodec<number[]> = {
  decode(buf, start, end) {
    if ((end - start) % 4 !== 0) throw new ParseError(`UNIX_DIAG_ICONS of ${end - start} bytes is not a u32 array`, start)
    const out: number[] = []
    for (let p = start; p < end; p += 4) out.push(buf.readUInt32LE(p))
    return out
  },
  encode() {
    throw new Error('UNIX_DIAG_ICONS is never sent')
  },
}

/** UNIX_DIAG_* attributes. */
export const UNIX_DIAG_ATTRS = defineAttrs('unix_diag', {
  [UNIX_DIAG.NAME]: { name: 'name', kind: 'custom', codec: UNIX_NAME },
  [UNIX_DIAG.VFS]: {
    name: 'vfs',
    kind: 'struct',
    struct: defineStruct({
      name: 'unix_diag_vfs',
      size: 8,
      fields: [
        { name: 'inode', type: 'u32', offset: 0 },
        { name: 'dev', type: 'u32', offset: 4 },
      ],
    }),
  },
  [UNIX_DIAG.PEER]: { name: 'peer', kind: 'u32' },
  [UNIX_DIAG.ICONS]: { name: 'icons', kind: 'custom', codec: INODE_ARRAY },
  [UNIX_DIAG.RQLEN]: {
    name: 'rqlen',
    kind: 'struct',
    struct: defineStruct({
      name: 'unix_diag_rqlen',
      size: 8,
      fields: [
        { name: 'rqueue', type: 'u32', offset: 0 },
        { name: 'wqueue', type: 'u32', offset: 4 },
      ],
    }),
  },
  [UNIX_DIAG.MEMINFO]: { name: 'meminfo', kind: 'struct', struct: SK_MEMINFO },
  [UNIX_DIAG.SHUTDOWN]: { name: 'shutdown', kind: 'u8' },
  [UNIX_DIAG.UID]: { name: 'uid', kind: 'u32' },
})
