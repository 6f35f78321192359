/** What the `genl.nlctrl` namespace shows: nlctrl's numbers, attribute maps and schema. */
export * from './constants'
// The maps and the decoder load on first use (../lazy.ts).
export { CTRL_ATTRS, CTRL_OP_ATTRS, CTRL_MCAST_GRP_ATTRS, NLCTRL, familyInfoOf } from '../lazy'
