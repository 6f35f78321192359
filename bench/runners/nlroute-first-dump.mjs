/**
 * bench/runners/nlroute-first-dump.mjs — the first call of a fresh process, for the `startup`
 * workloads (bench/lib/startup.mjs): loads nlroute, then times its FIRST full dump (open the
 * socket in the namespace + getRoutes(), what `ip -j route show table all` does) and, for contrast, a
 * second dump on the same socket (warm: code compiled, tables built). Both families, every table:
 * `ip route show table all` has no family by default.
 * Usage: node nlroute-first-dump.mjs --netns NS [--entry SPEC]
 *   → one JSON line: {"seconds": first, "warmSeconds": second, "requireSeconds": load, "count": N,
 *     "cpuSeconds": CPU of the first call, "warmCpuSeconds": of the second} (CPU: process.cpuUsage,
 *     every thread of the process: stays comparable on a loaded machine, where wall time does not)
 * `--entry`: what to load (default: the package root, resolved like a user's `require('nlroute')`).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { parseArgs, runMain, now } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = parseArgs();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main() {
  if (!args.netns) throw new Error('--netns is required');
  const t0 = now();
  const { IPRoute } = createRequire(join(root, 'package.json'))(typeof args.entry === 'string' ? args.entry : root);
  const loaded = now();
  const c0 = cpu();
  const ipr = await IPRoute.open({ netns: args.netns });
  const routes = await ipr.getRoutes();
  const first = now();
  const c1 = cpu();
  await ipr.getRoutes(); // (its count may differ by a late IPv6 link-local route: not checked)
  const warm = now();
  const c2 = cpu();
  await ipr.close();
  return {
    seconds: first - loaded,
    warmSeconds: warm - first,
    requireSeconds: loaded - t0,
    cpuSeconds: c1 - c0,
    warmCpuSeconds: c2 - c1,
    count: routes.length,
    api: 'IPRoute.open({netns}) + getRoutes(), first call of the process',
  };
}

runMain(main);
