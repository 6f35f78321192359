/**
 * nlroute: Linux netlink for Node.js. The public entry point: everything a user imports.
 */
export { NetlinkSocket, type NetlinkSocketOptions, type NetlinkSocketStats, type NativeOpener, type ResponseStream } from './socket'
export { Marshal, rawMessageParser, readHeader, type Message, type MessageHeader, type Parser, type KeyFormat } from './marshal'
export type { RequestOptions, CollectOptions } from './request'
export { isOverflow, type OverflowMessage } from './broadcast'
export { NetlinkError, NetlinkTimeoutError, NetlinkOverflowError, DumpInterruptedError, ParseError, SocketClosedError, ReceiveError } from './errors'
export type { NativeParserSpec, NativeBatch, NativeSocketHandle, NativeOpenOptions } from './native'
export * as constants from './constants'
export { IPRoute } from './iproute/ipr'
export type {
  IPRouteOptions, CallOptions, DumpOptions, InterfaceRef, RouteQueryFilter, RouteCommand, LinkCommand, AddressCommand, NeighbourCommand,
  RuleCommand, IPRouteRouteSpec, IPRouteLinkSpec, IPRouteAddressSpec, IPRouteNeighbourSpec, AddressFilter, NeighbourFilter,
} from './iproute/ipr'
export { Monitor, type MonitorEvent, type MonitorGroup, type MonitorOptions } from './iproute/monitor'
export type { RouteQuery } from './iproute/route-get'
export type { Route, Link, Address, Neighbour, Rule, NextHop, RouteMetrics, RouteFilter, RouteSpec, LinkSpec, AddressSpec, NeighbourSpec, RuleSpec, IpFamily, TableRef } from './iproute/types'
export * as rtnl from './iproute/index'
export { AttrWriter, defineAttrs, defineStruct, defineNames, decodeAttrs, encodeAttrs } from './schema'
export { parseIP, parsePrefix, parseMac, formatIPv4, formatIPv6, formatIP } from './util/address'
