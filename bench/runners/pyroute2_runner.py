#!/usr/bin/env python3
"""Benchmark runner for the pyroute2 peers of nlroute's benchmark harness.

Runs inside the benchmark namespace (the harness starts it with `ip netns exec NS`), performs one
workload, and prints ONE JSON line: {"seconds": S, "count": N, "rssKbSelf": K, ...}, or
{"error": "..."} with exit status 1. `--api sync` uses pyroute2.IPRoute, `--api async` uses
pyroute2.AsyncIPRoute (pyroute2 >= 0.9).

Workloads: default_scan, dump, stream_scan, table_dump, link_get, adds, burst, diag_scan (sync:
pyroute2.DiagSocket).
"""
import argparse
import asyncio
import errno
import ipaddress
import json
import os
import socket
import sys
import time


def peak_rss_kb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return 0


def emit(result):
    import pyroute2

    result['rssKbSelf'] = peak_rss_kb()
    result['version'] = pyroute2.__version__
    print(json.dumps(result), flush=True)


def fail(message):
    print(json.dumps({'error': message}), flush=True)
    sys.exit(1)


def read_batch(path):
    routes = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                routes.append({'dst': parts[0], 'gateway': parts[1], 'table': int(parts[2])})
    return routes


def in_prefix(route, net):
    dst = route.get('dst') or route.get_attr('RTA_DST')
    if dst is None:
        return False
    plen = route['dst_len']
    if plen < net.prefixlen:
        return False
    return ipaddress.ip_address(dst) in net


def is_default(route):
    return route['dst_len'] == 0


TCP_ESTABLISHED = 1


def diag_scan():
    from pyroute2 import DiagSocket

    with DiagSocket() as ds:
        ds.bind()
        t0 = time.perf_counter()
        n = 0
        for family in (socket.AF_INET, socket.AF_INET6):
            n += len(ds.get_sock_stats(family=family, states=1 << TCP_ESTABLISHED))
        secs = time.perf_counter() - t0
    return {'seconds': secs, 'count': n, 'api': 'DiagSocket.get_sock_stats(family=AF_INET and AF_INET6, states=1<<TCP_ESTABLISHED)'}


