// DiagSocket against the real kernel, in a private namespace holding TCP (listening, established,
// time-wait), UDP and UNIX sockets (helpers/diag-sockets.py), compared field by field with what
// `ss -tanei`, `ss -uan` and `ss -xa` print there; filters compared with ss given the same filter.
import test from 'ava'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DiagSocket, NetlinkError } from '../dist/index.js'
import { makeNetns, nsTest } from './helpers/netns.mjs'

const HELPER = fileURLToPath(new URL('./helpers/diag-sockets.py', import.meta.url))
const SS_STATES = {
  LISTEN: 'listen',
  ESTAB: 'established',
  'TIME-WAIT': 'time-wait',
  UNCONN: 'close',
  'SYN-SENT': 'syn-sent',
  'CLOSE-WAIT': 'close-wait',
  'FIN-WAIT-1': 'fin-wait-1',
  'FIN-WAIT-2': 'fin-wait-2',
}
const UNIX_TYPES = { u_str: 'stream', u_dgr: 'dgram', u_seq: 'seqpacket' }

/** A namespace with the helper's sockets open; resolves to its name and what the helper reported. */
async function withSockets(t) {
  const ns = makeNetns(t, 'nlrdiag')
  const child = spawn('ip', ['netns', 'exec', ns, 'python3', HELPER], { stdio: ['pipe', 'pipe', 'inherit'] })
  t.teardown(() => child.stdin.end())
  const [line] = await once(createInterface({ input: child.stdout }), 'line')
  return { ns, info: JSON.parse(line) }
}

/** A DiagSocket in `ns`, closed by teardown. */
async function open(t, ns) {
  const diag = await DiagSocket.open({ netns: ns })
  t.teardown(() => diag.close())
  return diag
}

const ss = (ns, ...args) => execFileSync('ip', ['netns', 'exec', ns, 'ss', '-H', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })

/** 'a.b.c.d:p', '[v6]:p', '*:*' as [address, port]; ss prints port 0 as '*'. */
function endpoint(text) {
  const colon = text.lastIndexOf(':')
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
  const port = text.slice(colon + 1)
  return [host, port === '*' ? 0 : Number(port)]
}

/** ss's inet lines: the main line's columns and key:value tokens, and the -i line's. */
function ssInet(out) {
  const rows = []
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue
    if (line.startsWith('\t') || line.startsWith(' ')) {
      rows.at(-1).info = line.trim().split(/\s+/)
      continue
    }
    const [state, recvQ, sendQ, local, peer, ...rest] = line.trim().split(/\s+/)
    const tokens = Object.fromEntries(rest.filter((w) => w.includes(':')).map((w) => [w.slice(0, w.indexOf(':')), w.slice(w.indexOf(':') + 1)]))
    rows.push({ state, recvQ: Number(recvQ), sendQ: Number(sendQ), local: endpoint(local), peer: endpoint(peer), tokens, info: [] })
  }
  return rows
}

const key = (address, port, raddress, rport) => `${address} ${port} ${raddress} ${rport}`
const byEndpoints = (sockets) => new Map(sockets.map((s) => [key(s.localAddress, s.localPort, s.remoteAddress, s.remotePort), s]))
/** ss's wildcard spelling of a listener's peer. */
const wildcard = (address) => (address === '*' ? '0.0.0.0' : address)

