// nl80211's codecs on bytes laid out by hand from linux/nl80211.h (this kernel has no cfg80211):
// the constants against the header itself, an interface (nl80211_send_iface) and a split wiphy
// dump (nl80211_send_wiphy: bands and their channels going on in later messages) decoded, the
// requests' bytes, round trips, and the Nl80211 class end to end on the fake kernel.
import test from 'ava'
import { createRequire } from 'node:module'
import { attr, genlFamilyPayload, genlhdr, nest, nlmsg, str, u32, u64, u8 } from './helpers/bytes.mjs'
import { FakeKernel, dumpAnswer, errorFor, seqOf } from './helpers/fake-kernel.mjs'
import { headerConstants } from './helpers/uapi.mjs'

const require = createRequire(import.meta.url)
const { Nl80211, genl, NetlinkError } = require('../dist/index.js')
const nl = genl.nl80211

/** A nest without NLA_F_NESTED: nl80211_send_wiphy opens bands and channels with nla_nest_start_noflag. */
const plainNest = (type, parts) => attr(type, Buffer.concat(parts))

test('the constants are linux/nl80211.h', (t) => {
  const h = headerConstants('/usr/include/linux/nl80211.h')
  t.is(nl.NL80211_GENL_NAME, h.NL80211_GENL_NAME)
  const headerName = { FOUR_ADDR: '4ADDR' }
  for (const [prefix, table] of Object.entries({
    NL80211_CMD: nl.NL80211_CMD,
    NL80211_ATTR: nl.NL80211_ATTR,
    NL80211_BAND_ATTR: nl.NL80211_BAND_ATTR,
    NL80211_FREQUENCY_ATTR: nl.NL80211_FREQUENCY_ATTR,
  })) {
    for (const [name, value] of Object.entries(table)) t.is(value, h[`${prefix}_${headerName[name] ?? name}`], `${prefix}_${name}`)
  }
  const tables = [
    ['NL80211_IFTYPE', nl.NL80211_IFTYPE_NAMES],
    ['NL80211_CHAN_WIDTH', nl.NL80211_CHAN_WIDTH_NAMES],
    ['NL80211_DFS', nl.NL80211_DFS_NAMES],
  ]
  for (const [prefix, names] of tables) {
    for (const name of names.names()) {
      const macro = `${prefix}_${name.toUpperCase().replace('-', '_').replace('+', 'P')}`
      t.is(names.valueOf(name), h[macro], macro)
    }
  }
  const bands = { '2.4GHz': '2GHZ', '5GHz': '5GHZ', '60GHz': '60GHZ', '6GHz': '6GHZ', 'sub-1GHz': 'S1GHZ', LC: 'LC' }
  for (const name of nl.NL80211_BAND_NAMES.names()) t.is(nl.NL80211_BAND_NAMES.valueOf(name), h[`NL80211_BAND_${bands[name]}`], name)
})

const MAC = Buffer.from([0x02, 0x00, 0x00, 0xaa, 0xbb, 0xcc])
const TXQ_STATS = nest(265, [attr(1, u32(0))]) // NL80211_ATTR_TXQ_STATS: not in the schema, kept raw

// NL80211_CMD_NEW_INTERFACE for a station on channel 36, 80 MHz, connected to "café".
const IFACE = Buffer.concat([
  genlhdr(7),
  attr(3, u32(4)), // NL80211_ATTR_IFINDEX
  attr(4, str('wlan0')), // NL80211_ATTR_IFNAME
  attr(5, u32(2)), // NL80211_ATTR_IFTYPE: NL80211_IFTYPE_STATION
  attr(1, u32(0)), // NL80211_ATTR_WIPHY
  attr(153, u64(1)), // NL80211_ATTR_WDEV
  attr(6, MAC), // NL80211_ATTR_MAC
  attr(46, u32(9)), // NL80211_ATTR_GENERATION
  attr(83, u8(0)), // NL80211_ATTR_4ADDR
  attr(38, u32(5180)), // NL80211_ATTR_WIPHY_FREQ
  attr(290, u32(0)), // NL80211_ATTR_WIPHY_FREQ_OFFSET
  attr(159, u32(3)), // NL80211_ATTR_CHANNEL_WIDTH: NL80211_CHAN_WIDTH_80
  attr(160, u32(5210)), // NL80211_ATTR_CENTER_FREQ1
  attr(98, u32(2000)), // NL80211_ATTR_WIPHY_TX_POWER_LEVEL (mBm)
  attr(52, Buffer.from('café')), // NL80211_ATTR_SSID
  TXQ_STATS,
])

