/**
 * bench/lib/startup.mjs — owns the `startup` workloads: whole fresh processes timed side by side,
 * from spawn to exit, in a namespace holding a table of STARTUP_SIZE routes:
 *
 *   node_bare    `node -e 0`                                      the floor every Node figure sits on
 *   require      `node -e "require('nlroute')"`                   CJS load of the library
 *   esm_bare     `node --input-type=module -e "await 0"`          Node's own ESM start-up (context only)
 *   import       `node --input-type=module -e "await import('nlroute')"`  ESM load
 *   ip_dump      `ip -j route show table all` (stdout to a file)   the whole C process
 *   first_dump   load + IPRoute.open + the FIRST getRoutes() (both families, as `ip route show table all`) of a fresh process
 *                (runners/nlroute-first-dump.mjs; time = open + first dump, measured inside)
 *   cli_dump     `node dist/cli.js -n NS route show table all -j` (the package's bin; stdout to a file)
 *
 * Commands run in rounds (one of each per round, same order), after one uncounted round; the
 * figure of each is the median over the counted rounds. Each process runs under lib/rusage.py
 * (when python3 is there), which also reports its CPU time (user + system, from wait4): on a loaded
 * machine wall times include waiting for a core, CPU times do not, so both are recorded. Counts are checked: ip, first_dump and the
 * CLI must all see the routes (both families, every table) `ip` counted before the first round.
 * The targets on these rows are in report.mjs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, BENCH } from './contenders.mjs';
import { summarize, median, fmtSeconds } from './stats.mjs';

/** The table size the start-up targets name ("10k routes"). */
export const STARTUP_SIZE = 10_000;
/** The command as package.json `bin` names it (the bundled dist/cli.js): what a user's `nlroute` runs. */
export const CLI_ENTRY = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.nlroute);
const FIRST_DUMP = join(BENCH, 'runners', 'nlroute-first-dump.mjs');
const RUSAGE = join(BENCH, 'lib', 'rusage.py');
const HAVE_PYTHON = spawnSync('python3', ['-c', '0']).status === 0;

/**
 * How a user names the package: by name (`require('nlroute')` resolves to the repo through
 * package.json `exports` self-reference, cwd = repo root) when `exports` exists, else the path.
 */
function entrySpec() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return pkg.exports
    ? { cjs: pkg.name, esm: pkg.name, how: `'${pkg.name}' (package exports, self-reference)` }
    : { cjs: ROOT, esm: join(ROOT, 'dist', 'index.js'), how: 'the repo path (package.json has no exports yet)' };
}

/** The start-up commands: id → {argv, api, count?(outFile)} (count: parse what the process wrote). */
export function startupCommands(ns) {
  const e = entrySpec();
  const countArray = (file) => {
    // `ip -j route` and the CLI's -j both print one JSON array, one element per route.
    return JSON.parse(readFileSync(file, 'utf8')).length;
  };
  const cmds = {
    node_bare: { argv: ['node', '-e', '0'], api: 'node -e 0' },
    require: { argv: ['node', '-e', `require(${JSON.stringify(e.cjs)})`], api: `node -e "require(...)" with ${e.how}` },
    // Context, no target: what Node's ESM loader costs by itself, with nothing to import.
    esm_bare: { argv: ['node', '--input-type=module', '-e', 'await 0'], api: 'node --input-type=module -e "await 0"' },
    import: {
      argv: ['node', '--input-type=module', '-e', `await import(${JSON.stringify(e.esm)})`],
      api: `node --input-type=module -e "await import(...)" with ${e.how}`,
    },
    ip_dump: { argv: ['ip', '-n', ns, '-j', 'route', 'show', 'table', 'all'], api: `ip -n NS -j route show table all > file`, count: countArray },
    first_dump: {
      argv: ['node', FIRST_DUMP, '--netns', ns],
      api: 'node bench/runners/nlroute-first-dump.mjs (open + first getRoutes(), timed inside)',
      json: true,
    },
    cli_dump: existsSync(CLI_ENTRY)
      ? {
          argv: ['node', CLI_ENTRY, '-n', ns, 'route', 'show', 'table', 'all', '-j'],
          api: `node ${relative(ROOT, CLI_ENTRY)} -n NS route show table all -j > file`,
          count: countArray,
        }
      : { unavailable: `not built: ${relative(ROOT, CLI_ENTRY)} does not exist (the CLI, src/cli/, npm run build:ts)` },
  };
  return cmds;
}

/**
 * What `ip -j route show table all` lists in `ns` (IPv4 and IPv6: ip's default family is unspec),
 * once it has not changed for 2 s (up to 20 s): the IPv6 routes of a link that just came up (link
 * local, then the local route of an address once duplicate address detection is done) arrive late.
 */
