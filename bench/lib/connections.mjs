/**
 * bench/lib/connections.mjs — owns the diag_scan workload's namespace contents: the sysctls that
 * let one process hold tens of thousands of loopback connections (accept backlog, SYN backlog,
 * local port range: all per namespace), the holder processes (lib/tcp-holder.py, as many as the
 * open-file hard limit needs, each on its own ports) that open and hold them, and the ground truth the contenders' counts are checked against (`ss -Htan state
 * established`, both ends of each connection).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOLDER = join(dirname(fileURLToPath(import.meta.url)), 'tcp-holder.py');
const SYSCTLS = ['net.core.somaxconn=65535', 'net.ipv4.tcp_max_syn_backlog=65535', 'net.ipv4.ip_local_port_range=1024 65535'];

function inNs(ns, argv) {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} in ${ns} failed: ${(r.stderr || r.error || '').toString().trim().slice(0, 300)}`);
  return r.stdout;
}

/** The established TCP sockets of `ns`, as `ss` counts them. */
export function countEstablished(ns) {
  return inNs(ns, ['ss', '-Htan', 'state', 'established']).split('\n').filter(Boolean).length;
}

/** The open-file hard limit processes start with here (root may be unable to raise it). */
function hardFileLimit() {
  const r = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : 1 << 20;
}

/**
 * Opens `count` loopback connections in `ns` and holds them; resolves to { sockets, holders,
 * seconds, stop() } once they are all established (`sockets`: both ends, 2 × count).
 */
export async function holdConnections(ns, count) {
  for (const s of SYSCTLS) inNs(ns, ['sysctl', '-qw', s]);
  const perHolder = Math.floor((hardFileLimit() - 64) / 2);
  const shares = [];
  for (let left = count; left > 0; left -= perHolder) shares.push(Math.min(left, perHolder));
  const t0 = performance.now();
  // Listening ports below the local port range (1024 up, set above), so no client takes one first.
  const holders = shares.map((n, i) => startHolder(ns, n, 500 + 10 * i));
  const ready = await Promise.allSettled(holders.map((h) => h.ready));
  const stop = () => Promise.all(holders.map((h) => h.stop()));
  const failed = ready.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const sockets = ready.reduce((sum, r) => sum + r.value, 0);
  return { sockets, holders: holders.length, seconds: (performance.now() - t0) / 1000, stop };
}

/** One holder of `count` connections on ports from `port`: { ready (its socket count), stop() }. */
function startHolder(ns, count, port) {
  const child = spawn('ip', ['netns', 'exec', ns, 'python3', HOLDER, '--count', String(count), '--port', String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', resolve);
      child.stdin.end();
    });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/READY (\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`tcp-holder exited ${code} before it was ready: ${stderr.trim().slice(0, 300)}`)));
  });
  return { ready, stop };
}
