/**
 * Every rtnetlink number and name table, gathered from the module that declares it: what all kinds
 * share (./common/rtnl.ts) and each kind's own (./<kind>/constants.ts). Values are from the kernel
 * UAPI headers; the attribute maps (./<kind>/schema.ts) use these numbers, and nothing declares
 * them again.
 */
export * from './common/rtnl'
export * from './route/constants'
export * from './link/constants'
export * from './address/constants'
export * from './neighbour/constants'
export * from './rule/constants'
export * from './nexthop/constants'
