/**
 * `nlroute ss`: iproute2's `ss` over DiagSocket, for its common flags: -t -u -x (kinds; none: all
 * three), -l (listening only) / -a (all states; default: connected sockets, as ss), -n (numeric:
 * always, nlroute has no service names), -e (uid, inode, cookie, timer) and -i (TCP internals). The
 * global -4/-6 choose the family and -j prints the library's objects. Lines follow ss's columns.
 */
import type { DiagSocket } from '../diag/diag-socket'
import type { InetSocket, SocketState, UnixSocket } from '../diag/types'
import type { Context } from './context'
import { UsageError } from './errors'

export const SS_USAGE = `Usage: nlroute ss [ -t | -u | -x ] [ -l | -a ] [ -n ] [ -e ] [ -i ]
       nlroute -j ss ...   (the library's objects)`

/** ss's words for states in its State column. */
const STATE_WORDS: Readonly<Record<string, string>> = {
  established: 'ESTAB',
  'syn-sent': 'SYN-SENT',
  'syn-recv': 'SYN-RECV',
  'fin-wait-1': 'FIN-WAIT-1',
  'fin-wait-2': 'FIN-WAIT-2',
  'time-wait': 'TIME-WAIT',
  close: 'UNCONN',
  'close-wait': 'CLOSE-WAIT',
  'last-ack': 'LAST-ACK',
  listen: 'LISTEN',
  closing: 'CLOSING',
}
const UNIX_NETIDS: Readonly<Record<string, string>> = { stream: 'u_str', dgram: 'u_dgr', seqpacket: 'u_seq' }

/** ss's default: connected sockets (every state but listen, close, time-wait and syn-recv). */
const CONNECTED: SocketState[] = ['established', 'syn-sent', 'fin-wait-1', 'fin-wait-2', 'close-wait', 'last-ack', 'closing']
const LISTENING: SocketState[] = ['listen', 'close']

interface SsFlags {
  tcp: boolean
  udp: boolean
  unix: boolean
  listening: boolean
  all: boolean
  extended: boolean
  info: boolean
}

function parseFlags(argv: string[]): SsFlags {
  const flags: SsFlags = { tcp: false, udp: false, unix: false, listening: false, all: false, extended: false, info: false }
  const letters: Readonly<Record<string, keyof SsFlags | null>> = { t: 'tcp', u: 'udp', x: 'unix', l: 'listening', a: 'all', e: 'extended', i: 'info', n: null }
  for (const arg of argv) {
    if (arg === 'help' || arg === '-h' || arg === '--help') throw new UsageError(SS_USAGE)
    if (!/^-[a-z]+$/.test(arg)) throw new UsageError(`nlroute ss: unsupported argument "${arg}"\n${SS_USAGE}`)
    for (const letter of arg.slice(1)) {
      if (!(letter in letters)) throw new UsageError(`nlroute ss: unsupported option -${letter}\n${SS_USAGE}`)
      const flag = letters[letter]
      if (flag) flags[flag] = true
    }
  }
  if (!flags.tcp && !flags.udp && !flags.unix) flags.tcp = flags.udp = flags.unix = true
  return flags
}

const stateWord = (state: SocketState | number): string => STATE_WORDS[String(state)] ?? String(state)

/** 'a.b.c.d:port', '[v6]:port'; a wildcard address or port 0 as ss's '*'. */
function endpoint(family: number, address: string, port: number): string {
  const host = address === '0.0.0.0' || address === '::' ? (family === 6 ? '[::]' : '0.0.0.0') : family === 6 ? `[${address}]` : address
  return `${host}:${port === 0 ? '*' : port}`
}

/** The -e part of an inet line, in ss's order. */
function extendedWords(s: InetSocket): string {
  let out = ''
  if (s.timer !== null) out += ` timer:(${s.timer.name},${formatMs(s.timer.expires)},${s.timer.retransmits})`
  if (s.uid !== 0) out += ` uid:${s.uid}`
  return `${out} ino:${s.inode} sk:${s.cookie}`
}

/** ss's timer durations: ms below a second, then sec, then min. */
function formatMs(ms: number): string {
  if (ms >= 60_000 * 2) return `${Math.floor(ms / 60_000)}min`
  if (ms >= 1000) return `${Math.floor(ms / 1000)}sec`
  return `${ms}ms`
}

