/**
 * The argument checks the rtnetlink encoders use, under the path they import them from: every
 * check is the family toolkit's (src/toolkit/), written there once for every family. New code
 * imports src/toolkit/ directly; this module goes once the encoders do.
 */
export { checkSpecObject, intArg, namedArg, objectArg, stringArg } from '../toolkit/args'
export { ipArg, prefixArg } from '../toolkit/address-args'
export { familyName } from '../toolkit/family'
export { ifnameArg } from '../toolkit/ifname'