def run_sync(args):
    from pyroute2 import IPRoute, config

    if args.workload == 'diag_scan':
        return diag_scan()

    if args.workload == 'stream_scan':
        config.nlm_generator = True  # get_routes() becomes a generator instead of a tuple
    strict = args.workload == 'table_dump'
    with IPRoute(strict_check=strict) as ipr:
        w = args.workload
        if w == 'default_scan':
            t0 = time.perf_counter()
            routes = list(ipr.get_default_routes(family=socket.AF_INET))
            secs = time.perf_counter() - t0
            return {'seconds': secs, 'count': len(routes), 'api': 'IPRoute.get_default_routes(family=AF_INET)'}
        if w == 'dump':
            t0 = time.perf_counter()
            routes = ipr.get_routes(family=socket.AF_INET)
            secs = time.perf_counter() - t0
            return {'seconds': secs, 'count': len(routes), 'api': 'IPRoute.get_routes(family=AF_INET)'}
        if w == 'stream_scan':
            net = ipaddress.ip_network(args.prefix)
            t0 = time.perf_counter()
            n = 0
            for route in ipr.get_routes(family=socket.AF_INET):
                if in_prefix(route, net):
                    n += 1
            secs = time.perf_counter() - t0
            return {'seconds': secs, 'count': n, 'api': 'IPRoute.get_routes() with config.nlm_generator=True'}
        if w == 'table_dump':
            t0 = time.perf_counter()
            routes = ipr.get_routes(family=socket.AF_INET, table=args.table)
            secs = time.perf_counter() - t0
            return {'seconds': secs, 'count': len(routes), 'api': 'IPRoute(strict_check=True).get_routes(table=T)'}
        if w == 'link_get':
            lat = []
            t0 = time.perf_counter()
            for _ in range(args.requests):
                t = time.perf_counter()
                ipr.link('get', index=1)
                lat.append(time.perf_counter() - t)
            secs = time.perf_counter() - t0
            lat.sort()
            return {'seconds': secs, 'count': len(lat), 'p50': lat[len(lat) // 2], 'p99': lat[int((len(lat) - 1) * 0.99)], 'api': "IPRoute.link('get', index=1)"}
        if w == 'adds':
            routes = read_batch(args.batch)
            t0 = time.perf_counter()
            for r in routes:
                ipr.route('add', **r)
            secs = time.perf_counter() - t0
            return {'seconds': secs, 'count': len(routes), 'api': "IPRoute.route('add') sequential"}
        if w == 'burst':
            return burst_sync(ipr, args)
    return None


def burst_sync(ipr, args):
    """Counts IPv4 RTM_NEWROUTE events with blocking get() calls. pyroute2 buffers messages
    internally, so select() on its socket is no use: a watchdog thread ends the run instead,
    once stdin said "done" and no event came for --idle seconds."""
    import threading

    state = {'n': 0, 'overflows': 0, 'first': None, 'last': None, 'done_at': None}
    finished = threading.Lock()

    def finish():
        if not finished.acquire(blocking=False):
            return
        secs = (state['last'] - state['first']) if state['first'] is not None else 0.0
        note = {'note': 'after ENOBUFS, get() raised it again on every call and delivered no further event'} if state.get('stuck') else {}
        emit({**note, 'seconds': secs, 'count': state['n'], 'lost': args.count - state['n'], 'overflows': state['overflows'], 'stuckAfterOverflow': state.get('stuck', False), 'api': 'IPRoute.bind() + get() (blocking)'})
        sys.stdout.flush()
        os._exit(0)

    def watch_stdin():
        for line in sys.stdin:
            if line.strip() == 'done':
                break
        state['done_at'] = time.monotonic()

    def watchdog():
        while True:
            time.sleep(0.05)
            if state['done_at'] is None:
                continue
            quiet_since = max(state['done_at'], state['last_mono'] if 'last_mono' in state else 0)
            if time.monotonic() - quiet_since > args.idle:
                finish()

    ipr.bind()
    threading.Thread(target=watch_stdin, daemon=True).start()
    threading.Thread(target=watchdog, daemon=True).start()
    sys.stderr.write('READY\n')
    sys.stderr.flush()
    in_a_row = 0
    while state['n'] < args.count:
        try:
            msgs = ipr.get()
            in_a_row = 0
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                state['overflows'] += 1
                in_a_row += 1
                if in_a_row >= 1000:
                    # get() keeps raising the same ENOBUFS: the socket delivers nothing more.
                    state['stuck'] = True
                    while True:
                        time.sleep(1)
                continue
            raise
        for m in msgs:
            if m.get('event') == 'RTM_NEWROUTE' and m['family'] == socket.AF_INET:
                t = time.perf_counter()
                if state['first'] is None:
                    state['first'] = t
                state['n'] += 1
                state['last'] = t
                state['last_mono'] = time.monotonic()
    finish()


async def run_async(args):
    from pyroute2 import AsyncIPRoute

    strict = args.workload == 'table_dump'
    async with AsyncIPRoute(strict_check=strict) as ipr:
        w = args.workload
        if w == 'default_scan':
            t0 = time.perf_counter()
            routes = [r async for r in await ipr.get_default_routes(family=socket.AF_INET)]
            return {'seconds': time.perf_counter() - t0, 'count': len(routes), 'api': 'AsyncIPRoute.get_default_routes(family=AF_INET)'}
        if w == 'dump':
            t0 = time.perf_counter()
            routes = [r async for r in await ipr.get_routes(family=socket.AF_INET)]
            return {'seconds': time.perf_counter() - t0, 'count': len(routes), 'api': 'AsyncIPRoute.get_routes(family=AF_INET)'}
        if w == 'stream_scan':
            net = ipaddress.ip_network(args.prefix)
            t0 = time.perf_counter()
            n = 0
            async for route in await ipr.get_routes(family=socket.AF_INET):
                if in_prefix(route, net):
                    n += 1
            return {'seconds': time.perf_counter() - t0, 'count': n, 'api': 'async for over AsyncIPRoute.get_routes()'}
        if w == 'table_dump':
            t0 = time.perf_counter()
            routes = [r async for r in await ipr.get_routes(family=socket.AF_INET, table=args.table)]
            return {'seconds': time.perf_counter() - t0, 'count': len(routes), 'api': 'AsyncIPRoute(strict_check=True).get_routes(table=T)'}
        if w == 'link_get':
            lat = []
            t0 = time.perf_counter()
            for _ in range(args.requests):
                t = time.perf_counter()
                reply = await ipr.link('get', index=1)
                if hasattr(reply, '__aiter__'):
                    [x async for x in reply]
                lat.append(time.perf_counter() - t)
            secs = time.perf_counter() - t0
            lat.sort()
            return {'seconds': secs, 'count': len(lat), 'p50': lat[len(lat) // 2], 'p99': lat[int((len(lat) - 1) * 0.99)], 'api': "AsyncIPRoute.link('get', index=1)"}
        if w == 'adds':
            routes = read_batch(args.batch)
            window = args.window
            t0 = time.perf_counter()
            for i in range(0, len(routes), window):
                await asyncio.gather(*(ipr.route('add', **r) for r in routes[i:i + window]))
            return {'seconds': time.perf_counter() - t0, 'count': len(routes), 'api': f"AsyncIPRoute.route('add') gathered in windows of {window}"}
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--netns', default='')
    p.add_argument('--workload', required=True)
    p.add_argument('--api', choices=['sync', 'async'], default='sync')
    p.add_argument('--prefix', default='16.1.0.0/16')
    p.add_argument('--table', type=int, default=100)
    p.add_argument('--count', type=int, default=0)
    p.add_argument('--requests', type=int, default=10000)
    p.add_argument('--batch', default='')
    p.add_argument('--window', type=int, default=1000)
    p.add_argument('--idle', type=float, default=3.0)
    args = p.parse_args()
    try:
        result = run_sync(args) if args.api == 'sync' else asyncio.run(run_async(args))
    except Exception as e:  # reported, not hidden: the table shows the reason
        fail(f'{type(e).__name__}: {e}')
    if result is None:
        fail(f'unsupported workload {args.workload} for api {args.api}')
    emit(result)


if __name__ == '__main__':
    main()
