// Short fuzz runs of the decoders of kernel bytes and of the Marshal (the properties are in
// helpers/fuzz-decoders.mjs; `npm run fuzz` runs them far longer). Each test reports the seed and
// the shrunk counterexample when it fails: `npm run fuzz -- --only <name> --seed <seed>` replays it.
import test from 'ava'
import { PROPERTIES, runProperty, formatFailure } from './helpers/fuzz-properties.mjs'

for (const def of PROPERTIES.filter((d) => d.name !== 'engine')) {
  test(`fuzz ${def.name}: a value or a ParseError, independent of the surrounding bytes`, async (t) => {
    const stats = await runProperty(def)
    t.is(stats.failures, 0, stats.failures ? formatFailure(stats) : '')
    t.is(stats.inputs, def.shortRuns, 'every input ran')
  })
}