// A monitor interface: no SSID, no channel.
const MONITOR = Buffer.concat([genlhdr(7), attr(3, u32(5)), attr(4, str('mon0')), attr(5, u32(6)), attr(1, u32(1)), attr(6, MAC)])

const channel = (i, mhz, extra = []) => plainNest(i, [attr(1, u32(mhz)), ...extra]) // NL80211_FREQUENCY_ATTR_FREQ
const flag = (type) => attr(type, Buffer.alloc(0))
const mbm = (n) => attr(6, u32(n)) // NL80211_FREQUENCY_ATTR_MAX_TX_POWER

// A split wiphy dump (NL80211_ATTR_SPLIT_WIPHY_DUMP): phy0 in four messages, each naming it; the
// 2.4 GHz band's channels go on in the third message; phy1 has no band.
const WIPHY_DUMP = [
  Buffer.concat([genlhdr(3), attr(1, u32(0)), attr(2, str('phy0')), attr(46, u32(9))]),
  Buffer.concat([
    genlhdr(3),
    attr(1, u32(0)),
    attr(2, str('phy0')),
    plainNest(22, [plainNest(0, [plainNest(1, [channel(0, 2412, [mbm(2000)]), channel(1, 2467, [flag(3), mbm(2000)])])])]), // WIPHY_BANDS → 2GHZ → FREQS
  ]),
  Buffer.concat([genlhdr(3), attr(1, u32(0)), attr(2, str('phy0')), plainNest(22, [plainNest(0, [plainNest(1, [channel(2, 2484, [flag(2)])])])])]),
  Buffer.concat([
    genlhdr(3),
    attr(1, u32(0)),
    attr(2, str('phy0')),
    plainNest(22, [plainNest(1, [plainNest(1, [channel(0, 5260, [flag(3), flag(5), mbm(2000), attr(7, u32(0)), flag(12)])])])]), // 5GHZ: NO_IR, RADAR, DFS_STATE, NO_160MHZ
  ]),
  Buffer.concat([genlhdr(3), attr(1, u32(1)), attr(2, str('phy1'))]),
]

const decodeOne = (payload) => {
  const m = nlmsg({ type: 28, flags: 2, payload })
  return genl.decodeGenlMessage(nl.NL80211, m, 0, m.readUInt32LE(0))
}

const EXPECTED_IFACES = [
  {
    ifindex: 4,
    ifname: 'wlan0',
    wiphy: 0,
    wdev: 1,
    iftype: 'station',
    mac: '02:00:00:aa:bb:cc',
    ssid: 'café',
    frequency: 5180,
    channelWidth: '80',
    centerFreq1: 5210,
    centerFreq2: null,
    txPower: 20,
    unknown: [{ type: 265, data: TXQ_STATS.subarray(4) }],
  },
  {
    ifindex: 5,
    ifname: 'mon0',
    wiphy: 1,
    wdev: null,
    iftype: 'monitor',
    mac: '02:00:00:aa:bb:cc',
    ssid: null,
    frequency: null,
    channelWidth: null,
    centerFreq1: null,
    centerFreq2: null,
    txPower: null,
    unknown: null,
  },
]

const EXPECTED_WIPHYS = [
  {
    wiphy: 0,
    name: 'phy0',
    bands: [
      {
        band: '2.4GHz',
        frequencies: [
          { mhz: 2412, flags: [], maxTxPower: 20, dfsState: null },
          { mhz: 2467, flags: ['noIr'], maxTxPower: 20, dfsState: null },
          { mhz: 2484, flags: ['disabled'], maxTxPower: null, dfsState: null },
        ],
      },
      { band: '5GHz', frequencies: [{ mhz: 5260, flags: ['noIr', 'radar', 'no160Mhz'], maxTxPower: 20, dfsState: 'usable' }] },
    ],
  },
  { wiphy: 1, name: 'phy1', bands: [] },
]

