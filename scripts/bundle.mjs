#!/usr/bin/env node
// Bundles what the package ships (run by `npm run build:ts`, after tsc wrote dist/):
//
//   dist/nlroute.js   the library's entry (the `require` entry and `main`): one CommonJS file with
//                     the modules that importing nlroute runs (and a few small helpers that
//                     several parts share, run only when first needed)
//   dist/nlroute-<part>.js
//                     the parts: the modules the library loads on first use (what the deferred
//                     tables src/iproute/lazy.ts and src/genl/lazy.ts name, sock_diag's codecs, the
//                     request engine), by folder (SPLIT below); dist/nlroute.js requires a part
//                     when a name of one of its modules is first read, never at import
//   dist/nlroute.mjs  the ESM entry: loads dist/nlroute.js through require and re-exports its names
//   dist/cli.js       the `nlroute` executable (src/cli/bin.ts): a few lines that load the next one
//                     through V8's code cache (src/cli/compile-cache.ts)
//   dist/cli-main.js  the command (src/cli/main.ts) with the whole library, one file: its code
//                     cache holds all that a run compiled, so parts would only add files to read
//   dist/testing.js   nlroute/testing (src/testing/), the fake kernel, WITHOUT the library: it
//                     requires ./nlroute.js at run time, so a socket opened on the fake is the main
//                     entry's own and its errors pass `instanceof` against what users import
//   dist/testing.mjs  the ESM entry of nlroute/testing, made as dist/nlroute.mjs is
//   dist/binding.d.ts the binding's generated declarations (src/binding.d.ts, written by
//                     `npm run build:native`), which dist/native.d.ts imports: tsc does not copy
//                     declaration files it only reads
//
// Why: loading is most of what importing nlroute costs (issue 8: at most 15 ms over `node -e 0`).
// Node pays per module (resolve, stat, read, wrap, compile), hence bundles; and V8 reads and
// pre-parses ALL of a file it compiles, deferred functions too, hence the parts: what importing
// does not run is not in the file it reads. A part is loaded whole on the first use of any of its
// modules, so parts follow what one call needs (a first route dump: the engine and the route part).
//
// One instance of every module: each module is bundled into exactly one file (checked after the
// build, a build error otherwise), so there is one ParseError, one NameTable, one state of each.
// A require of a module that lives in another file becomes a small module that takes it from that
// file's registry: a non-enumerable property under Symbol.for(REGISTRY) of the file's exports,
// mapping the module's path (relative to dist/) to a function that runs it once and returns its
// exports. The main bundle's registry sits on the library's own exports (Object.keys and the ESM
// entry do not see it). Which file a module is in: a module that importing the library runs is in
// dist/nlroute.js (found by requiring tsc's dist/index.js here and reading require.cache); any
// other by SPLIT, by its folder; a deferred module outside those folders (a helper) goes with its
// importers when they are all in one file, else into dist/nlroute.js.
//
// Two more things the import is spared, both checked by the build: the modules importing runs are
// compiled with dist/nlroute.js, not parsed a second time when they run (compileEagerly), and
// every file is pure ASCII, as Node reads a file with any other character (esbuild keeps the doc
// comments of class fields) as a two-byte string, slower to read and to compile.
//
// The ESM entry is its own small module because Node, importing a CommonJS file, first scans all
// of its source for export names (cjs-module-lexer), which for the whole bundle costs more than
// loading it; through require there is no scan, and both entries share one instance (no dual
// package hazard). Its export list is read from the bundle itself, so it cannot drift. The bundles
// are built from tsc's output, so they hold exactly the code the tests run against in dist/.
import { build, transformSync } from 'esbuild'
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const require = createRequire(import.meta.url)

/** The key (Symbol.for) of a bundle file's registry of modules other files use. */
const REGISTRY = 'nlroute.bundle.modules'
/** The library's bundle. */
const MAIN = 'nlroute.js'
/**
 * The parts: the files of deferred modules, by folder or file (paths relative to dist/; a folder
 * ends with '/'; the first that matches). A part is cut to what one first use runs, as all of it
 * is read then and its modules are compiled with it: the engine (the first socket), each rtnetlink
 * object kind (its first dump or change; route sync apart), sock_diag, each generic netlink family
 * (the core: family resolution through nlctrl).
 */
