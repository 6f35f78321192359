/** Address message layouts (../../schema): struct ifaddrmsg, struct ifa_cacheinfo and the IFA_* attribute map. */
import { defineAttrs } from '../../schema/attrs'
import { defineStruct } from '../../schema/struct'
import { packed } from '../common/packed'
import { IFA } from './constants'

export interface IfAddrMsg {
  family: number
  prefixlen: number
  flags: number
  scope: number
  index: number
}

export const IFADDRMSG = defineStruct<IfAddrMsg>({
  name: 'ifaddrmsg',
  size: 8,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'prefixlen', type: 'u8', offset: 1 },
    { name: 'flags', type: 'u8', offset: 2 },
    { name: 'scope', type: 'u8', offset: 3 },
    { name: 'index', type: 'u32', offset: 4 },
  ],
})

export const IFA_CACHEINFO = packed('ifa_cacheinfo', 'u32', ['preferred', 'valid', 'cstamp', 'tstamp'])

export const ADDRESS_ATTRS = defineAttrs('IFA', {
  [IFA.ADDRESS]: { name: 'address', kind: 'ipaddr' },
  [IFA.LOCAL]: { name: 'local', kind: 'ipaddr' },
  [IFA.LABEL]: { name: 'label', kind: 'string' },
  [IFA.BROADCAST]: { name: 'broadcast', kind: 'ipaddr' },
  [IFA.ANYCAST]: { name: 'anycast', kind: 'ipaddr' },
  [IFA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: IFA_CACHEINFO },
  [IFA.MULTICAST]: { name: 'multicast', kind: 'ipaddr' },
  [IFA.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFA.RT_PRIORITY]: { name: 'priority', kind: 'u32' },
  [IFA.TARGET_NETNSID]: { name: 'targetNetnsId', kind: 's32' },
  [IFA.PROTO]: { name: 'proto', kind: 'u8' },
})
