#!/usr/bin/env node
// The long fuzz run (`npm run fuzz`): every TypeScript property of __test__/helpers/fuzz-properties.mjs
// (the same ones `npm test` runs briefly) with many more inputs, then the Rust fuzz targets
// (`cargo test --release -p nlroute-core --test fuzz`). Prints, per property and target, the inputs
// tried, the crashes (failed properties, hangs, known bugs hit) and the slowest input's time and
// size, and exits non-zero when anything crashed.
//
//   npm run fuzz -- [--runs N] [--seconds S] [--seed N] [--only NAME] [--rust-cases N] [--no-rust] [--no-ts]
//
// --runs N       inputs per TypeScript property (the engine property, 50x slower per input, gets
//                its `longScale` share), and PROPTEST_CASES for Rust unless --rust-cases. Env FUZZ_RUNS.
// --seconds S    time budget per TypeScript property (stops earlier than --runs). Env FUZZ_SECONDS.
// --seed N       fast-check seed, to replay a reported failure (with --only). Env FUZZ_SEED.
// --only NAME    properties whose name contains NAME (Rust is skipped unless --rust-cases is given).
//
// The TypeScript side runs against dist/: `npm run build:ts` first. Each property runs in a worker
// thread watched for progress, so a decoder that loops forever is reported as a hang, not waited on.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PROPERTIES_MODULE = new URL('../__test__/helpers/fuzz-properties.mjs', import.meta.url)
/** A property that tries no new input for this long is hung. */
const HANG_SECONDS = 60
const RUST_LINE = /^fuzz (\S+): (\d+) inputs, (\d+) crashes, slowest (\d+) µs \((\d+) bytes\)/

if (!isMainThread) {
  // Worker: one property. The counter in shared memory lets the main thread see progress even
  // while a synchronous property keeps this thread busy.
  const { PROPERTIES, runProperty } = await import(PROPERTIES_MODULE)
  const { name, runs, seconds, seed, progress } = workerData
  const def = PROPERTIES.find((d) => d.name === name)
  const counter = new Int32Array(progress)
  const stats = await runProperty(def, { runs, seconds, seed, onInput: () => Atomics.add(counter, 0, 1) })
  parentPort.postMessage(stats)
} else {
  process.exitCode = await main(process.argv.slice(2))
}

function parseArgs(argv) {
  const options = {
    runs: numberOr(process.env.FUZZ_RUNS, 100_000),
    seconds: numberOr(process.env.FUZZ_SECONDS, null),
    seed: numberOr(process.env.FUZZ_SEED, undefined),
    only: null,
    rustCases: null,
    rust: true,
    ts: true,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new RangeError(`${arg} needs a value`)
      return v
    }
    const positive = (v) => {
      const n = Number(v)
      if (!(n > 0)) throw new RangeError(`${arg} must be a positive number, got ${v}`)
      return n
    }
    if (arg === '--runs') options.runs = Math.floor(positive(value()))
    else if (arg === '--seconds') options.seconds = positive(value())
    else if (arg === '--seed') options.seed = Number(value())
    else if (arg === '--only') options.only = value()
    else if (arg === '--rust-cases') options.rustCases = Math.floor(positive(value()))
    else if (arg === '--no-rust') options.rust = false
    else if (arg === '--no-ts') options.ts = false
    else throw new RangeError(`unknown option ${arg} (see the header of scripts/fuzz.mjs)`)
  }
  if (options.only !== null && options.rustCases === null) options.rust = false
  options.rustCases ??= options.runs
  return options
}

function numberOr(text, fallback) {
  return text === undefined || text === '' ? fallback : Number(text)
}

async function main(argv) {
  let options
  try {
    options = parseArgs(argv)
  } catch (error) {
    console.error(`fuzz: ${error.message}`)
    return 2
  }
  const results = []
  if (options.ts) {
    if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
      console.error('fuzz: dist/ is missing: run `npm run build:ts` first')
      return 2
    }
    const { PROPERTIES } = await import(PROPERTIES_MODULE)
    const selected = PROPERTIES.filter((d) => options.only === null || d.name.includes(options.only))
    if (selected.length === 0) console.error(`fuzz: no property matches '${options.only}'`)
    console.log(
      `TypeScript: ${selected.length} properties, ${options.runs} runs each (x longScale)${options.seconds ? `, at most ${options.seconds} s each` : ''}`,
    )
    for (const def of selected) results.push(await runInWorker(def, options))
  }
  if (options.rust) results.push(...(await runRust(options.rustCases)))

  const crashed = results.filter((r) => r.crashes > 0)
  console.log('\nsummary')
  for (const r of results) console.log(`  ${r.line}`)
  console.log(crashed.length === 0 ? 'no crashes' : `${crashed.length} of ${results.length} crashed: ${crashed.map((r) => r.name).join(', ')}`)
  return crashed.length === 0 ? 0 : 1
}

