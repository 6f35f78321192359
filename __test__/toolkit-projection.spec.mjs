// The toolkit's object projection (src/toolkit/projection.ts) over a made-up message kind: the
// fixed header and attributes decoded, typed fields picked, other known attributes in `extra`,
// unknown ones raw, and ParseError for a message too short for its headers.
import test from 'ava'
import { createRequire } from 'node:module'
import { attr, nlmsg } from './helpers/bytes.mjs'

const require = createRequire(import.meta.url)
const { decodeMessage, extraOf, orNull, unknownOf } = require('../dist/toolkit/projection.js')
const { defineAttrs, defineStruct, ParseError } = require('../dist/index.js')

/** struct widgetmsg { u8 family; u8 pad[3]; u32 index; } (8 bytes), then WIDGET_* attributes. */
const WIDGETMSG = defineStruct({
  name: 'widgetmsg',
  size: 8,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'index', type: 'u32', offset: 4 },
  ],
})
const WIDGET_ATTRS = defineAttrs('widget', {
  1: { name: 'name', kind: 'string' },
  2: { name: 'weight', kind: 'u32' },
  3: { name: 'colour', kind: 'u8' },
})
const PICKED = new Set(['name', 'weight'])

function u32(n) {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}

/** A widget message: family 2, index 7, name 'w0', colour 5, and attribute 9 the map does not know. */
function widgetMessage() {
  const head = Buffer.alloc(8)
  head[0] = 2
  head.writeUInt32LE(7, 4)
  return nlmsg({ type: 100, payload: Buffer.concat([head, attr(1, Buffer.from('w0\0')), attr(3, Buffer.from([5])), attr(9, u32(0xdead))]) })
}

test('decodeMessage: the header by its struct, the attributes by their map', (t) => {
  const message = Buffer.concat([Buffer.alloc(4), widgetMessage()]) // at an offset, as in a datagram
  const { head, attrs } = decodeMessage('widget', WIDGETMSG, WIDGET_ATTRS, message, 4, message.readUInt32LE(4))
  t.deepEqual(head, { family: 2, index: 7 })
  t.is(attrs.name, 'w0')
  t.is(attrs.colour, 5)
  t.deepEqual(unknownOf(attrs), [{ type: 9, data: u32(0xdead) }])
})

test('the projection: typed fields picked (null where absent), other known attributes in extra, nothing lost', (t) => {
  const message = widgetMessage()
  const { attrs } = decodeMessage('widget', WIDGETMSG, WIDGET_ATTRS, message, 0, message.readUInt32LE(0))
  t.is(orNull(attrs.name), 'w0')
  t.is(orNull(attrs.weight), null)
  t.deepEqual(extraOf(attrs, PICKED), { colour: 5 })
  t.is(extraOf(attrs, new Set(['name', 'colour'])), null, 'no extra when every known attribute has a field')
  t.is(unknownOf({ name: 'x' }), null)
})

test('decodeMessage: ParseError naming the kind for a message shorter than its headers or past the buffer', (t) => {
  const short = nlmsg({ type: 100, payload: Buffer.alloc(4) })
  t.throws(() => decodeMessage('widget', WIDGETMSG, WIDGET_ATTRS, short, 0, short.readUInt32LE(0)), {
    instanceOf: ParseError,
    message: /^widget message of length 20 is shorter than nlmsghdr \+ widgetmsg/,
  })
  const message = widgetMessage()
  t.throws(() => decodeMessage('widget', WIDGETMSG, WIDGET_ATTRS, message, 0, message.length + 4), { instanceOf: ParseError })
  const badAttr = Buffer.from(message)
  badAttr.writeUInt16LE(200, 24) // the first attribute claims to run past the message
  t.throws(() => decodeMessage('widget', WIDGETMSG, WIDGET_ATTRS, badAttr, 0, badAttr.readUInt32LE(0)), { instanceOf: ParseError })
})
