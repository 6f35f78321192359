/**
 * bench/lib/contenders.mjs — owns the contenders: the workload catalogue, how each peer is set up
 * at bench time (cargo build of the raw loop, the pyroute2 virtual environment, the Go build of the
 * vishvananda runner, the npm check of `netlink`), which workloads each one supports (and why
 * not), and the command line that runs one workload in one namespace.
 *
 * Nothing a peer needs is committed: bench/.venv and bench/peers/bin are built here and ignored.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH);
const RUNNERS = join(BENCH, 'runners');
const VENV = join(BENCH, '.venv');
const PEER_BIN = join(BENCH, 'peers', 'bin');
const RAW_BIN = join(ROOT, 'target', 'release', 'nlroute-rawdump');

/** Workloads. `perSize`: measured at each table size N; otherwise once, in fresh namespaces. */
export const WORKLOADS = {
  default_scan: { title: 'Default-route scan (IPv4, all tables)', perSize: true, base: 'raw' },
  dump: { title: 'Full IPv4 dump into objects (all tables)', perSize: true, base: 'raw' },
  stream_scan: { title: 'Streaming scan: count routes inside one /16', perSize: true, base: 'raw' },
  table_dump: { title: 'Kernel-filtered dump of table 100', perSize: true, base: 'raw' },
  link_get: { title: 'RTM_GETLINK round trips (index 1)', perSize: false, base: 'raw' },
  adds: { title: 'Route adds into a fresh namespace', perSize: false, base: 'iproute2' },
  burst: { title: 'Burst of route events while `ip -batch` adds routes', perSize: false, base: null },
  // Per size, but in a fresh namespace per run: it changes the table.
  sync: { title: 'Sync a table of N routes, 10% changed (5% replaced, 5% deleted, as many added)', perSize: true, fresh: true, base: 'iproute2' },
  diag_scan: { title: 'sock_diag scan of the established TCP sockets of a namespace', perSize: false, base: 'iproute2' },
  // Not per contender: whole fresh processes side by side (bench/lib/startup.mjs).
  startup: { title: 'Start-up: whole fresh processes, 10k routes', perSize: false, base: null, own: true },
};

/**
 * nlroute's ways of issuing 100k route adds beside the window by index (the `nlroute` contender):
 * each is a contender of its own (nlroute-adds-<way>), run by bench/runners/nlroute.mjs --adds-way.
 */
export const ADDS_WAYS = {
  all: 'all issued at once, by index (Promise.allSettled)',
  names: "all issued at once, naming the interface (oif 'v0', Promise.allSettled)",
  'window-names': "through the window, naming the interface (oif 'v0')",
};

/** Why a library has no sync workload: it offers no reconciliation (a runner would be a sync of our writing). */
const NO_SYNC = 'no route reconciliation in the library';
const DUMPS = ['default_scan', 'dump', 'stream_scan', 'table_dump'];
/** The workloads measured per contender (measure() in run.mjs); `own` ones have their own module. */
const PEER_WORKLOADS = Object.keys(WORKLOADS).filter((w) => !WORKLOADS[w].own);
/** The rtnetlink workloads: what the route libraries (netlink npm, vishvananda) are measured on. */
const ROUTE_WORKLOADS = PEER_WORKLOADS.filter((w) => w !== 'diag_scan');
const NO_DIAG = 'no sock_diag API';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, ...opts });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return { ok: r.status === 0, status: r.status, text, error: r.error };
}

function lastLine(text) {
  return text.split('\n').filter(Boolean).pop()?.slice(0, 300) ?? '';
}

const nsExec = (ns) => ['ip', 'netns', 'exec', ns];

/**
 * Each contender: id, label, setup(opts) → {available, reason?, version?, notes?},
 * supports[workload] (true or the reason it lacks it), argv(workload, p), and optionally
 * expected(workload, truth) when its count means something else (undefined: the workload's own),
 * and normalize(result).
 */
