/** Neighbour message layouts (../../schema): struct ndmsg, struct nda_cacheinfo and the NDA_* attribute map. */
import { defineAttrs } from '../../schema/attrs'
import { defineStruct } from '../../schema/struct'
import { packed } from '../common/packed'
import { ROUTE_PROTOCOLS } from '../common/rtnl'
import { NDA } from './constants'

export interface NdMsg {
  family: number
  ifindex: number
  state: number
  flags: number
  type: number
}

export const NDMSG = defineStruct<NdMsg>({
  name: 'ndmsg',
  size: 12,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'ifindex', type: 's32', offset: 4 },
    { name: 'state', type: 'u16', offset: 8 },
    { name: 'flags', type: 'u8', offset: 10 },
    { name: 'type', type: 'u8', offset: 11 },
  ],
})

export const NDA_CACHEINFO = packed('nda_cacheinfo', 'u32', ['confirmed', 'used', 'updated', 'refcnt'])

export const NEIGHBOUR_ATTRS = defineAttrs('NDA', {
  [NDA.DST]: { name: 'dst', kind: 'ipaddr' },
  [NDA.LLADDR]: { name: 'lladdr', kind: 'lladdr' },
  [NDA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: NDA_CACHEINFO },
  [NDA.PROBES]: { name: 'probes', kind: 'u32' },
  [NDA.VLAN]: { name: 'vlan', kind: 'u16' },
  [NDA.PORT]: { name: 'port', kind: 'be16' },
  [NDA.VNI]: { name: 'vni', kind: 'u32' },
  [NDA.IFINDEX]: { name: 'ifindex', kind: 'u32' },
  [NDA.MASTER]: { name: 'master', kind: 'u32' },
  [NDA.LINK_NETNSID]: { name: 'linkNetnsId', kind: 's32' },
  [NDA.SRC_VNI]: { name: 'srcVni', kind: 'u32' },
  [NDA.PROTOCOL]: { name: 'protocol', kind: 'u8', names: ROUTE_PROTOCOLS },
  [NDA.NH_ID]: { name: 'nhId', kind: 'u32' },
  [NDA.FDB_EXT_ATTRS]: { name: 'fdbExtAttrs', kind: 'binary' },
  [NDA.FLAGS_EXT]: { name: 'flagsExt', kind: 'u32' },
  [NDA.NDM_STATE_MASK]: { name: 'ndmStateMask', kind: 'u16' },
  [NDA.NDM_FLAGS_MASK]: { name: 'ndmFlagsMask', kind: 'u8' },
})
