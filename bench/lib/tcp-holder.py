#!/usr/bin/env python3
"""Opens and holds established TCP connections over loopback, for the diag_scan workload.

Run inside the benchmark namespace (`ip netns exec NS python3 tcp-holder.py --count N`): raises
its open-file limit to its hard limit, which must fit both ends of N connections (the harness
starts as many holders as that takes: a hard limit root may not raise, in a container, is common),
listens on 127.0.0.1 (one port per 20k connections, so the ephemeral ports of one destination
never run out), connects N clients
without blocking and accepts them as they come, then prints `READY <established sockets>` and
holds everything until its stdin closes. The namespace's sysctls (somaxconn, the SYN backlog, the
local port range) are the harness's to set before it starts.
"""
import argparse
import resource
import select
import socket
import sys
import time

PER_PORT = 20000


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--count', type=int, required=True)
    p.add_argument('--port', type=int, default=500)
    args = p.parse_args()
    need = 2 * args.count + 64
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard != resource.RLIM_INFINITY and hard < need:
        sys.exit(f'{args.count} connections need {need} open files; the hard limit is {hard}')
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    listeners = []
    for i in range((args.count + PER_PORT - 1) // PER_PORT):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('127.0.0.1', args.port + i))
        s.listen(65535)
        s.setblocking(False)
        listeners.append(s)

    clients, accepted = [], []

    def drain():
        for s in listeners:
            while True:
                try:
                    conn, _ = s.accept()
                except BlockingIOError:
                    break
                accepted.append(conn)

    for i in range(args.count):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(('127.0.0.1', args.port + i // PER_PORT))
        clients.append(c)
        if i % 256 == 255:
            drain()
    deadline = time.monotonic() + 120
    while len(accepted) < args.count:
        if time.monotonic() > deadline:
            sys.exit(f'only {len(accepted)} of {args.count} connections accepted')
        select.select(listeners, [], [], 0.5)
        drain()
    print(f'READY {len(accepted) + len(clients)}', flush=True)
    sys.stdin.read()


if __name__ == '__main__':
    main()
