/** What the `genl.nlctrl` namespace shows: nlctrl's numbers, attribute maps and schema. */
export * from './constants'
export { CTRL_ATTRS, CTRL_OP_ATTRS, CTRL_MCAST_GRP_ATTRS } from './schema'
export { NLCTRL, familyInfoOf } from './family'