export const CONTENDERS = [
  {
    id: 'raw',
    label: 'raw (Rust send/recv loop: counts dump messages, times RTM_GETLINK round trips)',
    supports: {
      ...Object.fromEntries(DUMPS.map((w) => [w, true])),
      link_get: true,
      adds: 'counts dump messages only',
      burst: 'counts dump messages only',
      sync: 'counts dump messages only',
      diag_scan: 'counts route dump messages only',
    },
    note: 'reads the whole IPv4 dump (all tables, no parsing) in every dump workload, and times plain send(2)/recv(2) RTM_GETLINK round trips in link_get: the floor each ratio is measured against',
    setup(opts) {
      if (!opts.noBuild || !existsSync(RAW_BIN)) {
        const r = run('cargo', ['build', '--release', '-p', 'nlroute-core', '--bin', 'nlroute-rawdump'], { cwd: ROOT, timeout: 900_000 });
        if (!r.ok) {
          if (existsSync(RAW_BIN))
            return { available: true, version: 'stale build', notes: [`cargo build failed, using the existing binary: ${lastLine(r.text)}`] };
          return { available: false, reason: `cargo build failed: ${lastLine(r.text)}` };
        }
      }
      if (!existsSync(RAW_BIN))
        return { available: false, reason: 'target/release/nlroute-rawdump not built (cargo build --release -p nlroute-core --bin nlroute-rawdump)' };
      return { available: true, version: 'workspace' };
    },
    argv: (w, p) =>
      w === 'link_get' ? [RAW_BIN, '--netns', p.netns, '--link-get', String(p.requests)] : [RAW_BIN, '--netns', p.netns, '--family', '4', '--repeat', '1'],
    expected: (w, truth) => (DUMPS.includes(w) ? truth.v4All : undefined),
    // A dump line counts messages; a link_get line already has the runners' shape.
    normalize: (r) => (r.messages === undefined ? r : { ...r, count: r.messages }),
  },
  {
    id: 'nlroute',
    label: 'nlroute (this project)',
    supports: Object.fromEntries(PEER_WORKLOADS.map((w) => [w, true])),
    setup() {
      const r = run('node', [join(RUNNERS, 'nlroute.mjs'), '--probe'], { cwd: ROOT });
      let line = {};
      try {
        line = JSON.parse(
          r.text
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .pop() ?? '{}',
        );
      } catch {}
      if (!r.ok || line.error) return { available: false, reason: line.error ?? lastLine(r.text) };
      const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
      return { available: true, version };
    },
    argv: (w, p) => ['node', join(RUNNERS, 'nlroute.mjs'), '--netns', p.netns, ...nodeFlags(w, p)],
  },
  {
    // nlroute's table-shaped result of a full dump (IPRoute.getRouteTable): beside the array of
    // objects, not instead of it, so the `nlroute` contender's dump stays the objects one.
    id: 'nlroute-table',
    label: 'nlroute getRouteTable (the received messages kept, each route decoded when read)',
    supports: Object.fromEntries(PEER_WORKLOADS.map((w) => [w, w === 'dump' ? true : 'the table form is measured on the full dump only'])),
    setup: () => CONTENDERS.find((c) => c.id === 'nlroute').setup(),
    argv: (w, p) => ['node', join(RUNNERS, 'nlroute.mjs'), '--netns', p.netns, ...nodeFlags(w, p), '--as-table'],
  },
  {
    // The streaming scan with the prefix tested in JavaScript: every route of the table is decoded
    // and reaches the caller's predicate (what bounds memory when no native filter applies).
    id: 'nlroute-match',
    label: 'nlroute routes() with a JavaScript predicate (every route reaches JavaScript)',
    supports: Object.fromEntries(
      PEER_WORKLOADS.map((w) => [w, w === 'stream_scan' ? true : 'the JavaScript predicate is measured on the streaming scan only']),
    ),
    setup: () => CONTENDERS.find((c) => c.id === 'nlroute').setup(),
    argv: (w, p) => ['node', join(RUNNERS, 'nlroute.mjs'), '--netns', p.netns, ...nodeFlags(w, p), '--js-predicate'],
  },
  // The other three ways of issuing nlroute's adds (the `nlroute` contender's is through a window,
  // by index); the target holds for all four (report.mjs, adds_vs_ip_batch).
  ...Object.entries(ADDS_WAYS).map(([way, label]) => ({
    id: `nlroute-adds-${way}`,
    label: `nlroute route adds ${label}`,
    supports: Object.fromEntries(PEER_WORKLOADS.map((w) => [w, w === 'adds' ? true : 'a way of issuing route adds: measured on adds only'])),
    setup: () => CONTENDERS.find((c) => c.id === 'nlroute').setup(),
    argv: (w, p) => ['node', join(RUNNERS, 'nlroute.mjs'), '--netns', p.netns, ...nodeFlags(w, p), '--adds-way', way],
  })),
  {
    id: 'iproute2',
    label: 'iproute2 `ip` (C)',
    supports: Object.fromEntries(PEER_WORKLOADS.map((w) => [w, true])),
    setup() {
      const r = run('ip', ['-V']);
      if (!r.ok) return { available: false, reason: `ip -V failed: ${lastLine(r.text)}` };
      return { available: true, version: (r.text.match(/iproute2-([\w.]+)/) || [])[1] ?? r.text };
    },
    argv: (w, p) => ['node', join(RUNNERS, 'iproute2.mjs'), '--netns', p.netns, ...nodeFlags(w, p), '--scratch', p.scratch],
  },
  {
    id: 'netlink',
    label: '`netlink` npm 0.3.0',
    supports: { ...Object.fromEntries(ROUTE_WORKLOADS.map((w) => [w, true])), sync: NO_SYNC, diag_scan: NO_DIAG },
    setup() {
      const probe = "const n=require('netlink');const s=n.createRtNetlink();console.log(require('netlink/package.json').version);process.exit(0)";
      const r = run('node', ['-e', probe], { cwd: ROOT });
      if (!r.ok) {
        const why = /Cannot find module 'netlink'/.test(r.text)
          ? 'not installed (devDependency netlink@0.3.0; run npm install)'
          : `fails to load on Node ${process.version}: ${lastLine(r.text)}`;
        return { available: false, reason: why };
      }
      return { available: true, version: lastLine(r.text) };
    },
    // 1000 requests in flight make node_netlink abort the process ("Error in native callback",
    // ENOBUFS on the ACKs); 100 in flight work, so its adds are measured with that.
    argv: (w, p) => [...nsExec(p.netns), 'node', join(RUNNERS, 'netlink-npm.mjs'), ...nodeFlags(w, { ...p, window: Math.min(p.window, 100) })],
  },
  pyroute2('pyroute2', 'sync'),
  pyroute2('pyroute2-async', 'async'),
  {
    id: 'vishvananda',
    label: 'vishvananda/netlink (Go)',
    supports: { ...Object.fromEntries(ROUTE_WORKLOADS.map((w) => [w, true])), sync: NO_SYNC, diag_scan: 'runner has no sock_diag workload yet' },
    setup(opts) {
      const dir = join(BENCH, 'peers', 'vishvananda');
      const bin = join(PEER_BIN, 'vishvananda-runner');
      if (!opts.noBuild || !existsSync(bin)) {
        mkdirSync(PEER_BIN, { recursive: true });
        const r = run('go', ['build', '-o', bin, '.'], { cwd: dir, timeout: 600_000 });
        if (!r.ok) return { available: false, reason: `go build failed: ${lastLine(r.text)}` };
      }
      const mod = readFileSync(join(dir, 'go.mod'), 'utf8').match(/vishvananda\/netlink (v[\w.-]+)/);
      const go = run('go', ['env', 'GOVERSION']).text;
      return { available: true, version: `${mod ? mod[1] : '?'} (${go})` };
    },
    argv: (w, p) => {
      const bin = join(PEER_BIN, 'vishvananda-runner');
      const a = [bin, '--netns', p.netns, '--workload', w];
      if (w === 'stream_scan') a.push('--prefix', p.prefix);
      if (w === 'table_dump') a.push('--table', String(p.table));
      if (w === 'link_get') a.push('--requests', String(p.requests));
      if (w === 'adds') a.push('--batch', p.listFile);
      if (w === 'burst') a.push('--count', String(p.count), '--idle', String(p.idle));
      return a;
    },
  },
];

