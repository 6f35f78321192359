// The JavaScript examples of README.md, kept true: each ```js block is type-checked against the
// package's own declarations (tsc with checkJs, strict, module nodenext, as a user's editor would),
// then run, in document order, each as its own ES module process inside one fresh network
// namespace (`ip netns exec`), so a block may rely on what the blocks before it changed; a block
// opened as ```js needs=MODULE is run only where that kernel module is loaded.
// The README says this; the name 'blue' in a block stands for a second namespace the test makes.
import test from 'ava'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { exampleProject, jsBlocks, root, typeCheck } from './helpers/doc-examples.mjs'
import { makeNetns, nsTest } from './helpers/netns.mjs'

const blocks = jsBlocks(join(root, 'README.md'))

test('README has an example for each part the issue names', (t) => {
  const headings = blocks.map((b) => b.heading)
  for (const part of ['Dumps', 'Filtered scans', 'Changes', 'Events', 'Namespaces', 'Custom parsers', 'Native filters']) {
    t.true(headings.includes(part), `no \`\`\`js example under "${part}" (found: ${headings.join(', ')})`)
  }
})

test('README examples type-check against the package declarations', (t) => {
  const { status, report } = typeCheck(exampleProject(t, blocks), blocks, 'README')
  t.is(status, 0, report)
})

nsTest(test, 'README examples run in a namespace, in order', (t) => {
  const ns = makeNetns(t, 'nlr-readme')
  const blue = makeNetns(t, 'nlr-blue')
  const { files } = exampleProject(
    t,
    blocks.map((b) => ({ ...b, code: b.code.replaceAll("'blue'", `'${blue}'`) })),
  )
  files.forEach((file, i) => {
    const needs = blocks[i].needs
    if (needs !== null && !existsSync(`/sys/module/${needs}`)) {
      t.log(`${blocks[i].heading}: not run (needs the ${needs} module, not loaded here)`)
      return
    }
    const result = spawnSync('ip', ['netns', 'exec', ns, process.execPath, file], { encoding: 'utf8', timeout: 30_000 })
    t.is(result.status, 0, `README "${blocks[i].heading}" example exited with ${result.status ?? result.signal}:\n${result.stderr}`)
    t.log(`${blocks[i].heading}: ${result.stdout.trim().split('\n').slice(0, 3).join(' | ')}`)
  })
  // The changes the examples made happened in their namespace, not in the host's.
  const routes = execFileSync('ip', ['-n', ns, 'route', 'show', 'table', '100'], { encoding: 'utf8' })
  t.regex(routes, /10\.9\.0\.0\/24 via 192\.0\.2\.7/)
})
