// The fake kernel the project's own tests use: the one the package ships as nlroute/testing
// (src/testing/), from tsc's modules in dist/ as every other test imports the library, so sockets
// opened on it share their classes with require('../dist/index.js'). Adds what only these tests use.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const testing = require('../../dist/testing/index.js')
const { constants } = require('../../dist/index.js')

export const { FakeKernel, attr, nlmsg, done, errorFor, ack, dumpAnswer, seqOf, typeOf, readRecording, withSeq } = testing
export const { NLMSG_ERROR, NLMSG_DONE, NLM_F_MULTI, NLM_F_DUMP_INTR } = constants

/** Waits until `predicate()` holds (polling the event loop), failing after `ms`. */
export async function until(predicate, ms = 2000) {
  const end = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached in time')
    await new Promise((r) => setImmediate(r))
  }
}
