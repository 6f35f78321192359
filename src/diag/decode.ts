/**
 * sock_diag decoders: one inet_diag_msg or unix_diag_msg answer into an InetSocket or UnixSocket,
 * the typed fields picked and every other attribute kept (`extra` by name, `unknown` raw). They
 * have the engine's parser signature and are chosen by the answer's family byte (DiagSocket keys
 * its Marshal on it).
 */
import { AF_INET, familyFromAf } from '../toolkit/family'
import { decodeMessage, extraOf, orNull, unknownOf } from '../toolkit/projection'
import { formatIP } from '../util/address'
import { IPPROTO, PROTOCOL_NAMES, SOCK_TYPES, STATES, TIMER, TIMERS, type DiagProtocol, type SocketState } from './constants'
import { INET_DIAG_ATTRS, INET_DIAG_MSG, TCP_INFO, UNIX_DIAG_ATTRS, UNIX_DIAG_MSG, type InetMeminfo, type SkMeminfo } from './schema'
import type { InetSocket, TcpInfo, UnixSocket } from './types'

const INET_PICKED: ReadonlySet<string> = new Set(['meminfo', 'skmeminfo', 'info', 'cong', 'cgroupId', 'protocol'])
const UNIX_PICKED: ReadonlySet<string> = new Set(['name', 'peer', 'rqlen', 'uid', 'icons', 'vfs', 'meminfo'])

/** A sockid's cookie as ss -e prints it (`sk:`): the two u32 words as one hex number. */
export function cookieHex(low: number, high: number): string {
  return high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0')
}

/** tcp_info with the bit fields split as ss reads them. */
export function decodeTcpInfo(bytes: Buffer): TcpInfo | null {
  if (bytes.length < TCP_INFO.minSize) return null
  const info = TCP_INFO.decode(bytes, 0, Math.min(bytes.length, TCP_INFO.size)) as Record<string, number>
  const { wscale, appLimitedFlags, ...rest } = info
  return {
    ...rest,
    sndWscale: wscale! & 0x0f,
    rcvWscale: wscale! >> 4,
    deliveryRateAppLimited: (appLimitedFlags! & 1) !== 0,
    fastopenClientFail: (appLimitedFlags! >> 1) & 3,
  }
}

/**
 * Decodes one inet_diag_msg answer. `protocol` is the one the request asked for: the answer
 * carries it only as INET_DIAG_PROTOCOL, which kernels send for some protocols only.
 */
export function decodeInetSocket(data: Buffer, offset: number, length: number, protocol: DiagProtocol | number = 'tcp'): InetSocket {
  const { head, attrs } = decodeMessage('inet socket', INET_DIAG_MSG, INET_DIAG_ATTRS, data, offset, length)
  const size = head.family === AF_INET ? 4 : 16
  const proto = attrs.protocol === undefined ? protocol : PROTOCOL_NAMES.decode(attrs.protocol as number)
  const info = attrs.info as Buffer | undefined
  const tcp = proto === 'tcp' || proto === IPPROTO.TCP
  const extra = extraOf(attrs, INET_PICKED)
  return {
    family: familyFromAf(head.family) as 4 | 6,
    protocol: proto as DiagProtocol,
    state: STATES.decode(head.state) as SocketState | number,
    localAddress: formatIP(head.src!, 0, size)!,
    localPort: head.sport,
    remoteAddress: formatIP(head.dst!, 0, size)!,
    remotePort: head.dport,
    interface: head.if,
    inode: head.inode,
    uid: head.uid,
    cookie: cookieHex(head.cookie0, head.cookie1),
    timer: head.timer === TIMER.OFF ? null : { name: TIMERS.decode(head.timer), expires: head.expires, retransmits: head.retrans },
    receiveQueue: head.rqueue,
    sendQueue: head.wqueue,
    meminfo: orNull<InetMeminfo>(attrs.meminfo),
    skmeminfo: orNull<SkMeminfo>(attrs.skmeminfo),
    tcpInfo: info !== undefined && tcp ? decodeTcpInfo(info) : null,
    congestion: orNull<string>(attrs.cong),
    cgroupId: orNull<number>(attrs.cgroupId),
    extra: info !== undefined && !tcp ? { ...extra, info } : extra,
    unknown: unknownOf(attrs),
  }
}

/** Decodes one unix_diag_msg answer. */
export function decodeUnixSocket(data: Buffer, offset: number, length: number): UnixSocket {
  const { head, attrs } = decodeMessage('unix socket', UNIX_DIAG_MSG, UNIX_DIAG_ATTRS, data, offset, length)
  const rqlen = attrs.rqlen as { rqueue: number; wqueue: number } | undefined
  const peer = attrs.peer as number | undefined
  return {
    family: 'unix',
    type: SOCK_TYPES.decode(head.type),
    state: STATES.decode(head.state) as SocketState | number,
    path: orNull<string>(attrs.name),
    inode: head.ino,
    peerInode: peer === undefined || peer === 0 ? null : peer,
    receiveQueue: rqlen?.rqueue ?? 0,
    sendQueue: rqlen?.wqueue ?? 0,
    uid: orNull<number>(attrs.uid),
    cookie: cookieHex(head.cookie0, head.cookie1),
    pendingConnections: orNull<number[]>(attrs.icons),
    vfs: orNull<{ inode: number; dev: number }>(attrs.vfs),
    meminfo: orNull<SkMeminfo>(attrs.meminfo),
    extra: extraOf(attrs, UNIX_PICKED),
    unknown: unknownOf(attrs),
  }
}
