/**
 * bench/runners/iproute2.mjs — runner for the iproute2 peer (`ip`, C). A thin Node wrapper that
 * runs ONE `ip` command under `/usr/bin/time -f %M` (when present) and reports that command's
 * wall time and peak RSS (`rssKb`: the `ip` process, not this wrapper). Output goes to a file so
 * the wrapper never slows `ip` down; counting happens after the clock stops.
 * Usage: node iproute2.mjs --netns NS --workload W [--prefix P] [--table T] [--requests N]
 *        [--batch FILE] [--count N] [--scratch DIR]   → one JSON line (see common.mjs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs, runMain, unavailable, now, burstControl } from './common.mjs';

const args = parseArgs();
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const dir = args.scratch || tmpdir();
const tag = `${process.pid}`;

/** Runs `ip -n NS ...args` with stdout into a file; returns {seconds, rssKb, out}. */
function runIp(ipArgs, opts = {}) {
  return runTool(['ip', '-n', args.netns, ...ipArgs], opts);
}

/**
 * Runs `argv` (a command of iproute2: `ip -n NS ...`, or `ip netns exec NS ss ...`, which execs
 * ss in the same process, so time and RSS are ss's) with stdout into a file.
 */
function runTool(toolArgv, { input } = {}) {
  const out = join(dir, `ip-${tag}.out`);
  const timeFile = join(dir, `ip-${tag}.time`);
  const fd = openSync(out, 'w');
  const [tool, ...argv] = toolArgv;
  const cmd = TIME ? TIME : tool;
  const cmdArgs = TIME ? ['-f', '%M', '-o', timeFile, tool, ...argv] : argv;
  const t0 = now();
  const r = spawnSync(cmd, cmdArgs, { stdio: [input ? 'pipe' : 'ignore', fd, 'pipe'], input, maxBuffer: 1 << 26 });
  const seconds = now() - t0;
  closeSync(fd);
  if (r.status !== 0) throw new Error(`${toolArgv.join(' ')} exited ${r.status}: ${String(r.stderr).trim().slice(0, 300)}`);
  const rssKb = TIME ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : null;
  if (TIME) unlinkSync(timeFile);
  return { seconds, rssKb, out };
}

function countLines(file, remove = true) {
  const buf = readFileSync(file);
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  if (remove) unlinkSync(file);
  return n;
}

function countJsonObjects(file) {
  // `ip -j route` prints one array of flat objects; each route has exactly one "dst" key.
  const buf = readFileSync(file);
  const needle = Buffer.from('"dst":');
  let n = 0;
  for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 6)) n++;
  unlinkSync(file);
  return n;
}

async function burst() {
  const ctl = burstControl({ expect: args.count, idle: args.idle });
  const timeFile = join(dir, `ip-${tag}.time`);
  const argv = ['-n', args.netns, 'monitor', 'route'];
  const child = TIME
    ? spawn(TIME, ['-f', '%M', '-o', timeFile, 'ip', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('ip', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let partial = '';
  let overflows = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (!line) continue;
      if (line.startsWith('Deleted')) continue;
      if (/^\d+\.\d+\.\d+\.\d+\/\d+ /.test(line) || line.startsWith('default')) ctl.event();
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // `ip monitor` prints nothing when it is ready; give it a moment to bind before the adder starts.
  await new Promise((r) => setTimeout(r, 300));
  ctl.ready();
  const why = await Promise.race([ctl.finished, exited.then(() => 'exited')]);
  if (why !== 'exited') {
    // Stop `ip monitor`: it is the child of /usr/bin/time (or our child); signal that process only.
    const ipPid = TIME ? childPidOf(child.pid) : child.pid;
    if (ipPid) process.kill(ipPid, 'SIGTERM');
    await exited;
  }
  if (/No buffer space|ENOBUFS/i.test(stderr)) overflows++;
  let rssKb = null;
  if (TIME && existsSync(timeFile)) {
    const m = readFileSync(timeFile, 'utf8').match(/(\d+)\s*$/);
    rssKb = m ? Number(m[1]) : null;
    unlinkSync(timeFile);
  }
  return ctl.result({ overflows, rssKb, stderr: stderr.trim().slice(0, 200) || undefined, api: 'ip monitor route' });
}

function childPidOf(pid) {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children.length ? Number(children[0]) : null;
  } catch {
    return null;
  }
}

async function main() {
  if (!args.netns) throw new Error('--netns is required');
  switch (args.workload) {
    case 'default_scan': {
      const r = runIp(['-4', 'route', 'show', 'table', 'all', 'default']);
      return { seconds: r.seconds, rssKb: r.rssKb, count: countLines(r.out), api: 'ip -4 route show table all default' };
    }
    case 'dump': {
      const r = runIp(['-j', '-4', 'route', 'show', 'table', 'all']);
      return { seconds: r.seconds, rssKb: r.rssKb, count: countJsonObjects(r.out), api: 'ip -j -4 route show table all' };
    }
    case 'stream_scan': {
      const r = runIp(['-4', 'route', 'show', 'table', 'all', 'root', args.prefix]);
      return { seconds: r.seconds, rssKb: r.rssKb, count: countLines(r.out), api: `ip -4 route show table all root ${args.prefix}` };
    }
    case 'table_dump': {
      const r = runIp(['-j', '-4', 'route', 'show', 'table', String(args.table)]);
      return { seconds: r.seconds, rssKb: r.rssKb, count: countJsonObjects(r.out), api: `ip -j -4 route show table ${args.table}` };
    }
    case 'link_get': {
      // No per-request timing is possible from outside; `ip -batch` of N `link show dev lo` gives the total.
      const input = 'link show dev lo\n'.repeat(args.requests);
      const r = runIp(['-o', '-batch', '-'], { input });
      const count = countLines(r.out);
      return {
        seconds: r.seconds,
        rssKb: r.rssKb,
        count,
        p50: null,
        p99: null,
        mean: r.seconds / args.requests,
        api: 'ip -batch of N `link show dev lo` (total only)',
      };
    }
    case 'adds': {
      const r = runIp(['-batch', args.batch]);
      countLines(r.out);
      return { seconds: r.seconds, rssKb: r.rssKb, count: args.count, api: 'ip -batch (route add ...)' };
    }
    case 'sync': {
      // The changes, known beforehand: ip has no reconciliation, so it is given the difference.
      const r = runIp(['-batch', args.batch]);
      countLines(r.out);
      return {
        seconds: r.seconds,
        rssKb: r.rssKb,
        count: countLines(args.batch, false),
        api: 'ip -batch of the changes (replace, del, add), computed beforehand',
      };
    }
    case 'diag_scan': {
      const r = runTool(['ip', 'netns', 'exec', args.netns, 'ss', '-Htan', 'state', 'established']);
      return { seconds: r.seconds, rssKb: r.rssKb, count: countLines(r.out), api: 'ss -Htan state established (ip netns exec; output to a file)' };
    }
    case 'burst':
      return burst();
    default:
      throw unavailable(`no ${args.workload} workload`);
  }
}

runMain(main);