test('NEW_INTERFACE messages laid out per the UAPI decode to interfaces', (t) => {
  const m = decodeOne(IFACE)
  t.like(m, { family: 'nl80211', cmd: 7, command: 'new_interface' })
  t.deepEqual(
    [IFACE, MONITOR].map((p) => nl.interfaceOf(decodeOne(p))),
    EXPECTED_IFACES,
  )
})

test('a split wiphy dump decodes and merges into one wiphy each, bands and channels continued', (t) => {
  t.deepEqual(nl.wiphysOf(WIPHY_DUMP.map(decodeOne)), EXPECTED_WIPHYS)
  t.deepEqual(decodeOne(WIPHY_DUMP[1]).attrs.wiphyBands[0].band, 0, 'the band index kept as `band`')
})

test('decoded messages re-encode to the same attributes (round trip through the schema)', (t) => {
  for (const payload of [IFACE, ...WIPHY_DUMP]) {
    const m = decodeOne(payload)
    const again = genl.encodeGenlRequest(nl.NL80211, m.cmd, m.attrs, 'again')
    t.deepEqual(decodeOne(again).attrs, m.attrs)
  }
})

const NL80211_ID = 28

function nl80211Kernel() {
  const kernel = new FakeKernel()
  kernel.respond = (frame) => {
    const type = frame.readUInt16LE(4)
    if (type === 0x10) {
      const payload = genlFamilyPayload({
        name: 'nl80211',
        id: NL80211_ID,
        maxattr: 330,
        ops: [
          [1, 0x0e],
          [5, 0x0e],
        ],
        groups: [
          ['config', 41],
          ['mlme', 43],
        ],
      })
      return [nlmsg({ type: 0x10, seq: seqOf(frame), payload })]
    }
    if (type !== NL80211_ID) return [errorFor(frame, 22)]
    if (frame[16] === 5) return [dumpAnswer(frame, NL80211_ID, [IFACE, MONITOR])]
    if (frame[16] === 1) return [dumpAnswer(frame, NL80211_ID, WIPHY_DUMP)]
    return [errorFor(frame, 95)]
  }
  return kernel
}

test('Nl80211.interfaces and wiphys send GET_INTERFACE and split GET_WIPHY dumps and decode the answers', async (t) => {
  const kernel = nl80211Kernel()
  const n = await Nl80211.open({}, kernel.opener)
  t.teardown(() => n.close())
  t.deepEqual(await n.interfaces(), EXPECTED_IFACES)
  t.deepEqual(await n.wiphys(), EXPECTED_WIPHYS)
  const [, ifaces, wiphys] = kernel.sent
  for (const frame of [ifaces, wiphys]) {
    t.is(frame.readUInt16LE(4), NL80211_ID)
    t.is(frame.readUInt16LE(6) & 0x300, 0x300, 'NLM_F_DUMP')
  }
  t.deepEqual(ifaces.subarray(16).toString('hex'), genlhdr(5).toString('hex'))
  t.deepEqual(wiphys.subarray(16).toString('hex'), Buffer.concat([genlhdr(1), attr(174, Buffer.alloc(0))]).toString('hex'), 'NL80211_ATTR_SPLIT_WIPHY_DUMP')
})

test('without cfg80211 the family does not resolve (ENOENT); bad arguments send nothing', async (t) => {
  const kernel = new FakeKernel((frame) => [errorFor(frame, 2)])
  const n = await Nl80211.open({}, kernel.opener)
  t.teardown(() => n.close())
  const error = await t.throwsAsync(n.interfaces(), { instanceOf: NetlinkError })
  t.is(error.code, 'ENOENT')
  const sent = kernel.sent.length
  await t.throwsAsync(n.wiphys({ bogus: 1 }), { instanceOf: TypeError, message: /^wiphys options\.bogus: unknown option/ })
  await t.throwsAsync(n.interfaces({ retryInterrupted: -1 }), { instanceOf: RangeError, message: /^interfaces options\.retryInterrupted: / })
  t.throws(() => new Nl80211(null), { instanceOf: TypeError, message: /^Nl80211 genl: / })
  t.is(kernel.sent.length, sent)
})
