/**
 * nlroute: Linux netlink for Node.js. The public entry point: everything a user imports.
 */
export { NetlinkSocket, type NetlinkSocketOptions, type NetlinkSocketStats, type NativeOpener } from './socket'
export { Marshal, rawMessageParser, readHeader, type Message, type MessageHeader, type Parser, type KeyFormat } from './marshal'
export type { RequestOptions, CollectOptions } from './request'
export { isOverflow, type OverflowMessage } from './broadcast'
export { NetlinkError, NetlinkTimeoutError, DumpInterruptedError, ParseError, SocketClosedError, ReceiveError } from './errors'
export type { NativeParserSpec, NativeBatch, NativeSocketHandle, NativeOpenOptions } from './native'
export * as constants from './constants'
