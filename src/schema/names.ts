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
 */
export class NameTable<N extends string = string> {
  /** Dense lookup for values 0..255 (the common case) — the decode hot path indexes it directly. */
  readonly small: ReadonlyArray<N | undefined>
  private readonly byValue: ReadonlyMap<number, N>
  private readonly byName: ReadonlyMap<string, number>

  constructor(
    /** What the numbers are, for errors ('route type'). */
    readonly what: string,
    entries: Readonly<Record<number, N>>,
    aliases: Readonly<Record<string, number>> = {},
  ) {
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
    this.small = small
    this.byValue = byValue
    this.byName = byName
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

/** Declares a name table: `defineNames('route type', { 1: 'unicast', ... }, { alias: 1 })`. */
export function defineNames<N extends string>(what: string, entries: Readonly<Record<number, N>>, aliases?: Readonly<Record<string, number>>): NameTable<N> {
  return new NameTable<N>(what, entries, aliases)
}

/** A table of single-bit flags: value (a power of two) → name. */
export class BitNames<N extends string = string> {
  private readonly bits: ReadonlyArray<readonly [number, N]>
  private readonly byName: ReadonlyMap<string, number>

  constructor(entries: Readonly<Record<number, N>>) {
    this.bits = Object.entries(entries).map(([k, n]) => [Number(k), n as N] as const)
    this.byName = new Map(this.bits.map(([v, n]) => [n, v]))
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

export function defineBits<N extends string>(entries: Readonly<Record<number, N>>): BitNames<N> {
  return new BitNames<N>(entries)
}
