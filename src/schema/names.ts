/**
 * Name tables: the two-way mapping between small protocol numbers and their names
 * (route types, protocols, scopes, link modes, ...).
 *
 * Decoding turns a known number into its name and leaves unknown numbers as numbers, so a value the
 * table does not know is still reported, never lost. Encoding accepts a name (or an alias) or a
 * number. Bit tables (`defineBits`) split a flag word into names for display.
 */

/**
 * A two-way mapping between small protocol numbers and their names (route types, protocols, scopes,
 * ...): decoding shows a known number as its name and keeps an unknown one as a number. Made by {@link
 * defineNames}.
 *
 * The lookups are built on first use, not when the table is declared: importing nlroute declares
 * dozens of tables (every namespace's constants) and uses few of them, and building them all (or
 * only copying their entries) cost a measurable part of the import (issue 8). So the entries (and
 * aliases) are read then: the objects passed in must not change after the table is declared.
 */
export class NameTable<N extends string = string> {
  readonly #entries: Readonly<Record<number, N>>
  readonly #aliases: Readonly<Record<string, number>>
  #lookups: NameLookups<N> | undefined

  constructor(
    /** What the numbers are, for errors ('route type'). */
    readonly what: string,
    entries: Readonly<Record<number, N>>,
    aliases: Readonly<Record<string, number>> = {},
  ) {
    this.#entries = objectOf(entries, `${what} names`)
    this.#aliases = objectOf(aliases, `${what} aliases`)
  }

  /** Dense lookup for values 0..255 (the common case): the decode hot path indexes it directly. */
  get small(): ReadonlyArray<N | undefined> {
    return this.#built.small
  }

  private get byValue(): ReadonlyMap<number, N> {
    return this.#built.byValue
  }

  private get byName(): ReadonlyMap<string, number> {
    return this.#built.byName
  }

  get #built(): NameLookups<N> {
    return (this.#lookups ??= nameLookups(this.#entries, this.#aliases))
  }

  /** The name of `value`, or `value` itself when the table has no name for it. */
  decode(value: number): N | number {
    const name = value >= 0 && value < 256 ? this.small[value] : this.byValue.get(value)
    return name === undefined ? value : name
  }

  /** The number for a name or alias; undefined when unknown. Numbers pass through. */
  valueOf(nameOrValue: string | number): number | undefined {
    if (typeof nameOrValue === 'number') return nameOrValue
    return this.byName.get(nameOrValue)
  }

  /** All names (without aliases), in value order. */
  names(): N[] {
    return [...this.byValue.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n)
  }
}

/** What a NameTable looks names and numbers up in. */
interface NameLookups<N extends string> {
  small: ReadonlyArray<N | undefined>
  byValue: ReadonlyMap<number, N>
  byName: ReadonlyMap<string, number>
}

function nameLookups<N extends string>(entries: Readonly<Record<number, N>>, aliases: Readonly<Record<string, number>>): NameLookups<N> {
  const byValue = new Map<number, N>()
  const byName = new Map<string, number>()
  const small: (N | undefined)[] = new Array<N | undefined>(256).fill(undefined)
  for (const [key, name] of Object.entries(entries) as [string, N][]) {
    const value = Number(key)
    byValue.set(value, name)
    byName.set(name, value)
    if (value >= 0 && value < 256) small[value] = name
  }
  for (const [alias, value] of Object.entries(aliases)) byName.set(alias, value)
  return { small, byValue, byName }
}

/** `value` when it is an object; a TypeError naming it otherwise (what Object.entries would throw on, later). */
function objectOf<T>(value: T, what: string): T {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${what}: expected an object, got ${value === null ? 'null' : typeof value}`)
  return value
}

/** Declares a name table: `defineNames('route type', { 1: 'unicast', ... }, { alias: 1 })`. */
export function defineNames<N extends string>(what: string, entries: Readonly<Record<number, N>>, aliases?: Readonly<Record<string, number>>): NameTable<N> {
  return new NameTable<N>(what, entries, aliases)
}

/**
 * A table of single-bit flags: value (a power of two) → name. Built on first use, as NameTable is;
 * `entries` may be a function that gives them, called then (an enum object inverted, as for
 * rtnl.IFF_NAMES, which done at import would cost what the table saves).
 */
export class BitNames<N extends string = string> {
  readonly #entries: Readonly<Record<number, N>> | (() => Readonly<Record<number, N>>)
  #lookups: BitLookups<N> | undefined

  constructor(entries: Readonly<Record<number, N>> | (() => Readonly<Record<number, N>>)) {
    this.#entries = typeof entries === 'function' ? entries : objectOf(entries, 'bit names')
  }

  private get bits(): ReadonlyArray<readonly [number, N]> {
    return this.#built.bits
  }

  private get byName(): ReadonlyMap<string, number> {
    return this.#built.byName
  }

  get #built(): BitLookups<N> {
    if (this.#lookups === undefined) {
      const entries = typeof this.#entries === 'function' ? this.#entries() : this.#entries
      const bits = Object.entries(entries).map(([k, n]) => [Number(k), n] as const)
      this.#lookups = { bits, byName: new Map(bits.map(([v, n]) => [n, v])) }
    }
    return this.#lookups
  }

  /** Names of the set bits, in ascending bit order; bits without a name are left out. */
  decode(flags: number): N[] {
    const out: N[] = []
    for (const [bit, name] of this.bits) if ((flags & bit) !== 0) out.push(name)
    return out
  }

  /** The bit value of a name; undefined when unknown. */
  valueOf(name: string): number | undefined {
    return this.byName.get(name)
  }
}

/** What a BitNames looks bits and names up in. */
interface BitLookups<N extends string> {
  bits: ReadonlyArray<readonly [number, N]>
  byName: ReadonlyMap<string, number>
}

/** Declares a bit table: `defineBits({ 0x01: 'admin-perm', ... })`, or from a function giving the entries on first use. */
export function defineBits<N extends string>(entries: Readonly<Record<number, N>> | (() => Readonly<Record<number, N>>)): BitNames<N> {
  return new BitNames<N>(entries)
}
