/**
 * Address requests (payloads after the nlmsghdr, which the engine writes).
 *
 * encodeAddressRequest: AddressSpec → ifaddrmsg + IFA attributes (RTM_NEWADDR / RTM_DELADDR). As iproute2 does: IFA_LOCAL is the address, IFA_ADDRESS the
 * peer (or the address again); flags above 8 bits go in IFA_FLAGS; loopback addresses default to
 * scope 'host'. Validation happens before any byte is written.
 *
 * encodeAddressDumpRequest: RTM_GETADDR with the filters the kernel applies itself (family, ifa_index).
 */
import { encodeAttrs } from '../../schema/encode'
import { AttrWriter } from '../../schema/writer'
import { dumpFamilyArg, specKeys } from '../common/args'
import { afFromFamily, RT_SCOPE, SCOPES } from '../common/rtnl'
import type { IpFamily } from '../common/types'
import { checkSpecObject, intArg, ipArg, namedArg, prefixArg, stringArg } from '../validate'
import { ADDRESS_ATTRS, IFADDRMSG } from './schema'
import type { AddressSpec } from './types'

const WHAT = 'address spec'
const ADDRESS_SPEC_KEYS = specKeys<AddressSpec>()(
  'address',
  'index',
  'peer',
  'broadcast',
  'label',
  'scope',
  'flags',
  'preferredLifetime',
  'validLifetime',
  'priority',
  'proto',
)
const FOREVER = 0xffffffff

/**
 * The RTM_NEWADDR / RTM_DELADDR payload (ifaddrmsg and attributes) for `spec`; TypeError/RangeError
 * naming the field for bad input.
 */
export function encodeAddressRequest(spec: AddressSpec): Buffer {
  const s = checkSpecObject(spec, ADDRESS_SPEC_KEYS, WHAT)
  if (s.address === undefined) throw new TypeError(`${WHAT}.address: required ('addr/len')`)
  const addr = prefixArg(s.address, `${WHAT}.address`, false)
  const family = addr.family
  if (s.index === undefined) throw new TypeError(`${WHAT}.index: required (interface index)`)
  const index = intArg('u32', s.index, `${WHAT}.index`)
  const peer = s.peer === undefined ? null : ipArg(s.peer, `${WHAT}.peer`, family, 'the address')
  const broadcast = s.broadcast === undefined ? null : ipArg(s.broadcast, `${WHAT}.broadcast`, family, 'the address')
  if (broadcast && family === 6) throw new TypeError(`${WHAT}.broadcast: IPv6 addresses have no broadcast address`)
  if (s.label !== undefined) stringArg(s.label, `${WHAT}.label`, 15)
  const flags = s.flags === undefined ? 0 : intArg('u32', s.flags, `${WHAT}.flags`)
  const valid = s.validLifetime === undefined ? FOREVER : intArg('u32', s.validLifetime, `${WHAT}.validLifetime`)
  const preferred = s.preferredLifetime === undefined ? valid : intArg('u32', s.preferredLifetime, `${WHAT}.preferredLifetime`)
  if (preferred > valid) throw new RangeError(`${WHAT}.preferredLifetime: ${preferred} exceeds validLifetime ${valid}`)
  const lifetimes = s.validLifetime !== undefined || s.preferredLifetime !== undefined

  const loopback = family === 4 ? addr.bytes[0] === 127 : addr.bytes.every((b, i) => b === (i === 15 ? 1 : 0))
  const scope = s.scope === undefined ? (loopback ? RT_SCOPE.HOST : RT_SCOPE.UNIVERSE) : namedArg(SCOPES, 'u8', s.scope, `${WHAT}.scope`)

  const w = new AttrWriter(96)
  w.struct(IFADDRMSG, { family: afFromFamily(family), prefixlen: addr.prefixLen, flags: flags <= 0xff ? flags : 0, scope, index }, WHAT)
  encodeAttrs(
    ADDRESS_ATTRS,
    {
      local: addr.bytes,
      address: peer ? peer.bytes : addr.bytes,
      broadcast: broadcast?.bytes,
      label: s.label,
      flags: flags > 0xff ? flags : undefined,
      cacheinfo: lifetimes ? { preferred, valid } : undefined,
      priority: s.priority,
      proto: s.proto,
    },
    w,
    WHAT,
  )
  return w.finish()
}

const ADDRESS_FILTER_KEYS = specKeys<NonNullable<Parameters<typeof encodeAddressDumpRequest>[0]>>()('family', 'index')

/**
 * The RTM_GETADDR dump payload for `filter` (family and interface index); `what` names the argument in
 * errors.
 */
export function encodeAddressDumpRequest(filter: { family?: IpFamily; index?: number } = {}, what = 'address filter'): Buffer {
  const f = checkSpecObject(filter, ADDRESS_FILTER_KEYS, what)
  const w = new AttrWriter(16)
  w.struct(IFADDRMSG, { family: dumpFamilyArg(f.family, what), index: f.index === undefined ? 0 : intArg('u32', f.index, `${what}.index`) }, what)
  return w.finish()
}
