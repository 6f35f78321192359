#!/usr/bin/env node
/**
 * bench/run.mjs — `npm run bench`: the command line and the orchestration of nlroute's benchmark.
 *
 * For each table size N it creates a namespace, fills it (bench/lib/netns.mjs), runs every
 * per-size workload for every contender (bench/lib/contenders.mjs) as child processes
 * (bench/lib/child.mjs), alternating contenders after a warm-up; then runs the size-independent
 * workloads (RTM_GETLINK round trips, route adds, event burst, the sock_diag scan of held TCP
 * connections) in fresh namespaces, and the table sync at each size in a namespace filled afresh
 * for each run; then the
 * start-up workloads (whole fresh processes, bench/lib/startup.mjs) in a namespace of 10k routes;
 * then writes bench/results/latest.{json,md} and the plots (bench/lib/report.mjs). A --quick run
 * writes to bench/results/quick/ instead (gitignored), so it never overwrites the committed full
 * run. Namespaces are deleted at the end, on error and on Ctrl-C.
 *
 * Usage: node bench/run.mjs [--quick] [--sizes 10000,100000,1000000] [--runs 5] [--warmup 1]
 *          [--peers raw,nlroute,iproute2,netlink,pyroute2,pyroute2-async,vishvananda]
 *          [--workloads default_scan,dump,stream_scan,table_dump,link_get,adds,burst,sync,diag_scan,startup] [--startup-runs 21]
 *          [--adds 100000] [--burst 100000] [--requests 10000] [--conns 50000] [--v6 100000] [--timeout 600]
 *          [--slow 0] [--idle 3] [--window 1000] [--keep-going] [--no-build] [--no-update] [--out bench/results]
 *          [--dry-run]
 */
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as netns from './lib/netns.mjs';
import { CONTENDERS, WORKLOADS, BENCH, ROOT } from './lib/contenders.mjs';
import { runChild, killActiveChildren } from './lib/child.mjs';
import { summarize, ratio, fmtSeconds, fmtRss, fmtCount } from './lib/stats.mjs';
import { describeMachine } from './lib/machine.mjs';
import { evaluateTargets, writeJson, renderMarkdown, renderSvg, writeText } from './lib/report.mjs';
import { measureStartup, STARTUP_SIZE } from './lib/startup.mjs';
import { countEstablished, holdConnections } from './lib/connections.mjs';

const HELP = `usage: node bench/run.mjs [options]
  --quick                10k routes, no warm-up + 1 counted run, 5k adds/burst, 500 link requests, 5 start-up rounds,
                         no pyroute2-async, no rebuild of peers already built (--build forces it);
                         results go to bench/results/quick/ (not the committed latest.*)
  --sizes LIST           table sizes N (default 10000,100000,1000000)
  --runs N               counted runs per contender and workload (default 5)
  --warmup N             warm-up runs, not counted (default 1)
  --peers LIST           ${CONTENDERS.map((c) => c.id).join(',')}
  --workloads LIST       ${Object.keys(WORKLOADS).join(',')}
  --adds N               routes added per run in the adds workload (default 100000)
  --burst N              routes added while monitoring in the burst workload (default 100000)
  --requests N           RTM_GETLINK round trips per run (default 10000)
  --conns N              diag_scan: established loopback TCP connections held (default 50000; 2000 with --quick)
  --v6 N                 IPv6 routes added to tables of 1M routes or more (default 100000)
  --startup-runs N       counted rounds of the start-up processes (default 21)
  --timeout S            per-run timeout of a contender (default 600)
  --slow S               a contender whose warm-up exceeds S seconds gets 1 counted run (default 0 = off: every contender gets --runs)
  --window N             adds: requests in flight for the pipelining peers (default 1000)
                         with Promise.allSettled (issue 12's other form; the names are resolved once)
  --idle S               burst: stop listening S seconds after the last event once the adder is done (default 3)
  --keep-going           keep running a contender at larger sizes after it failed, and go on after a failed fill
  --no-build             do not rebuild the raw binary / Go runner if present
  --no-update            do not upgrade pyroute2 in bench/.venv if it is installed
  --out DIR              results directory (default bench/results for a full run; bench/results/quick with
                         --quick; bench/results/partial when --workloads, --peers or --sizes choose a part)
  --rerender             measure nothing: rewrite latest.md and the plots from latest.json
  --dry-run              measure nothing: print the resolved options (as JSON) and exit`;

