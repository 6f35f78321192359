/**
 * bench/runners/common.mjs — shared plumbing of the Node.js runners (nlroute.mjs, netlink-npm.mjs,
 * iproute2.mjs): argument parsing, the one-JSON-line result protocol, the burst protocol
 * (say READY on stderr, read "done" from stdin, stop after an idle gap), route list files.
 *
 * Result protocol: a runner prints exactly ONE JSON line on stdout, either
 *   {"seconds": S, "count": N, "rssKbSelf": K, ...extra}   (exit 0), or
 *   {"error": "...", "unavailable": true?}                  (exit 1; `unavailable` = API missing).
 */
import { readFileSync } from 'node:fs';

export function parseArgs(argv = process.argv.slice(2)) {
  const args = { prefix: '16.1.0.0/16', table: 100, requests: 10000, count: 0, window: 1000, idle: 3 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) {
      args[key] = true;
    } else {
      args[key] = /^\d+(\.\d+)?$/.test(next) ? Number(next) : next;
      i++;
    }
  }
  return args;
}

export function peakRssKb() {
  return process.resourceUsage().maxRSS; // kilobytes, getrusage(RUSAGE_SELF).ru_maxrss
}

export function emit(result) {
  process.stdout.write(JSON.stringify({ ...result, rssKbSelf: result.rssKbSelf ?? peakRssKb() }) + '\n');
}

export function fail(message, extra = {}) {
  process.stdout.write(JSON.stringify({ error: String(message), ...extra }) + '\n');
  process.exit(1);
}

/** Runs `main()`; any throw becomes a failure line, never a silent crash. */
export function runMain(main) {
  process.on('uncaughtException', (err) => fail(`uncaught: ${err?.stack?.split('\n')[0] ?? err}`));
  process.on('unhandledRejection', (err) => fail(`unhandled rejection: ${err?.stack?.split('\n')[0] ?? err}`));
  main().then(
    (result) => {
      emit(result);
      process.exit(0);
    },
    (err) => fail(err?.message ?? String(err), err?.unavailable ? { unavailable: true } : {}),
  );
}

export function unavailable(reason) {
  const err = new Error(reason);
  err.unavailable = true;
  return err;
}

export const now = () => performance.now() / 1000;

/** Reads a route list file: lines `DST GATEWAY TABLE`. */
export function readRouteList(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [dst, gateway, table] = line.split(' ');
      return { dst, gateway, table: Number(table) };
    });
}

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.floor((sorted.length - 1) * (p / 100))];
}

/** Times `requests` calls of `fn` one after another; returns total seconds, p50 and p99. */
export async function roundTrips(requests, fn) {
  const lat = new Float64Array(requests);
  const t0 = now();
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await fn();
    lat[i] = (performance.now() - t) / 1000;
  }
  const seconds = now() - t0;
  lat.sort();
  return { seconds, count: requests, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

/** Runs `items` through `fn` with up to `window` calls in flight (Promise.all per window). */
export async function pipelined(items, window, fn) {
  // A sliding window: a new call starts as soon as one finishes, so `window` are always in flight.
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
}

/**
 * Burst protocol: call `ready()` once listening; `waitDone()` resolves when the harness writes
 * "done" on stdin (the adder finished). A counter stops when it has `expect` events, or when
 * `idle` seconds pass without an event after "done".
 */
export function burstControl({ expect, idle }) {
  let adderDone = false;
  let first = 0;
  let last = 0;
  let count = 0;
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  let idleTimer = null;
  const armIdle = () => {
    if (!adderDone) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => finish('idle'), idle * 1000);
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    if (chunk.includes('done')) {
      adderDone = true;
      armIdle();
    }
  });
  process.stdin.on('end', () => {
    adderDone = true;
    armIdle();
  });
  return {
    ready() {
      process.stderr.write('READY\n');
    },
    event() {
      const t = now();
      if (count === 0) first = t;
      last = t;
      count++;
      if (count >= expect) finish('complete');
      else armIdle();
    },
    finished,
    result(extra = {}) {
      clearTimeout(idleTimer);
      process.stdin.pause();
      return { seconds: count ? last - first : 0, count, lost: expect - count, ...extra };
    },
    get count() {
      return count;
    },
  };
}