const SPLIT = {
  'nlroute-engine.js': ['engine.js', 'protocol/'],
  'nlroute-route-sync.js': ['iproute/route/sync.js'],
  'nlroute-route.js': ['iproute/route/'],
  'nlroute-link.js': ['iproute/link/'],
  'nlroute-address.js': ['iproute/address/'],
  'nlroute-neighbour.js': ['iproute/neighbour/'],
  'nlroute-rule.js': ['iproute/rule/'],
  'nlroute-nexthop.js': ['iproute/nexthop/'],
  'nlroute-diag.js': ['diag/'],
  'nlroute-ethtool.js': ['genl/ethtool/'],
  'nlroute-wireguard.js': ['genl/wireguard/'],
  'nlroute-nl80211.js': ['genl/nl80211/'],
  // With the helper that its nlctrl and two families' layouts share.
  'nlroute-genl.js': ['genl/', 'toolkit/nested-array.js'],
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The addon is found at run time (src/native.ts); package.json is read at run time by the loader.
  external: ['*.node'],
  // Every bundle sits in dist/, one level below package.json, as every module that finds the package
  // root from its own directory expects (src/native.ts).
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
  absWorkingDir: root,
}

copyFileSync(join(root, 'src', 'binding.d.ts'), join(dist, 'binding.d.ts'))

await buildLibrary()
await build({ ...common, entryPoints: [join(dist, 'cli', 'main.js')], outfile: join(dist, 'cli-main.js') })
await build({ ...common, entryPoints: [join(dist, 'cli', 'bin.js')], outfile: join(dist, 'cli.js') })
await build({ ...common, entryPoints: [join(dist, 'testing', 'index.js')], outfile: join(dist, 'testing.js'), plugins: [libraryOutside('testing')] })
for (const file of [MAIN, ...Object.keys(SPLIT), 'cli-main.js', 'cli.js', 'testing.js']) checkAscii(file)

/**
 * dist/nlroute.js and its parts (SPLIT): the module graph of tsc's dist/index.js, each module
 * placed in one file, each file bundled with the modules of other files taken from their registries.
 */
async function buildLibrary() {
  // Parts of an earlier build that SPLIT no longer names would otherwise be shipped.
  for (const name of readdirSync(dist)) if (/^nlroute-.+\.js$/.test(name) && !(name in SPLIT)) rmSync(join(dist, name))
  const entry = join(dist, 'index.js')
  require(entry)
  const eager = new Set(
    Object.keys(require.cache)
      .filter((path) => path.startsWith(`${dist}/`) && path.endsWith('.js'))
      .map((path) => relative(dist, path)),
  )
  // The whole graph (every module and what it requires), from a bundle of everything not written.
  const { metafile } = await build({ ...common, entryPoints: [entry], outfile: join(dist, MAIN), write: false, metafile: true })
  const importers = new Map()
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    importers.set(moduleOf(input), importers.get(moduleOf(input)) ?? [])
    for (const { path, external } of imports) if (!external) importers.set(moduleOf(path), [...(importers.get(moduleOf(path)) ?? []), moduleOf(input)])
  }
  const fileOf = placeModules([...importers.keys()], eager, importers)
  // What each file's registry offers: its modules that a module of another file requires.
  const offered = new Map([MAIN, ...Object.keys(SPLIT)].map((file) => [file, new Set()]))
  for (const [module, by] of importers) if (by.some((importer) => fileOf.get(importer) !== fileOf.get(module))) offered.get(fileOf.get(module)).add(module)
  for (const [file, modules] of offered) {
    const registry = `Object.defineProperty(${file === MAIN ? 'library' : 'exports'}, Symbol.for(${JSON.stringify(REGISTRY)}), {\n  value: {\n${[...modules]
      .sort()
      .map((module) => `    ${JSON.stringify(module)}: () => require(${JSON.stringify(`./${module}`)}),`)
      .join('\n')}\n  },\n})\n`
    const contents = file === MAIN ? `const library = require('./index.js')\n${registry}module.exports = library\n` : registry
    const result = await build({
      ...common,
      stdin: { contents, resolveDir: dist, sourcefile: `<registry of ${file}>`, loader: 'js' },
      outfile: join(dist, file),
      metafile: true,
      plugins: [otherFiles(file, fileOf)],
    })
    const bundled = Object.keys(result.metafile.inputs)
      .filter((input) => input.startsWith('dist/') && input.endsWith('.js'))
      .map(moduleOf)
    const expected = [...fileOf].filter(([, home]) => home === file).map(([module]) => module)
    const wrong = [...bundled.filter((m) => fileOf.get(m) !== file), ...expected.filter((m) => !bundled.includes(m)).map((m) => `(missing) ${m}`)]
    if (wrong.length > 0)
      throw new Error(`dist/${file}: modules bundled that belong elsewhere, or missing (each module must be in exactly one file): ${wrong.join(', ')}`)
    // The main bundle's modules that importing runs; a part's, all of them (see SPLIT).
    compileEagerly(file, new Set(file === MAIN ? eager : expected))
  }
}

