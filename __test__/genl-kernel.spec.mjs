// Generic netlink against the real kernel, in a namespace of its own: the family list against
// `genl ctrl list` and against CTRL_CMD_GETFAMILY read raw; ethtool on a veth pair against sysfs,
// `ip -d -s link` and, where the program is installed, `ethtool --json`; and a monitor event for a
// feature toggled by an ethtool SET request of our own.
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { ip, ipJson, makeNetns, nsTest, waitForCarrier } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { GenericNetlink, Ethtool, NetlinkSocket, decodeAttrs, rawMessageParser, genl } = require('../dist/index.js')

/** `genl ctrl list` parsed: name → { id, version, hdrsize, maxattr, ops: [[id, caps]], groups: [[id, name]] }. */
function genlCtrlList(ns) {
  const text = execFileSync('ip', ['netns', 'exec', ns, 'genl', 'ctrl', 'list'], { encoding: 'utf8' })
  const out = {}
  for (const block of text.split(/\n(?=Name: )/)) {
    const name = /^Name: (\S+)/m.exec(block)?.[1]
    if (!name) continue
    const head = /ID: (0x[0-9a-f]+)\s+Version: (0x[0-9a-f]+)\s+header size: (\d+)\s+max attribs: (\d+)/.exec(block)
    const ops = [...block.matchAll(/#\d+:\s+ID-(0x[0-9a-f]+)(?:\s*\n\s*Capabilities \((0x[0-9a-f]+)\))?/g)].map((m) => [
      Number(m[1]),
      m[2] === undefined ? 0 : Number(m[2]),
    ])
    const groups = [...block.matchAll(/ID-(0x[0-9a-f]+)\s+name: (\S+)/g)].map((m) => [Number(m[1]), m[2]])
    out[name] = { id: Number(head[1]), version: Number(head[2]), hdrsize: Number(head[3]), maxattr: Number(head[4]), ops, groups }
  }
  return out
}

