/**
 * Nexthop requests (payloads after the nlmsghdr, which the engine writes).
 *
 * encodeNexthopRequest: NexthopSpec → nhmsg + NHA attributes (RTM_NEWNEXTHOP), or for a delete the
 * id alone (RTM_DELNEXTHOP; the kernel refuses anything else there). As `ip nexthop add`: the family
 * comes from the gateway, else 4, and a group has none (AF_UNSPEC); protocol defaults to 0.
 * encodeNexthopGetRequest: RTM_GETNEXTHOP for one id.
 * encodeNexthopDumpRequest / encodeNexthopBucketDumpRequest: RTM_GETNEXTHOP / RTM_GETNEXTHOPBUCKET
 * dumps with the filters the kernel applies itself (its dump requests take nothing else).
 * Every check happens before any byte is written.
 */
import { encodeAttrs } from '../../schema/encode'
import { describe } from '../../schema/scalar'
import { AttrWriter } from '../../schema/writer'
import { ChangeOp, specFamily, specKeys } from '../common/args'
import { AF_UNSPEC, afFromFamily, ROUTE_PROTOCOLS } from '../common/rtnl'
import { ENCAP_TYPES, RTNH_F } from '../route/constants'
import { checkSpecObject, intArg, ipArg, namedArg } from '../validate'
import { NEXTHOP_GROUP_TYPES, NEXTHOP_GRP_TYPE, USER_HZ } from './constants'
import { NEXTHOP_ATTRS, NHMSG } from './schema'
import type { NexthopBucketFilter, NexthopFilter, NexthopQuery, NexthopResilientSpec, NexthopSpec } from './types'

const WHAT = 'nexthop spec'
const NEXTHOP_SPEC_KEYS = specKeys<NexthopSpec>()(
  'id',
  'family',
  'gateway',
  'oif',
  'blackhole',
  'onlink',
  'fdb',
  'protocol',
  'encap',
  'group',
  'groupType',
  'resilient',
)
const QUERY_KEYS = specKeys<NexthopQuery>()('id')
const RESILIENT_KEYS = specKeys<NexthopResilientSpec>()('buckets', 'idleTimer', 'unbalancedTimer')
const ENCAP_KEYS: ReadonlySet<string> = new Set(['type', 'data'])
const FILTER_KEYS = specKeys<NexthopFilter>()('oif', 'master', 'groups', 'fdb')
const BUCKET_FILTER_KEYS = specKeys<NexthopBucketFilter>()('id', 'nhId', 'oif', 'master')

/** Fields a group cannot have: it takes its paths from its members. */
const NOT_FOR_GROUPS = ['gateway', 'oif', 'blackhole', 'onlink', 'encap', 'family'] as const
/** Fields a blackhole cannot have. */
const NOT_FOR_BLACKHOLE = ['gateway', 'oif', 'encap', 'fdb'] as const
/** Fields an fdb nexthop cannot have (it is reached through the vxlan device). */
const NOT_FOR_FDB = ['oif', 'encap'] as const

