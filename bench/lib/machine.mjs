/**
 * bench/lib/machine.mjs — owns the machine description recorded with every result: CPU model
 * (/proc/cpuinfo), cores, memory, kernel, and the versions of node, rustc, go, python and ip.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

function version(cmd, args, pattern) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const text = `${r.stdout}${r.stderr}`.trim();
  const m = pattern ? text.match(pattern) : null;
  return m ? m[1] : text.split('\n')[0];
}

export function describeMachine() {
  let cpu = null;
  try {
    cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [])[1] ?? null;
  } catch {}
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    rustc: version('rustc', ['--version'], /rustc ([\w.-]+)/),
    go: version('go', ['env', 'GOVERSION']),
    python: version('python3', ['--version'], /Python ([\w.]+)/),
    iproute2: version('ip', ['-V'], /iproute2-([\w.]+)/),
  };
}
