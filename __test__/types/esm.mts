// Type tests of the public API as an ESM user sees it (`import ... from 'nlroute'`, module nodenext).
// A change to a public type that these do not expect fails `tsc -p __test__/types` and so `npm test`
// (__test__/types.spec.mjs): change the type and this file together, on purpose.
import { expectTypeOf } from 'expect-type'
import nlroute, {
  IPRoute,
  NetlinkSocket,
  Monitor,
  Marshal,
  NetlinkError,
  BatchError,
  NetlinkTimeoutError,
  NetlinkOverflowError,
  DumpInterruptedError,
  ParseError,
  SocketClosedError,
  ReceiveError,
  isOverflow,
  constants,
  rtnl,
  parseIP,
  parsePrefix,
  type Route,
  type Link,
  type Address,
  type Neighbour,
  type Rule,
  type NextHop,
  type RouteMetrics,
  type Message,
  type MessageHeader,
  type Parser,
  type ResponseStream,
  type RequestOptions,
  type MonitorEvent,
  type BatchMessage,
  type BatchResult,
} from 'nlroute'

// The default import of a CommonJS package is its module.exports: the same classes as the named imports.
expectTypeOf(nlroute.IPRoute).toEqualTypeOf<typeof IPRoute>()
expectTypeOf(nlroute.NetlinkError).toEqualTypeOf<typeof NetlinkError>()

// IPRoute: opening, dumps, lookups and changes.
expectTypeOf(IPRoute.open).returns.resolves.toEqualTypeOf<IPRoute>()
expectTypeOf(IPRoute.open).parameter(0).exclude<undefined>().toHaveProperty('netns')
declare const ipr: IPRoute
expectTypeOf(ipr.getRoutes()).resolves.toEqualTypeOf<Route[]>()
expectTypeOf(ipr.getDefaultRoutes()).resolves.toEqualTypeOf<Route[]>()
expectTypeOf(ipr.routes()).toEqualTypeOf<AsyncIterableIterator<Route>>()
expectTypeOf(ipr.getLinks()).resolves.toEqualTypeOf<Link[]>()
expectTypeOf(ipr.links()).toEqualTypeOf<AsyncIterableIterator<Link>>()
expectTypeOf(ipr.getAddr()).resolves.toEqualTypeOf<Address[]>()
expectTypeOf(ipr.getNeighbours()).resolves.toEqualTypeOf<Neighbour[]>()
expectTypeOf(ipr.getRules()).resolves.toEqualTypeOf<Rule[]>()
expectTypeOf(ipr.linkLookup({ ifname: 'lo' })).resolves.toEqualTypeOf<number[]>()
expectTypeOf(ipr.link('get', { ifname: 'lo' })).resolves.toEqualTypeOf<Link | null>()
expectTypeOf(ipr.route('get', { dst: '192.0.2.1' })).resolves.toEqualTypeOf<Route>()
expectTypeOf(ipr.route('add', { dst: '10.9.0.0/24', type: 'blackhole' })).resolves.toEqualTypeOf<void>()
expectTypeOf(ipr.monitor(['ipv4_route'])).toEqualTypeOf<Monitor>()
expectTypeOf(ipr.socket).toEqualTypeOf<NetlinkSocket>()
expectTypeOf(ipr.close).returns.toEqualTypeOf<void>()
// @ts-expect-error an unknown command is a type error, not only a runtime TypeError
void ipr.route('bogus', { dst: '10.0.0.0/8' })

// Route and Link: every field always present (null when the kernel did not send it).
expectTypeOf<keyof Route>().toEqualTypeOf<
  | 'family'
  | 'type'
  | 'table'
  | 'protocol'
  | 'scope'
  | 'dst'
  | 'dstLen'
  | 'src'
  | 'srcLen'
  | 'tos'
  | 'flags'
  | 'priority'
  | 'gateway'
  | 'via'
  | 'oif'
  | 'iif'
  | 'prefsrc'
  | 'pref'
  | 'nhId'
  | 'metrics'
  | 'multipath'
  | 'encap'
  | 'extra'
  | 'unknown'
