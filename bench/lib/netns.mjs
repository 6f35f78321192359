/**
 * bench/lib/netns.mjs — owns the benchmark's network namespaces: creating them (with a veth
 * pair to route through), filling them with a generated route table via `ip -batch`, counting
 * what the kernel holds, and deleting them again — on normal exit, on error and on Ctrl-C
 * (`cleanupAll()`, wired to signal handlers by bench/run.mjs). Nothing here touches the host's
 * own interfaces or routes: every `ip` command carries `-n NS`.
 *
 * Address plan (inside the namespace only; no traffic is ever sent):
 *   v0 <-> v1 veth, v0 = 192.0.2.1/24 and 2001:db8:ffff::1/64, gateways 192.0.2.2 / 2001:db8:ffff::2
 *   IPv4 /24 routes: i-th route = 16.0.0.0 + i*256 (16.0.0.0/24 ... 31.255.255.0/24 for 1M),
 *   alternating between table 254 (main) and table 100; a default route in each table.
 *   IPv6 routes (largest size only): 2001:db8:HHHH:HH00::/56, alternating tables likewise.
 *   Route adds / bursts use 32.0.0.0 + i*256 in fresh namespaces.
 *   Sync: N routes from 16.0.0.0 in table 100 (proto static, via GW4); the target keeps 90% of them,
 *   moves every 20th to gateway SYNC_GW, drops every 20th (the next one) and adds as many from 32.0.0.0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, unlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GW4 = '192.0.2.2';
export const GW6 = '2001:db8:ffff::2';
export const TABLES = [254, 100];
export const FILL_BASE = 0x10000000; // 16.0.0.0
export const ADD_BASE = 0x20000000; // 32.0.0.0
/** The gateway the sync workload moves 5% of its routes to. */
export const SYNC_GW = '192.0.2.3';
/** The table the sync workload reconciles. */
export const SYNC_TABLE = 100;
/** The /16 the streaming scan counts routes in. */
export const SCAN_PREFIX = '16.1.0.0/16';

const created = new Set();
let scratchDir = null;

/** A private scratch directory for generated batch files (prefers tmpfs /dev/shm). */
export function scratch() {
  if (!scratchDir) {
    let base = tmpdir();
    try {
      execFileSync('test', ['-w', '/dev/shm']);
      base = '/dev/shm';
    } catch {}
    scratchDir = mkdtempSync(join(base, 'nlroute-bench-'));
  }
  return scratchDir;
}

function ip(args, opts = {}) {
  const r = spawnSync('ip', args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0) {
    throw new Error(`ip ${args.join(' ').slice(0, 120)} failed: ${(r.stderr || r.error || '').toString().trim().slice(0, 400)}`);
  }
  return r.stdout;
}

