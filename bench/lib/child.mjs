/**
 * bench/lib/child.mjs — owns running one contender as a child process for one measured run:
 * wraps it in `/usr/bin/time -f %M` (peak RSS of the process tree's largest process, in KiB)
 * when present, puts it in its own process group (so a timeout or Ctrl-C ends exactly that
 * group), enforces a timeout, drives the burst protocol (wait for READY on stderr, run the
 * adder, write "done" on stdin), and parses the ONE JSON result line.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const active = new Set();
let serial = 0;

/** Kills the process groups of every child still running (used on Ctrl-C / fatal errors). */
export function killActiveChildren() {
  for (const pid of active) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
  active.clear();
}

/**
 * Runs `argv` and resolves to {ok, result, error, rssKbOuter, wallSeconds}.
 * `burst`: async function(child) called after the child printed READY on stderr; when it
 * resolves, "done\n" is written to the child's stdin.
 */
export function runChild(argv, { timeoutSeconds = 600, scratch, burst = null, cwd } = {}) {
  return new Promise((resolve) => {
    const timeFile = TIME_BIN ? join(scratch, `time-${process.pid}-${++serial}.txt`) : null;
    const full = TIME_BIN ? [TIME_BIN, '-f', '%M', '-o', timeFile, ...argv] : argv;
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true, cwd });
    active.add(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let burstError = null;
    let readySeen = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutSeconds * 1000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (burst && !readySeen && stderr.includes('READY')) {
        readySeen = true;
        burst(child).then(
          () => child.stdin.write('done\n'),
          (err) => {
            burstError = err;
            child.stdin.write('done\n');
          },
        );
      }
    });
    child.stdin.on('error', () => {});
    if (!burst) child.stdin.end();
    child.on('error', (err) => {
      clearTimeout(timer);
      active.delete(child.pid);
      resolve({ ok: false, error: `cannot start ${argv[0]}: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      active.delete(child.pid);
      const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let rssKbOuter = null;
      if (timeFile && existsSync(timeFile)) {
        const m = readFileSync(timeFile, 'utf8').match(/(\d+)\s*$/);
        rssKbOuter = m ? Number(m[1]) : null;
        unlinkSync(timeFile);
      }
      const line = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop();
      let result = null;
      try {
        result = line ? JSON.parse(line) : null;
      } catch {}
      const tail = (
        stderr
          .replace(/READY\n?/g, '')
          .trim()
          .split('\n')
          .filter(Boolean)
          .pop() || ''
      ).slice(0, 300);
      let error = null;
      if (timedOut) error = `timed out after ${timeoutSeconds} s`;
      else if (burstError) error = `burst adder failed: ${burstError.message}`;
      else if (result?.error) error = result.error;
      else if (!result) error = `exit ${code ?? signal}${tail ? `: ${tail}` : ''} (no result line)`;
      else if (code !== 0) error = `exit ${code ?? signal}`;
      resolve({ ok: !error, result, error, unavailable: Boolean(result?.unavailable), rssKbOuter, wallSeconds, stderrTail: tail });
    });
  });
}
