// What answers mean (src/protocol/control.ts): answer ends, control messages, extended acks and
// the errors of unreadable bytes, from hand-built bytes, without a socket.
import test from 'ava'
import { createRequire } from 'node:module'
import { attr, nlmsg } from './helpers/bytes.mjs'

const require = createRequire(import.meta.url)
const control = require('../dist/protocol/control.js')
const { endsAnswer, controlOutcome, netlinkErrorFrom, SKIP, AS_DATA, malformedDatagramError, forEachHeaderAfter, asParseError, brokenMessage } = control
const { NetlinkError, ParseError } = require('../dist/errors.js')
const { NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN, NLM_F_MULTI, NLM_F_CAPPED, NLM_F_ACK_TLVS, ENOBUFS } = require('../dist/constants.js')

const RTM_GETLINK = 18
const i32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeInt32LE(n)
  return b
}
const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
const request = nlmsg({ type: RTM_GETLINK, flags: 5, seq: 7, payload: Buffer.alloc(16) })
/** An NLMSG_ERROR for `request` with errno and extended-ack attributes. */
const errorMessage = (errno, { capped = true, tlvs = [] } = {}) =>
  nlmsg({
    type: NLMSG_ERROR,
    flags: (capped ? NLM_F_CAPPED : 0) | (tlvs.length ? NLM_F_ACK_TLVS : 0),
    seq: 7,
    payload: Buffer.concat([i32(-errno), capped ? request.subarray(0, 16) : request, ...tlvs]),
  })
const outcomeOf = (message) => controlOutcome(message, 0, message.readUInt32LE(0), message.readUInt16LE(4), message.readUInt16LE(6), RTM_GETLINK)

test('endsAnswer: ERROR, DONE and OVERRUN end every answer; a data message without NLM_F_MULTI ends one that expects no ack', (t) => {
  for (const type of [NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN]) {
    t.true(endsAnswer(true, type, NLM_F_MULTI))
    t.true(endsAnswer(false, type, 0))
  }
  t.false(endsAnswer(false, NLMSG_NOOP, 0))
  t.true(endsAnswer(false, 16, 0))
  t.false(endsAnswer(true, 16, 0), 'the ack follows')
  t.false(endsAnswer(false, 16, NLM_F_MULTI), 'a dump goes on to its DONE')
})

test('controlOutcome: an ack ends well, an error ends with its NetlinkError and extended ack', (t) => {
  t.is(outcomeOf(errorMessage(0)), null)
  const error = outcomeOf(errorMessage(17, { tlvs: [attr(1, Buffer.from('File exists\0')), attr(2, u32(36))] }))
  t.true(error instanceof NetlinkError)
  t.is(error.code, 'EEXIST')
  t.is(error.extAckMessage, 'File exists')
  t.is(error.extAckOffset, 36)
  t.is(error.requestType, RTM_GETLINK)
})

test('controlOutcome: an NLMSG_ERROR too short for its errno is a ParseError carrying the message', (t) => {
  const short = nlmsg({ type: NLMSG_ERROR, seq: 7, payload: Buffer.alloc(2) })
  const error = controlOutcome(short, 0, 18, NLMSG_ERROR, 0, RTM_GETLINK)
  t.true(error instanceof ParseError)
  t.deepEqual(error.raw, short.subarray(0, 18))
})

test('controlOutcome: DONE ends well without or with error 0, with a NetlinkError for an errno', (t) => {
  t.is(outcomeOf(nlmsg({ type: NLMSG_DONE, flags: NLM_F_MULTI })), null)
  t.is(outcomeOf(nlmsg({ type: NLMSG_DONE, flags: NLM_F_MULTI, payload: i32(0) })), null)
  const error = outcomeOf(
    nlmsg({ type: NLMSG_DONE, flags: NLM_F_MULTI | NLM_F_ACK_TLVS, payload: Buffer.concat([i32(-22), attr(1, Buffer.from('bad filter\0'))]) }),
  )
  t.is(error.code, 'EINVAL')
  t.is(error.extAckMessage, 'bad filter')
})

test('controlOutcome: OVERRUN is ENOBUFS, NOOP is skipped, reserved types are data', (t) => {
  const overrun = outcomeOf(nlmsg({ type: NLMSG_OVERRUN }))
  t.true(overrun instanceof NetlinkError)
  t.is(overrun.errno, ENOBUFS)
  t.is(outcomeOf(nlmsg({ type: NLMSG_NOOP })), SKIP)
  for (let type = 5; type < 16; type++) t.is(outcomeOf(nlmsg({ type })), AS_DATA, `type ${type}`)
})

