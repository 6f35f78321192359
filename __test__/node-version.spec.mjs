// The Node version the suite runs on: the one scripts/test-node-versions.mjs asked for, and one
// that package.json `engines` admits. Without this, a run meant for Node 22 that fell back to the
// machine's Node would pass silently.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { engines } = require('../package.json')

test('runs on the Node version the runner asked for', (t) => {
  const expected = process.env.NLROUTE_EXPECT_NODE
  if (expected === undefined) {
    t.log(`NLROUTE_EXPECT_NODE not set: running on the machine's Node ${process.version}`)
    t.regex(process.version, /^v\d+\.\d+\.\d+$/)
  } else {
    t.is(process.version, expected)
  }
})

test('engines admits this Node major', (t) => {
  // engines.node is a list of caret ranges, `^20.0.0 || ^22.0.0 || ^24.0.0`
  const majors = engines.node.split('||').map((range) => Number(/^\s*\^(\d+)\./.exec(range)?.[1]))
  t.true(majors.every(Number.isInteger), `engines.node is not a list of caret ranges: ${engines.node}`)
  t.true(majors.includes(Number(process.versions.node.split('.')[0])), `Node ${process.version} is outside engines.node ${engines.node}`)
})

test('the native addon loads on this Node', (t) => {
  // N-API (napi6): one .node for every supported major
  const binding = require('../index.js')
  t.is(typeof binding.NativeSocket, 'function')
})