async function runInWorker(def, options) {
  const { formatStats, formatFailure, crashesOf } = await import('../__test__/helpers/fuzz-runner.mjs')
  const runs = Math.max(1, Math.ceil(options.runs * def.longScale))
  const progress = new SharedArrayBuffer(4)
  const counter = new Int32Array(progress)
  const started = performance.now()
  const worker = new Worker(fileURLToPath(import.meta.url), {
    workerData: { name: def.name, runs, seconds: options.seconds, seed: options.seed, progress },
  })
  const stats = await new Promise((resolve) => {
    let last = 0
    let lastChange = Date.now()
    const watchdog = setInterval(() => {
      const now = Atomics.load(counter, 0)
      if (now !== last) {
        last = now
        lastChange = Date.now()
      } else if (Date.now() - lastChange > HANG_SECONDS * 1000) {
        clearInterval(watchdog)
        worker.terminate()
        resolve({
          name: def.name,
          inputs: now,
          failures: 1,
          knownBugHits: {},
          slowestMs: Date.now() - lastChange,
          slowestSize: 0,
          error: `hung: no new input for ${HANG_SECONDS} s`,
        })
      }
    }, 1000)
    worker.once('message', (s) => {
      clearInterval(watchdog)
      resolve(s)
    })
    worker.once('error', (error) => {
      clearInterval(watchdog)
      resolve({
        name: def.name,
        inputs: Atomics.load(counter, 0),
        failures: 1,
        knownBugHits: {},
        slowestMs: 0,
        slowestSize: 0,
        error: `worker died: ${error?.stack ?? error}`,
      })
    })
  })
  const line = formatStats(stats)
  console.log(`${line}  [${((performance.now() - started) / 1000).toFixed(1)} s]`)
  if (stats.failures > 0) console.log(stats.counterexample !== undefined ? formatFailure(stats) : `  ${stats.error}`)
  for (const bug of def.knownBugs ?? []) if (stats.knownBugHits[bug.id]) console.log(`  known bug (not fixed yet): ${bug.title}`)
  return { name: def.name, crashes: crashesOf(stats), line }
}

/** The Rust targets: one `fuzz <target>: ...` line each (see crates/nlroute-core/tests/fuzz.rs). */
async function runRust(cases) {
  console.log(`\nRust: PROPTEST_CASES=${cases} cargo test --release -p nlroute-core --test fuzz -- --nocapture`)
  const child = spawn('cargo', ['test', '--release', '-p', 'nlroute-core', '--test', 'fuzz', '--', '--nocapture', '--test-threads', '1'], {
    cwd: ROOT,
    env: { ...process.env, PROPTEST_CASES: String(cases) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const results = []
  let output = ''
  const onData = (chunk) => {
    const text = chunk.toString()
    output += text
    for (const line of text.split('\n')) {
      const m = RUST_LINE.exec(line.trim())
      if (m) {
        console.log(line.trim())
        results.push({ name: `rust ${m[1]}`, crashes: Number(m[3]), line: `${line.trim()}  [rust]` })
      }
    }
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', (chunk) => (output += chunk.toString()))
  const code = await new Promise((resolve) => child.once('close', resolve))
  if (code !== 0 || results.length === 0) {
    const tail = output
      .split('\n')
      .filter((l) => /panicked|minimal input|error(\[|:)|FAILED|failures:/.test(l))
      .slice(0, 40)
      .join('\n')
    console.log(`cargo exited with ${code}${results.length === 0 ? ' and printed no fuzz lines' : ''}\n${tail}`)
    results.push({ name: 'rust (cargo)', crashes: 1, line: `rust: cargo test exited with ${code}` })
  }
  return results
}