/**
 * Has V8 compile `modules` of dist/<file> with the file, not when each is first called: esbuild
 * writes a module as a method (`"dist/x.js"(exports) { ... }`), which V8 pre-parses with the file
 * and parses again when it runs, while a function in parentheses it compiles at once (its
 * heuristic for functions called right away). The same code, read once: about a tenth of what
 * importing costs. Only modules that run when their file loads (the main bundle's that importing
 * runs; a part's, see SPLIT): compiling others would be paid for nothing. Fails the build when
 * esbuild's layout is not found for one of them, or when the result does not parse.
 */
function compileEagerly(file, modules) {
  const path = join(dist, file)
  const lines = readFileSync(path, 'utf8').split('\n')
  const done = new Set()
  for (let i = 1; i < lines.length; i++) {
    const head = /^  "(dist\/[^"]+)"\(([\w, ]*)\) \{$/.exec(lines[i])
    if (head === null || !/^var \w+ = __commonJS\(\{$/.test(lines[i - 1]) || !modules.has(moduleOf(head[1]))) continue
    // The method's body is indented further, so its end is the first line `  }` before `});`.
    let end = i + 1
    while (end < lines.length - 1 && !(lines[end] === '  }' && lines[end + 1] === '});')) end++
    if (end === lines.length - 1) throw new Error(`dist/${file}: the end of ${head[1]} is not where esbuild puts it`)
    lines[i] = `  "${head[1]}": (function(${head[2]}) {`
    lines[end] = '  })'
    done.add(moduleOf(head[1]))
  }
  const missed = [...modules].filter((module) => !done.has(module))
  if (missed.length > 0) throw new Error(`dist/${file}: esbuild's module layout not found for ${missed.join(', ')}`)
  const source = lines.join('\n')
  transformSync(source, { loader: 'js', format: 'cjs', logLevel: 'silent' })
  writeFileSync(path, source)
}

/** A module's path relative to dist/, from an esbuild input path (relative to the repository). */
function moduleOf(input) {
  return relative(dist, resolve(root, input))
}

/** The file of each module (see the header): eager ones in MAIN, the others by SPLIT or their importers. */
function placeModules(modules, eager, importers) {
  const fileOf = new Map()
  for (const module of modules) {
    if (eager.has(module)) fileOf.set(module, MAIN)
    else {
      const file = Object.keys(SPLIT).find((name) => SPLIT[name].some((prefix) => (prefix.endsWith('/') ? module.startsWith(prefix) : module === prefix)))
      if (file !== undefined) fileOf.set(module, file)
    }
  }
  // Helpers: with their importers' file when they share one; a helper of helpers waits for theirs.
  for (let placed = true; placed;) {
    placed = false
    for (const module of modules) {
      if (fileOf.has(module)) continue
      const files = new Set(importers.get(module).map((importer) => fileOf.get(importer)))
      if (files.has(undefined)) continue
      fileOf.set(module, files.size === 1 ? [...files][0] : MAIN)
      placed = true
    }
  }
  for (const module of modules) if (!fileOf.has(module)) fileOf.set(module, MAIN)
  return fileOf
}

