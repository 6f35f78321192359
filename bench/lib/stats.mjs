/**
 * bench/lib/stats.mjs — owns the arithmetic of the benchmark: median/min/max over counted runs,
 * ratios, and human formatting of durations and sizes.
 */

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function min(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? Math.min(...v) : null;
}

export function max(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? Math.max(...v) : null;
}

/** Summary of counted runs: seconds (median/min/max), peak RSS (max over runs), latencies. */
export function summarize(runs) {
  const seconds = runs.map((r) => r.seconds);
  return {
    runs: runs.length,
    median: median(seconds),
    min: min(seconds),
    max: max(seconds),
    rssKb: max(runs.map((r) => r.rssKb)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    lost: max(runs.map((r) => r.lost)),
    overflows: max(runs.map((r) => r.overflows)),
  };
}

export function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null;
}

export function fmtSeconds(s) {
  if (s === null || s === undefined) return '—';
  if (s < 1e-3) return `${(s * 1e6).toFixed(s < 1e-5 ? 2 : 1)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(s < 0.01 ? 2 : 1)} ms`;
  return `${s.toFixed(s < 10 ? 2 : 1)} s`;
}

export function fmtRss(kb) {
  if (kb === null || kb === undefined) return '—';
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GiB` : `${(kb / 1024).toFixed(1)} MiB`;
}

export function fmtRatio(r) {
  if (r === null || r === undefined) return '—';
  return `${r < 10 ? r.toFixed(2) : r.toFixed(0)}x`;
}

export function fmtCount(n) {
  if (n === null || n === undefined) return '—';
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}M`;
  if (n >= 1e3 && n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}
