/** Bond slave: IFLA_INFO_SLAVE_DATA of a link whose slave kind is 'bond' (IFLA_BOND_SLAVE_*; bond_fill_slave_info). */
import { defineAttrs } from '../../../schema/attrs'
import { BOND_CHURN_STATES, IFLA_BOND_SLAVE } from '../constants'

/** Bond slave info (IFLA_INFO_SLAVE_DATA with slave kind 'bond'; bond_fill_slave_info). */
export const BOND_SLAVE_ATTRS = defineAttrs('IFLA_BOND_SLAVE', {
  [IFLA_BOND_SLAVE.STATE]: { name: 'state', kind: 'u8' },
  [IFLA_BOND_SLAVE.MII_STATUS]: { name: 'miiStatus', kind: 'u8' },
  [IFLA_BOND_SLAVE.LINK_FAILURE_COUNT]: { name: 'linkFailureCount', kind: 'u32' },
  [IFLA_BOND_SLAVE.PERM_HWADDR]: { name: 'permHwaddr', kind: 'lladdr' },
  [IFLA_BOND_SLAVE.QUEUE_ID]: { name: 'queueId', kind: 'u16' },
  [IFLA_BOND_SLAVE.AD_AGGREGATOR_ID]: { name: 'adAggregatorId', kind: 'u16' },
  [IFLA_BOND_SLAVE.AD_ACTOR_OPER_PORT_STATE]: { name: 'adActorOperPortState', kind: 'u8' },
  [IFLA_BOND_SLAVE.AD_PARTNER_OPER_PORT_STATE]: { name: 'adPartnerOperPortState', kind: 'u16' },
  [IFLA_BOND_SLAVE.PRIO]: { name: 'prio', kind: 's32' },
  [IFLA_BOND_SLAVE.ACTOR_PORT_PRIO]: { name: 'actorPortPrio', kind: 'u16' },
  [IFLA_BOND_SLAVE.AD_CHURN_ACTOR_STATE]: { name: 'adChurnActorState', kind: 'u8', names: BOND_CHURN_STATES },
  [IFLA_BOND_SLAVE.AD_CHURN_PARTNER_STATE]: { name: 'adChurnPartnerState', kind: 'u8', names: BOND_CHURN_STATES },
})
