// Generic netlink against the fake kernel: family resolution and its per-socket cache, the cache
// kept current by nlctrl's notify broadcasts, groups joined by name (ids above 32 included), the
// generic request path, and argument checks that send nothing.
import test from 'ava'
import { createRequire } from 'node:module'
import { FakeKernel, attr, ack, nlmsg, seqOf, errorFor } from './helpers/fake-kernel.mjs'
import { genlFamilyPayload, u32 } from './helpers/bytes.mjs'

const require = createRequire(import.meta.url)
const { GenericNetlink, genl, NetlinkError } = require('../dist/index.js')
const { CTRL_CMD, CTRL_ATTR, GENL_ID_CTRL, GENL_CTRL_NOTIFY_GROUP } = genl.nlctrl

const familyPayload = genlFamilyPayload

/** The family name a GETFAMILY request asks for. */
function askedName(frame) {
  const a = frame.subarray(20)
  return a.readUInt16LE(2) === CTRL_ATTR.FAMILY_NAME ? a.toString('utf8', 4, a.readUInt16LE(0) - 1) : null
}

function kernelWith(families) {
  const kernel = new FakeKernel()
  kernel.respond = (frame) => {
    const fam = families[askedName(frame)]
    if (fam === undefined) return [errorFor(frame, 2)]
    const answer = nlmsg({ type: GENL_ID_CTRL, seq: seqOf(frame), payload: familyPayload(fam) })
    // NLM_F_ACK: the kernel acks after the answer.
    return frame.readUInt16LE(6) & 4 ? [answer, ack(frame)] : [answer]
  }
  return kernel
}

const ETHTOOL = {
  name: 'ethtool',
  id: 21,
  ops: [
    [1, 0x0e],
    [3, 0x1a],
  ],
  groups: [['monitor', 40]],
}

test('resolve() sends one CTRL_CMD_GETFAMILY, decodes the family, and answers later calls from the cache', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  const info = await g.resolve('ethtool')
  t.deepEqual(info, {
    name: 'ethtool',
    id: 21,
    version: 1,
    headerSize: 0,
    maxAttr: 5,
    operations: [
      { id: 1, flags: 0x0e, capabilities: ['do', 'dump', 'has-policy'] },
      { id: 3, flags: 0x1a, capabilities: ['do', 'has-policy', 'uns-admin-perm'] },
    ],
    multicastGroups: [{ name: 'monitor', id: 40 }],
  })
  const frame = kernel.sent[0]
  t.is(frame.readUInt16LE(4), GENL_ID_CTRL)
  t.is(frame[16], CTRL_CMD.GETFAMILY)
  t.is(frame[17], 2, 'nlctrl version')
  t.is(askedName(frame), 'ethtool')
  t.is((await g.resolve('ethtool')).id, 21)
  t.is(kernel.sent.length, 1, 'the second resolve came from the cache')
  t.deepEqual(kernel.memberships, [GENL_CTRL_NOTIFY_GROUP], 'the socket listens to nlctrl notify')
})

test('two resolves at once send one request', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  const [a, b] = await Promise.all([g.resolve('ethtool'), g.resolve('ethtool')])
  t.is(a, b)
  t.is(kernel.sent.length, 1)
})

test('an unknown family rejects with ENOENT and is asked again next time', async (t) => {
  const kernel = kernelWith({})
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  const error = await t.throwsAsync(g.resolve('wireguard'), { instanceOf: NetlinkError })
  t.is(error.code, 'ENOENT')
  await t.throwsAsync(g.resolve('wireguard'))
  t.is(kernel.sent.length, 2)
})

test('a NEWFAMILY broadcast on notify replaces the cached resolution; DELFAMILY drops it', async (t) => {
  const families = { ethtool: ETHTOOL }
  const kernel = kernelWith(families)
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  t.is((await g.resolve('ethtool')).id, 21)
  // The module was reloaded: a new id, announced by nlctrl.
  const moved = { ...ETHTOOL, id: 33 }
  kernel.deliver(nlmsg({ type: GENL_ID_CTRL, payload: familyPayload(moved) }), GENL_CTRL_NOTIFY_GROUP)
  const events = g.events()
  const event = (await events.next()).value
  t.is(event.command, 'newfamily')
  t.is((await g.resolve('ethtool')).id, 33)
  t.is(kernel.sent.length, 1, 'the broadcast refreshed the cache: nothing asked')
  kernel.deliver(nlmsg({ type: GENL_ID_CTRL, payload: familyPayload(moved, CTRL_CMD.DELFAMILY) }), GENL_CTRL_NOTIFY_GROUP)
  t.is((await events.next()).value.command, 'delfamily')
  families.ethtool = { ...ETHTOOL, id: 34 }
  t.is((await g.resolve('ethtool')).id, 34)
  t.is(kernel.sent.length, 2, 'after DELFAMILY the family is asked again')
})

