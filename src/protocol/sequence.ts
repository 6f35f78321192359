/**
 * Sequence numbers of one socket: allocation (increasing, never 0, never one that is pending or
 * was retired recently) and the memory of retired numbers, by which a late answer is recognised
 * and discarded instead of being taken for a broadcast. No pool: nothing to leak or exhaust.
 */

/** Sequence numbers remembered after their request ended, so late answers are recognised and discarded. */
export const RETIRED_MEMORY = 4096
const MAX_SEQ = 0xffffffff

export class SequenceNumbers {
  #last: number
  readonly #retired = new Set<number>()
  /** The last RETIRED_MEMORY retired numbers, oldest overwritten first. */
  readonly #retiredRing: (number | undefined)[] = new Array(RETIRED_MEMORY)
  #retiredNext = 0

  /** `last`: the number before the first one handed out (wraps past 2^32 - 1 to 1). */
  constructor(last: number) {
    this.#last = last
  }

  /** The next number after the last one handed out that is neither in `pending` nor recently retired. */
  allocate(pending: ReadonlyMap<number, unknown>): number {
    let seq = this.#last
    for (let tries = 0; tries <= pending.size + this.#retired.size + 1; tries++) {
      seq = seq >= MAX_SEQ ? 1 : seq + 1
      if (!pending.has(seq) && !this.#retired.has(seq)) {
        this.#last = seq
        return seq
      }
    }
    throw new RangeError('no free netlink sequence number') // unreachable: the space is 2^32
  }

  /**
   * The first of `count` consecutive free numbers, all handed out (a batch's: the kernel answers a
   * datagram's messages in order, and a trace reads them as one run). Numbers skipped on the way
   * (one pending or recently retired, or the wrap past 2^32 - 1) leave a gap the run starts after.
   */
  allocateRun(count: number, pending: ReadonlyMap<number, unknown>): number {
    let first = this.allocate(pending)
    for (let taken = 1; taken < count; taken++) {
      const next = this.allocate(pending)
      // A gap: the run starts again at the number after it.
      if (next !== first + taken) {
        first = next
        taken = 0
      }
    }
    return first
  }

  /** `seq` ended: answers still arriving for it are late (until RETIRED_MEMORY later retirements). */
  retire(seq: number): void {
    if (this.#retired.has(seq)) return
    const evicted = this.#retiredRing[this.#retiredNext]
    if (evicted !== undefined) this.#retired.delete(evicted)
    this.#retiredRing[this.#retiredNext] = seq
    this.#retiredNext = (this.#retiredNext + 1) % RETIRED_MEMORY
    this.#retired.add(seq)
  }

  /** Whether `seq` belonged to a request that ended recently. */
  isRetired(seq: number): boolean {
    return this.#retired.has(seq)
  }
}
