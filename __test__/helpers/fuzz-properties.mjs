// Every fuzz property of the TypeScript side, in one list: the short runs of `npm test`
// (__test__/fuzz-*.spec.mjs) and the long run (`npm run fuzz`, scripts/fuzz.mjs) both take them
// from here, so each property is written once.
import { DECODER_PROPERTIES } from './fuzz-decoders.mjs'
import { ENGINE_PROPERTY } from './fuzz-engine.mjs'

export const PROPERTIES = [...DECODER_PROPERTIES, ENGINE_PROPERTY]
export { runProperty, formatStats, formatFailure } from './fuzz-runner.mjs'
