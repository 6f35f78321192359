/**
 * decodeNexthop: RTM_NEWNEXTHOP / RTM_DELNEXTHOP → Nexthop; decodeNexthopBucket:
 * RTM_NEWNEXTHOPBUCKET → NexthopBucket; over the schema of ./schema.ts (contract: ../common/decode.ts).
 * The kernel's clock_t timers (1/100 s) are shown in seconds, as `ip nexthop` prints them.
 */
import { decodeMessage, extraOf, opt, pickedAttrs, unknownOf } from '../common/decode'
import { familyFromAf, ROUTE_PROTOCOLS, SCOPES } from '../common/rtnl'
import { RTNH_F } from '../route/constants'
import { encapFrom } from '../route/schema'
import { NEXTHOP_GROUP_TYPES, NEXTHOP_GRP_TYPE, USER_HZ } from './constants'
import { NEXTHOP_ATTRS, NHMSG } from './schema'
import type { Nexthop, NexthopBucket, NexthopResilient } from './types'

/** NHA attributes with a Nexthop field of their own; encapType and resGroup feed `encap` and `resilient`. */
const NEXTHOP_PICKED = pickedAttrs<Nexthop, 'family' | 'scope' | 'protocol' | 'flags' | 'onlink' | 'groupType' | 'resilient' | 'extra' | 'unknown'>()(
  ['id', 'gateway', 'oif', 'blackhole', 'fdb', 'encap', 'group'],
  'encapType',
  'groupType',
  'resGroup',
)

/** NHA attributes with a NexthopBucket field of their own (resBucket holds index, idleTime and nhId). */
const BUCKET_PICKED = pickedAttrs<NexthopBucket, 'flags' | 'index' | 'idleTime' | 'nhId' | 'extra' | 'unknown'>()(['id'], 'resBucket')

/** clock_t ticks → seconds; null stays null. */
function seconds(ticks: unknown): number | null {
  return typeof ticks === 'number' ? ticks / USER_HZ : null
}

/** Decodes RTM_NEWNEXTHOP / RTM_DELNEXTHOP. */
export function decodeNexthop(data: Buffer, offset: number, length: number): Nexthop {
  const { head, attrs: a } = decodeMessage('nexthop', NHMSG, NEXTHOP_ATTRS, data, offset, length)
  const group = opt<Nexthop['group']>(a.group)
  const res = a.resGroup as Record<string, unknown> | undefined
  const resilient: NexthopResilient | null =
    res === undefined
      ? null
      : {
          buckets: opt(res.buckets),
          idleTimer: seconds(res.idleTimer),
          unbalancedTimer: seconds(res.unbalancedTimer),
          unbalancedTime: seconds(res.unbalancedTime),
        }
  return {
    id: (a.id as number | undefined) ?? 0,
    family: familyFromAf(head.family),
    scope: SCOPES.decode(head.scope),
    protocol: ROUTE_PROTOCOLS.decode(head.protocol),
    flags: head.flags,
    onlink: (head.flags & RTNH_F.ONLINK) !== 0,
    gateway: opt(a.gateway),
    oif: opt(a.oif),
    blackhole: a.blackhole === true,
    fdb: a.fdb === true,
    encap: encapFrom(a.encapType, a.encap),
    group,
    // The kernel leaves NHA_GROUP_TYPE out of older messages of hash-threshold groups.
    groupType: group === null ? null : ((a.groupType as Nexthop['groupType'] | undefined) ?? NEXTHOP_GROUP_TYPES.decode(NEXTHOP_GRP_TYPE.MPATH)),
    resilient,
    extra: extraOf(a, NEXTHOP_PICKED),
    unknown: unknownOf(a),
  }
}

/** Decodes RTM_NEWNEXTHOPBUCKET. */
export function decodeNexthopBucket(data: Buffer, offset: number, length: number): NexthopBucket {
  const { head, attrs: a } = decodeMessage('nexthop bucket', NHMSG, NEXTHOP_ATTRS, data, offset, length)
  const bucket = (a.resBucket as Record<string, unknown> | undefined) ?? {}
  return {
    id: (a.id as number | undefined) ?? 0,
    flags: head.flags,
    index: (bucket.index as number | undefined) ?? 0,
    idleTime: seconds(bucket.idleTime) ?? 0,
    nhId: (bucket.nhId as number | undefined) ?? 0,
    extra: extraOf(a, BUCKET_PICKED),
    unknown: unknownOf(a),
  }
}