nsTest(test, 'getSockets lists what ss -tanei lists, field by field', async (t) => {
  const { ns, info } = await withSockets(t)
  const diag = await open(t, ns)
  const ours = byEndpoints(await diag.getSockets({ extensions: ['info', 'cong'] }))
  const theirs = ssInet(ss(ns, '-tanei'))
  t.is(ours.size, theirs.length, 'as many sockets as ss lists')
  const seen = new Set()
  for (const row of theirs) {
    const s = ours.get(key(row.local[0], row.local[1], wildcard(row.peer[0]), row.peer[1]))
    t.truthy(s, `ss lists ${row.local} ${row.peer}`)
    if (!s) continue
    seen.add(s.state)
    const at = `${s.localAddress}:${s.localPort}`
    t.is(s.state, SS_STATES[row.state], `${at} state`)
    t.is(s.receiveQueue, row.recvQ, `${at} Recv-Q`)
    t.is(s.sendQueue, row.sendQ, `${at} Send-Q`)
    t.is(s.inode, Number(row.tokens.ino), `${at} ino`)
    t.is(s.cookie, row.tokens.sk, `${at} sk`)
    t.is(s.uid, Number(row.tokens.uid ?? 0), `${at} uid`)
    if (row.tokens.timer) t.is(s.timer?.name, row.tokens.timer.slice(1).split(',')[0], `${at} timer`)
    else t.is(s.timer, null, `${at} no timer`)
    if (s.state === 'time-wait') continue
    // The -i line: the algorithm's name, then name:value pairs.
    t.is(
      s.congestion,
      row.info.find((w) => /^[a-z]+$/.test(w) && !['ts', 'sack', 'ecn', 'send', 'app_limited'].includes(w)),
      `${at} congestion`,
    )
    const infoOf = Object.fromEntries(row.info.filter((w) => w.includes(':')).map((w) => w.split(':')))
    const pairs = {
      mss: 'sndMss',
      pmtu: 'pmtu',
      rcvmss: 'rcvMss',
      advmss: 'advmss',
      cwnd: 'sndCwnd',
      rcv_space: 'rcvSpace',
      rcv_ssthresh: 'rcvSsthresh',
      snd_wnd: 'sndWnd',
      bytes_acked: 'bytesAcked',
      bytes_received: 'bytesReceived',
    }
    for (const [word, field] of Object.entries(pairs)) {
      if (infoOf[word] !== undefined) t.is(s.tcpInfo[field], Number(infoOf[word]), `${at} ${word}`)
    }
    if (infoOf.wscale) t.is(`${s.tcpInfo.sndWscale},${s.tcpInfo.rcvWscale}`, infoOf.wscale, `${at} wscale`)
  }
  t.deepEqual([...seen].sort(), ['established', 'listen', 'time-wait'])
  t.true(ours.has(key('127.0.0.1', info.timeWait, '127.0.0.1', info.listen4)))
  t.true(ours.has(key('::1', info.listen6, '::', 0)), 'the IPv6 listener, after the IPv4 sockets')
})

nsTest(test, 'getSockets({ protocol: "udp" }) lists what ss -uan lists', async (t) => {
  const { ns } = await withSockets(t)
  const diag = await open(t, ns)
  const ours = byEndpoints(await diag.getSockets({ protocol: 'udp' }))
  const theirs = ssInet(ss(ns, '-uan'))
  t.is(ours.size, theirs.length)
  for (const row of theirs) {
    const s = ours.get(key(row.local[0], row.local[1], wildcard(row.peer[0]), row.peer[1]))
    t.truthy(s)
    t.is(s?.protocol, 'udp')
    t.is(s?.state, SS_STATES[row.state])
    t.is(s?.receiveQueue, row.recvQ)
    t.is(s?.sendQueue, row.sendQ)
  }
})

nsTest(test, 'getUnixSockets lists what ss -xa lists, abstract names as ss shows them', async (t) => {
  const { ns, info } = await withSockets(t)
  const diag = await open(t, ns)
  const ours = new Map((await diag.getUnixSockets({ extensions: ['icons'] })).map((s) => [s.inode, s]))
  const rows = ss(ns, '-xa')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
  t.is(ours.size, rows.length)
  for (const [netid, state, recvQ, sendQ, local, inode, , peerInode] of rows) {
    const s = ours.get(Number(inode))
    t.truthy(s, `ss lists inode ${inode}`)
    t.is(s?.type, UNIX_TYPES[netid])
    t.is(s?.state, SS_STATES[state])
    t.is(s?.receiveQueue, Number(recvQ), `${inode} Recv-Q`)
    t.is(s?.sendQueue, Number(sendQ), `${inode} Send-Q`)
    t.is(s?.path ?? '*', local)
    t.is(s?.peerInode ?? 0, Number(peerInode))
  }
  const abstract = [...ours.values()].find((s) => s.path === `@${info.abstract}`)
  t.is(abstract?.pendingConnections?.length, 1, 'the connection waiting in its queue')
  t.is(abstract?.receiveQueue, 1)
  t.truthy([...ours.values()].find((s) => s.path === info.path && s.state === 'listen'))
  t.truthy(ours.get(info.pairInode)?.peerInode)
  const listeners = await diag.getUnixSockets({ states: ['listen'] })
  t.deepEqual(
    listeners.map((s) => s.state),
    ['listen', 'listen'],
  )
})

