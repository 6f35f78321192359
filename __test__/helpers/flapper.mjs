// A flapper: another process that keeps changing a namespace while a test works in it, with a
// sequence of changes the test knows exactly. It runs whole cycles of `ip -n NS -batch` commands
// until the test stops it (or `maxCycles`), and reports how many cycles it completed, so the test
// can tell precisely which changes were made.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Starts `ip -n ns -batch` cycles in a shell loop. `cycle` is the batch lines of every cycle, or
 * `(i) => lines` for cycles that differ (generated up front, so the whole sequence is known
 * before it starts). Returns
 *   started: resolves once the first cycle is complete (the flapper is really running),
 *   stop():  asks it to finish the cycle it is in and exit; resolves to the number of completed
 *            cycles (0..maxCycles); rejects if a command failed.
 * The shell checks for a stop file before each cycle, so a stopped flapper never leaves a cycle
 * half done; `t.teardown` stops it if the test did not.
 */
export function startFlapper(t, ns, cycle, { maxCycles = 1000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nlr-flap-'))
  const same = typeof cycle !== 'function'
  if (same) writeFileSync(join(dir, 'cycle.batch'), cycle.join('\n') + '\n')
  else for (let i = 0; i < maxCycles; i++) writeFileSync(join(dir, `${i}.batch`), cycle(i).join('\n') + '\n')
  const batchFile = same ? `${dir}/cycle.batch` : `${dir}/$i.batch`
  const stopFile = join(dir, 'stop')
  // `set -e`: a failing batch ends the loop with a non-zero status, which stop() reports.
  const script = `set -e
i=0
while [ "$i" -lt ${maxCycles} ] && [ ! -e '${stopFile}' ]; do
  ip -n '${ns}' -batch "${batchFile}"
  i=$((i + 1))
  echo "$i"
done`
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  let completed = 0
  let stderr = ''
  let onStarted
  const started = new Promise((resolve) => (onStarted = resolve))
  child.stdout.setEncoding('utf8')
  let pending = ''
  child.stdout.on('data', (chunk) => {
    // The shell prints the count after each cycle; a chunk may end inside a line.
    const lines = (pending + chunk).split('\n')
    pending = lines.pop()
    if (lines.length === 0) return
    completed = Number(lines[lines.length - 1])
    onStarted()
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  // If the flapper ends without completing a cycle, `started` must not wait forever.
  exited.then(() => onStarted())
  let stopping = null
  const stop = () => {
    stopping ??= (async () => {
      writeFileSync(stopFile, '')
      const { code, signal } = await exited
      rmSync(dir, { recursive: true, force: true })
      if (code !== 0) throw new Error(`flapper in ${ns} failed (code ${code}, signal ${signal}) after ${completed} cycles: ${stderr.trim()}`)
      return completed
    })()
    return stopping
  }
  t.teardown(() => stop().catch(() => {}))
  return {
    started,
    stop,
    get completed() {
      return completed
    },
  }
}

/** Runs `ip -n ns -batch -` in a child process without blocking the event loop; resolves when it exits cleanly. */
export function ipBatchAsync(ns, lines) {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['-n', ns, '-batch', '-'], { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ip -n ${ns} -batch failed with code ${code}: ${stderr.trim()}`))))
    child.stdin.end(lines.join('\n') + '\n')
  })
}