test('join() resolves the group by name and joins it through addMembership (ids above 32 included)', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  t.is(await g.join('ethtool', 'monitor'), 40)
  t.deepEqual(kernel.memberships, [GENL_CTRL_NOTIFY_GROUP, 40])
  await g.leave('ethtool', 'monitor')
  t.deepEqual(kernel.memberships, [GENL_CTRL_NOTIFY_GROUP])
  await t.throwsAsync(g.join('ethtool', 'config'), {
    instanceOf: TypeError,
    message: /^join groupName: 'config' is not a multicast group of ethtool \(it has: monitor\)/,
  })
})

test('bad arguments are refused before anything is sent', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  t.throws(() => g.resolve(7), { instanceOf: TypeError, message: /^resolve name: / })
  t.throws(() => g.resolve('a-name-much-too-long'), { instanceOf: RangeError, message: /^resolve name: / })
  t.throws(() => g.resolve('ethtool', { bogus: 1 }), { instanceOf: TypeError, message: /^resolve options\.bogus: unknown option/ })
  await t.throwsAsync(g.join('ethtool', 5), { instanceOf: TypeError, message: /^join groupName: / })
  await t.throwsAsync(g.requestAll(genl.nlctrl.NLCTRL, CTRL_CMD.GETFAMILY, { familyId: 'x' }), {
    instanceOf: TypeError,
    message: /^requestAll attrs\.familyId: /,
  })
  await t.throwsAsync(g.requestAll(genl.nlctrl.NLCTRL, CTRL_CMD.GETFAMILY, { nope: 1 }), {
    instanceOf: TypeError,
    message: /^requestAll attrs\.nope: unknown attribute/,
  })
  await t.throwsAsync(g.requestAll(genl.nlctrl.NLCTRL, CTRL_CMD.GETFAMILY, {}, { dump: 1 }), { instanceOf: TypeError, message: /^requestAll options\.dump: / })
  await t.throwsAsync(GenericNetlink.open({ groups: [1] }, new FakeKernel().opener), { instanceOf: TypeError, message: /options\.groups/ })
  t.is(kernel.sent.length, 0)
})

test('the generic request path: genlmsghdr with the schema version, attributes by the command map, answers decoded', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  const answers = await g.requestAll(genl.nlctrl.NLCTRL, CTRL_CMD.GETFAMILY, { familyName: 'ethtool' })
  t.is(kernel.sent.length, 1, 'nlctrl needs no resolution: its id is fixed')
  t.is(answers.length, 1)
  t.like(answers[0], { family: 'nlctrl', cmd: CTRL_CMD.NEWFAMILY, command: 'newfamily', version: 2 })
  t.is(answers[0].attrs.familyId, 21)
  t.deepEqual(answers[0].attrs.mcastGroups, [{ name: 'monitor', id: 40 }])
})

test('events of a family in use are decoded by its schema, once its id is known', async (t) => {
  const kernel = kernelWith({ ethtool: ETHTOOL })
  const g = await GenericNetlink.open({}, kernel.opener)
  t.teardown(() => g.close())
  g.use(genl.ethtool.ETHTOOL)
  await g.join('ethtool', 'monitor')
  const { ETHTOOL_MSG, ETHTOOL_A_CHANNELS } = genl.ethtool
  const payload = Buffer.concat([Buffer.from([ETHTOOL_MSG.CHANNELS_NTF, 1, 0, 0]), attr(ETHTOOL_A_CHANNELS.RX_COUNT, u32(2))])
  kernel.deliver(nlmsg({ type: 21, payload }), 40)
  const events = g.events()
  const event = (await events.next()).value
  t.like(event, { family: 'ethtool', command: 'channels_ntf' })
  t.is(event.attrs.rxCount, 2)
})
