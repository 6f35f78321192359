/**
 * nlroute: Linux netlink for Node.js. The public entry point: everything a user imports.
 * @module nlroute
 */
export { NetlinkSocket, type NetlinkSocketOptions, type NetlinkSocketStats, type NativeOpener, type ResponseStream } from './socket'
export { Marshal, rawMessageParser, readHeader, type Message, type MessageHeader, type Parser, type KeyFormat } from './marshal'
export type { RequestOptions, CollectOptions } from './request'
export type { BatchMessage, BatchOptions, BatchResult } from './protocol/batch'
export { isOverflow, type OverflowMessage } from './broadcast'
export {
  NetlinkError,
  BatchError,
  NetlinkTimeoutError,
  NetlinkOverflowError,
  DumpInterruptedError,
  ParseError,
  SocketClosedError,
  ReceiveError,
} from './errors'
export type { NativeParserSpec, NativeBatch, NativeBatchError, NativeSocketHandle, NativeOpenOptions } from './native'
export * as constants from './constants'
export { IPRoute } from './iproute/ipr'
export type {
  IPRouteOptions,
  CallOptions,
  DumpOptions,
  InterfaceRef,
  RouteQueryFilter,
  RouteCommand,
  LinkCommand,
  AddressCommand,
  NeighbourCommand,
  RuleCommand,
  NexthopCommand,
  IPRouteRouteSpec,
  IPRouteLinkSpec,
  IPRouteAddressSpec,
  IPRouteNeighbourSpec,
  IPRouteNexthopSpec,
  AddressFilter,
  NeighbourFilter,
  NexthopQueryFilter,
  NexthopBucketQueryFilter,
  SyncRoutesOptions,
  SyncRoutesResult,
  SyncRoutesFailure,
} from './iproute/ipr'
export { Monitor, type MonitorEvent, type MonitorGroup, type MonitorOptions } from './iproute/monitor'
export { RouteTable } from './iproute/route/table'
export type { RouteQuery } from './iproute/route/get'
export type {
  Route,
  Link,
  Address,
  Neighbour,
  Rule,
  Nexthop,
  NexthopBucket,
  NexthopSpec,
  NexthopQuery,
  NextHop,
  RouteMetrics,
  RouteFilter,
  RouteSpec,
  LinkSpec,
  AddressSpec,
  NeighbourSpec,
  RuleSpec,
  IpFamily,
  TableRef,
} from './iproute/types'
export * as rtnl from './iproute/index'
export { DiagSocket, type DiagSocketOptions } from './diag/diag-socket'
/** sock_diag's numbers and name tables (message types, INET_DIAG_*, UNIX_DIAG_*, TCP states, ...). */
export * as diag from './diag/constants'
export type {
  InetSocket,
  InetSocketId,
  UnixSocket,
  SocketFilter,
  UnixSocketFilter,
  PortMatch,
  SocketTimer,
  TcpInfo,
  InetMeminfo,
  SkMeminfo,
  DiagExtension,
  DiagProtocol,
  SocketState,
  UnixExtension,
} from './diag/types'
export { GenericNetlink, type GenericNetlinkOptions, type GenlRequestOptions } from './genl/genl-socket'
export type { GenlFamilyInfo, GenlOperation, GenlMulticastGroup } from './genl/nlctrl/family'
export type { GenlFamily, GenlCommand, GenlMessage } from './genl/family'
export { Ethtool, type EthtoolDeviceRef, type EthtoolEvent, type EthtoolSettings } from './genl/ethtool/ethtool'
export type {
  EthtoolDevice,
  EthtoolBitset,
  EthtoolLinkInfo,
  EthtoolLinkModes,
  EthtoolLinkState,
  EthtoolFeatures,
  EthtoolRings,
  EthtoolChannels,
  EthtoolCoalesce,
  EthtoolPause,
  EthtoolStats,
  EthtoolStatsGroup,
  EthtoolPauseStats,
} from './genl/ethtool/decode'
export { GenlFamilyClient } from './genl/family-client'
export { WireGuard, type WireGuardDeviceRef } from './genl/wireguard/wireguard'
export type { WireGuardDevice, WireGuardPeer } from './genl/wireguard/decode'
export type { WireGuardDeviceSettings, WireGuardPeerSettings } from './genl/wireguard/encode'
export type { WireGuardEndpoint } from './genl/wireguard/schema'
export { Nl80211 } from './genl/nl80211/nl80211'
export type { Nl80211Interface, Nl80211Wiphy, Nl80211Band, Nl80211Frequency } from './genl/nl80211/decode'
export * as genl from './genl/index'
// From the modules themselves, not ./schema: its index would load every schema module at import.
export { AttrWriter } from './schema/writer'
export { defineAttrs } from './schema/attrs'
export { defineStruct } from './schema/struct'
export { defineNames } from './schema/names'
export { align4, decodeAttrs } from './schema/decode'
export { encodeAttrs } from './schema/encode'
export { parseIP, parsePrefix, parseMac, formatIPv4, formatIPv6, formatIP } from './util/address'
// Types the signatures above name, so the API reference can show them (type-only: nothing at run time).
export type {
  NameTable,
  BitNames,
  StructCodec,
  StructSpec,
  FieldSpec,
  FieldKind,
  CompiledField,
  AttrMap,
  AttrSpec,
  AttrKind,
  AttrMapRef,
  CustomCodec,
  AnyCustomCodec,
  UnknownAttr,
  DecodedAttrs,
  ScalarKind,
  NumberScalarKind,
  BigintScalarKind,
} from './schema'
export type { ParsedIP, ParsedPrefix } from './util/address'
export type { NativeSocketStats } from './native'