const hasEthtool = (() => {
  try {
    execFileSync('ethtool', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

nsTest(test, 'families() lists what `genl ctrl list` lists, field by field', async (t) => {
  const ns = makeNetns(t, 'nlg')
  const g = await GenericNetlink.open({ netns: ns })
  t.teardown(() => g.close())
  const ours = await g.families()
  const theirs = genlCtrlList(ns)
  t.deepEqual(ours.map((f) => f.name).sort(), Object.keys(theirs).sort())
  for (const f of ours) {
    const r = theirs[f.name]
    t.is(f.id, r.id, f.name)
    t.is(f.version, r.version, f.name)
    t.is(f.headerSize, r.hdrsize, f.name)
    t.is(f.maxAttr, r.maxattr, f.name)
    t.deepEqual(
      f.multicastGroups.map((m) => [m.id, m.name]),
      r.groups,
      f.name,
    )
    // genl prints operations and groups alike as "#N: ID-0x..": the groups' lines are matched by name above.
    const opLines = r.ops.filter((_op, i) => i < r.ops.length - r.groups.length)
    t.deepEqual(
      f.operations.map((o) => o.id),
      opLines.map(([id]) => id),
      f.name,
    )
    // genl prints capabilities for some families only (none for split-ops ones such as mptcp_pm): compared where it does.
    f.operations.forEach((o, i) => {
      if (opLines[i][1] !== 0) t.is(o.flags, opLines[i][1], `${f.name} op ${o.id}`)
    })
  }
})

nsTest(test, 'resolve() agrees with CTRL_CMD_GETFAMILY sent and read raw', async (t) => {
  const ns = makeNetns(t, 'nlg')
  const g = await GenericNetlink.open({ netns: ns })
  t.teardown(() => g.close())
  const raw = await NetlinkSocket.open({ protocol: 'generic', netns: ns })
  t.teardown(() => raw.close())
  const name = Buffer.from('ethtool\0')
  const request = Buffer.alloc(4 + 4 + 8)
  request.set([3, 2, 0, 0]) // CTRL_CMD_GETFAMILY, version 2
  request.writeUInt16LE(4 + name.length, 4)
  request.writeUInt16LE(2, 6) // CTRL_ATTR_FAMILY_NAME
  name.copy(request, 8)
  const [message] = await raw.requestAll(request, { type: 0x10, flags: 0, parser: rawMessageParser })
  const payload = Buffer.from(message.payload)
  t.is(payload[0], 1, 'answered with CTRL_CMD_NEWFAMILY')
  const attrs = decodeAttrs(genl.nlctrl.CTRL_ATTRS, payload, 4, payload.length)
  const info = await g.resolve('ethtool')
  t.is(info.id, payload.readUInt16LE(payload.indexOf(Buffer.from([6, 0, 1, 0])) + 4), 'CTRL_ATTR_FAMILY_ID read by hand')
  t.is(info.id, attrs.familyId)
  t.is(info.maxAttr, attrs.maxattr)
  t.deepEqual(info.multicastGroups, attrs.mcastGroups)
  t.deepEqual(
    info.operations.map((o) => o.id),
    attrs.ops.map((o) => o.id),
  )
})

async function vethNs(t) {
  const ns = makeNetns(t, 'nle')
  ip(ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb')
  ip(ns, 'link', 'set', 'va', 'up')
  ip(ns, 'link', 'set', 'vb', 'up')
  await waitForCarrier(ns, ['va', 'vb'])
  const e = await Ethtool.open({ netns: ns })
  t.teardown(() => e.close())
  return { ns, e }
}

const sysfs = (ns, dev, file) => execFileSync('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${dev}/${file}`], { encoding: 'utf8' }).trim()
const sysfsQueues = (ns, dev, prefix) =>
  execFileSync('ip', ['netns', 'exec', ns, 'ls', `/sys/class/net/${dev}/queues`], { encoding: 'utf8' })
    .split(/\s+/)
    .filter((q) => q.startsWith(prefix)).length

function ethtoolJson(t, ns, ...args) {
  if (!hasEthtool) {
    t.log(`ethtool ${args.join(' ')} comparison skipped: the ethtool program is not installed`)
    return null
  }
  return JSON.parse(execFileSync('ip', ['netns', 'exec', ns, 'ethtool', '--json', ...args], { encoding: 'utf8' }))
}

nsTest(test, 'ethtool link info, modes and state of a veth match sysfs and ip -d link', async (t) => {
  const { ns, e } = await vethNs(t)
  const [link] = ipJson(ns, '-d', '-s', 'link', 'show', 'va')
  const info = await e.linkInfo('va')
  t.is(info.ifindex, link.ifindex)
  t.is(info.ifname, 'va')
  t.is((await e.linkInfo(link.ifindex)).ifname, 'va', 'by index too')
  const modes = await e.linkModes('va')
  t.is(modes.speed, Number(sysfs(ns, 'va', 'speed')))
  t.is(modes.duplex, sysfs(ns, 'va', 'duplex'))
  const state = await e.linkState('va')
  t.is(state.link, sysfs(ns, 'va', 'carrier') === '1')
  t.is(state.link, link.flags.includes('LOWER_UP'))
})

nsTest(test, 'ethtool channels of a veth match its queues in sysfs and ip -d link', async (t) => {
  const { ns, e } = await vethNs(t)
  const [link] = ipJson(ns, '-d', 'link', 'show', 'va')
  const ch = await e.channels('va')
  t.is(ch.rxMax, link.num_rx_queues)
  t.is(ch.txMax, link.num_tx_queues)
  t.is(ch.rxCount, sysfsQueues(ns, 'va', 'rx-'))
  t.is(ch.txCount, sysfsQueues(ns, 'va', 'tx-'))
  await e.setChannels('va', { rxCount: ch.rxMax })
  t.is((await e.channels('va')).rxCount, ch.rxMax)
  t.is(sysfsQueues(ns, 'va', 'rx-'), ch.rxMax, 'the kernel made the queues we asked for')
})

nsTest(test, 'ethtool features of a veth, toggled by our own SET, match ethtool --json -k', async (t) => {
  const { ns, e } = await vethNs(t)
  const before = await e.features('va')
  t.true(before.hw.includes('rx-gro'))
  const on = before.active.includes('rx-gro')
  await e.setFeatures('va', { 'rx-gro': !on })
  const after = await e.features('va')
  t.is(after.active.includes('rx-gro'), !on)
  t.is(after.wanted.includes('rx-gro'), !on)
  const json = ethtoolJson(t, ns, '-k', 'va')
  if (json !== null) {
    for (const [name, f] of Object.entries(json[0])) {
      // ethtool's own aggregate names (rx-checksumming, ...) are not netlink feature names.
      const known = [after.hw, after.wanted, after.active, after.nochange].some((list) => list.includes(name))
      if (typeof f !== 'object' || f.fixed === null || !known) continue
      t.is(after.active.includes(name), f.active, `${name} active`)
      t.is(after.wanted.includes(name), f.requested, `${name} requested`)
      t.is(!after.hw.includes(name) || after.nochange.includes(name), f.fixed, `${name} fixed`)
    }
  }
})

nsTest(test, 'rings, coalesce and pause: a veth has none, and says so as ethtool reports (EOPNOTSUPP)', async (t) => {
  const { ns, e } = await vethNs(t)
  for (const [method, flag] of [
    ['rings', '-g'],
    ['coalesce', '-c'],
    ['pause', '-a'],
  ]) {
    const error = await t.throwsAsync(e[method]('va'))
    t.is(error.code, 'EOPNOTSUPP', method)
    if (hasEthtool) {
      const failed = (() => {
        try {
          execFileSync('ip', ['netns', 'exec', ns, 'ethtool', flag, 'va'], { stdio: 'pipe' })
          return ''
        } catch (err) {
          return String(err.stderr)
        }
      })()
      t.regex(failed, /Operation not supported/, `ethtool ${flag}`)
    } else t.log(`ethtool ${flag} comparison skipped: the ethtool program is not installed`)
  }
})

nsTest(test, 'stats: every standard group is answered for the veth, and no counter is invented', async (t) => {
  const { e } = await vethNs(t)
  const stats = await e.stats('va')
  t.deepEqual(
    stats.groups.map((g) => g.group),
    ['eth-phy', 'eth-mac', 'eth-ctrl', 'rmon'],
  )
  // veth has no standard hardware counters: each group comes back empty.
  for (const g of stats.groups) t.deepEqual(g.counters, {})
  const some = await e.stats('va', { groups: ['rmon'] })
  t.deepEqual(
    some.groups.map((g) => g.group),
    ['rmon'],
  )
})

nsTest(test, 'the monitor group delivers a features notification when our SET toggles a feature', async (t) => {
  const { e } = await vethNs(t)
  const monitor = e.monitor()
  const first = monitor.next()
  // The group is joined inside the first next(): let it go out before the change.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const on = (await e.features('va')).active.includes('rx-gro')
  await e.setFeatures('va', { 'rx-gro': !on })
  const { value } = await first
  t.is(value.type, 'features')
  t.is(value.settings.ifname, 'va')
  // The kernel sends the bit sets compact; the event names them as features() does.
  t.is(value.settings.active.includes('rx-gro'), !on, 'the toggled feature, by name')
  const now = await e.features('va')
  for (const set of ['hw', 'wanted', 'active', 'nochange']) t.deepEqual([...value.settings[set]].sort(), [...now[set]].sort(), set)
  await monitor.return()
})

nsTest(test, 'featureNames() is the ETH_SS_FEATURES string set, asked once per Ethtool', async (t) => {
  const { e } = await vethNs(t)
  const names = await e.featureNames()
  t.true(names.includes('rx-gro') && names.includes('tx-checksum-ip-generic'))
  t.is(Object.keys(names).length, names.length, 'one name per bit index, no hole')
  t.true(names.every((n) => typeof n === 'string'))
  const { hw } = await e.features('va')
  t.true(
    hw.every((n) => names.includes(n)),
    'the names features() reads are those of the set',
  )
  t.is(await e.featureNames(), names, 'cached')
})

nsTest(test, 'a device that does not exist is the kernel ENODEV; a bad name is refused before sending', async (t) => {
  const { e } = await vethNs(t)
  const error = await t.throwsAsync(e.linkInfo('nosuchdev'))
  t.is(error.code, 'ENODEV')
  await t.throwsAsync(e.linkInfo('bad/name'), { instanceOf: TypeError, message: /^linkInfo dev: / })
  await t.throwsAsync(e.setChannels('va', { rxMax: 2 }), { instanceOf: TypeError, message: /^setChannels settings\.rxMax: unknown field/ })
  await t.throwsAsync(e.setFeatures('va', { 'rx-gro': 1 }), { instanceOf: TypeError, message: /^setFeatures features\.rx-gro: / })
})

nsTest(test, '`nlroute genl` lists the families genl lists; -j prints our objects', async (t) => {
  const ns = makeNetns(t, 'nlg')
  const cli = (...args) => execFileSync(process.execPath, ['dist/cli.js', '-n', ns, ...args], { encoding: 'utf8' })
  const objects = JSON.parse(cli('-j', 'genl'))
  const g = await GenericNetlink.open({ netns: ns })
  t.teardown(() => g.close())
  t.deepEqual(objects, await g.families())
  const names = [...cli('genl', 'ctrl', 'list').matchAll(/^Name: (\S+)/gm)].map((m) => m[1])
  t.deepEqual(names, Object.keys(genlCtrlList(ns)))
  t.is(JSON.parse(cli('-j', 'genl', 'get', 'name', 'ethtool'))[0].name, 'ethtool')
})
