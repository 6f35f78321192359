/**
 * Neighbour requests (payloads after the nlmsghdr, which the engine writes).
 *
 * encodeNeighbourRequest: NeighbourSpec → ndmsg + NDA attributes (RTM_NEWNEIGH / RTM_DELNEIGH).
 * State defaults to 'permanent' as in `ip neigh add`. Validation happens before any byte is written.
 *
 * encodeNeighbourDumpRequest: RTM_GETNEIGH with the filters the kernel applies itself (family,
 * NDA_IFINDEX, NDA_MASTER), or of the proxy entries (NTF_PROXY) instead of the cache.
 */
import { encodeAttrs } from '../../schema/encode'
import { describe } from '../../schema/scalar'
import { AttrWriter } from '../../schema/writer'
import { parseMac } from '../../util/address'
import { dumpFamilyArg, specKeys } from '../common/args'
import { afFromFamily, ROUTE_PROTOCOLS } from '../common/rtnl'
import type { IpFamily } from '../common/types'
import { checkSpecObject, intArg, ipArg, namedArg } from '../validate'
import { NEIGHBOUR_STATES, NTF, NUD } from './constants'
import { NDMSG, NEIGHBOUR_ATTRS } from './schema'
import type { NeighbourSpec } from './types'

const WHAT = 'neighbour spec'
const NEIGHBOUR_SPEC_KEYS = specKeys<NeighbourSpec>()('dst', 'ifindex', 'lladdr', 'state', 'flags', 'family', 'vlan', 'master', 'protocol', 'proxy')

/**
 * The RTM_NEWNEIGH / RTM_DELNEIGH payload (ndmsg and attributes) for `spec`; TypeError/RangeError
 * naming the field for bad input.
 */
export function encodeNeighbourRequest(spec: NeighbourSpec): Buffer {
  const s = checkSpecObject(spec, NEIGHBOUR_SPEC_KEYS, WHAT)
  if (s.dst === undefined) throw new TypeError(`${WHAT}.dst: required (an IP address)`)
  const dst = ipArg(s.dst, `${WHAT}.dst`)
  if (s.ifindex === undefined) throw new TypeError(`${WHAT}.ifindex: required (interface index)`)
  const ifindex = intArg('s32', s.ifindex, `${WHAT}.ifindex`)
  if (s.lladdr !== undefined && (typeof s.lladdr !== 'string' || parseMac(s.lladdr) === null)) {
    throw new TypeError(`${WHAT}.lladdr: ${describe(s.lladdr)} is not a link-layer address (aa:bb:cc:dd:ee:ff)`)
  }
  if (s.proxy !== undefined && typeof s.proxy !== 'boolean') throw new TypeError(`${WHAT}.proxy: expected a boolean, got ${describe(s.proxy)}`)
  const flags = (s.flags === undefined ? 0 : intArg('u8', s.flags, `${WHAT}.flags`)) | (s.proxy === true ? NTF.PROXY : 0)
  const family = s.family === undefined ? afFromFamily(dst.family) : afFromFamily(intArg('u8', s.family, `${WHAT}.family`))
  const header = {
    family,
    ifindex,
    state: s.state === undefined ? NUD.PERMANENT : namedArg(NEIGHBOUR_STATES, 'u16', s.state, `${WHAT}.state`),
    flags,
    type: 0,
  }
  const w = new AttrWriter(64)
  w.struct(NDMSG, header, WHAT)
  encodeAttrs(
    NEIGHBOUR_ATTRS,
    {
      dst: dst.bytes,
      lladdr: s.lladdr,
      vlan: s.vlan,
      master: s.master,
      protocol: s.protocol === undefined ? undefined : namedArg(ROUTE_PROTOCOLS, 'u8', s.protocol, `${WHAT}.protocol`),
    },
    w,
    WHAT,
  )
  return w.finish()
}

const NEIGHBOUR_FILTER_KEYS = specKeys<NonNullable<Parameters<typeof encodeNeighbourDumpRequest>[0]>>()('family', 'ifindex', 'master', 'proxy')

/**
 * The RTM_GETNEIGH dump payload for `filter` (family, interface and master index; `proxy` dumps the
 * proxy entries); `what` names the argument in errors.
 */
export function encodeNeighbourDumpRequest(
  filter: { family?: IpFamily; ifindex?: number; master?: number; proxy?: boolean } = {},
  what = 'neighbour filter',
): Buffer {
  const f = checkSpecObject(filter, NEIGHBOUR_FILTER_KEYS, what)
  if (f.proxy !== undefined && typeof f.proxy !== 'boolean') throw new TypeError(`${what}.proxy: expected a boolean, got ${describe(f.proxy)}`)
  const w = new AttrWriter(32)
  w.struct(NDMSG, { family: dumpFamilyArg(f.family, what), flags: f.proxy === true ? NTF.PROXY : 0 }, what)
  encodeAttrs(NEIGHBOUR_ATTRS, { ifindex: f.ifindex, master: f.master }, w, what)
  return w.finish()
}