function settledCount(ns) {
  const count = () => JSON.parse(spawnSync('ip', ['-n', ns, '-j', 'route', 'show', 'table', 'all'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout).length;
  let last = count();
  let stable = 0;
  for (let i = 0; i < 80 && stable < 8; i++) {
    spawnSync('sleep', ['0.25']);
    const now = count();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * One whole process: wall seconds from start to exit (and CPU seconds, peak RSS under rusage.py);
 * stdout to `outFile`.
 */
function runOnce(argv, outFile, timeoutSeconds) {
  return new Promise((resolve) => {
    const fd = openSync(outFile, 'w');
    const usageFile = `${outFile}.rusage`;
    const full = HAVE_PYTHON ? ['python3', RUSAGE, usageFile, ...argv] : argv;
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { stdio: ['ignore', fd, 'pipe'], cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('error', (err) => {
      clearTimeout(timer);
      closeSync(fd);
      resolve({ ok: false, error: `cannot start ${argv[0]}: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      let wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let cpuSeconds = null;
      let rssKb = null;
      clearTimeout(timer);
      closeSync(fd);
      if (existsSync(usageFile)) {
        const u = JSON.parse(readFileSync(usageFile, 'utf8'));
        unlinkSync(usageFile);
        ({ wall: wallSeconds, cpu: cpuSeconds, maxrssKb: rssKb } = u);
      }
      if (code !== 0) resolve({ ok: false, error: `exit ${code ?? signal}: ${stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''}` });
      else resolve({ ok: true, wallSeconds, cpuSeconds, rssKb, stderr });
    });
  });
}

/**
 * Measures every start-up command in namespace `ns`: `rounds`
 * counted rounds after one warm-up round. Returns result rows in run.mjs's format (workload
 * 'startup', contender = command id; seconds = whole-process wall time, except first_dump whose
 * seconds are its in-process first-call time and wallSeconds the whole process).
 */
export async function measureStartup({ ns, rounds, scratch, timeoutSeconds = 60, log = console.error }) {
  const cmds = startupCommands(ns);
  const expected = settledCount(ns);
  const rows = [];
  const live = [];
  for (const [id, c] of Object.entries(cmds)) {
    const row = { workload: 'startup', size: STARTUP_SIZE, contender: id, status: 'ok', runs: [], api: c.api };
    if (c.unavailable) Object.assign(row, { status: 'unavailable', reason: c.unavailable });
    else {
      if (c.count || c.json) row.expected = expected;
      live.push({ id, c, row });
    }
    rows.push(row);
  }
  log(`\n== startup @ N=${STARTUP_SIZE}: whole fresh processes, ${rounds} counted rounds`);
  for (let r = -1; r < rounds; r++) {
    for (const a of live) {
      if (a.row.status !== 'ok') continue;
      const out = join(scratch, `startup-${process.pid}-${a.id}.out`);
      const res = await runOnce(a.c.argv, out, timeoutSeconds);
      let run = null;
      try {
        if (!res.ok) throw new Error(res.error);
        run = { seconds: res.wallSeconds, wallSeconds: res.wallSeconds, cpuSeconds: res.cpuSeconds, rssKb: res.rssKb };
        if (a.c.json) {
          const line = readFileSync(out, 'utf8')
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .pop();
          const j = line ? JSON.parse(line) : { error: 'no result line' };
          if (j.error) throw new Error(j.error);
          Object.assign(run, {
            seconds: j.seconds,
            warmSeconds: j.warmSeconds,
            requireSeconds: j.requireSeconds,
            firstCpuSeconds: j.cpuSeconds,
            warmCpuSeconds: j.warmCpuSeconds,
            count: j.count,
            rssKb: run.rssKb ?? j.rssKbSelf ?? null,
          });
        } else if (a.c.count) run.count = a.c.count(out);
        if (a.row.expected !== undefined && run.count !== a.row.expected) throw new Error(`wrong count ${run.count}, expected ${a.row.expected}`);
      } catch (err) {
        Object.assign(a.row, { status: 'failed', reason: `${r < 0 ? 'warm-up' : `run ${r + 1}`}: ${err.message}` });
        log(`  ${a.id}: FAILED ${a.row.reason}`);
        continue;
      } finally {
        if (existsSync(out)) unlinkSync(out);
      }
      if (run.count !== undefined) a.row.count = run.count;
      if (r >= 0) a.row.runs.push(run);
      const cpu = run.cpuSeconds != null ? `  cpu ${fmtSeconds(run.cpuSeconds)}` : '';
      const extra = run.warmSeconds !== undefined ? `  (whole process ${fmtSeconds(run.wallSeconds)}, warm 2nd dump ${fmtSeconds(run.warmSeconds)})` : '';
      log(`  ${(r < 0 ? 'warm-up' : `run ${r + 1}`).padEnd(12)} ${a.id.padEnd(15)} ${fmtSeconds(run.seconds).padStart(9)}${cpu}${extra}`);
    }
  }
  for (const row of rows) {
    if (row.status !== 'ok') continue;
    row.stats = summarize(row.runs);
    const med = (k) => median(row.runs.map((x) => x[k]));
    row.stats.wallSeconds = med('wallSeconds');
    row.stats.cpuSeconds = med('cpuSeconds');
    const cpu = row.stats.cpuSeconds != null ? `CPU ${fmtSeconds(row.stats.cpuSeconds)}` : '';
    if (row.contender === 'first_dump') {
      row.stats.warmSeconds = med('warmSeconds');
      row.stats.requireSeconds = med('requireSeconds');
      row.stats.firstCpuSeconds = med('firstCpuSeconds');
      row.stats.warmCpuSeconds = med('warmCpuSeconds');
      row.note = `first call CPU ${fmtSeconds(row.stats.firstCpuSeconds)}; whole process ${fmtSeconds(row.stats.wallSeconds)} (${cpu}); load ${fmtSeconds(row.stats.requireSeconds)}; the same dump warm (2nd call) ${fmtSeconds(row.stats.warmSeconds)} (CPU ${fmtSeconds(row.stats.warmCpuSeconds)})`;
    } else row.note = cpu ? `whole process ${cpu}` : '';
  }
  return rows;
}
