// The numbers of a kernel UAPI header (/usr/include/linux/*.h) read from the header itself, so
// tests hold a family's constants to the kernel's text rather than to a copy of them.
import { readFileSync } from 'node:fs'

/**
 * The `#define NAME number|"text"` lines and the enumerators of every enum of the header at
 * `path`: counted from 0, or `= number`, `= 1U << n`, or `= an earlier name`; anything else NaN.
 */
export function headerConstants(path) {
  const text = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
  const out = {}
  for (const [, name, value] of text.matchAll(/#define\s+(\w+)\s+(\d+|"[^"]*")\s*$/gm)) out[name] = value.startsWith('"') ? value.slice(1, -1) : Number(value)
  const valueOf = (expr) => {
    const shift = expr.match(/^1U?\s*<<\s*(\d+)$/)
    if (shift) return 2 ** Number(shift[1])
    if (/^(0x[0-9a-f]+|\d+)$/i.test(expr)) return Number(expr)
    return expr in out ? out[expr] : NaN
  }
  for (const [, body] of text.matchAll(/enum\s+\w+\s*\{([^}]*)\}/g)) {
    let next = 0
    for (const item of body
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [name, expr] = item.split('=').map((s) => s.trim())
      out[name] = expr === undefined ? next : valueOf(expr)
      next = out[name] + 1
    }
  }
  return out
}
