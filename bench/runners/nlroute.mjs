/**
 * bench/runners/nlroute.mjs — runner for nlroute itself, through its public API only
 * (`require('<repo>/dist/index.js')`). nlroute enters the namespace itself (`IPRoute.open({netns})`).
 * Usage: node nlroute.mjs --netns NS --workload W [--prefix P] [--table T] [--requests N]
 *        [--list FILE] [--count N] [--window W] [--adds-way W] [--as-table]   → one JSON line (see common.mjs).
 *        --adds-way all|names|window-names: adds issued all at once by index, all at once naming the
 *        interface, or through the window naming it (contenders nlroute-adds-*); the default is
 *        through the window, by index.
 *        --as-table: the dump workload through getRouteTable instead of getRoutes (contender nlroute-table).
 *        --js-predicate: stream_scan tests each route in JavaScript (`match`) instead of `within` (contender nlroute-match).
 *        node nlroute.mjs --probe                  → {"ok":true} or {"error":..., "unavailable":true}
 *
 * Adapting to the final API: everything API-specific is in `WORKLOADS` below, one small function
 * per workload; the rest is protocol.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs, runMain, unavailable, now, readRouteList, roundTrips, pipelined, burstControl } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = parseArgs();

function need(obj, method) {
  if (typeof obj[method] !== 'function') throw unavailable(`IPRoute has no ${method}() yet`);
}

/** The nlroute API calls, one per workload. Each returns {seconds, count, api, ...}. */
const WORKLOADS = {
  async default_scan(ipr) {
    need(ipr, 'getDefaultRoutes');
    const t0 = now();
    const routes = await ipr.getDefaultRoutes({ family: 4 });
    return { seconds: now() - t0, count: routes.length, api: 'getDefaultRoutes({family:4})' };
  },
  async dump(ipr) {
    if (args['as-table']) {
      // The table-shaped result: the received messages kept, each route decoded when read.
      need(ipr, 'getRouteTable');
      const t0 = now();
      const table = await ipr.getRouteTable({ family: 4 });
      return { seconds: now() - t0, count: table.length, api: 'getRouteTable({family:4}) (routes decoded on access)' };
    }
    need(ipr, 'getRoutes');
    const t0 = now();
    const routes = await ipr.getRoutes({ family: 4 });
    return { seconds: now() - t0, count: routes.length, api: 'getRoutes({family:4})' };
  },
  async stream_scan(ipr) {
    need(ipr, 'routes');
    const t0 = now();
    let count = 0;
    if (args['js-predicate']) {
      // Every route reaches JavaScript, which tests it (contender nlroute-match): the memory case.
      const [text, len] = args.prefix.split('/');
      const bits = Number(len);
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      const v4 = (s) => s.split('.').reduce((a, o) => ((a << 8) | Number(o)) >>> 0, 0);
      const net = (v4(text) & mask) >>> 0;
      const inside = (r) => r.dstLen >= bits && (v4(r.dst.slice(0, r.dst.indexOf('/'))) & mask) >>> 0 === net;
      for await (const _ of ipr.routes({ family: 4, match: inside })) count++;
      return { seconds: now() - t0, count, api: 'for await (r of routes({family:4, match})) (a JS predicate: every route reaches JavaScript)' };
    }
    // `within` is `ip route show root`: applied in Rust, so only the matching routes reach JS.
    for await (const _ of ipr.routes({ family: 4, within: args.prefix })) count++;
    return { seconds: now() - t0, count, api: 'for await (r of routes({family:4, within}))' };
  },
  async table_dump(ipr) {
    need(ipr, 'getRoutes');
    const t0 = now();
    const routes = await ipr.getRoutes({ family: 4, table: args.table });
    return { seconds: now() - t0, count: routes.length, api: 'getRoutes({family:4, table}) (kernel filter)' };
  },
  async link_get(ipr) {
    need(ipr, 'link');
    const r = await roundTrips(args.requests, () => ipr.link('get', { index: 1 }));
    return { ...r, api: "link('get', {index:1})" };
  },
  async adds(ipr) {
    need(ipr, 'route');
    const way = args['adds-way'] ?? 'window';
    // The interface the harness's namespace has, named as users write it.
    const routes = readRouteList(args.list).map((r) => (way === 'names' || way === 'window-names' ? { ...r, oif: 'v0' } : r));
    if (way === 'all' || way === 'names') {
      // As users write it: every add at once, awaited together.
      const t0 = now();
      const outcomes = await Promise.allSettled(routes.map((r) => ipr.route('add', r)));
      const seconds = now() - t0;
      const failed = outcomes.filter((o) => o.status === 'rejected');
      if (failed.length > 0) throw new Error(`${failed.length} adds failed: ${failed[0].reason.message}`);
      return { seconds, count: routes.length, api: `route('add'${way === 'names' ? ", {..., oif:'v0'}" : ''}) all at once, Promise.allSettled` };
    }
    if (way !== 'window' && way !== 'window-names') throw new Error(`unknown --adds-way ${way}`);
    const t0 = now();
    await pipelined(routes, args.window, (r) => ipr.route('add', r));
    return {
      seconds: now() - t0,
      count: routes.length,
      api: `route('add'${way === 'window-names' ? ", {..., oif:'v0'}" : ''}) pipelined, ${args.window} in flight`,
    };
  },
  async sync(ipr) {
    need(ipr, 'syncRoutes');
    const target = readRouteList(args.list);
    const t0 = now();
    const r = await ipr.syncRoutes(target, { table: args.table, protocol: 'static' });
    const seconds = now() - t0;
    if (r.failed.length > 0) throw new Error(`${r.failed.length} changes failed: ${r.failed[0].error.message}`);
    return { seconds, count: r.added.length + r.replaced.length + r.deleted.length, api: "syncRoutes(target, {table, protocol:'static'}): dump, plan, apply" };
  },
  async burst(ipr) {
    need(ipr, 'monitor');
    const ctl = burstControl({ expect: args.count, idle: args.idle });
    let overflows = 0;
    const events = ipr.monitor(['ipv4_route']);
    const iterator = events[Symbol.asyncIterator]();
    ctl.ready();
    const stop = ctl.finished.then(() => ({ done: true, stopped: true }));
    for (;;) {
      const step = await Promise.race([iterator.next(), stop]);
      if (step.done) break;
      const ev = step.value;
      if (ev?.type === 'overflow' || ev?.overflow) overflows++;
      else if (isNewRoute(ev)) ctl.event();
    }
    await iterator.return?.();
    return ctl.result({ overflows, api: "for await (ev of monitor(['ipv4_route']))" });
  },
};

