/** struct ifinfomsg, the fixed header of link messages and of a veth peer (./kinds/veth.ts). */
import { defineStruct } from '../../schema/struct'

export interface IfInfoMsg {
  family: number
  type: number
  index: number
  flags: number
  change: number
}

export const IFINFOMSG = defineStruct<IfInfoMsg>({
  name: 'ifinfomsg',
  size: 16,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'type', type: 'u16', offset: 2 },
    { name: 'index', type: 's32', offset: 4 },
    { name: 'flags', type: 'u32', offset: 8 },
    { name: 'change', type: 'u32', offset: 12 },
  ],
})
