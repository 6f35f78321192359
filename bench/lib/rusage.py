#!/usr/bin/env python3
"""bench/lib/rusage.py — runs ONE command and reports what it cost, for bench/lib/startup.mjs.

Usage: rusage.py RESULT_FILE COMMAND [ARGS...]
The command inherits stdin/stdout/stderr; when it has exited, RESULT_FILE gets one JSON line:
{"wall": seconds from fork to exit, "cpu": user + system seconds of the command (its threads and
children it waited for, from wait4's rusage, microsecond resolution), "maxrssKb": peak RSS,
"status": exit status or -signal}. CPU time is the figure that stays comparable on a loaded
machine: wall time there also counts the time other processes held the cores.
"""
import json
import os
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as err:
        sys.stderr.write(f"cannot start {argv[0]}: {err}\n")
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
code = os.waitstatus_to_exitcode(status)
with open(out, "w") as f:
    f.write(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrssKb": ru.ru_maxrss, "status": code}) + "\n")
sys.exit(code if code >= 0 else 1)
