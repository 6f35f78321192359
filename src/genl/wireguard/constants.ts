/**
 * WireGuard's generic netlink numbers (linux/wireguard.h): the family's name and version, its two
 * commands, the device, peer and allowed-IP attributes, and the flags of a SET_DEVICE request.
 */

/** WG_GENL_NAME: what nlctrl resolves (present once the wireguard module is loaded). */
export const WG_GENL_NAME = 'wireguard'
/** WG_GENL_VERSION: the interface version requests carry. */
export const WG_GENL_VERSION = 1
/** WG_KEY_LEN: the length of a Curve25519 key and of a preshared key, in bytes. */
export const WG_KEY_LEN = 32

/**
 * WG_CMD_*: a command and its answer share the number.
 * @enum
 */
export const WG_CMD = { GET_DEVICE: 0, SET_DEVICE: 1 }

/**
 * WGDEVICE_F_*: WGDEVICE_A_FLAGS bits.
 * @enum
 */
export const WGDEVICE_F = { REPLACE_PEERS: 1 }

/**
 * WGDEVICE_A_*.
 * @enum
 */
export const WGDEVICE_A = { IFINDEX: 1, IFNAME: 2, PRIVATE_KEY: 3, PUBLIC_KEY: 4, FLAGS: 5, LISTEN_PORT: 6, FWMARK: 7, PEERS: 8 }

/**
 * WGPEER_F_*: WGPEER_A_FLAGS bits.
 * @enum
 */
export const WGPEER_F = { REMOVE_ME: 1, REPLACE_ALLOWEDIPS: 2, UPDATE_ONLY: 4 }

/**
 * WGPEER_A_*.
 * @enum
 */
export const WGPEER_A = {
  PUBLIC_KEY: 1,
  PRESHARED_KEY: 2,
  FLAGS: 3,
  ENDPOINT: 4,
  PERSISTENT_KEEPALIVE_INTERVAL: 5,
  LAST_HANDSHAKE_TIME: 6,
  RX_BYTES: 7,
  TX_BYTES: 8,
  ALLOWEDIPS: 9,
  PROTOCOL_VERSION: 10,
}

/**
 * WGALLOWEDIP_A_*.
 * @enum
 */
export const WGALLOWEDIP_A = { FAMILY: 1, IPADDR: 2, CIDR_MASK: 3 }
