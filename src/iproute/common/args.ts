/**
 * Argument checks more than one kind's encoders share (tables, families, the op, the key sets of
 * spec objects), on top of ../validate.ts.
 */
import { afFromFamily, TABLES } from './rtnl'
import { familyName, namedArg } from '../validate'

/** Which message an encoder writes: RTM_NEW* (add, replace, change, append) or RTM_DEL*. */
export type ChangeOp = 'new' | 'delete'

/** Resolves a table reference (number or reserved name) to its 32-bit id. */
export function tableArg(value: unknown, path: string): number {
  return namedArg(TABLES, 'u32', value, path)
}

/** The family a spec is about: from its addresses, else `family`, else 4. Conflicts throw. */
export function specFamily(explicit: unknown, path: string, found: ReadonlyArray<readonly [string, number]>): number {
  if (explicit !== undefined && explicit !== 4 && explicit !== 6) {
    throw new TypeError(`${path}.family: expected 4 or 6, got ${String(explicit)}`)
  }
  const first = found[0]
  if (first === undefined) return (explicit as number | undefined) ?? 4
  const family = (explicit as number | undefined) ?? first[1]
  for (const [field, f] of found) {
    if (f !== family) {
      throw new TypeError(`${path}.${field}: is ${familyName(f)} but the ${explicit !== undefined ? 'family' : first[0]} is ${familyName(family)}`)
    }
  }
  return family
}

/** The AF_* number of a dump filter's family (0, every family, when absent). */
export function dumpFamilyArg(family: unknown, path: string): number {
  if (family === undefined) return 0
  if (family !== 4 && family !== 6) throw new TypeError(`${path}.family: expected 4 or 6, got ${String(family)}`)
  return afFromFamily(family)
}

/**
 * The keys of the object type T as the set checkSpecObject accepts, checked at compile time to be
 * exactly T's keys: the interface is the one declaration, and a key missing here (or one T does
 * not have) fails to compile.
 */
export function specKeys<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    ...keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })
  ): ReadonlySet<string> => new Set<string>(keys as readonly string[])
}
