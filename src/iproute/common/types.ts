/**
 * Object shapes every rtnetlink kind shares.
 *
 * Shape rule for decoded objects: every object of a type has the same keys in the same order.
 * A value the kernel did not send is `null` (never `undefined`, never a missing key), so V8 keeps one
 * hidden class per type and `JSON.stringify` / spread show every field. Two bags keep the rest:
 * - `extra`: attributes the schema knows that have no field of their own, decoded by name
 *   (e.g. Route `extra.cacheinfo`, Link `extra.gsoMaxSize`); null when there are none.
 * - `unknown`: attributes the schema does not know, raw as `{ type, data }`; null when there are none.
 *
 * Names vs numbers: enumerations show a name when the number is known and the number otherwise
 * (`type: 'unicast'`, `protocol: 186 → 'bgp'`, an unnamed protocol 77 stays 77). Tables and
 * interfaces are numbers (resolving interface names is the IPRoute layer's job).
 * Families are 4 and 6 for IP; any other family is reported as its AF_* number (AF_BRIDGE = 7).
 */
import type { UnknownAttr } from '../../schema/attrs'
import type { TableName } from './rtnl'

export type { UnknownAttr }
export type { IpFamily } from '../../toolkit/family'

/** Attributes known to the schema without a dedicated field, by schema name. */
export type ExtraAttrs = Record<string, unknown>

/** A routing table: any 32-bit id, or a reserved name ('main', 'local', 'default', 'unspec'). */
export type TableRef = number | TableName
