/** decodeAddress: RTM_NEWADDR / RTM_DELADDR → Address, over the schema of ./schema.ts (contract: ../common/decode.ts). */
import { decodeMessage, extraOf, opt, pickedAttrs, unknownOf } from '../common/decode'
import { familyFromAf, SCOPES } from '../common/rtnl'
import { ADDRESS_ATTRS, IFADDRMSG } from './schema'
import type { Address } from './types'

/** IFA attributes with an Address field of their own (IFA_FLAGS, when sent, overrides the header's flags). */
const ADDRESS_PICKED = pickedAttrs<Address, 'family' | 'prefixlen' | 'flags' | 'scope' | 'index' | 'extra' | 'unknown'>()(
  ['address', 'local', 'label', 'broadcast', 'anycast', 'cacheinfo', 'priority', 'proto'],
  'flags',
)

/** Decodes RTM_NEWADDR / RTM_DELADDR. */
export function decodeAddress(data: Buffer, offset: number, length: number): Address {
  const { head, attrs: a } = decodeMessage('address', IFADDRMSG, ADDRESS_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    prefixlen: head.prefixlen,
    flags: (a.flags as number | undefined) ?? head.flags,
    scope: SCOPES.decode(head.scope),
    index: head.index,
    address: opt(a.address),
    local: opt(a.local),
    label: opt(a.label),
    broadcast: opt(a.broadcast),
    anycast: opt(a.anycast),
    cacheinfo: opt(a.cacheinfo),
    priority: opt(a.priority),
    proto: opt(a.proto),
    extra: extraOf(a, ADDRESS_PICKED),
    unknown: unknownOf(a),
  }
}
