/** What the `genl.nl80211` namespace shows: nl80211's numbers, attribute maps, schema and decoders. */
export * from './constants'
export { NL80211, NL80211_ATTRS, BAND_ATTRS, FREQUENCY_ATTRS } from './schema'
export { interfaceOf, wiphysOf } from './decode'
