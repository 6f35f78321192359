/** What the `genl.nl80211` namespace shows: nl80211's numbers, attribute maps, schema and decoders. */
export * from './constants'
// The maps and decoders load on first use (../lazy.ts).
export { NL80211, NL80211_ATTRS, BAND_ATTRS, FREQUENCY_ATTRS, interfaceOf, wiphysOf } from '../lazy'
