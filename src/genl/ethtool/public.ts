/** What the `genl.ethtool` namespace shows: ethtool's numbers, attribute maps, schema and decoders. */
export * from './constants'
export * from './schema'
export {
  bitsetOf,
  linkInfoOf,
  linkModesOf,
  linkStateOf,
  featuresOf,
  ringsOf,
  channelsOf,
  coalesceOf,
  pauseOf,
  statsOf,
  stringSetOf,
  hasCompactBitsets,
} from './decode'