nsTest(test, 'states, ports and addresses go to the kernel and select what ss selects', async (t) => {
  const { ns, info } = await withSockets(t)
  const diag = await open(t, ns)
  const ends = (sockets) => sockets.map((s) => `${s.localAddress}:${s.localPort}`).sort()
  const ssEnds = (...args) =>
    ssInet(ss(ns, '-tan', ...args))
      .map((r) => `${r.local[0]}:${r.local[1]}`)
      .sort()
  t.deepEqual(ends(await diag.getSockets({ states: ['listen'] })), ssEnds('-l'))
  t.deepEqual(ends(await diag.getSockets({ states: ['time-wait'] })), [`127.0.0.1:${info.timeWait}`])
  t.deepEqual(ends(await diag.getSockets({ ports: { local: info.listen4 } })), ssEnds(`sport = :${info.listen4}`))
  t.deepEqual(ends(await diag.getSockets({ ports: { remote: [info.listen4, 1] } })), ssEnds(`( dport = :${info.listen4} or dport = :1 )`))
  const range = { min: Math.min(info.client, info.timeWait), max: Math.max(info.client, info.timeWait) }
  t.deepEqual(ends(await diag.getSockets({ ports: { local: range } })), ssEnds(`( sport >= :${range.min} and sport <= :${range.max} )`))
  t.deepEqual(ends(await diag.getSockets({ addresses: { local: '::1' } })), ssEnds('src', '[::1]'))
  t.deepEqual(
    ends(await diag.getSockets({ family: 4, addresses: { remote: '127.0.0.0/8' }, ports: { local: info.listen4 } })),
    ssEnds(`dst 127.0.0.0/8 and sport = :${info.listen4}`),
  )
  t.deepEqual(await diag.getSockets({ ports: { local: 1 } }), [])
})

nsTest(test, 'uid is filtered natively', async (t) => {
  const { ns } = await withSockets(t)
  const diag = await open(t, ns)
  const all = await diag.getSockets()
  t.is((await diag.getSockets({ uid: 0 })).length, all.length)
  const before = diag.netlink.stats().messagesDroppedByNativeParsers
  t.deepEqual(await diag.getSockets({ uid: 4242 }), [])
  t.is(diag.netlink.stats().messagesDroppedByNativeParsers - before, all.length, 'dropped in Rust')
})

nsTest(test, 'socket() finds one socket by its id; destroy() closes it (SOCK_DESTROY)', async (t) => {
  const { ns, info } = await withSockets(t)
  const diag = await open(t, ns)
  const id = { family: 4, localAddress: '127.0.0.1', localPort: info.client, remoteAddress: '127.0.0.1', remotePort: info.listen4 }
  const found = await diag.socket(id, { extensions: ['info'] })
  t.is(found?.state, 'established')
  t.truthy(found?.tcpInfo)
  t.is((await diag.socket(found)).inode, found.inode, 'an InetSocket is an id, cookie included')
  t.is(await diag.socket({ ...id, remotePort: 1 }), null)
  try {
    await diag.destroy(found)
  } catch (error) {
    if (error instanceof NetlinkError && error.code === 'EOPNOTSUPP') {
      t.regex(error.message, /CONFIG_INET_DIAG_DESTROY/)
      t.log('skipped: this kernel cannot destroy sockets')
      return
    }
    throw error
  }
  t.is(await diag.socket(id), null, 'gone after destroy')
  t.false(ss(ns, '-tan').includes(`127.0.0.1:${info.client} `), 'ss no longer lists it')
  await t.throwsAsync(diag.destroy(id), { instanceOf: NetlinkError, code: 'ENOENT' })
})

nsTest(test, 'nlroute ss -tan prints the sockets ss -tan prints, in its columns', async (t) => {
  const { ns } = await withSockets(t)
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))
  const ours = execFileSync(process.execPath, [cli, '-n', ns, 'ss', '-tan'], { encoding: 'utf8' }).trim().split('\n')
  t.regex(ours[0], /^State\s+Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port/)
  const rows = (text) =>
    text
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).slice(0, 5).join(' '))
      .sort()
  t.deepEqual(rows(ours.slice(1).join('\n')), rows(ss(ns, '-tan')))
  const json = JSON.parse(execFileSync(process.execPath, [cli, '-n', ns, '-j', 'ss', '-tl'], { encoding: 'utf8' }))
  t.deepEqual(
    json.map((s) => s.state),
    ['listen', 'listen'],
  )
})
