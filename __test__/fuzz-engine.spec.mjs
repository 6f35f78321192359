// Short fuzz run of the request engine through the fake kernel: random interleavings of dumps,
// acks, gets and unanswered requests with broadcasts, overflow markers, malformed, split and merged
// datagrams (the property is in helpers/fuzz-engine.mjs; `npm run fuzz` runs it far longer).
import test from 'ava'
import { PROPERTIES, runProperty, formatFailure } from './helpers/fuzz-properties.mjs'

const engine = PROPERTIES.find((d) => d.name === 'engine')

test('fuzz engine: every request settles with its own answer, broadcasts reach events() in order, nothing twice', async (t) => {
  const stats = await runProperty(engine)
  t.is(stats.failures, 0, stats.failures ? formatFailure(stats) : '')
  t.is(stats.inputs, engine.shortRuns, 'every scenario ran')
})
