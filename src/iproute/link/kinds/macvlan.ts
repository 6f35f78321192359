/** macvlan (and macvtap): IFLA_INFO_DATA (linux/if_link.h IFLA_MACVLAN_*; layout per macvlan_fill_info). */
import { defineAttrs } from '../../../schema/attrs'
import { IFLA_MACVLAN, MACVLAN_MODES } from '../constants'

export const MACVLAN_ATTRS = defineAttrs('IFLA_MACVLAN', {
  [IFLA_MACVLAN.MODE]: { name: 'mode', kind: 'u32', names: MACVLAN_MODES },
  [IFLA_MACVLAN.FLAGS]: { name: 'flags', kind: 'u16' },
  [IFLA_MACVLAN.MACADDR_MODE]: { name: 'macaddrMode', kind: 'u32' },
  [IFLA_MACVLAN.MACADDR]: { name: 'macaddr', kind: 'lladdr' },
  [IFLA_MACVLAN.MACADDR_DATA]: {
    name: 'macaddrData',
    kind: 'nested',
    nested: defineAttrs('IFLA_MACVLAN_MACADDR_DATA', {
      [IFLA_MACVLAN.MACADDR]: { name: 'macaddr', kind: 'lladdr', multi: true },
    }),
  },
  [IFLA_MACVLAN.MACADDR_COUNT]: { name: 'macaddrCount', kind: 'u32' },
  [IFLA_MACVLAN.BC_QUEUE_LEN]: { name: 'bcQueueLen', kind: 'u32' },
  [IFLA_MACVLAN.BC_QUEUE_LEN_USED]: { name: 'bcQueueLenUsed', kind: 'u32' },
  [IFLA_MACVLAN.BC_CUTOFF]: { name: 'bcCutoff', kind: 's32' },
})