function parseOptions(argv) {
  const o = {
    sizes: [10_000, 100_000, 1_000_000],
    runs: 5,
    warmup: 1,
    peers: CONTENDERS.map((c) => c.id),
    workloads: Object.keys(WORKLOADS),
    adds: 100_000,
    burst: 100_000,
    requests: 10_000,
    conns: 50_000,
    startupRuns: 21,
    v6: 100_000,
    timeout: 600,
    slow: 0,
    idle: 3,
    window: 1000,
    keepGoing: false,
    noBuild: false,
    noUpdate: false,
    out: join(BENCH, 'results'),
    quick: false,
    argv,
  };
  const list = (v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const num = (v, name) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number, not ${v}`);
    return n;
  };
  const explicit = new Set();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    const key = flag.replace(/^--/, '');
    explicit.add(key);
    switch (flag) {
      case '--quick':
        o.quick = true;
        break;
      case '--sizes':
        o.sizes = list(value()).map((s) => num(s.replace(/k$/i, '000').replace(/m$/i, '000000'), flag));
        break;
      case '--runs':
        o.runs = Math.max(1, num(value(), flag));
        break;
      case '--warmup':
        o.warmup = num(value(), flag);
        break;
      case '--peers':
        o.peers = list(value());
        break;
      case '--workloads':
        o.workloads = list(value());
        break;
      case '--adds':
        o.adds = num(value(), flag);
        break;
      case '--burst':
        o.burst = num(value(), flag);
        break;
      case '--requests':
        o.requests = Math.max(1, num(value(), flag));
        break;
      case '--conns':
        o.conns = Math.max(1, num(value(), flag));
        break;
      case '--v6':
        o.v6 = num(value(), flag);
        break;
      case '--startup-runs':
        o.startupRuns = Math.max(1, num(value(), flag));
        break;
      case '--timeout':
        o.timeout = num(value(), flag);
        break;
      case '--slow':
        o.slow = num(value(), flag);
        break;
      case '--idle':
        o.idle = num(value(), flag);
        break;
      case '--window':
        o.window = Math.max(1, num(value(), flag));
        break;
      case '--keep-going':
        o.keepGoing = true;
        break;
      case '--no-build':
        o.noBuild = true;
        break;
      case '--build':
        o.noBuild = false;
        break;
      case '--no-update':
        o.noUpdate = true;
        break;
      case '--out':
        o.out = value();
        break;
      case '--rerender':
        o.rerender = true;
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '-h':
      case '--help':
        console.log(HELP);
        process.exit(0);
      default:
        throw new Error(`unknown option ${flag}\n${HELP}`);
    }
  }
  if (o.quick) {
    if (!explicit.has('sizes')) o.sizes = [10_000];
    // Under a minute with every peer installed: pyroute2 alone spends half of it (its adds most).
    if (!explicit.has('runs')) o.runs = 1;
    if (!explicit.has('warmup')) o.warmup = 0;
    if (!explicit.has('adds')) o.adds = 5_000;
    if (!explicit.has('burst')) o.burst = 5_000;
    if (!explicit.has('requests')) o.requests = 500;
    if (!explicit.has('conns')) o.conns = 2_000;
    if (!explicit.has('idle')) o.idle = 1;
    if (!explicit.has('startup-runs')) o.startupRuns = 5;
    // The committed results (bench/results/latest.*) are full runs only.
    if (!explicit.has('out')) o.out = join(BENCH, 'results', 'quick');
    o.noUpdate = true; // no pip upgrade when pyroute2 is already installed
    if (!explicit.has('build')) o.noBuild = true; // the raw loop and the Go runner are built only when missing
    // AsyncIPRoute repeats the sync pyroute2 numbers at about the same (slow) speed: left to full runs.
    if (!explicit.has('peers')) o.peers = o.peers.filter((p) => p !== 'pyroute2-async');
  }
  // A run of some workloads, peers or sizes only is not the full run: it goes beside the
  // committed results (bench/results/latest.*), never over them, unless --out says where.
  if (!o.quick && !explicit.has('out') && (explicit.has('workloads') || explicit.has('peers') || explicit.has('sizes'))) {
    o.out = join(BENCH, 'results', 'partial');
  }
  // The plots under docs/ (README's) are the committed full run's: only a multi-size run that
  // writes the committed results refreshes them, never a quick, partial or --out run.
  o.refreshDocs = !o.quick && o.out === join(BENCH, 'results') && o.sizes.length >= 2;
  for (const p of o.peers) if (!CONTENDERS.some((c) => c.id === p)) throw new Error(`unknown peer ${p} (known: ${CONTENDERS.map((c) => c.id).join(', ')})`);
  for (const w of o.workloads) if (!WORKLOADS[w]) throw new Error(`unknown workload ${w} (known: ${Object.keys(WORKLOADS).join(', ')})`);
  o.sizes.sort((a, b) => a - b);
  return o;
}

const log = (...a) => console.error(...a);

// ---- cleanup on every way out -------------------------------------------------------------

let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  killActiveChildren();
  netns.cleanupAll();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`\n${sig}: stopping children and deleting the benchmark namespaces`);
    cleanup();
    process.exit(130);
  });
}
process.on('exit', cleanup);

// ---- measuring ----------------------------------------------------------------------------

/**
 * Measures one workload (at one size, or size-independent) for all selected contenders.
 * `setup` describes it: expected(contender) → count, params() → runner parameters,
 * before(run)/after(run, result) hooks for fresh namespaces, burst() → the adder.
 */
async function measure(o, state, workload, size, setup) {
  const rows = [];
  const active = [];
  for (const c of state.selected) {
    const info = state.contenders[c.id];
    const row = { workload, size, contender: c.id, status: 'ok', runs: [] };
    rows.push(row);
    const support = c.supports[workload];
    const failedBefore = state.failedAt.get(`${c.id}/${workload}`);
    if (!info.available) Object.assign(row, { status: 'unavailable', reason: info.reason });
    else if (support !== true) Object.assign(row, { status: 'unsupported', reason: support });
    else if (failedBefore && !o.keepGoing)
      Object.assign(row, { status: 'failed', reason: `skipped: failed at N=${fmtCount(failedBefore.size)} (${failedBefore.reason}); --keep-going retries` });
    else {
      row.expected = c.expected?.(workload, setup.truth) ?? setup.expected;
      row.runsWanted = o.runs;
      active.push({ c, row });
    }
  }

  const once = async ({ c, row }, counted, label) => {
    const ctx = setup.before ? await setup.before() : {};
    const p = { ...setup.params, ...ctx.params, scratch: netns.scratch() };
    let res;
    try {
      res = await runChild(c.argv(workload, p), {
        timeoutSeconds: o.timeout,
        scratch: netns.scratch(),
        burst: setup.burst ? () => setup.burst(p, ctx) : null,
        cwd: ROOT,
      });
      if (res.ok && setup.after) await setup.after(p, ctx, res);
    } finally {
      if (setup.cleanup) setup.cleanup(p, ctx);
    }
    let result = res.result && c.normalize ? c.normalize(res.result) : res.result;
    if (res.ok && ctx.countOverride !== undefined) result = { ...result, count: ctx.countOverride, runnerCount: result.count };
    if (!res.ok) {
      fail(row, `${label}: ${res.unavailable ? 'not available: ' : ''}${res.error}`, c);
      return false;
    }
    const run = {
      seconds: result.seconds,
      count: result.count,
      rssKb: result.rssKb ?? res.rssKbOuter ?? result.rssKbSelf ?? null,
      rssKbSelf: result.rssKbSelf ?? null,
      wallSeconds: res.wallSeconds,
    };
    for (const k of ['p50', 'p99', 'mean', 'lost', 'overflows', 'datagrams', 'bytes', 'adderSeconds']) if (result[k] !== undefined) run[k] = result[k];
    if (ctx.adderSeconds !== undefined) run.adderSeconds = ctx.adderSeconds;
    if (result.api) row.api = result.api;
    if (result.version) row.version = result.version;
    if (result.note) row.note = result.note;
    row.count = result.count;
    if (!setup.lossy && result.count !== row.expected) {
      fail(row, `${label}: wrong count ${result.count}, expected ${row.expected}`, c);
      return false;
    }
    if (counted) row.runs.push(run);
    else row.warmupSeconds = Math.max(row.warmupSeconds ?? 0, run.seconds);
    const extra = run.lost !== undefined ? ` lost ${run.lost}` : run.p50 != null ? ` p50 ${fmtSeconds(run.p50)} p99 ${fmtSeconds(run.p99)}` : '';
    log(`  ${label.padEnd(12)} ${c.id.padEnd(15)} ${fmtSeconds(run.seconds).padStart(9)}  ${fmtRss(run.rssKb).padStart(10)}  count ${run.count}${extra}`);
    return true;
  };

  const fail = (row, reason, c) => {
    row.status = 'failed';
    row.reason = reason;
    state.failedAt.set(`${c.id}/${workload}`, { size, reason: reason.slice(0, 80) });
    log(`  ${c.id}: FAILED ${reason}`);
  };

  log(`\n== ${workload}${size ? ` @ N=${fmtCount(size)}` : ''}: ${WORKLOADS[workload].title}`);
  let live = active;
  for (let w = 0; w < o.warmup; w++) {
    const next = [];
    for (const a of live) if (await once(a, false, `warm-up ${w + 1}`)) next.push(a);
    live = next;
  }
  for (const a of live) {
    if (o.slow > 0 && a.row.warmupSeconds > o.slow && o.runs > 1) {
      a.row.runsWanted = 1;
      a.row.note = `1 counted run: warm-up took ${fmtSeconds(a.row.warmupSeconds)} > --slow ${o.slow} s`;
    }
  }
  for (let r = 0; r < o.runs; r++) {
    const next = [];
    for (const a of live) {
      if (r >= a.row.runsWanted) {
        next.push(a);
        continue;
      }
      if (await once(a, true, `run ${r + 1}`)) next.push(a);
    }
    live = next;
  }
  for (const row of rows) {
    if (row.status === 'ok') row.stats = summarize(row.runs);
    delete row.runsWanted;
  }
  return rows;
}

/** Fills in each row's ratio to the workload's reference (raw, or iproute2 for adds). */
function addRatios(results) {
  for (const row of results) {
    const base = WORKLOADS[row.workload].base;
    if (!base || row.status !== 'ok') continue;
    const ref = results.find((r) => r.workload === row.workload && r.size === row.size && r.contender === base && r.status === 'ok');
    row.ratioBase = base;
    row.ratio = ref ? ratio(row.stats.median, ref.stats.median) : null;
  }
}

function runAdder(ns, file) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('ip', ['-n', ns, '-batch', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code === 0) resolve(seconds);
      else reject(new Error(`ip -batch exited ${code}: ${err.trim().slice(0, 200)}`));
    });
  });
}

// ---- main ---------------------------------------------------------------------------------

/** Writes latest.json, latest.md and the plots of `doc` (targets are re-judged). */
function writeReports(o, doc) {
  doc.targets = evaluateTargets(doc);
  doc.plots = [];
  for (const w of ['dump', 'default_scan']) {
    if (!doc.options.workloads.includes(w)) continue;
    const svg = renderSvg(doc, w);
    const name = `bench-${w.replace('_', '-')}.svg`;
    writeText(join(o.out, name), svg);
    doc.plots.push(relative(ROOT, join(o.out, name)));
    if (o.refreshDocs && doc.sizes.length >= 2) {
      // The full run also refreshes the committed plots under docs/ (see parseOptions).
      writeText(join(ROOT, 'docs', name), svg);
      doc.plots.push(`docs/${name}`);
    }
  }
  const md = renderMarkdown(doc);
  writeJson(join(o.out, 'latest.json'), doc);
  writeText(join(o.out, 'latest.md'), md);
  console.log('\n' + md);
  log(`wrote ${relative(ROOT, join(o.out, 'latest.json'))}, ${relative(ROOT, join(o.out, 'latest.md'))}, ${doc.plots.join(', ')}`);
  log('targets:');
  for (const t of doc.targets) log(`  ${t.status === 'met' ? 'MET    ' : t.status === 'missed' ? 'MISSED ' : 'n/a    '} ${t.text}: ${t.detail}`);
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (o.dryRun) {
    const { argv: _argv, ...shown } = o;
    console.log(JSON.stringify(shown));
    return;
  }
  if (o.rerender) {
    const doc = JSON.parse(readFileSync(join(o.out, 'latest.json'), 'utf8'));
    for (const c of CONTENDERS) if (c.note && doc.contenders[c.id]) doc.contenders[c.id].note = c.note;
    for (const row of doc.results) if (row.note && row.note === doc.contenders[row.contender]?.note) delete row.note;
    writeReports(o, doc);
    return;
  }
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  log(`nlroute benchmark: sizes ${o.sizes.map(fmtCount).join(', ')}, ${o.warmup} warm-up + ${o.runs} counted runs, peers ${o.peers.join(', ')}`);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}`);
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (network namespaces)');

  const selected = CONTENDERS.filter((c) => o.peers.includes(c.id));
  const contenders = {};
  for (const c of selected) {
    log(`setting up ${c.id} ...`);
    const s = await c.setup(o);
    contenders[c.id] = { label: c.label, ...(c.note ? { note: c.note } : {}), ...s };
    log(`  ${c.id}: ${s.available ? `ok ${s.version ?? ''}` : `not available: ${s.reason}`}${s.notes?.length ? ` (${s.notes.join('; ')})` : ''}`);
  }
  const state = { selected, contenders, failedAt: new Map() };
  const results = [];
  const fills = [];
  const tag = `nlb${process.pid}`;
  const perSize = o.workloads.filter((w) => WORKLOADS[w].perSize && !WORKLOADS[w].fresh);
  const freshPerSize = o.workloads.filter((w) => WORKLOADS[w].perSize && WORKLOADS[w].fresh);
  const fixed = o.workloads.filter((w) => !WORKLOADS[w].perSize && !WORKLOADS[w].own);

  for (const size of perSize.length ? o.sizes : []) {
    const ns = `${tag}-n${size}`;
    let truth;
    try {
      log(`\n#### N = ${fmtCount(size)}: creating ${ns} and filling it ...`);
      netns.createNamespace(ns);
      const v6 = size >= 1_000_000 ? o.v6 : 0;
      const fill = netns.fillNamespace(ns, size, v6);
      truth = fill;
      fills.push({ size, ...fill });
      log(
        `filled in ${fmtSeconds(fill.seconds)}: ${fill.v4All} IPv4 routes (${fill.v4Table100} in table 100, ${fill.v4Defaults} defaults, ${fill.v4InScanPrefix} in ${netns.SCAN_PREFIX}), ${fill.v6All} IPv6`,
      );
    } catch (err) {
      netns.deleteNamespace(ns);
      if (!o.keepGoing) throw err;
      log(`fill of N=${size} failed: ${err.message} (--keep-going: next size)`);
      fills.push({ size, error: err.message });
      continue;
    }
    try {
      const params = { netns: ns, prefix: netns.SCAN_PREFIX, table: 100 };
      const expected = { default_scan: truth.v4Defaults, dump: truth.v4All, stream_scan: truth.v4InScanPrefix, table_dump: truth.v4Table100 };
      for (const w of perSize) results.push(...(await measure(o, state, w, size, { truth, expected: expected[w], params })));
    } finally {
      netns.deleteNamespace(ns);
    }
  }

  // Workloads that change the table: each run in a namespace of its own, filled for it.
  for (const size of freshPerSize.length ? o.sizes : []) {
    const files = netns.writeSyncFiles(netns.scratch(), size);
    let k = 0;
    const filled = async () => {
      const ns = `${tag}-y${size}-${++k}`;
      netns.createNamespace(ns);
      netns.fillSync(ns, files.fillFile);
      return { params: { netns: ns } };
    };
    for (const w of freshPerSize) {
      results.push(
        ...(await measure(o, state, w, size, {
          expected: files.changes,
          params: { listFile: files.listFile, batchFile: files.batchFile, table: netns.SYNC_TABLE },
          before: filled,
          after: (p, ctx) => {
            // The count stands only when the table ended as the target says.
            const held = netns.countSync(p.netns);
            if (held.routes !== files.routes || held.moved !== files.moved) ctx.countOverride = -1;
          },
          cleanup: (p) => netns.deleteNamespace(p.netns),
        })),
      );
    }
  }

  if (fixed.length) {
    const dir = netns.scratch();
    const listFile = netns.writeRouteList(join(dir, 'adds.list'), { base: netns.ADD_BASE, count: o.adds });
    const batchFile = netns.writeRouteBatch(join(dir, 'adds.batch'), { base: netns.ADD_BASE, count: o.adds });
    const burstFile = netns.writeRouteBatch(join(dir, 'burst.batch'), { base: netns.ADD_BASE, count: o.burst });
    let k = 0;
    const fresh = async () => {
      const ns = `${tag}-f${++k}`;
      netns.createNamespace(ns);
      return { params: { netns: ns }, base: netns.countV4(ns) };
    };
    const drop = (p) => netns.deleteNamespace(p.netns);
    for (const w of fixed) {
      if (w === 'link_get') {
        const ctx = await fresh();
        try {
          results.push(...(await measure(o, state, w, null, { expected: o.requests, params: { ...ctx.params, requests: o.requests } })));
        } finally {
          drop(ctx.params);
        }
      } else if (w === 'adds') {
        results.push(
          ...(await measure(o, state, w, null, {
            expected: o.adds,
            params: { listFile, batchFile, count: o.adds, window: o.window },
            before: fresh,
            after: (p, ctx) => {
              ctx.countOverride = netns.countV4(p.netns) - ctx.base;
            },
            cleanup: drop,
          })),
        );
      } else if (w === 'diag_scan') {
        // One namespace holding the connections for every contender's runs: made once, as a fill is.
        const ctx = await fresh();
        try {
          log(`\nopening ${fmtCount(o.conns)} loopback TCP connections in ${ctx.params.netns} ...`);
          const held = await holdConnections(ctx.params.netns, o.conns);
          try {
            const truth = countEstablished(ctx.params.netns);
            log(`held in ${fmtSeconds(held.seconds)} by ${held.holders} processes: ${truth} established sockets (ss), ${held.sockets} opened`);
            results.push(...(await measure(o, state, w, null, { expected: truth, params: ctx.params })));
          } finally {
            await held.stop();
          }
        } finally {
          drop(ctx.params);
        }
      } else if (w === 'burst') {
        results.push(
          ...(await measure(o, state, w, null, {
            expected: o.burst,
            lossy: true,
            params: { count: o.burst, idle: o.idle },
            before: fresh,
            burst: async (p, ctx) => {
              ctx.adderSeconds = await runAdder(p.netns, burstFile);
            },
            cleanup: drop,
          })),
        );
      }
    }
  }

  if (o.workloads.includes('startup')) {
    const ns = `${tag}-s`;
    try {
      log(`\n#### start-up: creating ${ns} and filling it with ${fmtCount(STARTUP_SIZE)} routes ...`);
      netns.createNamespace(ns);
      netns.fillNamespace(ns, STARTUP_SIZE, 0);
      results.push(...(await measureStartup({ ns, rounds: o.startupRuns, scratch: netns.scratch(), timeoutSeconds: o.timeout, log })));
    } finally {
      netns.deleteNamespace(ns);
    }
  }

  addRatios(results);
  const doc = {
    tool: 'nlroute bench/run.mjs',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    options: {
      sizes: o.sizes,
      runs: o.runs,
      warmup: o.warmup,
      peers: o.peers,
      workloads: o.workloads,
      adds: o.adds,
      burst: o.burst,
      requests: o.requests,
      conns: o.conns,
      startupRuns: o.startupRuns,
      v6: o.v6,
      timeout: o.timeout,
      slowSeconds: o.slow,
      idle: o.idle,
      window: o.window,
      quick: o.quick,
      argv: o.argv,
    },
    sizes: fills.filter((f) => !f.error).map((f) => f.size),
    fills,
    contenders,
    results,
  };
  writeReports(o, doc);
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (err) => {
    log(`bench failed: ${err.stack ?? err}`);
    cleanup();
    process.exit(1);
  },
);