>()
expectTypeOf<Route['dst']>().toEqualTypeOf<string>()
expectTypeOf<Route['dstLen']>().toEqualTypeOf<number>()
expectTypeOf<Route['table']>().toEqualTypeOf<number>()
expectTypeOf<Route['gateway']>().toEqualTypeOf<string | null>()
expectTypeOf<Route['oif']>().toEqualTypeOf<number | null>()
expectTypeOf<Route['priority']>().toEqualTypeOf<number | null>()
expectTypeOf<Route['multipath']>().toEqualTypeOf<NextHop[] | null>()
expectTypeOf<Route['metrics']>().toEqualTypeOf<RouteMetrics | null>()
expectTypeOf<Route['type']>().toMatchTypeOf<string | number>()
expectTypeOf<'blackhole'>().toMatchTypeOf<Route['type']>()
expectTypeOf<keyof Link>().toEqualTypeOf<
  | 'index'
  | 'ifname'
  | 'type'
  | 'flags'
  | 'up'
  | 'mtu'
  | 'minMtu'
  | 'maxMtu'
  | 'address'
  | 'broadcast'
  | 'permAddress'
  | 'master'
  | 'link'
  | 'linkNetnsId'
  | 'operstate'
  | 'linkmode'
  | 'txqlen'
  | 'group'
  | 'promiscuity'
  | 'numTxQueues'
  | 'numRxQueues'
  | 'carrier'
  | 'carrierChanges'
  | 'qdisc'
  | 'ifalias'
  | 'altNames'
  | 'kind'
  | 'linkinfo'
  | 'slaveKind'
  | 'slaveInfo'
  | 'stats'
  | 'extra'
  | 'unknown'
>()
expectTypeOf<Link['index']>().toEqualTypeOf<number>()
expectTypeOf<Link['ifname']>().toEqualTypeOf<string | null>()
expectTypeOf<Link['up']>().toEqualTypeOf<boolean>()
expectTypeOf<Link['mtu']>().toEqualTypeOf<number | null>()
expectTypeOf<Link['kind']>().toEqualTypeOf<string | null>()
// 64-bit counters are exact: bigints, every one of them (issue 11).
expectTypeOf<NonNullable<Link['stats']>[keyof NonNullable<Link['stats']>]>().toEqualTypeOf<bigint>()
expectTypeOf<NonNullable<Link['stats']>['rxBytes']>().toEqualTypeOf<bigint>()
// The newer rule selectors (FRA_DSCP ... FRA_DSCP_MASK) are fields, and RuleSpec takes them.
expectTypeOf<Rule['dscp']>().toEqualTypeOf<number | null>()
expectTypeOf<Rule['flowlabel']>().toEqualTypeOf<number | null>()
expectTypeOf<Rule['dportMask']>().toEqualTypeOf<number | null>()
void ipr.rule('add', { priority: 5, dscp: 10, dscpMask: 0x3f, flowlabel: 1, flowlabelMask: 0xfffff, sportMask: 0xff00, dportMask: 0xff })

// Monitor events: a discriminated union on `type`.
expectTypeOf<Extract<MonitorEvent, { route: unknown }>>().toEqualTypeOf<{ type: 'newroute' | 'delroute'; route: Route }>()
expectTypeOf<Extract<MonitorEvent, { link: unknown }>>().toEqualTypeOf<{ type: 'newlink' | 'dellink'; link: Link }>()
expectTypeOf<MonitorEvent['type']>().toMatchTypeOf<string>()
expectTypeOf<'overflow'>().toMatchTypeOf<MonitorEvent['type']>()

