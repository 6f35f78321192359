/**
 * What one run of the command shares between its parts: the global options, the IPRoute socket
 * (opened on first use, with the library required only then, so `--help` and usage errors never
 * load it), and interface names by index, dumped once as ip's name cache does.
 */
import type { IPRoute } from '../iproute/ipr'
import type { Link } from '../iproute/types'
import type { GlobalOptions } from './args'
import { UsageError, noDevice } from './errors'
import { Output } from './output'

export class Context {
  readonly options: GlobalOptions
  readonly out: Output
  #ipr: Promise<IPRoute> | null = null
  #links: Map<number, Link> | null = null

  constructor(options: GlobalOptions, out: Output = new Output(process.stdout)) {
    this.options = options
    this.out = out
  }

  /** The socket, in the namespace `-n` names. */
  ipr(): Promise<IPRoute> {
    if (this.#ipr === null) {
      const { IPRoute } = require('../iproute/ipr') as typeof import('../iproute/ipr')
      const netns = this.options.netns
      this.#ipr = IPRoute.open(netns === null ? {} : { netns }).catch((error: Error & { errno?: number }) => {
        if (netns === null || typeof error.errno !== 'number') throw error
        // ip's wording for each step that failed (exit 255); the errno's text as strerror gives it.
        const { errnoMessage } = require('../constants') as typeof import('../constants')
        const text = errnoMessage(error.errno)
        throw new UsageError(
          error.errno === 2 ? `Cannot open network namespace "${netns}": ${text}` : `setting the network namespace "${netns}" failed: ${text}`,
        )
      })
    }
    return this.#ipr
  }

  /** Every link by index (one dump per run, refreshed by `refreshLinks`). */
  async links(): Promise<Map<number, Link>> {
    if (this.#links === null) await this.refreshLinks()
    return this.#links!
  }

  async refreshLinks(): Promise<Map<number, Link>> {
    const ipr = await this.ipr()
    this.#links = new Map((await ipr.getLinks()).map((l) => [l.index, l]))
    return this.#links
  }

  /** Remembers a link seen in an event (monitor), so later lines name it. */
  rememberLink(link: Link, deleted = false): void {
    if (this.#links === null) return
    if (deleted) this.#links.delete(link.index)
    else this.#links.set(link.index, link)
  }

  /** index -> name, as ip's ll_index_to_name: `if<N>` when the index is unknown. */
  async names(): Promise<(index: number) => string> {
    const links = await this.links()
    return (index) => links.get(index)?.ifname ?? `if${index}`
  }

  /** index -> up (IFF_UP), null when unknown: for ip's M-DOWN mark of a link whose lower device is down. */
  async upness(): Promise<(index: number) => boolean | null> {
    const links = await this.links()
    return (index) => links.get(index)?.up ?? null
  }

  /** The index of interface `name`, or ip's `Cannot find device "name"` (exit 1). */
  async indexOf(name: string): Promise<number> {
    for (const link of (await this.links()).values()) if (link.ifname === name) return link.index
    throw noDevice(name)
  }

  close(): void {
    // Closing only what was opened: nothing to do when no command needed the kernel.
    if (this.#ipr !== null)
      this.#ipr.then(
        (ipr) => ipr.close(),
        () => {},
      )
  }
}