function nodeFlags(w, p) {
  const a = ['--workload', w];
  if (w === 'stream_scan') a.push('--prefix', p.prefix);
  if (w === 'table_dump') a.push('--table', String(p.table));
  if (w === 'link_get') a.push('--requests', String(p.requests));
  if (w === 'adds') a.push('--list', p.listFile, '--batch', p.batchFile, '--count', String(p.count), '--window', String(p.window));
  if (w === 'burst') a.push('--count', String(p.count), '--idle', String(p.idle));
  if (w === 'sync') a.push('--list', p.listFile, '--batch', p.batchFile, '--table', String(p.table));
  return a;
}

function pyroute2(id, api) {
  const python = join(VENV, 'bin', 'python');
  return {
    id,
    label: api === 'sync' ? 'pyroute2 IPRoute (sync)' : 'pyroute2 AsyncIPRoute',
    supports: {
      ...Object.fromEntries(PEER_WORKLOADS.map((w) => [w, true])),
      ...(api === 'async'
        ? { burst: 'burst measured with the sync IPRoute only (same socket code)', diag_scan: 'DiagSocket has no async variant: measured with the sync one' }
        : {}),
      sync: NO_SYNC,
    },
    setup(opts) {
      // One venv for both pyroute2 contenders; installed/updated once per harness run.
      if (!pyroute2.state) pyroute2.state = setupVenv(opts);
      return pyroute2.state;
    },
    argv: (w, p) => {
      const a = [...nsExec(p.netns), python, join(RUNNERS, 'pyroute2_runner.py'), '--api', api, '--workload', w];
      if (w === 'stream_scan') a.push('--prefix', p.prefix);
      if (w === 'table_dump') a.push('--table', String(p.table));
      if (w === 'link_get') a.push('--requests', String(p.requests));
      if (w === 'adds') a.push('--batch', p.listFile, '--window', String(p.window));
      if (w === 'burst') a.push('--count', String(p.count), '--idle', String(p.idle));
      return a;
    },
  };
}

function setupVenv(opts) {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(python)) {
    const r = run('python3', ['-m', 'venv', VENV]);
    if (!r.ok) return { available: false, reason: `python3 -m venv failed: ${lastLine(r.text)}` };
  }
  const installed = run(python, ['-c', 'import pyroute2; print(pyroute2.__version__)']);
  if (!installed.ok || !opts.noUpdate) {
    const r = run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--upgrade', 'pyroute2'], { timeout: 600_000 });
    if (!r.ok && !installed.ok) return { available: false, reason: `pip install pyroute2 failed: ${lastLine(r.text)}` };
  }
  const v = run(python, ['-c', 'import pyroute2, sys; print(pyroute2.__version__, "/ Python", sys.version.split()[0])']);
  if (!v.ok) return { available: false, reason: `pyroute2 does not import: ${lastLine(v.text)}` };
  return { available: true, version: v.text };
}
