// Type tests of the public API as a CommonJS user sees it (`require('nlroute')` in a .cts, module
// nodenext): the same declarations through the "require" condition. esm.mts covers the API in depth.
import { expectTypeOf } from 'expect-type'
import nlroute = require('nlroute')
const { IPRoute, NetlinkError } = nlroute

expectTypeOf(IPRoute.open).returns.resolves.toEqualTypeOf<nlroute.IPRoute>()
declare const ipr: nlroute.IPRoute
expectTypeOf(ipr.getRoutes()).resolves.toEqualTypeOf<nlroute.Route[]>()
expectTypeOf(ipr.getLinks()).resolves.toEqualTypeOf<nlroute.Link[]>()
expectTypeOf<nlroute.Route['dst']>().toEqualTypeOf<string>()
expectTypeOf<InstanceType<typeof NetlinkError>['code']>().toEqualTypeOf<string>()
declare const sock: nlroute.NetlinkSocket
expectTypeOf(sock.request(new Uint8Array(16), { type: 18 })).toEqualTypeOf<nlroute.ResponseStream<nlroute.Message>>()
