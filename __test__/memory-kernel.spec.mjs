// Memory stays bounded in the loops a daemon runs, whether or not it ever yields to the event
// loop. Each scenario runs in a child process of its own (helpers/resource-child.mjs) and
// reports RSS samples; the bounds are those stated in docs/reliability.md.
import test from 'ava'
import { makeNetns, ipBatch, nsTest } from './helpers/netns.mjs'
import { scenario } from './helpers/resources.mjs'

/** RSS may grow this much over the first sample of a run (V8's heap settling), and no more. */
const GROWTH_BOUND_MIB = 64
/**
 * A collected dump of 100k routes is about 65 MiB of objects, and V8 collects lazily: up to three
 * such arrays (the one in hand and up to two not yet collected) may be alive at once.
 */
const COLLECTED_GROWTH_BOUND_MIB = 200
/**
 * The floor of the last part of a run (RSS right after V8 collected) may not sit higher than the
 * floor of the part before by more than this: a leak raises the floor, a lazy GC only the peaks.
 */
const TREND_BOUND_MIB = 24
/** With GC forced, heap and external memory right after each collection: no more than this rise. */
const RETAINED_BOUND_MIB = 4

/**
 * RSS stays within `growthBound` of its first sample. With `trend` (the default) the floors of RSS
 * must not rise either; a run whose RSS samples are taken with large garbage still uncollected (the
 * collected dumps) checks its trend on the memory retained after forced GCs instead (checkRetained).
 */
function checkBounded(t, result, growthBound = GROWTH_BOUND_MIB, trend = true) {
  const { samples } = result
  t.true(samples.length >= 10, `too few samples: ${JSON.stringify(result)}`)
  // The first fifth is V8 sizing its heap to the work; the floors are compared after it.
  const settled = samples.slice(Math.ceil(samples.length / 5))
  const half = Math.floor(settled.length / 2)
  const firstFloor = Math.min(...settled.slice(0, half))
  const secondFloor = Math.min(...settled.slice(half))
  t.log(
    `${result.count} × ${result.mode}: RSS ${result.startMiB.toFixed(0)} → peak ${result.peakMiB.toFixed(0)} MiB (floor ${firstFloor} in the first half, ${secondFloor} in the second) in ${result.ms} ms`,
  )
  t.true(
    result.peakMiB - result.startMiB <= growthBound,
    `RSS grew from ${result.startMiB.toFixed(0)} to ${result.peakMiB.toFixed(0)} MiB: ${JSON.stringify(samples)}`,
  )
  if (trend) t.true(secondFloor - firstFloor <= TREND_BOUND_MIB, `RSS keeps growing: ${JSON.stringify(samples)}`)
}

/**
 * Heap and external memory right after each forced GC may not rise. The first fifth is warm-up
 * (optimised code, the address-text cache filling), as for RSS; the first value after it is the
 * baseline.
 */
function checkRetained(t, result) {
  const { retained } = result
  t.true(retained.length >= 10, JSON.stringify(retained))
  const settled = retained.slice(Math.ceil(retained.length / 5))
  t.log(`heap + external after each forced GC: ${retained[0]} → ${settled[0]} settled → ${retained.at(-1)} MiB (max ${Math.max(...settled)})`)
  t.true(Math.max(...settled) - settled[0] <= RETAINED_BOUND_MIB, `memory retained after GC grows: ${JSON.stringify(retained)}`)
}

for (const mode of ['nogc', 'gc']) {
  nsTest(
    test.serial,
    `${mode === 'gc' ? '500,000' : '1,000,000'} sequential small requests awaited without yielding to the event loop (${mode === 'gc' ? 'forced GC' : 'no forced GC'}): RSS bounded`,
    async (t) => {
      const ns = makeNetns(t, 'nlr-mem')
      // With GC forced the same loop runs about twice as slowly (V8 shrinks the young generation
      // after each full collection); half a million keeps it well inside the test timeouts.
      const count = mode === 'gc' ? 500_000 : 1_000_000
      const result = await scenario('requests', count, ns, mode, { timeout: 170_000 })
      t.is(result.count, count)
      checkBounded(t, result)
      // Exact, unlike RSS: a leak of 10 bytes a call would show here.
      if (mode === 'gc') checkRetained(t, result)
    },
  )
}

const ROUTES = 100_000
nsTest(test.serial, `200 full dumps of a ${ROUTES / 1000}k-route table, streamed and collected: RSS bounded, every dump complete`, async (t) => {
  const ns = makeNetns(t, 'nlr-mem')
  const lines = []
  for (let i = 0; i < ROUTES; i++) lines.push(`route add blackhole ${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`)
  ipBatch(ns, lines)
  const streamed = await scenario('dumps', 150, ns, 'stream', { timeout: 170_000 })
  const collected = await scenario('dumps', 50, ns, 'collect', { timeout: 170_000 })
  for (const result of [streamed, collected]) {
    // Every dump saw the whole table: the 100k routes plus the kernel's local routes for lo.
    t.is(result.routeCounts.length, 1, `dumps disagreed: ${JSON.stringify(result.routeCounts)}`)
    t.true(result.routeCounts[0] >= ROUTES && result.routeCounts[0] < ROUTES + 10, String(result.routeCounts))
    if (result.mode === 'collect') {
      // RSS here depends on when V8 sizes its old generation up (seen late in a run on Node 24): the
      // peak is bounded, and a leak would show in what stays after each forced GC.
      checkBounded(t, result, COLLECTED_GROWTH_BOUND_MIB, false)
      checkRetained(t, result)
    } else {
      checkBounded(t, result)
    }
  }
})
