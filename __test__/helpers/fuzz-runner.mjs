// Runs one fuzz property (a definition from fuzz-properties.mjs) with fast-check and measures it:
// inputs tried, whether it failed (with the seed and the shrunk counterexample), and the slowest
// input's time and size. Used by the short ava runs (__test__/fuzz-*.spec.mjs) and the long run
// (scripts/fuzz.mjs), so a property is written once.
import fc from 'fast-check'

/**
 * A property definition:
 *   name        unique, stable (the long run selects by it)
 *   arbitrary   fast-check arbitrary of inputs
 *   check(input)   throws (or returns false) when the property does not hold; may be async
 *   async       true when check returns a promise
 *   size(input)    bytes (or steps) of an input, for the "slowest input" figure
 *   describe(input) text for a failure report (hex of the message, the scenario...)
 *   shortRuns   runs in `npm test`; longScale: share of --runs used in the long run (engine: slower)
 *   knownBugs   [{ id, title, matches(input), input }]: bugs found and not yet fixed (in code this
 *               work does not own). Matching inputs are counted, not checked, so the run goes on
 *               looking for other failures; ava pins each with a test.failing on `input`, and the
 *               long run counts the hits as crashes.
 */

/**
 * Runs `def`. `runs`: number of inputs (Infinity with `seconds`); `seconds`: time budget; `seed`;
 * `onInput`: called after every input (the long run's watchdog counts them).
 */
export async function runProperty(def, { runs = def.shortRuns, seconds = null, seed = undefined, onInput = null } = {}) {
  const stats = { name: def.name, inputs: 0, failures: 0, knownBugHits: {}, slowestMs: 0, slowestSize: 0, seed: null, counterexample: null, error: null }
  const knownBugs = def.knownBugs ?? []
  const knownBug = (input) => {
    const bug = knownBugs.find((b) => b.matches(input))
    if (bug !== undefined && recording) stats.knownBugHits[bug.id] = (stats.knownBugHits[bug.id] ?? 0) + 1
    return bug !== undefined
  }
  let recording = true
  const record = (input, started) => {
    if (!recording) return
    const ms = performance.now() - started
    stats.inputs++
    if (ms > stats.slowestMs) {
      stats.slowestMs = ms
      stats.slowestSize = def.size(input)
    }
    onInput?.(stats)
  }
  const property = def.async
    ? fc.asyncProperty(def.arbitrary, async (input) => {
        const started = performance.now()
        try {
          return knownBug(input) || (await def.check(input))
        } finally {
          record(input, started)
        }
      })
    : fc.property(def.arbitrary, (input) => {
        const started = performance.now()
        try {
          return knownBug(input) || def.check(input)
        } finally {
          record(input, started)
        }
      })
  const parameters = { numRuns: Number.isFinite(runs) ? runs : 2 ** 31 - 1 }
  if (seed !== undefined) parameters.seed = seed
  if (seconds !== null) {
    parameters.interruptAfterTimeLimit = seconds * 1000
    parameters.markInterruptAsFailure = false
  }
  // Shrinking re-runs the check many times: those runs are not counted as inputs tried.
  const details = def.async ? await fc.check(property, parameters) : fc.check(property, parameters)
  recording = false
  stats.seed = details.seed
  if (details.failed) {
    stats.failures = 1
    stats.counterexample = details.counterexample === null ? null : def.describe(details.counterexample[0])
    stats.error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    stats.path = details.counterexamplePath
  }
  return stats
}

/** Failures of a run: the property's own (0 or 1, it stops there) and every known-bug input hit. */
export function crashesOf(stats) {
  return stats.failures + Object.values(stats.knownBugHits).reduce((a, b) => a + b, 0)
}

/** One line per property, in the format the Rust fuzz target prints. */
export function formatStats(stats) {
  const us = Math.round(stats.slowestMs * 1000)
  const known = Object.entries(stats.knownBugHits)
    .map(([id, n]) => `; known bug ${id}: ${n} inputs`)
    .join('')
  return `fuzz ${stats.name}: ${stats.inputs} inputs, ${crashesOf(stats)} crashes, slowest ${us} µs (${stats.slowestSize} bytes)${known}`
}

/** The report of a failure: seed, shrunk counterexample and the error. */
export function formatFailure(stats) {
  return [
    `  property ${stats.name} failed (seed ${stats.seed}, path ${stats.path ?? '-'})`,
    `  error: ${stats.error}`,
    `  counterexample: ${stats.counterexample}`,
  ].join('\n')
}
