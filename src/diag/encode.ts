/**
 * sock_diag requests: the checked filter of an inet or UNIX dump turned into inet_diag_req_v2 /
 * unix_diag_req (states and extensions as the kernel's bit masks, ports and addresses as the
 * bytecode filter), and the exact request for one socket (a get or SOCK_DESTROY). Every argument
 * is checked here, naming its path, before anything is sent.
 */
import { AttrWriter } from '../schema/writer'
import { describe } from '../schema/scalar'
import type { NameTable } from '../schema/names'
import { checkSpecObject, intArg, namedArg, objectArg } from '../toolkit/args'
import { prefixArg, ipArg } from '../toolkit/address-args'
import { afFromFamily, ipFamilyArg } from '../toolkit/family'
import { compileBytecode, joinConditions, type BcCondition } from './bytecode'
import {
  AF_UNIX,
  ALL_STATES,
  EXTENSIONS,
  INET_DIAG_NOCOOKIE,
  INET_DIAG_REQ_BYTECODE,
  IPPROTO,
  PROTOCOL_NAMES,
  STATES,
  UDIAG_SHOW,
  UNIX_EXTENSIONS,
  type DiagProtocol,
} from './constants'
import { INET_DIAG_REQ_V2, UNIX_DIAG_REQ } from './schema'
import type { InetSocketId, SocketFilter, UnixSocketFilter } from './types'

const SOCKET_FILTER_KEYS: ReadonlySet<string> = new Set(['family', 'protocol', 'states', 'extensions', 'ports', 'addresses', 'uid'] satisfies Array<
  keyof SocketFilter
>)
const UNIX_FILTER_KEYS: ReadonlySet<string> = new Set(['states', 'extensions'] satisfies Array<keyof UnixSocketFilter>)
const SIDE_KEYS: ReadonlySet<string> = new Set(['local', 'remote'])
const ID_KEYS: ReadonlySet<string> = new Set([
  'family',
  'protocol',
  'localAddress',
  'localPort',
  'remoteAddress',
  'remotePort',
  'interface',
  'cookie',
] satisfies Array<keyof InetSocketId>)
/** What every UNIX dump asks for: what ss -x shows. */
const UNIX_SHOW_ALWAYS = UDIAG_SHOW.NAME | UDIAG_SHOW.PEER | UDIAG_SHOW.RQLEN | UDIAG_SHOW.UID

/** An inet dump, checked: what goes to the kernel per family, and what Rust filters. */
export interface InetDump {
  /** AF_* numbers to dump, one request each. */
  afs: number[]
  protocol: DiagProtocol
  /** The request payload for each of `afs`. */
  payloads: Buffer[]
  /** The uid the native filter keeps, or undefined. */
  uid: number | undefined
}