/** Workloads on another socket than IPRoute's: each opens its own in the namespace. */
const OWN_SOCKET = {
  async diag_scan(mod) {
    const diag = await mod.DiagSocket.open({ netns: args.netns });
    try {
      const t0 = now();
      const sockets = await diag.getSockets({ protocol: 'tcp', states: ['established'] });
      return { seconds: now() - t0, count: sockets.length, api: "DiagSocket.getSockets({protocol:'tcp', states:['established']})" };
    } finally {
      diag.close();
    }
  },
};

/** Is a monitor event an IPv4 route addition? (`{ type: 'newroute', route }` in dist/iproute/monitor) */
function isNewRoute(ev) {
  return ev?.type === 'newroute' && (ev.route?.family === 4 || ev.route?.family === 2);
}

function loadLibrary() {
  const entry = join(root, 'dist', 'index.js');
  if (!existsSync(entry)) throw unavailable('dist/index.js not built (npm run build)');
  let mod;
  try {
    mod = createRequire(entry)(entry);
  } catch (err) {
    throw unavailable(`dist/index.js fails to load: ${err.message.split('\n')[0]}`);
  }
  if (typeof mod.IPRoute?.open !== 'function') throw unavailable('dist/index.js exports no IPRoute.open (IPRoute API not landed yet)');
  return mod;
}

async function main() {
  const mod = loadLibrary();
  if (args.probe) return { ok: true, seconds: 0, count: 0 };
  if (OWN_SOCKET[args.workload]) return OWN_SOCKET[args.workload](mod);
  const workload = WORKLOADS[args.workload];
  if (!workload) throw unavailable(`no ${args.workload} workload`);
  const ipr = await mod.IPRoute.open({ netns: args.netns });
  try {
    return await workload(ipr);
  } finally {
    await ipr.close?.();
  }
}

runMain(main);
