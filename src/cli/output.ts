/**
 * Writing results: human lines buffered into large chunks (one write per ~64 KiB, not per line,
 * so a 1M-route table is not a million syscalls), or `--json` as one array of the library's typed
 * objects (streamed item by item; `-p` indents). Buffers print as hex and bigints as decimal
 * strings, since JSON has neither (installJsonForms). A progress line on stderr (progress.ts) is
 * erased before each chunk so the two never mix on a terminal.
 */
import type { Progress } from './progress'

const CHUNK = 64 * 1024
/** Items of a JSON array stringified together (see Output.#stringifyBatch). */
const JSON_BATCH = 512

/**
 * Buffers as hex and bigints as text, set on the prototypes rather than through a replacer: a
 * replacer is called for every key of every object and triples the time of a 10k-route dump,
 * while toJSON is looked up natively. This process is the command, so nothing else sees it.
 */
function installJsonForms(): void {
  Buffer.prototype.toJSON = function (this: Buffer) {
    return this.toString('hex')
  } as unknown as Buffer['toJSON']
  ;(BigInt.prototype as unknown as { toJSON(): string }).toJSON = function (this: bigint) {
    return this.toString()
  }
}

export class Output {
  readonly #stream: NodeJS.WritableStream
  #pending = ''
  #items = 0
  #pretty: unknown[] | null = null
  /** Items of a JSON array not yet stringified (see #stringifyBatch). */
  #batch: unknown[] = []
  progress: Progress | null = null

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream
  }

  /** One line of text (without its newline). */
  line(text: string): void {
    this.#pending += text + '\n'
    if (this.#pending.length >= CHUNK) this.flush()
  }

  /** One JSON object on a line of its own (a monitor's events: a stream has no closing bracket). */
  jsonLine(item: unknown): void {
    installJsonForms()
    this.line(JSON.stringify(item))
  }

  /** Starts a JSON array; `pretty` collects it to print indented at the end. */
  beginJson(pretty: boolean): void {
    installJsonForms()
    this.#items = 0
    if (pretty) this.#pretty = []
    else this.#pending += '['
  }

  jsonItem(item: unknown): void {
    if (this.#pretty !== null) {
      this.#pretty.push(item)
      return
    }
    this.#batch.push(item)
    if (this.#batch.length === JSON_BATCH) this.#stringifyBatch()
  }

  endJson(): void {
    if (this.#pretty !== null) {
      this.#pending += JSON.stringify(this.#pretty, null, 2) + '\n'
      this.#pretty = null
    } else {
      this.#stringifyBatch()
      this.#pending += ']\n'
    }
    this.flush()
  }

  /**
   * Items go to JSON.stringify JSON_BATCH at a time, as one array whose brackets are cut off: one
   * call per item costs about twice as much for a 10k-route table (each call sets up the
   * serializer again), and a batch keeps memory flat for any table size.
   */
  #stringifyBatch(): void {
    if (this.#batch.length === 0) return
    const text = JSON.stringify(this.#batch)
    this.#pending += (this.#items === 0 ? '' : ',') + text.slice(1, -1)
    this.#items += this.#batch.length
    this.#batch = []
    if (this.#pending.length >= CHUNK) this.flush()
  }

  /** Writes what is buffered; returns a promise that settles when the stream took it. */
  flush(): Promise<void> {
    this.#stringifyBatch()
    if (this.#pending === '') return Promise.resolve()
    this.progress?.clear()
    const text = this.#pending
    this.#pending = ''
    return new Promise((resolve) => {
      this.#stream.write(text, () => resolve())
    })
  }
}