test('netlinkErrorFrom: the attributes follow the whole original request when not capped', (t) => {
  const message = errorMessage(1, { capped: false, tlvs: [attr(1, Buffer.from('not permitted'))] })
  const error = netlinkErrorFrom(message, 0, message.length, message.readUInt16LE(6), 1, RTM_GETLINK, true)
  t.is(error.extAckMessage, 'not permitted', 'no NUL: the whole payload')
  t.is(error.extAckOffset, null)
})

test('netlinkErrorFrom: a broken attribute ends the walk, what came before counts; a short NLMSGERR_ATTR_OFFS is ignored', (t) => {
  const broken = Buffer.from([0x40, 0, 2, 0]) // claims 64 bytes
  const message = errorMessage(22, { tlvs: [attr(1, Buffer.from('first\0')), attr(2, Buffer.alloc(2)), broken] })
  const error = netlinkErrorFrom(message, 0, message.length, message.readUInt16LE(6), 22, RTM_GETLINK, true)
  t.is(error.extAckMessage, 'first')
  t.is(error.extAckOffset, null)
})

test('netlinkErrorFrom: without NLM_F_ACK_TLVS nothing after the errno is read; an embedded length past the end leaves no attributes', (t) => {
  const message = errorMessage(22, { tlvs: [attr(1, Buffer.from('ignored\0'))] })
  t.is(netlinkErrorFrom(message, 0, message.length, NLM_F_CAPPED, 22, RTM_GETLINK, true).extAckMessage, null)
  const uncapped = errorMessage(22, { capped: false, tlvs: [attr(1, Buffer.from('x\0'))] })
  uncapped.writeUInt32LE(0xffffffff, 20)
  t.is(netlinkErrorFrom(uncapped, 0, uncapped.length, NLM_F_ACK_TLVS, 22, RTM_GETLINK, true).extAckMessage, null)
})

test('netlinkErrorFrom: the same result wherever the message sits in its datagram', (t) => {
  const message = errorMessage(17, { tlvs: [attr(1, Buffer.from('File exists\0')), attr(2, u32(20))] })
  const around = Buffer.concat([Buffer.alloc(12, 0xaa), message, Buffer.alloc(8, 0x01)])
  const a = netlinkErrorFrom(message, 0, message.length, message.readUInt16LE(6), 17, RTM_GETLINK, true)
  const b = netlinkErrorFrom(around, 12, message.length, message.readUInt16LE(6), 17, RTM_GETLINK, true)
  t.deepEqual([b.message, b.extAckMessage, b.extAckOffset], [a.message, a.extAckMessage, a.extAckOffset])
})

test('malformedDatagramError says what is wrong with nlmsg_len and keeps the whole datagram', (t) => {
  const datagram = Buffer.concat([nlmsg({ type: 16 }), Buffer.from([8, 0, 0, 0, 16, 0, 0, 0])])
  const short = malformedDatagramError(datagram, 16, 8)
  t.regex(short.message, /offset 16 of a 24-byte datagram: nlmsg_len 8 is shorter than the 16-byte header/)
  t.deepEqual(short.raw, datagram)
  t.regex(malformedDatagramError(datagram, 16, 99).message, /runs past the end of the datagram/)
})

test('forEachHeaderAfter finds aligned headers that fit, past the bad one', (t) => {
  const datagram = Buffer.concat([Buffer.from([3, 0, 0, 0]), nlmsg({ type: NLMSG_DONE, flags: NLM_F_MULTI, seq: 9, payload: i32(0) })])
  const found = []
  forEachHeaderAfter(datagram, 0, (seq, type, flags) => found.push([seq, type, flags]))
  t.deepEqual(found, [[9, NLMSG_DONE, NLM_F_MULTI]])
})

test('asParseError keeps a ParseError, wraps anything else with the message; brokenMessage keeps it raw', (t) => {
  const message = nlmsg({ type: 16, seq: 3, payload: Buffer.alloc(4) })
  const own = new ParseError('bad', 0, null)
  t.is(asParseError(own, message, 0, message.length), own)
  const cause = new Error('boom')
  const wrapped = asParseError(cause, message, 0, message.length)
  t.regex(wrapped.message, /parser failed on the message at offset 0: boom/)
  t.is(wrapped.cause, cause)
  const broken = brokenMessage(message, 0, message.length, wrapped)
  t.is(broken.header.sequenceNumber, 3)
  t.is(broken.header.error, wrapped)
  t.deepEqual(broken.raw, message)
})