/** The -i line of a TCP socket: ss's words for the fields it shows most. */
function infoLine(s: InetSocket): string {
  const i = s.tcpInfo
  const words: string[] = []
  if (s.congestion !== null) words.push(s.congestion)
  if (i !== null) {
    if (i.sndMss !== 0)
      words.push(`wscale:${i.sndWscale},${i.rcvWscale}`, `rto:${(i.rto as number) / 1000}`, `rtt:${(i.rtt as number) / 1000}/${(i.rttvar as number) / 1000}`)
    if (i.ato) words.push(`ato:${(i.ato as number) / 1000}`)
    if (i.sndMss) words.push(`mss:${i.sndMss}`, `pmtu:${i.pmtu}`, `rcvmss:${i.rcvMss}`, `advmss:${i.advmss}`)
    words.push(`cwnd:${i.sndCwnd}`)
    for (const [word, field] of [
      ['bytes_sent', 'bytesSent'],
      ['bytes_acked', 'bytesAcked'],
      ['bytes_received', 'bytesReceived'],
      ['segs_out', 'segsOut'],
      ['segs_in', 'segsIn'],
      ['rcv_space', 'rcvSpace'],
      ['rcv_ssthresh', 'rcvSsthresh'],
      ['snd_wnd', 'sndWnd'],
    ] as const) {
      if (i[field]) words.push(`${word}:${i[field]}`)
    }
  }
  return `\t ${words.join(' ')}`
}

const pad = (text: string, width: number): string => text.padEnd(width)
const padLeft = (text: string, width: number): string => text.padStart(width)

/** One inet line in ss's columns. */
function inetLine(s: InetSocket, netid: boolean): string {
  const local = endpoint(s.family, s.localAddress, s.localPort)
  const peer = endpoint(s.family, s.remoteAddress, s.remotePort)
  const head = netid ? pad(s.protocol, 6) : ''
  return `${head}${pad(stateWord(s.state), 10)}${pad(String(s.receiveQueue), 7)}${pad(String(s.sendQueue), 7)}${padLeft(local, 20)} ${pad(peer, 20)}`
}

/** One UNIX line in ss's columns (-x). */
function unixLine(s: UnixSocket, netid: boolean): string {
  const head = netid ? pad(UNIX_NETIDS[String(s.type)] ?? String(s.type), 6) : ''
  return `${head}${pad(stateWord(s.state), 10)}${pad(String(s.receiveQueue), 7)}${pad(String(s.sendQueue), 7)}${padLeft(s.path ?? '*', 20)} ${pad(String(s.inode), 9)} ${padLeft('*', 5)} ${pad(String(s.peerInode ?? 0), 9)}`
}

export async function ssCommand(ctx: Context, argv: string[]): Promise<void> {
  const flags = parseFlags(argv)
  const states = flags.all ? undefined : flags.listening ? LISTENING : CONNECTED
  const { DiagSocket: Diag } = require('../diag/diag-socket') as typeof import('../diag/diag-socket')
  const netns = ctx.options.netns
  const diag: DiagSocket = await Diag.open(netns === null ? {} : { netns })
  try {
    const family = ctx.options.family ?? undefined
    const extensions = flags.info ? (['info', 'cong'] as const) : undefined
    const inet: InetSocket[] = []
    for (const protocol of ['tcp', 'udp'] as const) {
      if (!flags[protocol]) continue
      // A listening UDP socket is an unconnected one (close); TCP has no such state worth listing with -l.
      const s = protocol === 'tcp' && states === LISTENING ? (['listen'] as SocketState[]) : states
      inet.push(
        ...(await diag.getSockets({
          protocol,
          ...(family === undefined ? {} : { family }),
          ...(s === undefined ? {} : { states: s }),
          ...(extensions ? { extensions: [...extensions] } : {}),
        })),
      )
    }
    const unix =
      flags.unix && family === undefined ? await diag.getUnixSockets(states === undefined ? {} : { states: states === LISTENING ? ['listen'] : CONNECTED }) : []
    if (ctx.options.json) {
      ctx.out.beginJson(ctx.options.pretty)
      for (const s of [...inet, ...unix]) ctx.out.jsonItem(s)
      ctx.out.endJson()
      return
    }
    const netid = [flags.tcp, flags.udp, flags.unix].filter(Boolean).length > 1
    ctx.out.line(
      `${netid ? 'Netid ' : ''}${pad('State', 10)}${pad('Recv-Q', 7)}${pad('Send-Q', 7)}${padLeft('Local Address:Port', 20)} ${pad('Peer Address:Port', 20)}Process`,
    )
    for (const s of unix) ctx.out.line(unixLine(s, netid))
    for (const s of inet) {
      ctx.out.line(inetLine(s, netid) + (flags.extended ? extendedWords(s) : ''))
      if (flags.info && s.protocol === 'tcp' && s.state !== 'time-wait') ctx.out.line(infoLine(s))
    }
  } finally {
    diag.close()
  }
}
