// The toolkit's table-driven object kinds (src/toolkit/change-kind.ts, dump-kind.ts) and filtering
// parsers (filtering.ts): which message type and flags each command sends, which commands a kind
// refuses, and what a dump request's parser keeps.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { CREATE_FLAGS, changeHeader, changePayload, checkCommand, isDelete } = require('../dist/toolkit/change-kind.js')
const { dumpRequest } = require('../dist/toolkit/dump-kind.js')
const { filteringParser, parserFor } = require('../dist/toolkit/filtering.js')
const { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE } = require('../dist/constants.js')

/** A made-up kind: NEW 100, DEL 101; its encoder says what it was asked for. */
const WIDGET_CHANGES = {
  what: 'widget',
  newType: 100,
  delType: 101,
  commands: new Set(['add', 'replace', 'change', 'append', 'set', 'del', 'delete']),
  encode: (spec, op) => Buffer.from(`${op}:${spec.name}`),
}

test("changeHeader: iproute2's verbs as NLM_F_* flags, every change acked", (t) => {
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'add'), { type: 100, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'replace'), { type: 100, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'change'), { type: 100, flags: NLM_F_ACK | NLM_F_REPLACE })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'append'), { type: 100, flags: NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'set'), { type: 100, flags: NLM_F_ACK })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'del'), { type: 101, flags: NLM_F_ACK })
  t.deepEqual(changeHeader(WIDGET_CHANGES, 'delete'), { type: 101, flags: NLM_F_ACK })
  t.true(Object.isFrozen(CREATE_FLAGS))
  t.true(isDelete('delete') && isDelete('del') && !isDelete('add'))
})

test('changePayload: the encoder is asked for a new or a delete message', (t) => {
  t.is(changePayload(WIDGET_CHANGES, 'replace', { name: 'w' }).toString(), 'new:w')
  t.is(changePayload(WIDGET_CHANGES, 'delete', { name: 'w' }).toString(), 'delete:w')
})

test('checkCommand: a TypeError listing the commands, other commands of the method included', (t) => {
  const kind = { ...WIDGET_CHANGES, commands: new Set(['add', 'del']), otherCommands: ['get'] }
  t.notThrows(() => checkCommand(kind, 'add'))
  t.throws(() => checkCommand(kind, 'get'), { instanceOf: TypeError, message: 'widget command: expected one of add, del, get, got "get"' })
  t.throws(() => checkCommand(WIDGET_CHANGES, 5), { instanceOf: TypeError, message: /^widget command: expected one of add, replace, .*, got 5$/ })
})

/** A parser over one-byte "messages" at `offset`: the byte is the item. */
const byteParser = (data, offset) => ({ n: data[offset] })

test('filteringParser: decodes, then keeps what the predicate accepts; null stays null', (t) => {
  const even = filteringParser(byteParser, (item) => item.n % 2 === 0)
  t.deepEqual(even(Buffer.from([4]), 0, 1), { n: 4 })
  t.is(even(Buffer.from([3]), 0, 1), null)
  let asked = 0
  const none = filteringParser(
    () => null,
    () => (asked++, true),
  )
  t.is(none(Buffer.from([1]), 0, 1), null)
  t.is(asked, 0, 'the predicate never sees a dropped message')
  t.is(parserFor(byteParser, null), byteParser, 'nothing to test: the decoder itself')
  t.is(parserFor(byteParser, () => false)(Buffer.from([1]), 0, 1), null)
})

test('dumpRequest: the kind encodes the filter, the parser re-checks it, the call options ride along', (t) => {
  const kind = {
    type: 102,
    interfaceFields: ['index'],
    encode: (filter, what) => Buffer.from(`${what}:${filter.n ?? '*'}`),
    decode: byteParser,
    keep: (item, filter) => filter.n === undefined || item.n === filter.n,
  }
  const signal = new AbortController().signal
  const [payload, options] = dumpRequest(kind, { n: 7 }, { signal, timeout: 9 }, 'getWidgets filter')
  t.is(payload.toString(), 'getWidgets filter:7')
  t.is(options.type, 102)
  t.is(options.flags, NLM_F_DUMP)
  t.is(options.signal, signal)
  t.is(options.timeout, 9)
  t.deepEqual(options.parser(Buffer.from([7]), 0, 1), { n: 7 })
  t.is(options.parser(Buffer.from([8]), 0, 1), null)
})
