/** decodeNeighbour: RTM_NEWNEIGH / RTM_DELNEIGH → Neighbour, over the schema of ./schema.ts (contract: ../common/decode.ts). */
import { decodeMessage, extraOf, opt, pickedAttrs, unknownOf } from '../common/decode'
import { familyFromAf, ROUTE_TYPES } from '../common/rtnl'
import { NEIGHBOUR_STATES, NTF } from './constants'
import { NDMSG, NEIGHBOUR_ATTRS } from './schema'
import type { Neighbour } from './types'

/** NDA attributes with a Neighbour field of their own; the other fields come from struct ndmsg. */
const NEIGHBOUR_PICKED = pickedAttrs<Neighbour, 'family' | 'ifindex' | 'state' | 'flags' | 'router' | 'type' | 'extra' | 'unknown'>()([
  'dst',
  'lladdr',
  'probes',
  'vlan',
  'vni',
  'port',
  'master',
  'linkNetnsId',
  'protocol',
  'cacheinfo',
])

/** Decodes RTM_NEWNEIGH / RTM_DELNEIGH. */
export function decodeNeighbour(data: Buffer, offset: number, length: number): Neighbour {
  const { head, attrs: a } = decodeMessage('neighbour', NDMSG, NEIGHBOUR_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    ifindex: head.ifindex,
    state: NEIGHBOUR_STATES.decode(head.state),
    flags: head.flags,
    router: (head.flags & NTF.ROUTER) !== 0,
    type: ROUTE_TYPES.decode(head.type),
    dst: opt(a.dst),
    lladdr: opt(a.lladdr),
    probes: opt(a.probes),
    vlan: opt(a.vlan),
    vni: opt(a.vni),
    port: opt(a.port),
    master: opt(a.master),
    linkNetnsId: opt(a.linkNetnsId),
    protocol: opt(a.protocol),
    cacheinfo: opt(a.cacheinfo),
    extra: extraOf(a, NEIGHBOUR_PICKED),
    unknown: unknownOf(a),
  }
}
