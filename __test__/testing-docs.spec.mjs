// The examples of docs/testing.md, kept true: each ```js block is type-checked against the
// package's declarations, then run as a user runs it (`node example.mjs`, no root, no namespace),
// each in its own process, with nlroute and nlroute/testing resolved through package.json exports.
import test from 'ava'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { exampleProject, jsBlocks, root, typeCheck } from './helpers/doc-examples.mjs'

const DOCUMENT = 'docs/testing.md'
const blocks = jsBlocks(join(root, DOCUMENT))

test('docs/testing.md has the worked example and one for errors, broadcasts and recordings', (t) => {
  const headings = blocks.map((b) => b.heading)
  for (const part of ['A worked example', 'Errors', 'Broadcasts', 'Recordings']) {
    t.true(headings.includes(part), `no \`\`\`js example under "${part}" (found: ${headings.join(', ')})`)
  }
  const worked = blocks.find((b) => b.heading === 'A worked example').code
  t.regex(worked, /from 'nlroute\/testing'/)
  t.regex(worked, /RTM\.GETLINK/, 'the worked example answers a link dump')
})

test('docs/testing.md examples type-check against the package declarations', (t) => {
  const project = exampleProject(t, blocks)
  const { status, report } = typeCheck(project, blocks, DOCUMENT)
  t.is(status, 0, report)
})

test('docs/testing.md examples run without root and pass, loading no native addon', (t) => {
  const { files } = exampleProject(t, blocks)
  files.forEach((file, i) => {
    // Preloaded: any addon load throws (the fake needs none).
    const guard = `process.dlopen = (module, path) => { throw new Error('native addon loaded: ' + path) }`
    const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(guard)}`, file], { encoding: 'utf8', timeout: 30_000 })
    const heading = blocks[i].heading
    t.is(result.status, 0, `${DOCUMENT} "${heading}" example exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`)
    t.notRegex(result.stdout, /^not ok/m, `${heading}: a node:test test failed`)
  })
})
