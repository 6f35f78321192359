/**
 * WG_CMD_GET_DEVICE answers as one typed device: the dump's messages coalesced as the UAPI asks
 * (a peer whose allowed IPs did not fit one message goes on in the next, carrying only its public
 * key and the rest of its allowed IPs; later messages carry only more peers), keys as base64 text,
 * the last handshake as a Date, allowed IPs as 'address/cidr' text as `wg show` prints them.
 */
import type { UnknownAttr } from '../../schema/attrs'
import type { DecodedAttrs } from '../../schema/decode'
import type { GenlMessage } from '../family'
import { ZERO_KEY, type KernelTimespec, type WireGuardEndpoint } from './schema'

/** A WireGuard device as `wg show` describes it. */
export interface WireGuardDevice {
  /** The interface index. */
  ifindex: number
  /** The interface name. */
  ifname: string
  /** The private key (base64), null when none is set. */
  privateKey: string | null
  /** The public key (base64), null when no private key is set. */
  publicKey: string | null
  /** The UDP port it listens on (0 before the device is up with no port set). */
  listenPort: number
  /** The firewall mark of its packets, 0 for none. */
  fwmark: number
  /** The peers, in the kernel's order. */
  peers: WireGuardPeer[]
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** One peer of a {@link WireGuardDevice}. */
export interface WireGuardPeer {
  /** The peer's public key (base64). */
  publicKey: string
  /** The preshared key (base64), null when none is set (the kernel sends zeros). */
  presharedKey: string | null
  /** Where the peer was last seen or was told to be, null when unknown. */
  endpoint: WireGuardEndpoint | null
  /** Persistent keepalive interval in seconds, 0 when off. */
  persistentKeepalive: number
  /** The latest handshake, null when none happened yet. */
  lastHandshake: Date | null
  /** Bytes received from the peer. */
  rxBytes: number
  /** Bytes sent to the peer. */
  txBytes: number
  /** Allowed IPs as 'address/cidr' ('10.0.0.0/24', 'fd00::/64'). */
  allowedIps: string[]
  /** The protocol version the peer speaks (1), when the kernel says. */
  protocolVersion: number | null
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

const keyOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== ZERO_KEY ? v : null)

function allowedIpsOf(list: unknown): string[] {
  return ((list as DecodedAttrs[] | undefined) ?? []).map((a) => `${String(a.ipaddr)}/${String(a.cidrMask)}`)
}

/** One decoded peer nest as a {@link WireGuardPeer}. */
export function peerOf(p: DecodedAttrs): WireGuardPeer {
  const handshake = p.lastHandshakeTime as KernelTimespec | undefined
  const never = handshake === undefined || (handshake.sec === 0 && handshake.nsec === 0)
  return {
    publicKey: (p.publicKey as string | undefined) ?? '',
    presharedKey: keyOrNull(p.presharedKey),
    endpoint: (p.endpoint as WireGuardEndpoint | undefined) ?? null,
    persistentKeepalive: (p.persistentKeepaliveInterval as number | undefined) ?? 0,
    lastHandshake: never ? null : new Date(handshake.sec * 1000 + Math.floor(handshake.nsec / 1e6)),
    rxBytes: (p.rxBytes as number | undefined) ?? 0,
    txBytes: (p.txBytes as number | undefined) ?? 0,
    allowedIps: allowedIpsOf(p.allowedips),
    protocolVersion: (p.protocolVersion as number | undefined) ?? null,
    unknown: p.unknown ?? null,
  }
}

/**
 * The {@link WireGuardDevice} of a GET_DEVICE dump's messages (one device), coalesced; null when
 * the dump had no message.
 */
export function deviceOf(messages: readonly GenlMessage[]): WireGuardDevice | null {
  const [first] = messages
  if (first === undefined) return null
  const a = first.attrs
  const device: WireGuardDevice = {
    ifindex: (a.ifindex as number | undefined) ?? 0,
    ifname: (a.ifname as string | undefined) ?? '',
    privateKey: keyOrNull(a.privateKey),
    publicKey: keyOrNull(a.publicKey),
    listenPort: (a.listenPort as number | undefined) ?? 0,
    fwmark: (a.fwmark as number | undefined) ?? 0,
    peers: [],
    unknown: a.unknown ?? null,
  }
  for (const message of messages) {
    for (const nest of (message.attrs.peers as DecodedAttrs[] | undefined) ?? []) {
      const peer = peerOf(nest)
      const last = device.peers[device.peers.length - 1]
      // The same peer again, right after itself: the rest of its allowed IPs.
      if (last !== undefined && last.publicKey === peer.publicKey) last.allowedIps.push(...peer.allowedIps)
      else device.peers.push(peer)
    }
  }
  return device
}
