/**
 * RouteTable: a route dump kept as the datagrams the kernel sent, with a Route made from its bytes
 * each time one is read (IPRoute.getRouteTable).
 *
 * Why: a million routes as objects cost about 250 bytes each on the V8 heap and most of the dump's
 * time in garbage collection of objects that all survive. Kept as received (compacted in place by
 * the receive thread, ./compact.ts), a route costs its message bytes in memory that is not on the
 * V8 heap plus 8 bytes of index, and the dump costs little more than reading it. Nothing is
 * copied: the table holds the received Buffers themselves, and each one's side text (the
 * destination texts the receive thread wrote, which decodeRoute takes its dst strings from).
 */
import type { Parser } from '../../marshal'
import { u32le } from '../../schema/scalar'
import { decodeRoute } from '../lazy'
import type { Route } from './types'

/** Index entries per route: the datagram's number in the table and the message's offset in it. */
const ENTRY = 2
const INITIAL_ROUTES = 1024

/**
 * The routes of one dump, in the order the kernel sent them. Reading one (`at`, iteration,
 * `toArray`) decodes it from the kept bytes into a new {@link Route}: the same object
 * `getRoutes` would have given, made afresh on every read (keep the ones you need). JSON of a
 * table is the JSON of its routes' array.
 */
export class RouteTable implements Iterable<Route> {
  readonly #datagrams: readonly Buffer[]
  readonly #texts: readonly (string | undefined)[]
  readonly #index: Uint32Array
  readonly #length: number

  /**
   * Tables are made by {@link IPRoute.getRouteTable}: `index` holds a (datagram, offset) pair per
   * route; `texts[i]` is datagram i's side text, if it came with one.
   */
  constructor(datagrams: readonly Buffer[], index: Uint32Array, length: number, texts: readonly (string | undefined)[] = []) {
    this.#datagrams = datagrams
    this.#texts = texts
    this.#index = index
    this.#length = length
  }

  /** The number of routes. */
  get length(): number {
    return this.#length
  }

  /** Route `index` (negative: from the end, as Array.prototype.at), or undefined outside the table. */
  at(index: number): Route | undefined {
    // As Array.prototype.at: NaN is 0, a fraction is truncated.
    const i = Math.trunc(index) || 0
    const k = i < 0 ? i + this.#length : i
    if (!(k >= 0 && k < this.#length)) return undefined
    return this.#decode(k)
  }

  /** Every route, in dump order, each decoded as it is reached. */
  *[Symbol.iterator](): IterableIterator<Route> {
    for (let k = 0; k < this.#length; k++) yield this.#decode(k)
  }

  /** Every route as an array (what getRoutes gives). */
  toArray(): Route[] {
    const out = new Array<Route>(this.#length)
    for (let k = 0; k < this.#length; k++) out[k] = this.#decode(k)
    return out
  }

  /** JSON.stringify of a table is that of its routes. */
  toJSON(): Route[] {
    return this.toArray()
  }

  #decode(k: number): Route {
    const datagram = this.#index[k * ENTRY]!
    const data = this.#datagrams[datagram]!
    const offset = this.#index[k * ENTRY + 1]!
    return decodeRoute(data, offset, u32le(data, offset), this.#texts[datagram])
  }
}

/**
 * Collects the route messages of one dump attempt for a {@link RouteTable}: its `parser` is the
 * request's parser, records where each kept message is and returns null, so the request engine
 * keeps nothing itself. With `keep` (a filter JavaScript has to apply), each message is decoded
 * once to test it, and only its place is kept.
 */
export class RouteTableBuilder {
  readonly #datagrams: Buffer[] = []
  readonly #texts: (string | undefined)[] = []
  #index = new Uint32Array(INITIAL_ROUTES * ENTRY)
  #length = 0
  #last: Buffer | null = null

  constructor(keep: ((route: Route) => boolean) | null) {
    this.parser =
      keep === null
        ? (data, offset, _length, text) => this.#add(data, offset, text)
        : (data, offset, length, text) => (keep(decodeRoute(data, offset, length, text)) ? this.#add(data, offset, text) : null)
  }

  /** The request's parser. Always returns null: the messages' places are kept here. */
  readonly parser: Parser<never>

  /** The table of what was collected. */
  finish(): RouteTable {
    // A copy of the used part: the grown index may be up to twice as long.
    return new RouteTable(this.#datagrams, this.#index.slice(0, this.#length * ENTRY), this.#length, this.#texts)
  }

  #add(data: Buffer, offset: number, text: string | undefined): null {
    // Messages of one datagram arrive together: a new Buffer is a new datagram.
    if (data !== this.#last) {
      this.#datagrams.push(data)
      this.#texts.push(text)
      this.#last = data
    }
    if ((this.#length + 1) * ENTRY > this.#index.length) {
      const grown = new Uint32Array(this.#index.length * 2)
      grown.set(this.#index)
      this.#index = grown
    }
    this.#index[this.#length * ENTRY] = this.#datagrams.length - 1
    this.#index[this.#length * ENTRY + 1] = offset
    this.#length++
    return null
  }
}