// Errors: classes with their documented fields; instanceof narrows.
declare const thrown: unknown
if (thrown instanceof NetlinkError) {
  expectTypeOf(thrown).toMatchTypeOf<Error>()
  expectTypeOf(thrown.errno).toEqualTypeOf<number>()
  expectTypeOf(thrown.code).toEqualTypeOf<string>()
  expectTypeOf(thrown.extAckMessage).toEqualTypeOf<string | null>()
}
expectTypeOf<NetlinkTimeoutError['code']>().toEqualTypeOf<'ETIMEDOUT'>()
expectTypeOf<NetlinkTimeoutError['timeout']>().toEqualTypeOf<number>()
expectTypeOf<NetlinkOverflowError['code']>().toEqualTypeOf<'ENOBUFS'>()
expectTypeOf<DumpInterruptedError<Route>['results']>().toEqualTypeOf<Route[] | null>()
expectTypeOf<DumpInterruptedError['code']>().toEqualTypeOf<'EINTR'>()
expectTypeOf<ParseError['offset']>().toEqualTypeOf<number>()
expectTypeOf<SocketClosedError['code']>().toEqualTypeOf<'ERR_SOCKET_CLOSED'>()
expectTypeOf<ReceiveError['errno']>().toEqualTypeOf<number>()
expectTypeOf<BatchError>().toMatchTypeOf<NetlinkError>()
expectTypeOf<BatchError['index']>().toEqualTypeOf<number>()
expectTypeOf<BatchError<Route>['results']>().toEqualTypeOf<BatchResult<Route>[]>()
for (const E of [NetlinkError, BatchError, NetlinkTimeoutError, NetlinkOverflowError, DumpInterruptedError, ParseError, SocketClosedError, ReceiveError]) {
  expectTypeOf<InstanceType<typeof E>>().toMatchTypeOf<Error>()
}

// NetlinkSocket.request: the parser's result type flows to the answer; the default is Message.
declare const sock: NetlinkSocket
expectTypeOf(NetlinkSocket.open).returns.resolves.toEqualTypeOf<NetlinkSocket>()
expectTypeOf(sock.request(new Uint8Array(16), { type: 18 })).toEqualTypeOf<ResponseStream<Message>>()
const countParser: Parser<{ n: number }> = () => ({ n: 1 })
expectTypeOf(sock.request(new Uint8Array(16), { type: 18, parser: countParser })).toEqualTypeOf<ResponseStream<{ n: number }>>()
expectTypeOf(sock.request(new Uint8Array(16), { type: 18, parser: countParser }).collect()).resolves.toEqualTypeOf<{ n: number }[]>()
expectTypeOf(sock.request(new Uint8Array(16), { type: 24, flags: 0x605 }).completed()).resolves.toEqualTypeOf<void>()
expectTypeOf(sock.requestAll(new Uint8Array(16), { type: 18, parser: countParser })).resolves.toEqualTypeOf<{ n: number }[]>()
// NetlinkSocket.batch: one result per message, ok or carrying its NetlinkError; the parser's type flows to the messages.
const batched: BatchMessage<{ n: number }>[] = [{ type: 24, payload: new Uint8Array(12), parser: countParser }]
expectTypeOf(sock.batch(batched, { noraise: true })).resolves.toEqualTypeOf<BatchResult<{ n: number }>[]>()
expectTypeOf(sock.batch([{ type: 24, flags: 0x600, payload: new Uint8Array(12) }])).resolves.toEqualTypeOf<BatchResult<Message>[]>()
declare const result: BatchResult<Message>
if (!result.ok) expectTypeOf(result.error).toEqualTypeOf<NetlinkError>()
else expectTypeOf(result.error).toEqualTypeOf<null>()
expectTypeOf<RequestOptions<Message>['parser']>().toEqualTypeOf<Parser<Message> | undefined>()
expectTypeOf<Message['header']>().toEqualTypeOf<MessageHeader>()
expectTypeOf<Parser<string>>().toEqualTypeOf<(data: Buffer, offset: number, length: number, text?: string) => string | null>()
expectTypeOf(new Marshal().register).returns.toEqualTypeOf<Marshal>()
expectTypeOf(isOverflow).guards.toHaveProperty('type')

// Helpers and namespaces.
expectTypeOf(parseIP).returns.exclude<null>().toHaveProperty('family')
expectTypeOf(parsePrefix).returns.exclude<null>().toHaveProperty('family')
expectTypeOf(constants).toBeObject()
expectTypeOf(rtnl).toBeObject()
