// Type tests: compiles __test__/types (expect-type assertions over the public API, as an ESM .mts and a
// CJS .cts with a user's strict nodenext tsconfig) against dist/*.d.ts through package.json "exports".
// A public type that drifts from what those files expect fails here, and so fails `npm test`.
// Needs `npm run build:ts` first (npm test builds).
import test from 'ava'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const project = fileURLToPath(new URL('./types', import.meta.url))

test('the public declarations satisfy the type tests (tsc -p __test__/types)', (t) => {
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project, '--listFiles'], { encoding: 'utf8', timeout: 110_000 })
  t.is(tsc.error, undefined)
  const errors = tsc.stdout.split('\n').filter((line) => /error TS\d+/.test(line))
  t.deepEqual(errors, [], 'type errors')
  t.is(tsc.status, 0, tsc.stderr)
  // The declarations come from dist/ through the package's own name, not from src/.
  const files = tsc.stdout.split('\n')
  t.true(
    files.some((f) => f.endsWith('/dist/index.d.ts')),
    'compiled against dist/index.d.ts',
  )
  t.false(
    files.some((f) => /\/src\/.*\.ts$/.test(f)),
    'no TypeScript sources pulled in',
  )
})
