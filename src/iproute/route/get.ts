/**
 * encodeRouteGetRequest: the payload of a single RTM_GETROUTE (`ip route get`): which route would
 * the kernel use for this destination. Strict checking only accepts full-length dst/src, no
 * table/protocol/scope/type in the header, and these attributes, so nothing else is written.
 */
import { encodeAttrs } from '../../schema/encode'
import { AttrWriter } from '../../schema/writer'
import { specFamily, specKeys } from '../common/args'
import { afFromFamily } from '../common/rtnl'
import { checkSpecObject, intArg, ipArg } from '../validate'
import { RTM_F } from './constants'
import { ROUTE_ATTRS, RTMSG } from './schema'

/**
 * What `IPRoute.route('get', query)` asks the kernel (`ip route get`): the route it would use for a
 * packet with these properties.
 */
export interface RouteQuery {
  /** The destination address (not a prefix). */
  dst: string
  /** Source address of the packet (`from`). */
  src?: string
  /** Output interface index (`oif`). */
  oif?: number
  /** Input interface index (`iif`): look up as if the packet arrived there. */
  iif?: number
  /** Firewall mark of the packet (`mark`). */
  mark?: number
  /** Uid of the sending socket (`uid`), for uid-range rules. */
  uid?: number
  /** IP protocol number of the packet (`ipproto`), for rules that match it. */
  ipProto?: number
  /** Source port (`sport`). */
  sport?: number
  /** Destination port (`dport`). */
  dport?: number
  /** Return the FIB entry that matched (`ip route get ... fibmatch`) instead of the resolved route. */
  fibMatch?: boolean
}

const WHAT = 'route query'
const QUERY_KEYS = specKeys<RouteQuery>()('dst', 'src', 'oif', 'iif', 'mark', 'uid', 'ipProto', 'sport', 'dport', 'fibMatch')

/**
 * The RTM_GETROUTE payload (rtmsg and attributes) for `query`; TypeError/RangeError naming the field
 * for bad input.
 */
export function encodeRouteGetRequest(query: RouteQuery): Buffer {
  const q = checkSpecObject(query, QUERY_KEYS, WHAT)
  if (q.dst === undefined) throw new TypeError(`${WHAT}.dst: required (an address)`)
  const dst = ipArg(q.dst, `${WHAT}.dst`)
  const src = q.src === undefined ? null : ipArg(q.src, `${WHAT}.src`)
  const found: [string, number][] = [['dst', dst.family]]
  if (src) found.push(['src', src.family])
  const family = specFamily(undefined, WHAT, found)
  if (q.fibMatch !== undefined && typeof q.fibMatch !== 'boolean') throw new TypeError(`${WHAT}.fibMatch: expected a boolean`)
  const w = new AttrWriter(64)
  w.struct(
    RTMSG,
    {
      family: afFromFamily(family),
      dstLen: dst.bytes.length * 8,
      srcLen: src ? src.bytes.length * 8 : 0,
      flags: q.fibMatch ? RTM_F.FIB_MATCH : 0,
    },
    WHAT,
  )
  const u32 = (name: string) => (q[name] === undefined ? undefined : intArg('u32', q[name], `${WHAT}.${name}`))
  const u16 = (name: string) => (q[name] === undefined ? undefined : intArg('u16', q[name], `${WHAT}.${name}`))
  encodeAttrs(
    ROUTE_ATTRS,
    {
      dst: dst.bytes,
      src: src?.bytes,
      oif: u32('oif'),
      iif: u32('iif'),
      mark: u32('mark'),
      uid: u32('uid'),
      ipProto: q.ipProto === undefined ? undefined : intArg('u8', q.ipProto, `${WHAT}.ipProto`),
      sport: u16('sport'),
      dport: u16('dport'),
    },
    w,
    WHAT,
  )
  return w.finish()
}