function booleanArg(value: unknown, path: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean, got ${describe(value)}`)
  return value === true
}

/** Seconds → clock_t ticks (1/100 s), within u32. */
function ticksArg(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`${path}: expected seconds (a number ≥ 0), got ${describe(value)}`)
  return intArg('u32', Math.round(value * USER_HZ), `${path} (seconds × ${USER_HZ})`)
}

function refuse(s: Record<string, unknown>, fields: readonly string[], what: string): void {
  for (const field of fields) if (s[field] !== undefined && s[field] !== false) throw new TypeError(`${WHAT}.${field}: not allowed for ${what}`)
}

/** The payload of a request naming one nexthop by id (RTM_DELNEXTHOP, RTM_GETNEXTHOP). */
export function encodeNexthopGetRequest(query: NexthopQuery, what = 'nexthop query'): Buffer {
  const q = checkSpecObject(query, QUERY_KEYS, what)
  if (q.id === undefined) throw new TypeError(`${what}.id: required (a nexthop id)`)
  const w = new AttrWriter(16)
  w.struct(NHMSG, { family: AF_UNSPEC }, what)
  encodeAttrs(NEXTHOP_ATTRS, { id: intArg('u32', q.id, `${what}.id`) }, w, what)
  return w.finish()
}

/**
 * The RTM_NEWNEXTHOP payload for `spec`, or with op 'delete' the RTM_DELNEXTHOP payload for
 * `{ id }`; TypeError/RangeError naming the field for bad input.
 */
export function encodeNexthopRequest(spec: NexthopSpec | NexthopQuery, op: ChangeOp = 'new'): Buffer {
  if (op === 'delete') return encodeNexthopGetRequest(spec as NexthopQuery, WHAT)
  const s = checkSpecObject(spec, NEXTHOP_SPEC_KEYS, WHAT)
  const blackhole = booleanArg(s.blackhole, `${WHAT}.blackhole`)
  const fdb = booleanArg(s.fdb, `${WHAT}.fdb`)
  const onlink = booleanArg(s.onlink, `${WHAT}.onlink`)
  const isGroup = s.group !== undefined
  if (isGroup) refuse(s, NOT_FOR_GROUPS, 'a group')
  else if (s.groupType !== undefined || s.resilient !== undefined)
    throw new TypeError(`${WHAT}.${s.groupType !== undefined ? 'groupType' : 'resilient'}: only for a group`)
  if (blackhole) refuse(s, NOT_FOR_BLACKHOLE, 'a blackhole')
  if (fdb) refuse(s, NOT_FOR_FDB, 'an fdb nexthop')

  const gw = s.gateway === undefined ? null : ipArg(s.gateway, `${WHAT}.gateway`)
  const family = isGroup ? AF_UNSPEC : afFromFamily(specFamily(s.family, WHAT, gw === null ? [] : [['gateway', gw.family]]))
  const groupType = s.groupType === undefined ? undefined : namedArg(NEXTHOP_GROUP_TYPES, 'u16', s.groupType, `${WHAT}.groupType`)
  let resGroup: Record<string, number | undefined> | undefined
  if (s.resilient !== undefined) {
    if (groupType !== NEXTHOP_GRP_TYPE.RES) throw new TypeError(`${WHAT}.resilient: only for groupType 'resilient'`)
    const r = checkSpecObject(s.resilient, RESILIENT_KEYS, `${WHAT}.resilient`)
    resGroup = {
      buckets: r.buckets === undefined ? undefined : intArg('u16', r.buckets, `${WHAT}.resilient.buckets`),
      idleTimer: ticksArg(r.idleTimer, `${WHAT}.resilient.idleTimer`),
      unbalancedTimer: ticksArg(r.unbalancedTimer, `${WHAT}.resilient.unbalancedTimer`),
    }
  }
  let encapType: number | undefined
  let encap: unknown
  if (s.encap !== undefined) {
    const e = checkSpecObject(s.encap, ENCAP_KEYS, `${WHAT}.encap`)
    encapType = namedArg(ENCAP_TYPES, 'u16', e.type, `${WHAT}.encap.type`)
    encap = e.data
    if (encap === undefined) throw new TypeError(`${WHAT}.encap.data: required (the encapsulation's attributes, or a Buffer)`)
  }

  const w = new AttrWriter(64)
  w.struct(
    NHMSG,
    {
      family,
      protocol: s.protocol === undefined ? 0 : namedArg(ROUTE_PROTOCOLS, 'u8', s.protocol, `${WHAT}.protocol`),
      flags: onlink ? RTNH_F.ONLINK : 0,
    },
    WHAT,
  )
  encodeAttrs(
    NEXTHOP_ATTRS,
    {
      id: s.id === undefined ? undefined : intArg('u32', s.id, `${WHAT}.id`),
      group: s.group,
      groupType,
      resGroup,
      blackhole,
      oif: s.oif === undefined ? undefined : intArg('u32', s.oif, `${WHAT}.oif`),
      gateway: gw?.bytes,
      // Named, so the variant's layout is found by its name.
      encapType: encapType === undefined ? undefined : ENCAP_TYPES.decode(encapType),
      encap,
      fdb,
    },
    w,
    WHAT,
  )
  return w.finish()
}

/** NHA_OIF and NHA_MASTER of a dump filter: both dumps select nexthops by their interface alike. */
function deviceFilter(f: Record<string, unknown>, what: string): { oif?: number; master?: number } {
  return {
    oif: f.oif === undefined ? undefined : intArg('u32', f.oif, `${what}.oif`),
    master: f.master === undefined ? undefined : intArg('u32', f.master, `${what}.master`),
  }
}

/** The RTM_GETNEXTHOP dump payload for `filter`; `what` names the argument in errors. */
export function encodeNexthopDumpRequest(filter: NexthopFilter = {}, what = 'nexthop filter'): Buffer {
  const f = checkSpecObject(filter, FILTER_KEYS, what)
  const w = new AttrWriter(32)
  w.struct(NHMSG, { family: AF_UNSPEC }, what)
  encodeAttrs(
    NEXTHOP_ATTRS,
    {
      ...deviceFilter(f, what),
      groups: booleanArg(f.groups, `${what}.groups`),
      fdb: booleanArg(f.fdb, `${what}.fdb`),
    },
    w,
    what,
  )
  return w.finish()
}

/** The RTM_GETNEXTHOPBUCKET dump payload for `filter`; `what` names the argument in errors. */
export function encodeNexthopBucketDumpRequest(filter: NexthopBucketFilter = {}, what = 'nexthop bucket filter'): Buffer {
  const f = checkSpecObject(filter, BUCKET_FILTER_KEYS, what)
  const w = new AttrWriter(48)
  w.struct(NHMSG, { family: AF_UNSPEC }, what)
  encodeAttrs(
    NEXTHOP_ATTRS,
    {
      id: f.id === undefined ? undefined : intArg('u32', f.id, `${what}.id`),
      ...deviceFilter(f, what),
      resBucket: f.nhId === undefined ? undefined : { nhId: intArg('u32', f.nhId, `${what}.nhId`) },
    },
    w,
    what,
  )
  return w.finish()
}
