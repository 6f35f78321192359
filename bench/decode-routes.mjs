// Micro-benchmark (not a test): decodeRoute over a synthetic 1M-route IPv4 dump laid out as the
// kernel sends it (fib_dump_info order: rtmsg, RTA_TABLE, RTA_DST, [RTA_PRIORITY], RTA_GATEWAY,
// RTA_OIF), cut into ~32 KiB datagrams. Prints ms for a numeric-only walk (baseline: what any
// decoder must at least do) and for decodeRoute building Route objects into an array.
// Usage: npx tsc -p tsconfig.json && node bench/decode-routes.mjs [routes=1000000] [kind=mixed|blackhole|gateway]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { decodeRoute } = require('../dist/iproute/route/decode.js');

const COUNT = Number(process.argv[2] ?? 1_000_000);
const KIND = process.argv[3] ?? 'mixed';
const DATAGRAM = 32 * 1024;

function synthesise() {
  const datagrams = [];
  let buf = Buffer.alloc(DATAGRAM);
  let off = 0;
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const gateway = KIND === 'gateway' || (KIND === 'mixed' && i % 2 === 1);
    const len = 16 + 12 + 8 + 8 + (gateway ? 8 + 8 + 8 : 0);
    if (off + len > DATAGRAM) {
      datagrams.push(buf.subarray(0, off));
      buf = Buffer.alloc(DATAGRAM);
      off = 0;
    }
    buf.writeUInt32LE(len, off);
    buf.writeUInt16LE(24, off + 4);
    buf.writeUInt16LE(2, off + 6); // RTM_NEWROUTE, NLM_F_MULTI
    const h = off + 16;
    buf[h] = 2;
    buf[h + 1] = 24;
    buf[h + 4] = gateway ? 100 : 254;
    buf[h + 5] = gateway ? 186 : 3;
    buf[h + 6] = 0;
    buf[h + 7] = gateway ? 1 : 6; // unicast / blackhole
    let a = h + 12;
    const attr = (type, value, be = false) => {
      buf.writeUInt16LE(8, a);
      buf.writeUInt16LE(type, a + 2);
      if (be) buf.writeUInt32BE(value >>> 0, a + 4);
      else buf.writeUInt32LE(value >>> 0, a + 4);
      a += 8;
    };
    attr(15, gateway ? 100 : 254); // RTA_TABLE
    attr(1, (0x0a000000 + (i << 8)) >>> 0, true); // RTA_DST 10.x.y.0/24 (wraps past 10/8 into 11/8.. for > 65536)
    if (gateway) {
      attr(6, 20); // RTA_PRIORITY
      attr(5, 0xc0a80001 + (i % 4), true); // RTA_GATEWAY: 4 distinct gateways
      attr(4, 2); // RTA_OIF
    }
    off += len;
    bytes += len;
  }
  datagrams.push(buf.subarray(0, off));
  return { datagrams, bytes };
}

/** Numeric-only walk: reads every header and attribute value, builds nothing. */
function baseline(datagrams) {
  let sum = 0;
  for (const d of datagrams) {
    for (let off = 0; off < d.length;) {
      const len = d.readUInt32LE(off);
      const end = off + len;
      sum += d[off + 17] + d[off + 20];
      for (let p = off + 28; p + 4 <= end;) {
        const alen = d[p] | (d[p + 1] << 8);
        sum += (d[p + 2] | (d[p + 3] << 8)) + d[p + 4] + d[p + 7];
        p += (alen + 3) & ~3;
      }
      off += (len + 3) & ~3;
    }
  }
  return sum;
}

function decodeAll(datagrams) {
  const out = [];
  for (const d of datagrams) {
    for (let off = 0; off < d.length;) {
      const len = d.readUInt32LE(off);
      out.push(decodeRoute(d, off, len));
      off += (len + 3) & ~3;
    }
  }
  return out;
}

function time(name, fn, runs = 5) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    result = undefined;
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} min ${times[0].toFixed(1).padStart(7)} ms   median ${times[runs >> 1].toFixed(1).padStart(7)} ms`);
  return result;
}

const { datagrams, bytes } = synthesise();
console.log(`${COUNT} routes (${KIND}), ${(bytes / 1e6).toFixed(1)} MB in ${datagrams.length} datagrams; node ${process.version}`);
time('baseline (numeric walk, no objects)', () => baseline(datagrams));
const routes = time('decodeRoute → Route[]', () => decodeAll(datagrams));
console.log(`sample: ${JSON.stringify(routes[1])}`);
console.log(`heap used after decode: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

/** decodeRoute without keeping the objects: the decoding cost without old-generation promotion. */
function decodeDiscard(datagrams) {
  let n = 0;
  for (const d of datagrams) {
    for (let off = 0; off < d.length;) {
      const len = d.readUInt32LE(off);
      n += decodeRoute(d, off, len).dstLen;
      off += (len + 3) & ~3;
    }
  }
  return n;
}
time('decodeRoute, objects not kept', () => decodeDiscard(datagrams));
