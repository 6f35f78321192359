// The JavaScript examples of README.md, kept true: each ```js block is type-checked against the
// package's own declarations (tsc with checkJs, strict, module nodenext, as a user's editor would),
// then run, in document order, each as its own ES module process inside one fresh network
// namespace (`ip netns exec`), so a block may rely on what the blocks before it changed.
// The README says this; the name 'blue' in a block stands for a second namespace the test makes.
import test from 'ava'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeNetns, nsTest } from './helpers/netns.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The ```js blocks of README.md, with the heading each one is under (for test messages). */
function readmeBlocks() {
  const blocks = []
  let heading = ''
  let block = null
  for (const line of readFileSync(join(root, 'README.md'), 'utf8').split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        blocks.push(block)
        block = null
      } else block.code += line + '\n'
    } else if (/^```js\s*$/.test(line)) block = { heading, code: '' }
    else if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '')
  }
  return blocks
}

/** A project in a temporary folder where `nlroute` resolves to this checkout, with the blocks in it. */
function exampleProject(t, blocks) {
  const dir = mkdtempSync(join(tmpdir(), 'nlroute-readme-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true })
  symlinkSync(root, join(dir, 'node_modules', 'nlroute'))
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-examples', private: true, type: 'module' }))
  const files = blocks.map((block, i) => {
    const file = join(dir, `example-${i + 1}.mjs`)
    writeFileSync(file, block.code)
    return file
  })
  return { dir, files }
}

const blocks = readmeBlocks()

test('README has an example for each part the issue names', (t) => {
  const headings = blocks.map((b) => b.heading)
  for (const part of ['Dumps', 'Filtered scans', 'Changes', 'Events', 'Namespaces', 'Custom parsers', 'Native filters']) {
    t.true(headings.includes(part), `no \`\`\`js example under "${part}" (found: ${headings.join(', ')})`)
  }
})

test('README examples type-check against the package declarations', (t) => {
  const { dir, files } = exampleProject(t, blocks)
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        skipLibCheck: true,
      },
      files: files.map((f) => f.slice(dir.length + 1)),
    }),
  )
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' })
  // Name the README section of each error, not the temporary file.
  const report = (result.stdout + result.stderr).replace(/example-(\d+)\.mjs/g, (_, n) => `README "${blocks[n - 1].heading}" example`)
  t.is(result.status, 0, report)
})

nsTest(test, 'README examples run in a namespace, in order', (t) => {
  const ns = makeNetns(t, 'nlr-readme')
  const blue = makeNetns(t, 'nlr-blue')
  const { files } = exampleProject(
    t,
    blocks.map((b) => ({ ...b, code: b.code.replaceAll("'blue'", `'${blue}'`) })),
  )
  files.forEach((file, i) => {
    const result = spawnSync('ip', ['netns', 'exec', ns, process.execPath, file], { encoding: 'utf8', timeout: 30_000 })
    t.is(result.status, 0, `README "${blocks[i].heading}" example exited with ${result.status ?? result.signal}:\n${result.stderr}`)
    t.log(`${blocks[i].heading}: ${result.stdout.trim().split('\n').slice(0, 3).join(' | ')}`)
  })
  // The changes the examples made happened in their namespace, not in the host's.
  const routes = execFileSync('ip', ['-n', ns, 'route', 'show', 'table', '100'], { encoding: 'utf8' })
  t.regex(routes, /10\.9\.0\.0\/24 via 192\.0\.2\.7/)
})