/** A list argument: an array of names from `table` (or numbers fitting `kind`), OR-ed into a mask of `bit(value)`. */
function maskArg(table: NameTable, value: unknown, path: string, bit: (n: number) => number, max: number): number {
  if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array of ${table.what} names, got ${describe(value)}`)
  let mask = 0
  value.forEach((v, i) => {
    const n = namedArg(table, 'u32', v, `${path}[${i}]`)
    if (n > max) throw new RangeError(`${path}[${i}]: ${n} is not a ${table.what} (at most ${max})`)
    mask |= bit(n)
  })
  return mask >>> 0
}

/** The state mask of a `states` argument (every state when omitted). */
export function statesArg(value: unknown, path: string): number {
  return value === undefined ? ALL_STATES : maskArg(STATES, value, path, (n) => 1 << n, 31)
}

function protocolArg(value: unknown, path: string): DiagProtocol {
  if (value === undefined) return 'tcp'
  if (typeof value !== 'string' || PROTOCOL_NAMES.valueOf(value) === undefined) {
    throw new TypeError(`${path}: expected one of ${PROTOCOL_NAMES.names().join(', ')}, got ${describe(value)}`)
  }
  return value as DiagProtocol
}

const RANGE_KEYS: ReadonlySet<string> = new Set(['min', 'max'])

/** One port or range as bytecode: `eq`, or `ge` and `le`. */
function portCondition(value: unknown, side: 'local' | 'remote', path: string): BcCondition {
  if (typeof value === 'object' && value !== null) {
    const r = checkSpecObject(value, RANGE_KEYS, path)
    const min = intArg('u16', r.min, `${path}.min`)
    const max = intArg('u16', r.max, `${path}.max`)
    if (min > max) throw new RangeError(`${path}: range ${min}..${max} is empty`)
    return { kind: 'and', a: { kind: 'port', side, cmp: 'ge', port: min }, b: { kind: 'port', side, cmp: 'le', port: max } }
  }
  return { kind: 'port', side, cmp: 'eq', port: intArg('u16', value, path) }
}

/** The items of a side (one value or a list of them) with the path of each. */
function sideItems(value: unknown, path: string): Array<[unknown, string]> {
  if (!Array.isArray(value)) return [[value, path]]
  if (value.length === 0) throw new TypeError(`${path}: an empty list matches no socket`)
  return value.map((v, i) => [v, `${path}[${i}]`])
}

/** The ports part of a filter: per side, any of its ports (OR); both sides (AND). */
function portsCondition(value: unknown, path: string): BcCondition | null {
  const ports = checkSpecObject(value, SIDE_KEYS, path)
  const sides: BcCondition[] = []
  for (const side of ['local', 'remote'] as const) {
    if (ports[side] === undefined) continue
    sides.push(
      joinConditions(
        'or',
        sideItems(ports[side], `${path}.${side}`).map(([p, at]) => portCondition(p, side, at)),
      )!,
    )
  }
  return joinConditions('and', sides)
}

/** The addresses part of a filter: per side, any of its prefixes (OR); both sides (AND). */
function addressesCondition(value: unknown, path: string, family: number | undefined): BcCondition | null {
  const addresses = checkSpecObject(value, SIDE_KEYS, path)
  const sides: BcCondition[] = []
  for (const side of ['local', 'remote'] as const) {
    const v = addresses[side]
    if (v === undefined) continue
    const conds = sideItems(v, `${path}.${side}`).map(([a, at]): BcCondition => {
      const p = prefixArg(a, at, false, family, 'the filter')
      return { kind: 'prefix', side, af: afFromFamily(p.family), addr: p.bytes, prefixLen: p.prefixLen }
    })
    sides.push(joinConditions('or', conds)!)
  }
  return joinConditions('and', sides)
}

/** Checks an inet dump filter and builds its requests. */
export function encodeInetDump(filter: unknown, what: string): InetDump {
  const f = checkSpecObject(filter, SOCKET_FILTER_KEYS, what)
  const family = ipFamilyArg(f.family, `${what}.family`)
  const protocol = protocolArg(f.protocol, `${what}.protocol`)
  const states = statesArg(f.states, `${what}.states`)
  const ext = f.extensions === undefined ? 0 : maskArg(EXTENSIONS, f.extensions, `${what}.extensions`, (n) => n, 0x80)
  const uid = f.uid === undefined ? undefined : intArg('u32', f.uid, `${what}.uid`)
  const conds = [
    f.ports === undefined ? null : portsCondition(f.ports, `${what}.ports`),
    f.addresses === undefined ? null : addressesCondition(f.addresses, `${what}.addresses`, family),
  ]
  const cond = joinConditions(
    'and',
    conds.filter((c): c is BcCondition => c !== null),
  )
  const bytecode = cond === null ? null : compileBytecode(cond)
  const afs = family === undefined ? [afFromFamily(4), afFromFamily(6)] : [afFromFamily(family)]
  const payloads = afs.map((af) => {
    const w = new AttrWriter(64 + (bytecode?.length ?? 0))
    w.struct(INET_DIAG_REQ_V2, { family: af, protocol: IPPROTO[protocol.toUpperCase() as keyof typeof IPPROTO], ext, states }, what)
    if (bytecode !== null) w.attrBytes(INET_DIAG_REQ_BYTECODE, bytecode, `${what}.ports`)
    return w.finish()
  })
  return { afs, protocol, payloads, uid }
}

/** Checks a UNIX dump filter and builds its request. */
export function encodeUnixDump(filter: unknown, what: string): Buffer {
  const f = checkSpecObject(filter, UNIX_FILTER_KEYS, what)
  const states = statesArg(f.states, `${what}.states`)
  const show = f.extensions === undefined ? 0 : maskArg(UNIX_EXTENSIONS, f.extensions, `${what}.extensions`, (n) => n, UDIAG_SHOW.UID)
  const w = new AttrWriter(UNIX_DIAG_REQ.size)
  w.struct(UNIX_DIAG_REQ, { family: AF_UNIX, states, show: show | UNIX_SHOW_ALWAYS, cookie0: INET_DIAG_NOCOOKIE, cookie1: INET_DIAG_NOCOOKIE }, what)
  return w.finish()
}

/** A cookie as InetSocket.cookie shows it: hex of up to 16 digits; its two u32 words. */
function cookieArg(value: unknown, path: string): [number, number] {
  if (value === undefined) return [INET_DIAG_NOCOOKIE, INET_DIAG_NOCOOKIE]
  if (typeof value !== 'string' || !/^[0-9a-f]{1,16}$/i.test(value))
    throw new TypeError(`${path}: expected a socket cookie (hex, as InetSocket.cookie), got ${describe(value)}`)
  const n = BigInt(`0x${value}`)
  return [Number(n & 0xffffffffn), Number(n >> 32n)]
}

/** Address bytes padded to the sockid's 16. */
function sockidAddress(value: unknown, path: string, family: number): Buffer {
  const bytes = Buffer.alloc(16)
  ipArg(value, path, family, 'the socket').bytes.copy(bytes)
  return bytes
}

/** The exact request for one inet socket (a get with `extensions`, or SOCK_DESTROY). */
export function encodeInetExact(id: unknown, what: string, extensions?: unknown): { payload: Buffer; protocol: DiagProtocol } {
  objectArg(id, what)
  // An InetSocket is an id: its other fields are ignored, not refused.
  const picked = Object.fromEntries(Object.entries(id).filter(([k]) => ID_KEYS.has(k)))
  const family = ipFamilyArg(picked.family, `${what}.family`)
  if (family === undefined) throw new TypeError(`${what}.family: expected 4 or 6, got undefined`)
  const protocol = protocolArg(picked.protocol, `${what}.protocol`)
  const [cookie0, cookie1] = cookieArg(picked.cookie, `${what}.cookie`)
  const ext = extensions === undefined ? 0 : maskArg(EXTENSIONS, extensions, 'extensions', (n) => n, 0x80)
  const w = new AttrWriter(INET_DIAG_REQ_V2.size)
  w.struct(
    INET_DIAG_REQ_V2,
    {
      family: afFromFamily(family),
      protocol: IPPROTO[protocol.toUpperCase() as keyof typeof IPPROTO],
      ext,
      states: ALL_STATES,
      sport: intArg('u16', picked.localPort, `${what}.localPort`),
      dport: intArg('u16', picked.remotePort, `${what}.remotePort`),
      src: sockidAddress(picked.localAddress, `${what}.localAddress`, family),
      dst: sockidAddress(picked.remoteAddress, `${what}.remoteAddress`, family),
      if: picked.interface === undefined ? 0 : intArg('u32', picked.interface, `${what}.interface`),
      cookie0,
      cookie1,
    },
    what,
  )
  return { payload: w.finish(), protocol }
}
