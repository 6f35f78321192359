/**
 * Every public rtnetlink object shape, gathered from the kind that declares it: what the decoders
 * return (Route, Link, Address, Neighbour, Rule, Nexthop) and what the encoders accept (the *Spec types,
 * RouteFilter). The shape rules they all follow are in ./common/types.ts.
 */
export type * from './common/types'
export type * from './route/types'
export type * from './link/types'
export type * from './address/types'
export type * from './neighbour/types'
export type * from './rule/types'
export type * from './nexthop/types'