/**
 * The plugin that keeps a file to its own modules: a require of a module placed in another file
 * becomes a module that takes that one from the other file's registry (the file required beside
 * this one at run time, when the require runs).
 */
function otherFiles(file, fileOf) {
  const inner = Symbol('resolving')
  return {
    name: `other-files-of-${file}`,
    setup(plugin) {
      plugin.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.pluginData === inner) return undefined
        if (args.namespace === 'other-file') return { path: args.path, external: true }
        const resolved = await plugin.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: inner })
        if (resolved.errors.length > 0 || resolved.external) return resolved
        const module = relative(dist, resolved.path)
        const home = fileOf.get(module)
        if (home === undefined) return { errors: [{ text: `${args.path} (from ${args.importer}): not a module of the library's graph` }] }
        if (home === file) return { path: resolved.path }
        return { path: module, namespace: 'other-file', pluginData: home }
      })
      plugin.onLoad({ filter: /.*/, namespace: 'other-file' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${args.pluginData}`)})[Symbol.for(${JSON.stringify(REGISTRY)})][${JSON.stringify(args.path)}]()\n`,
        resolveDir: dist,
        loader: 'js',
      }))
    },
  }
}

/** Fails the build when dist/<file> holds a character that is not ASCII (see the header), naming its module. */
function checkAscii(file) {
  let module = file
  const bad = []
  for (const line of readFileSync(join(dist, file), 'utf8').split('\n')) {
    // esbuild heads each module's code with a comment naming it.
    if (/^\/\/ dist\/\S+$/.test(line)) module = line.slice(3)
    if (/[^\t\n\r\x20-\x7e]/.test(line)) bad.push(`${module}: ${line.trim()}`)
  }
  if (bad.length > 0)
    throw new Error(`dist/${file} is not pure ASCII (Node would read it as a two-byte string); write these comments in ASCII:\n${bad.join('\n')}`)
}

/**
 * Keeps the library out of a bundle of dist/<folder>/: a require of the library's entry
 * (dist/index.js) becomes a run-time require of the main bundle beside it; a require of any other
 * module outside the folder fails the build, as it would put a second copy of that module (and of
 * its classes) into the bundle. Modules of the folder are bundled as usual.
 */
function libraryOutside(folder) {
  const own = join(dist, folder)
  return {
    name: `library-outside-${folder}`,
    setup(plugin) {
      plugin.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path)
        if (!relative(own, target).startsWith('..')) return undefined
        if (target === join(dist, 'index') || target === join(dist, 'index.js')) return { path: './nlroute.js', external: true }
        return {
          errors: [
            { text: `${relative(dist, args.importer)} requires ${args.path}: only the library's entry (../index) may be used from outside dist/${folder}/` },
          ],
        }
      })
    },
  }
}

/**
 * The ESM entry `dist/<name>.mjs` of the CommonJS bundle `dist/<name>.js`: it loads the bundle
 * through require (no export-name scan of the whole bundle) and re-exports its names, read from
 * the bundle itself so the list cannot drift.
 */
function writeEsmEntry(name, what) {
  const bundle = `${name}.js`
  const names = Object.keys(createRequire(import.meta.url)(join(dist, bundle)))
    .filter((key) => key !== 'default' && key !== '__esModule')
    .sort()
  const wrapper = `// Generated by scripts/bundle.mjs: the ESM entry of ${what}. It loads the CommonJS bundle through
// require (no export-name scan of the whole bundle) and re-exports its names; \`default\` is the
// module itself, as Node gives it for a CommonJS import.
import { createRequire } from 'node:module'

const bundle = createRequire(import.meta.url)('./${bundle}')
export default bundle
export const {
${names.map((key) => `  ${key},`).join('\n')}
} = bundle
`
  writeFileSync(join(dist, `${name}.mjs`), wrapper)
}

writeEsmEntry('nlroute', 'nlroute')
writeEsmEntry('testing', 'nlroute/testing')