export function v4(n) {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The i-th /24 from `base` (a 32-bit number), as CIDR text. */
export function dst24(base, i) {
  return `${v4((base + i * 256) >>> 0)}/24`;
}

export function dst56(i) {
  const hi = (i >>> 8) & 0xffff;
  const lo = i & 0xff;
  return `2001:db8:${hi.toString(16)}:${lo.toString(16)}00::/56`;
}

/** Creates namespace `name` with lo up and the v0/v1 veth pair addressed and up. */
export function createNamespace(name) {
  ip(['netns', 'add', name]);
  created.add(name);
  ip(['-n', name, '-batch', '-'], {
    input:
      [
        'link set lo up',
        'link add v0 type veth peer name v1',
        'addr add 192.0.2.1/24 dev v0',
        'addr add 2001:db8:ffff::1/64 dev v0 nodad',
        'link set v0 up',
        'link set v1 up',
      ].join('\n') + '\n',
  });
  return name;
}

export function deleteNamespace(name) {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  created.delete(name);
}

/** Deletes every namespace this process created and its scratch files. Safe to call twice. */
export function cleanupAll() {
  for (const name of [...created]) deleteNamespace(name);
  if (scratchDir) {
    rmSync(scratchDir, { recursive: true, force: true });
    scratchDir = null;
  }
}

/** Writes an `ip -batch` file adding `count` /24 routes from `base`, alternating TABLES. */
export function writeRouteBatch(path, { base, count, start = 0, withDefaults = false }) {
  const lines = [];
  if (withDefaults) {
    for (const t of TABLES) lines.push(`route add default via 192.0.2.254 dev v0 table ${t}`);
  }
  for (let i = start; i < start + count; i++) {
    lines.push(`route add ${dst24(base, i)} via ${GW4} dev v0 table ${TABLES[i % 2]}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A plain route list (`DST GATEWAY TABLE` per line) for the peers that add routes themselves. */
export function writeRouteList(path, { base, count }) {
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(`${dst24(base, i)} ${GW4} ${TABLES[i % 2]}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Fills namespace `name` with `n` IPv4 routes (+ `v6` IPv6 routes); returns what it holds. */
export function fillNamespace(name, n, v6 = 0) {
  const dir = scratch();
  const file = writeRouteBatch(join(dir, `fill-${n}.batch`), { base: FILL_BASE, count: n, withDefaults: true });
  const t0 = process.hrtime.bigint();
  ip(['-n', name, '-batch', file]);
  if (v6 > 0) {
    const lines = [`route add default via ${GW6} dev v0`];
    for (let i = 0; i < v6; i++) lines.push(`route add ${dst56(i)} via ${GW6} dev v0 table ${TABLES[i % 2]}`);
    const f6 = join(dir, `fill6-${v6}.batch`);
    writeFileSync(f6, lines.join('\n') + '\n');
    ip(['-n', name, '-batch', f6]);
    unlinkSync(f6);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  unlinkSync(file);
  return { seconds, ...countRoutes(name) };
}

function countLines(args) {
  // Counting with `wc -l` keeps a 1M-line listing out of this process's memory.
  const r = spawnSync('sh', ['-c', 'ip "$@" | wc -l', 'sh', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`counting ip ${args.join(' ')} failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** Ground truth from iproute2: routes the namespace holds, per family and table. */
export function countRoutes(name) {
  return {
    v4All: countLines(['-n', name, '-4', '-o', 'route', 'show', 'table', 'all']),
    v4Table100: countLines(['-n', name, '-4', '-o', 'route', 'show', 'table', '100']),
    v4Defaults: countLines(['-n', name, '-4', '-o', 'route', 'show', 'table', 'all', 'default']),
    v4InScanPrefix: countLines(['-n', name, '-4', '-o', 'route', 'show', 'table', 'all', 'root', SCAN_PREFIX]),
    v6All: countLines(['-n', name, '-6', '-o', 'route', 'show', 'table', 'all']),
  };
}

export function countV4(name) {
  return countLines(['-n', name, '-4', '-o', 'route', 'show', 'table', 'all']);
}

/**
 * The sync workload's files for a table of `n` routes: the fill (`ip -batch`), the target table (a
 * route list, `DST GATEWAY TABLE`), and the same changes as `ip -batch` lines (replace, del, add).
 * Returns their paths, the number of changes and what the table holds afterwards.
 */
export function writeSyncFiles(dir, n) {
  const fill = [];
  const target = [];
  const changes = [];
  const route = (dst, gw) => `${dst} via ${gw} dev v0 table ${SYNC_TABLE} proto static`;
  let added = 0;
  for (let i = 0; i < n; i++) {
    const dst = dst24(FILL_BASE, i);
    fill.push(`route add ${route(dst, GW4)}`);
    if (i % 20 === 0) {
      target.push(`${dst} ${SYNC_GW} ${SYNC_TABLE}`);
      changes.push(`route replace ${route(dst, SYNC_GW)}`);
    } else if (i % 20 === 1) {
      changes.push(`route del ${dst} table ${SYNC_TABLE} proto static`);
      const fresh = dst24(ADD_BASE, added++);
      target.push(`${fresh} ${GW4} ${SYNC_TABLE}`);
      changes.push(`route add ${route(fresh, GW4)}`);
    } else target.push(`${dst} ${GW4} ${SYNC_TABLE}`);
  }
  const paths = { fillFile: join(dir, `sync-fill-${n}.batch`), listFile: join(dir, `sync-target-${n}.list`), batchFile: join(dir, `sync-changes-${n}.batch`) };
  writeFileSync(paths.fillFile, fill.join('\n') + '\n');
  writeFileSync(paths.listFile, target.join('\n') + '\n');
  writeFileSync(paths.batchFile, changes.join('\n') + '\n');
  return { ...paths, changes: changes.length, routes: target.length, moved: target.filter((l) => l.includes(` ${SYNC_GW} `)).length };
}

/** Fills table SYNC_TABLE of namespace `name` from a writeSyncFiles fill. */
export function fillSync(name, fillFile) {
  ip(['-n', name, '-batch', fillFile]);
}

/** What table SYNC_TABLE holds: its routes, and those via SYNC_GW. */
export function countSync(name) {
  const table = ['-n', name, '-4', '-o', 'route', 'show', 'table', String(SYNC_TABLE)];
  return { routes: countLines(table), moved: countLines([...table, 'via', SYNC_GW]) };
}
