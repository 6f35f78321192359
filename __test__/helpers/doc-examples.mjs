// The ```js examples of a Markdown document, as a user would run them: each block its own ES module
// file in a temporary project where `nlroute` (and `nlroute/testing`) resolve to this checkout
// through package.json `exports`, type-checked as a user's editor would (checkJs, strict, nodenext).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * The ```js blocks of the Markdown file at `path`, each with the heading it is under and, for a
 * block opened as ```js needs=MODULE, the kernel module it needs to run.
 */
export function jsBlocks(path) {
  const blocks = []
  let heading = ''
  let block = null
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        blocks.push(block)
        block = null
      } else block.code += line + '\n'
    } else if (/^```js(\s+needs=[\w-]+)?\s*$/.test(line)) block = { heading, code: '', needs: line.match(/needs=([\w-]+)/)?.[1] ?? null }
    else if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '')
  }
  return blocks
}

/** A temporary project (removed at the test's end) holding the blocks as example-<n>.mjs files. */
export function exampleProject(t, blocks) {
  const dir = mkdtempSync(join(tmpdir(), 'nlroute-examples-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true })
  symlinkSync(root, join(dir, 'node_modules', 'nlroute'))
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'))
  // A package.json of its own also stops Node looking above the folder for one named nlroute.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nlroute-examples', private: true, type: 'module' }))
  const files = blocks.map((block, i) => {
    const file = join(dir, `example-${i + 1}.mjs`)
    writeFileSync(file, block.code)
    return file
  })
  return { dir, files }
}

/** Type-checks the project's files with tsc; the result's report names each block by its heading. */
export function typeCheck({ dir, files }, blocks, document) {
  const compilerOptions = {
    allowJs: true,
    checkJs: true,
    noEmit: true,
    strict: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
    skipLibCheck: true,
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: files.map((f) => f.slice(dir.length + 1)) }))
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' })
  const report = (result.stdout + result.stderr).replace(/example-(\d+)\.mjs/g, (_, n) => `${document} "${blocks[n - 1].heading}" example`)
  return { status: result.status, report }
}
