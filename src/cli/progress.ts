/**
 * Progress of a long scan on stderr: "N routes, R/s", redrawn at most 10 times a second and
 * erased at the end. Only on a terminal: when stderr is a pipe or a file nothing is written, so
 * scripts see clean output.
 */

/** At most this often (ms) is the line redrawn. */
const INTERVAL = 100

/** Whether a scan should show progress on `stream` (only a TTY; `NLROUTE_PROGRESS=0` turns it off). */
export function wantsProgress(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  return stream.isTTY === true && env.NLROUTE_PROGRESS !== '0'
}

export class Progress {
  readonly #stream: NodeJS.WriteStream
  readonly #what: string
  readonly #start = Date.now()
  #count = 0
  #last = 0
  #shown = false

  constructor(stream: NodeJS.WriteStream, what: string) {
    this.#stream = stream
    this.#what = what
  }

  /** Counts one item; redraws when the last drawing is INTERVAL old (the first item draws at once). */
  tick(): void {
    this.#count++
    if ((this.#count & 255) !== 1) return // Date.now() per item would cost more than the item
    const now = Date.now()
    if (this.#shown && now - this.#last < INTERVAL) return
    this.#last = now
    this.draw(now)
  }

  draw(now = Date.now()): void {
    const elapsed = now - this.#start
    // A rate over less than one interval says nothing yet.
    const rate = elapsed < INTERVAL ? '' : `, ${Math.round((this.#count * 1000) / elapsed)}/s`
    this.#stream.write(`\r\x1b[K${this.#count} ${this.#what}${rate}`)
    this.#shown = true
  }

  /** Erases the line (before output, and at the end). */
  clear(): void {
    if (!this.#shown) return
    this.#stream.write('\r\x1b[K')
    this.#shown = false
  }
}
