#!/usr/bin/env node
// Keeps the platform packages (npm/<target>/) and the main package's optionalDependencies in step with
// package.json, the one place their facts live: version, license, engines and description come from it,
// the targets from its `napi.targets` (named by @napi-rs/cli's parseTriple, as napi-rs names them).
//
//   node scripts/version.mjs          write npm/<target>/package.json + README.md and optionalDependencies
//   node scripts/version.mjs --check  change nothing; list what is out of step and exit 1 if anything is
//
// npm runs it as the `version` lifecycle script (`npm version patch` bumps package.json, then this moves
// every platform package and optionalDependency to the same version, and stages them for npm's commit).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseTriple } from '@napi-rs/cli'

const root = fileURLToPath(new URL('..', import.meta.url))
const check = process.argv.includes('--check')
const LIBC = { gnu: 'glibc', musl: 'musl' }

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))
const json = (value) => `${JSON.stringify(value, null, 2)}\n`

/** The package.json and README of each platform package, as they must be. */
function platformPackages(main) {
  return main.napi.targets.map((triple) => {
    const { platformArchABI, platform, arch, abi } = parseTriple(triple)
    const binary = `${main.napi.binaryName}.${platformArchABI}.node`
    const manifest = {
      name: `${main.name}-${platformArchABI}`,
      version: main.version,
      cpu: [arch],
      main: binary,
      files: [binary],
      description: main.description,
      license: main.license,
      engines: main.engines,
      os: [platform],
      ...(LIBC[abi] ? { libc: [LIBC[abi]] } : {}),
      ...(main.repository ? { repository: main.repository } : {}),
      ...(main.publishConfig ? { publishConfig: main.publishConfig } : {}),
    }
    const readme =
      `# \`${manifest.name}\`\n\nThe **${triple}** binary of [\`${main.name}\`](https://www.npmjs.com/package/${main.name}). ` +
      `Install \`${main.name}\`, not this package: npm picks the platform package that fits from its optionalDependencies.\n`
    return { dir: join('npm', platformArchABI), manifest, readme }
  })
}

const mainPath = join(root, 'package.json')
const main = readJson(mainPath)
const packages = platformPackages(main)
const drift = []
const changed = []

function put(relative, text) {
  const path = join(root, relative)
  const now = existsSync(path) ? readFileSync(path, 'utf8') : null
  if (now === text) return
  if (check) {
    drift.push(now === null ? `${relative} is missing` : `${relative} differs from what package.json says`)
    return
  }
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  changed.push(relative)
}

for (const { dir, manifest, readme } of packages) {
  put(join(dir, 'package.json'), json(manifest))
  put(join(dir, 'README.md'), readme)
}

const optional = Object.fromEntries(packages.map(({ manifest }) => [manifest.name, manifest.version]))
if (JSON.stringify(main.optionalDependencies ?? {}) !== JSON.stringify(optional)) {
  if (check) drift.push(`package.json optionalDependencies should be ${JSON.stringify(optional)}`)
  else {
    // Re-read just before writing: only this key changes, whatever else was edited meanwhile.
    const fresh = readJson(mainPath)
    fresh.optionalDependencies = optional
    writeFileSync(mainPath, json(fresh))
    changed.push('package.json')
  }
}

// The lockfile's root entry repeats optionalDependencies (npm sorts them by name); `npm ci` refuses a lock
// whose root disagrees with package.json, so it moves with them.
const lockPath = join(root, 'package-lock.json')
if (existsSync(lockPath)) {
  const sorted = Object.fromEntries(Object.entries(optional).sort(([a], [b]) => a.localeCompare(b)))
  const lock = readJson(lockPath)
  if (JSON.stringify(lock.packages?.['']?.optionalDependencies ?? {}) !== JSON.stringify(sorted)) {
    if (check) drift.push(`package-lock.json root optionalDependencies should be ${JSON.stringify(sorted)}`)
    else {
      lock.packages[''].optionalDependencies = sorted
      writeFileSync(lockPath, json(lock))
      changed.push('package-lock.json')
    }
  }
}

const expected = new Set(packages.map(({ dir }) => dir))
for (const entry of existsSync(join(root, 'npm')) ? readdirSync(join(root, 'npm')) : []) {
  if (!expected.has(join('npm', entry))) drift.push(`npm/${entry} is not in napi.targets (remove it or add its target)`)
}

if (check) {
  if (drift.length > 0) {
    console.error(`platform packages out of step with package.json:\n  ${drift.join('\n  ')}\nrun: node scripts/version.mjs`)
    process.exit(1)
  }
  console.log(`${packages.length} platform packages at ${main.version}: in step`)
} else {
  console.log(changed.length > 0 ? `updated ${changed.join(', ')}` : `${packages.length} platform packages at ${main.version}: in step`)
  // From `npm version`, stage what moved so npm's version commit carries it (skipped outside a git work tree).
  if (process.env.npm_lifecycle_event === 'version' && changed.length > 0 && insideGit()) {
    execFileSync('git', ['add', ...changed], { cwd: root, stdio: 'inherit' })
  }
}

function insideGit() {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' }).trim() === root.replace(/\/$/, '')
  } catch {
    return false
  }
}
