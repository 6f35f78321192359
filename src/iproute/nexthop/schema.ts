/**
 * Nexthop message layouts (../../schema): struct nhmsg, NHA_GROUP's array of struct nexthop_grp,
 * and the attribute maps of nexthop messages (NHA_*) and of the resilient group and bucket nests.
 * The encapsulation layouts are the routes' own (../route/schema.ts).
 */
import { CustomCodec, defineAttrs } from '../../schema/attrs'
import { ParseError } from '../../schema/errors'
import { checkScalar, describe } from '../../schema/scalar'
import { defineStruct } from '../../schema/struct'
import { specKeys } from '../common/args'
import { ENCAP_TYPES } from '../route/constants'
import { ENCAP_VARIANTS } from '../route/schema'
import { NEXTHOP_GROUP_TYPES, NHA, NHA_RES_BUCKET, NHA_RES_GROUP } from './constants'
import type { NexthopGroupMember, NexthopGroupMemberSpec } from './types'

export interface NhMsg {
  family: number
  scope: number
  protocol: number
  flags: number
}

export const NHMSG = defineStruct<NhMsg>({
  name: 'nhmsg',
  size: 8,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'scope', type: 'u8', offset: 1 },
    { name: 'protocol', type: 'u8', offset: 2 },
    { name: 'flags', type: 'u32', offset: 4 },
  ],
})

/** struct nexthop_grp: weight - 1 in `weight`, bits 8..15 of it in `weightHigh` (kernels with 16-bit weights). */
export const NEXTHOP_GRP = defineStruct<{ id: number; weight: number; weightHigh: number }>({
  name: 'nexthop_grp',
  size: 8,
  fields: [
    { name: 'id', type: 'u32', offset: 0 },
    { name: 'weight', type: 'u8', offset: 4 },
    { name: 'weightHigh', type: 'u8', offset: 5 },
  ],
})

const GROUP_MEMBER_SPEC_KEYS = specKeys<NexthopGroupMemberSpec>()('id', 'weight')

/** NHA_GROUP: an array of struct nexthop_grp, shown with weights 1..256 (ip's view). */
export const GROUP_CODEC: CustomCodec<NexthopGroupMember[]> = {
  decode(buf, start, end) {
    if ((end - start) % NEXTHOP_GRP.size !== 0) throw new ParseError(`NHA_GROUP of ${end - start} bytes is not an array of nexthop_grp`, start)
    const members: NexthopGroupMember[] = []
    for (let pos = start; pos < end; pos += NEXTHOP_GRP.size) {
      const m = NEXTHOP_GRP.decode(buf, pos)
      members.push({ id: m.id, weight: (m.weight | (m.weightHigh << 8)) + 1 })
    }
    return members
  },
  encode(value, writer, path) {
    if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${path}: expected a non-empty array of { id, weight? }`)
    value.forEach((member: NexthopGroupMemberSpec, i) => {
      const p = `${path}[${i}]`
      if (typeof member !== 'object' || member === null) throw new TypeError(`${p}: expected an object, got ${describe(member)}`)
      for (const key of Object.keys(member)) if (!GROUP_MEMBER_SPEC_KEYS.has(key)) throw new TypeError(`${p}.${key}: unknown field`)
      if (member.id === undefined) throw new TypeError(`${p}.id: required (a nexthop id)`)
      checkScalar('u32', member.id, `${p}.id`)
      const weight = member.weight ?? 1
      checkScalar('u8', typeof weight === 'number' ? weight - 1 : weight, `${p}.weight (1..256)`)
      writer.struct(NEXTHOP_GRP, { id: member.id, weight: weight - 1, weightHigh: 0 }, p)
    })
  },
}

export const RES_GROUP_ATTRS = defineAttrs('NHA_RES_GROUP', {
  [NHA_RES_GROUP.PAD]: { name: 'pad', kind: 'pad' },
  [NHA_RES_GROUP.BUCKETS]: { name: 'buckets', kind: 'u16' },
  [NHA_RES_GROUP.IDLE_TIMER]: { name: 'idleTimer', kind: 'u32' },
  [NHA_RES_GROUP.UNBALANCED_TIMER]: { name: 'unbalancedTimer', kind: 'u32' },
  [NHA_RES_GROUP.UNBALANCED_TIME]: { name: 'unbalancedTime', kind: 'u64' },
})

export const RES_BUCKET_ATTRS = defineAttrs('NHA_RES_BUCKET', {
  [NHA_RES_BUCKET.PAD]: { name: 'pad', kind: 'pad' },
  [NHA_RES_BUCKET.INDEX]: { name: 'index', kind: 'u16' },
  [NHA_RES_BUCKET.IDLE_TIME]: { name: 'idleTime', kind: 'u64' },
  [NHA_RES_BUCKET.NH_ID]: { name: 'nhId', kind: 'u32' },
})

export const NEXTHOP_ATTRS = defineAttrs('NHA', {
  [NHA.ID]: { name: 'id', kind: 'u32' },
  [NHA.GROUP]: { name: 'group', kind: 'custom', codec: GROUP_CODEC },
  [NHA.GROUP_TYPE]: { name: 'groupType', kind: 'u16', names: NEXTHOP_GROUP_TYPES },
  [NHA.BLACKHOLE]: { name: 'blackhole', kind: 'flag' },
  [NHA.OIF]: { name: 'oif', kind: 'u32' },
  [NHA.GATEWAY]: { name: 'gateway', kind: 'ipaddr' },
  [NHA.ENCAP_TYPE]: { name: 'encapType', kind: 'u16', names: ENCAP_TYPES },
  [NHA.ENCAP]: { name: 'encap', kind: 'variant', selector: 'encapType', variants: ENCAP_VARIANTS },
  [NHA.GROUPS]: { name: 'groups', kind: 'flag' },
  [NHA.MASTER]: { name: 'master', kind: 'u32' },
  [NHA.FDB]: { name: 'fdb', kind: 'flag' },
  [NHA.RES_GROUP]: { name: 'resGroup', kind: 'nested', nested: RES_GROUP_ATTRS },
  [NHA.RES_BUCKET]: { name: 'resBucket', kind: 'nested', nested: RES_BUCKET_ATTRS },
  [NHA.OP_FLAGS]: { name: 'opFlags', kind: 'u32' },
  [NHA.GROUP_STATS]: { name: 'groupStats', kind: 'binary' },
  [NHA.HW_STATS_ENABLE]: { name: 'hwStatsEnable', kind: 'u32' },
  [NHA.HW_STATS_USED]: { name: 'hwStatsUsed', kind: 'u32' },
})
