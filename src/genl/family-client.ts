/**
 * What every typed family class (Ethtool, WireGuard, Nl80211) shares: it sits on a
 * {@link GenericNetlink} socket that decodes its family's broadcasts, opens one of its own, and
 * closes it. The classes add a method per command.
 */
import { describe } from '../schema/scalar'
import type { NativeOpener } from '../socket'
import { objectArg } from '../toolkit/args'
import type { GenlFamily } from './family'
import { GenericNetlink, type GenericNetlinkOptions } from './genl-socket'

/** The base of a generic netlink family's class: its socket, opening and closing. */
export abstract class GenlFamilyClient {
  /** The generic netlink socket the requests go through. */
  readonly genl: GenericNetlink

  /** On an open {@link GenericNetlink} socket (shared: closing the socket ends both), decoding `family`'s broadcasts. */
  protected constructor(genl: GenericNetlink, family: GenlFamily) {
    if (!(genl instanceof GenericNetlink)) throw new TypeError(`${new.target.name} genl: expected a GenericNetlink, got ${describe(genl)}`)
    this.genl = genl.use(family)
  }

  /** Opens a generic netlink socket of its own (in `options.netns` if given). */
  static async open<T>(this: new (genl: GenericNetlink) => T, options: GenericNetlinkOptions = {}, opener?: NativeOpener): Promise<T> {
    objectArg(options, `${this.name}.open options`)
    return new this(await GenericNetlink.open(options, opener))
  }

  /** Closes the socket. */
  close(): void {
    this.genl.close()
  }

  /** `await using` support: closes the socket. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }
}
