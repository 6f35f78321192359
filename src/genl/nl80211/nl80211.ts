/**
 * Nl80211: the wireless interfaces and devices (`iw dev`, `iw list`'s basics) over a
 * {@link GenericNetlink} socket: NL80211_CMD_GET_INTERFACE and NL80211_CMD_GET_WIPHY dumps (the
 * latter split, as iw asks, so no wiphy is cut short). Needs cfg80211; without it the family does
 * not resolve (NetlinkError ENOENT).
 */
import { dumpOptions, type DumpOptions } from '../../toolkit/call-options'
import type { GenlMessage } from '../family'
import { GenlFamilyClient } from '../family-client'
import type { GenericNetlink } from '../genl-socket'
import { NL80211_CMD } from './constants'
import type { Nl80211Interface, Nl80211Wiphy } from './decode'
import { interfaceOf, NL80211, wiphysOf } from '../lazy'

/** The nl80211 family: lists wireless interfaces and wireless devices. */
export class Nl80211 extends GenlFamilyClient {
  /** An Nl80211 on an open {@link GenericNetlink} socket (shared: closing the socket ends both). */
  constructor(genl: GenericNetlink) {
    super(genl, NL80211)
  }

  /** `iw dev`: every wireless interface. */
  async interfaces(options: DumpOptions = {}): Promise<Nl80211Interface[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'interfaces')
    const messages = await this.genl.requestAll<GenlMessage>(NL80211, NL80211_CMD.GET_INTERFACE, {}, { ...call, retryInterrupted, dump: true })
    return messages.map(interfaceOf)
  }

  /** `iw list`'s basics: every wiphy with its bands and their channels. */
  async wiphys(options: DumpOptions = {}): Promise<Nl80211Wiphy[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'wiphys')
    const messages = await this.genl.requestAll<GenlMessage>(
      NL80211,
      NL80211_CMD.GET_WIPHY,
      { splitWiphyDump: true },
      { ...call, retryInterrupted, dump: true },
    )
    return wiphysOf(messages)
  }
}
