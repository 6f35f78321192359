// The benchmark's command line (bench/run.mjs --dry-run: options resolved, nothing measured, no
// namespace made): a --quick run must not write over the committed full results.
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const options = (...args) =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'run.mjs'), ...args, '--dry-run'], { cwd: root, encoding: 'utf8', timeout: 30_000 }))

test('--quick writes under bench/results/quick/, which git ignores; a full run writes bench/results/', (t) => {
  const full = options()
  const quick = options('--quick')
  t.is(full.out, join(root, 'bench', 'results'))
  t.is(quick.out, join(root, 'bench', 'results', 'quick'))
  t.true(readFileSync(join(root, '.gitignore'), 'utf8').split('\n').includes('bench/results/quick/'))
  t.is(options('--quick', '--out', '/tmp/elsewhere').out, '/tmp/elsewhere', 'an explicit --out wins')
})

test("only the full run refreshes README's plots under docs/: not a quick run, a partial one or one with --out", (t) => {
  t.true(options().refreshDocs)
  t.false(options('--quick').refreshDocs)
  // A partial run of two sizes once overwrote docs/bench-dump.svg.
  t.false(options('--workloads', 'dump', '--sizes', '10000,100000').refreshDocs)
  t.false(options('--out', '/tmp/elsewhere').refreshDocs)
  t.false(options('--sizes', '1000000').refreshDocs, 'a plot needs two sizes')
})

test('--quick is one size, one counted run and fewer start-up rounds; the start-up workload is in every run', (t) => {
  const quick = options('--quick')
  t.deepEqual(quick.sizes, [10_000])
  t.is(quick.runs, 1)
  t.true(quick.startupRuns < options().startupRuns)
  t.true(quick.workloads.includes('startup'))
  t.false(quick.peers.includes('pyroute2-async'))
  t.deepEqual(options('--workloads', 'startup').workloads, ['startup'])
})

test('diag_scan holds 50k connections in a full run, 2k with --quick, --conns otherwise', (t) => {
  t.true(options().workloads.includes('diag_scan'))
  t.is(options().conns, 50_000)
  t.is(options('--quick').conns, 2_000)
  t.is(options('--quick', '--conns', '300').conns, 300)
})

test('the adds target is met only when all four ways of issuing them are measured and each is within 0.8x ip -batch', async (t) => {
  const { evaluateTargets } = await import('../bench/lib/report.mjs')
  const row = (contender, median) => ({ workload: 'adds', contender, size: null, status: 'ok', stats: { median } })
  const ways = ['nlroute', 'nlroute-adds-all', 'nlroute-adds-names', 'nlroute-adds-window-names']
  const verdict = (rows) =>
    evaluateTargets({ results: [row('iproute2', 1), ...rows], options: { adds: 100_000, window: 1000 }, sizes: [] }).find((v) => v.id === 'adds_vs_ip_batch')
  t.is(verdict(ways.map((w) => row(w, 0.7))).status, 'met')
  t.is(verdict(ways.map((w, i) => row(w, i === 2 ? 0.9 : 0.7))).status, 'missed')
  const partial = verdict([row('nlroute', 0.5)])
  t.is(partial.status, 'missed')
  t.regex(partial.detail, /naming the interface \(oif 'v0', Promise\.allSettled\): not measured/)
  t.is(verdict([]).status, 'not measured')
})
