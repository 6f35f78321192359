/** decodeLink: RTM_NEWLINK / RTM_DELLINK → Link, over the schema of ./schema.ts (contract: ../common/decode.ts). */
import { DecodedAttrs } from '../../schema/decode'
import { decodeMessage, extraOf, opt, pickedAttrs, unknownOf } from '../common/decode'
import { IFF, LINK_TYPES } from './constants'
import { IFINFOMSG } from './ifinfomsg'
import { LINK_ATTRS } from './schema'
import type { Link } from './types'

/** IFLA attributes with a Link field of their own; every other Link field is built from the header or other attributes. */
const LINK_PICKED = pickedAttrs<
  Link,
  'index' | 'type' | 'flags' | 'up' | 'altNames' | 'kind' | 'linkinfo' | 'slaveKind' | 'slaveInfo' | 'stats' | 'extra' | 'unknown'
>()(
  [
    'ifname',
    'mtu',
    'minMtu',
    'maxMtu',
    'address',
    'broadcast',
    'permAddress',
    'master',
    'link',
    'linkNetnsId',
    'operstate',
    'linkmode',
    'txqlen',
    'group',
    'promiscuity',
    'numTxQueues',
    'numRxQueues',
    'carrier',
    'carrierChanges',
    'qdisc',
    'ifalias',
  ],
  'propList',
  'altIfname',
  'linkinfo',
  'stats64',
)
/** IFLA_INFO_* members with a Link field of their own (kind, linkinfo, slaveKind, slaveInfo). */
const LINKINFO_PICKED: ReadonlySet<string> = new Set(['kind', 'data', 'slaveKind', 'slaveData'])

/** Decodes RTM_NEWLINK / RTM_DELLINK. */
export function decodeLink(data: Buffer, offset: number, length: number): Link {
  const { head, attrs: a } = decodeMessage('link', IFINFOMSG, LINK_ATTRS, data, offset, length)
  const info = (a.linkinfo as DecodedAttrs | undefined) ?? null
  let extra = extraOf(a, LINK_PICKED)
  if (info !== null) {
    const infoRest = extraOf(info, LINKINFO_PICKED)
    if (infoRest !== null || info.unknown) (extra ??= {}).linkinfo = { ...infoRest, ...(info.unknown ? { unknown: info.unknown } : {}) }
  }
  const listed = (a.propList as { altIfname?: string[] } | undefined)?.altIfname ?? []
  const altNames = typeof a.altIfname === 'string' ? [...listed, a.altIfname] : listed.length > 0 ? listed : null
  return {
    index: head.index,
    ifname: opt(a.ifname),
    type: LINK_TYPES.decode(head.type),
    flags: head.flags,
    up: (head.flags & IFF.UP) !== 0,
    mtu: opt(a.mtu),
    minMtu: opt(a.minMtu),
    maxMtu: opt(a.maxMtu),
    address: opt(a.address),
    broadcast: opt(a.broadcast),
    permAddress: opt(a.permAddress),
    master: opt(a.master),
    link: opt(a.link),
    linkNetnsId: opt(a.linkNetnsId),
    operstate: opt(a.operstate),
    linkmode: opt(a.linkmode),
    txqlen: opt(a.txqlen),
    group: opt(a.group),
    promiscuity: opt(a.promiscuity),
    numTxQueues: opt(a.numTxQueues),
    numRxQueues: opt(a.numRxQueues),
    carrier: opt(a.carrier),
    carrierChanges: opt(a.carrierChanges),
    qdisc: opt(a.qdisc),
    ifalias: opt(a.ifalias),
    altNames,
    kind: opt(info?.kind),
    linkinfo: opt(info?.data),
    slaveKind: opt(info?.slaveKind),
    slaveInfo: opt(info?.slaveData),
    stats: opt(a.stats64),
    extra,
    unknown: unknownOf(a),
  }
}
