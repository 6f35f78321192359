/**
 * bench/runners/netlink-npm.mjs — runner for the `netlink` npm package (node_netlink 0.3.0).
 * It cannot enter a namespace itself, so the harness starts it with `ip netns exec NS node ...`.
 * Usage: node netlink-npm.mjs --workload W [--prefix P] [--table T] [--requests N]
 *        [--list FILE] [--count N] [--window W]   → one JSON line (see common.mjs).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { parseArgs, runMain, unavailable, now, readRouteList, roundTrips, pipelined, burstControl } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = parseArgs();

function load() {
  const require = createRequire(join(root, 'package.json'));
  try {
    const netlink = require('netlink');
    const version = require('netlink/package.json').version;
    return { netlink, version };
  } catch (err) {
    throw unavailable(`cannot load the netlink npm package: ${err.message.split('\n')[0]}`);
  }
}

function inPrefix(msg, netInt, plen) {
  const dst = msg.attrs.dst;
  if (!dst || msg.data.dstLen < plen) return false;
  const addr = ((dst[0] << 24) | (dst[1] << 16) | (dst[2] << 8) | dst[3]) >>> 0;
  const mask = plen === 0 ? 0 : (~0 << (32 - plen)) >>> 0;
  return (addr & mask) >>> 0 === netInt;
}

function parsePrefix(text) {
  const [addr, len] = text.split('/');
  const n = addr.split('.').reduce((acc, o) => ((acc << 8) | Number(o)) >>> 0, 0);
  return [n, Number(len)];
}

async function main() {
  const { netlink, version } = load();
  const sock = netlink.createRtNetlink();
  const api = (name) => ({ version, api: name });
  switch (args.workload) {
    case 'default_scan': {
      const t0 = now();
      const routes = await sock.getRoutes({ family: 2 });
      const defaults = routes.filter((r) => r.data.dstLen === 0 && r.data.type === 'UNICAST');
      return { seconds: now() - t0, count: defaults.length, ...api('getRoutes({family:2}) + filter dstLen 0 (no default-route call)') };
    }
    case 'dump': {
      const t0 = now();
      const routes = await sock.getRoutes({ family: 2 });
      return { seconds: now() - t0, count: routes.length, ...api('getRoutes({family:2})') };
    }
    case 'stream_scan': {
      const [net, plen] = parsePrefix(args.prefix);
      const t0 = now();
      const routes = await sock.getRoutes({ family: 2 });
      const count = routes.filter((r) => inPrefix(r, net, plen)).length;
      return { seconds: now() - t0, count, ...api('getRoutes() then filter (no streaming API)') };
    }
    case 'table_dump': {
      const t0 = now();
      const routes = await sock.getRoutes({ family: 2, table: args.table }, { table: args.table });
      const count = routes.filter((r) => (r.attrs.table ?? r.data.table) === args.table).length;
      return { seconds: now() - t0, count, ...api('getRoutes({table}) (no strict check: user-space filter)') };
    }
    case 'link_get': {
      const r = await roundTrips(args.requests, () => sock.getLink({ index: 1 }));
      return { ...r, ...api('getLink({index:1})') };
    }
    case 'adds': {
      const routes = readRouteList(args.list);
      const t0 = now();
      await pipelined(routes, args.window, (r) => {
        const [addr] = r.dst.split('/');
        return sock.newRoute(
          { family: 2, dstLen: 24, table: r.table < 256 ? r.table : 0, protocol: 'BOOT', scope: 'UNIVERSE', type: 'UNICAST' },
          { dst: Buffer.from(addr.split('.').map(Number)), gateway: Buffer.from(r.gateway.split('.').map(Number)), table: r.table },
          { flags: netlink.FlagsNew.CREATE | netlink.FlagsNew.EXCL },
        );
      });
      return { seconds: now() - t0, count: routes.length, ...api(`newRoute() pipelined, ${args.window} in flight`) };
    }
    case 'burst': {
      const ctl = burstControl({ expect: args.count, idle: args.idle });
      let invalid = 0;
      sock.addMembership('IPV4_ROUTE');
      sock.on('message', (msgs) => {
        for (const m of msgs) if (m.kind === 'route' && m.data.family === 2) ctl.event();
      });
      sock.on('invalid', () => invalid++);
      ctl.ready();
      await ctl.finished;
      return ctl.result({ overflows: null, invalid, ...api("addMembership('IPV4_ROUTE') + 'message' events") });
    }
    default:
      throw unavailable(`no ${args.workload} workload`);
  }
}

runMain(main);
