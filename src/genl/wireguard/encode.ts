/**
 * WG_CMD_SET_DEVICE requests from typed settings (`wg set`'s arguments): the device's keys, port,
 * mark and peers, with the UAPI's flags spelled as booleans (replacePeers, remove, updateOnly,
 * replaceAllowedIps), checked before anything is sent. Attributes go out in wg(8)'s order.
 */
import { describe } from '../../schema/scalar'
import { prefixArg } from '../../toolkit/address-args'
import { checkSpecObject, intArg } from '../../toolkit/args'
import { AF_INET, AF_INET6 } from '../../toolkit/family'
import { formatIP } from '../../util/address'
import { WGDEVICE_F, WGPEER_F } from './constants'
import { endpointBytes, keyBytes, ZERO_KEY, type WireGuardEndpoint } from './schema'

/** What {@link WireGuard.setDevice} changes (`wg set`); anything left out stays as it is. */
export interface WireGuardDeviceSettings {
  /** The private key (base64); null removes it. */
  privateKey?: string | null
  /** The UDP port; 0 picks one at random. */
  listenPort?: number
  /** The firewall mark; 0 removes it. */
  fwmark?: number
  /** Remove every peer first, so the device ends with `peers` only (`wg setconf`). */
  replacePeers?: boolean
  /** Peers to add, change or remove. */
  peers?: WireGuardPeerSettings[]
}

/** One peer of {@link WireGuardDeviceSettings}, named by its public key. */
export interface WireGuardPeerSettings {
  /** The peer's public key (base64). */
  publicKey: string
  /** Remove this peer (`wg set DEV peer KEY remove`); nothing else may be given with it. */
  remove?: boolean
  /** Change the peer only if it exists already; never add it. */
  updateOnly?: boolean
  /** Remove the peer's allowed IPs first, so it ends with `allowedIps` only. */
  replaceAllowedIps?: boolean
  /** The preshared key (base64); null removes it. */
  presharedKey?: string | null
  /** Where to reach the peer. */
  endpoint?: WireGuardEndpoint
  /** Persistent keepalive interval in seconds; 0 turns it off. */
  persistentKeepalive?: number
  /** Allowed IPs to add ('10.0.0.0/24', 'fd00::1'); host bits must be clear. */
  allowedIps?: string[]
}

const DEVICE_KEYS: ReadonlySet<string> = new Set(['privateKey', 'listenPort', 'fwmark', 'replacePeers', 'peers'])
const PEER_KEYS: ReadonlySet<string> = new Set([
  'publicKey',
  'remove',
  'updateOnly',
  'replaceAllowedIps',
  'presharedKey',
  'endpoint',
  'persistentKeepalive',
  'allowedIps',
])

function boolArg(value: unknown, path: string): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean, got ${describe(value)}`)
  return value === true
}

/** A key to set, or the all-zero key that removes it (null). */
function keyToSet(value: unknown, path: string): string {
  if (value === null) return ZERO_KEY
  keyBytes(value, path)
  return value as string
}

/**
 * The SET_DEVICE attributes (by {@link DEVICE_ATTRS}'s names) of `settings` for the device
 * `ref` (ifindex or ifname attributes); TypeError/RangeError naming `path` for bad settings.
 */
export function setDeviceAttrs(ref: { ifindex: number } | { ifname: string }, settings: WireGuardDeviceSettings, path: string): Record<string, unknown> {
  const s = checkSpecObject(settings, DEVICE_KEYS, path)
  const attrs: Record<string, unknown> = { ...ref }
  if (s.privateKey !== undefined) attrs.privateKey = keyToSet(s.privateKey, `${path}.privateKey`)
  if (s.listenPort !== undefined) attrs.listenPort = intArg('u16', s.listenPort, `${path}.listenPort`)
  if (s.fwmark !== undefined) attrs.fwmark = intArg('u32', s.fwmark, `${path}.fwmark`)
  if (boolArg(s.replacePeers, `${path}.replacePeers`)) attrs.flags = WGDEVICE_F.REPLACE_PEERS
  if (s.peers !== undefined) {
    if (!Array.isArray(s.peers)) throw new TypeError(`${path}.peers: expected an array, got ${describe(s.peers)}`)
    attrs.peers = s.peers.map((p, i) => peerAttrs(p, `${path}.peers[${i}]`))
  }
  return attrs
}

function peerAttrs(peer: unknown, path: string): Record<string, unknown> {
  const p = checkSpecObject(peer, PEER_KEYS, path)
  keyBytes(p.publicKey, `${path}.publicKey`)
  const attrs: Record<string, unknown> = { publicKey: p.publicKey }
  const remove = boolArg(p.remove, `${path}.remove`)
  const flags =
    (remove ? WGPEER_F.REMOVE_ME : 0) |
    (boolArg(p.replaceAllowedIps, `${path}.replaceAllowedIps`) ? WGPEER_F.REPLACE_ALLOWEDIPS : 0) |
    (boolArg(p.updateOnly, `${path}.updateOnly`) ? WGPEER_F.UPDATE_ONLY : 0)
  if (remove) {
    const extra = Object.keys(p).filter((k) => k !== 'publicKey' && k !== 'remove' && p[k] !== undefined)
    if (extra.length > 0) throw new TypeError(`${path}.${extra[0]}: a peer being removed takes nothing but its publicKey`)
  }
  if (p.presharedKey !== undefined) attrs.presharedKey = keyToSet(p.presharedKey, `${path}.presharedKey`)
  if (p.endpoint !== undefined) {
    endpointBytes(p.endpoint, `${path}.endpoint`)
    attrs.endpoint = p.endpoint
  }
  if (p.persistentKeepalive !== undefined) attrs.persistentKeepaliveInterval = intArg('u16', p.persistentKeepalive, `${path}.persistentKeepalive`)
  if (flags !== 0) attrs.flags = flags
  if (p.allowedIps !== undefined) {
    if (!Array.isArray(p.allowedIps)) throw new TypeError(`${path}.allowedIps: expected an array, got ${describe(p.allowedIps)}`)
    attrs.allowedips = p.allowedIps.map((text, i) => {
      const prefix = prefixArg(text, `${path}.allowedIps[${i}]`, true)
      return {
        family: prefix.family === 4 ? AF_INET : AF_INET6,
        ipaddr: formatIP(prefix.bytes, 0, prefix.bytes.length),
        cidrMask: prefix.prefixLen,
      }
    })
  }
  return attrs
}
