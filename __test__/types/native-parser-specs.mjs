// @ts-check
// One spec per native parser with every field it takes, shared by the two sides of the contract:
// tsc (`tsc -p __test__/types`, run by types.spec.mjs) checks it against `NativeParserSpec` in
// src/native.ts (a field TypeScript lacks is an excess property, a field it has but this file
// omits fails `Required`), and native-binding.spec.mjs checks the same keys against the fields
// the Rust registry declares and has the native parsers accept the values.
/** @import { NativeParserSpec } from 'nlroute' */

/**
 * @typedef {{ [Name in NativeParserSpec['name']]: Required<Extract<NativeParserSpec, { name: Name }>> }} FullSpecs
 */

/** @satisfies {FullSpecs} */
export const FULL_SPECS = {
  defaultRoutes: { name: 'defaultRoutes', family: 2, table: 254, compact: true },
  routeFilter: {
    name: 'routeFilter',
    family: 2,
    table: 254,
    protocol: 4,
    type: 1,
    scope: 0,
    oif: 1,
    iif: 1,
    priority: 100,
    dst: Buffer.from([10, 0, 0, 0]),
    dstLen: 8,
    contains: Buffer.from([10, 1, 2, 3]),
    within: Buffer.from([10, 0, 0, 0]),
    withinLen: 8,
    gateway: Buffer.from([192, 0, 2, 1]),
    compact: true,
  },
  inetDiagFilter: { name: 'inetDiagFilter', uid: 1000 },
}
