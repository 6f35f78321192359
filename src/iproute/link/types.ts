/** Link shapes: what decodeLink returns (Link, LinkStats) and what encodeLinkRequest accepts (LinkSpec). */
import type { ExtraAttrs, UnknownAttr } from '../common/types'
import type { OperStateName } from './constants'

/**
 * rtnl_link_stats64 fields (camelCase), as bigints so that every counter is exact (a number would
 * round above 2^53); counters the kernel did not send read 0n. JSON.stringify needs a replacer for
 * them (`(k, v) => typeof v === 'bigint' ? String(v) : v`; the `nlroute` command prints them as
 * decimal text).
 */
export interface LinkStats {
  /** Packets received. */
  rxPackets: bigint
  /** Packets sent. */
  txPackets: bigint
  /** Bytes received. */
  rxBytes: bigint
  /** Bytes sent. */
  txBytes: bigint
  /** Bad packets received. */
  rxErrors: bigint
  /** Packet transmit problems. */
  txErrors: bigint
  /** Received packets dropped (no buffer space, unknown protocol, ...). */
  rxDropped: bigint
  /** Packets dropped before transmission. */
  txDropped: bigint
  /** Multicast packets received. */
  multicast: bigint
  /** Collisions (half-duplex media). */
  collisions: bigint
  /** Received frames with a bad length. */
  rxLengthErrors: bigint
  /** Receiver ring buffer overflows. */
  rxOverErrors: bigint
  /** Received frames with a CRC error. */
  rxCrcErrors: bigint
  /** Received frames with an alignment error. */
  rxFrameErrors: bigint
  /** Receiver FIFO overruns. */
  rxFifoErrors: bigint
  /** Frames the host missed (no room in the receive ring). */
  rxMissedErrors: bigint
  /** Transmissions aborted. */
  txAbortedErrors: bigint
  /** Transmissions that lost the carrier. */
  txCarrierErrors: bigint
  /** Transmitter FIFO underruns. */
  txFifoErrors: bigint
  /** SQE heartbeat errors. */
  txHeartbeatErrors: bigint
  /** Late collisions. */
  txWindowErrors: bigint
  /** Compressed packets received (CSLIP, PPP). */
  rxCompressed: bigint
  /** Compressed packets sent. */
  txCompressed: bigint
  /** Packets dropped for lack of a protocol handler. */
  rxNohandler: bigint
  /** Packets dropped because they were addressed to another host. */
  rxOtherhostDropped: bigint
}

/** A network interface as a dump or a notification returns it (`ip link` shows the same fields). */
export interface Link {
  /** Interface index (ifi_index). */
  index: number
  /** IFLA_IFNAME ('eth0'); null only if the kernel omitted it. */
  ifname: string | null
  /** ARPHRD_* type: name for the common ones ('ether', 'loopback', 'none'), else the number. */
  type: string | number
  /** IFF_* flags. */
  flags: number
  /** IFF_UP is set (administratively up). */
  up: boolean
  /** IFLA_MTU. */
  mtu: number | null
  /** IFLA_MIN_MTU: smallest MTU the device accepts. */
  minMtu: number | null
  /** IFLA_MAX_MTU: largest MTU the device accepts. */
  maxMtu: number | null
  /** IFLA_ADDRESS: the link-layer address ('02:00:00:00:00:01' for Ethernet). */
  address: string | null
  /** IFLA_BROADCAST: the link-layer broadcast address. */
  broadcast: string | null
  /** IFLA_PERM_ADDRESS: the hardware's own address, when it differs from `address`. */
  permAddress: string | null
  /** Index of the master device (bridge, bond, VRF). */
  master: number | null
  /** Index of the lower device (IFLA_LINK: veth peer, macvlan/vlan parent). */
  link: number | null
  /** IFLA_LINK_NETNSID: `link` is in another namespace with this id. */
  linkNetnsId: number | null
  /** IFLA_OPERSTATE (RFC 2863): 'up', 'down', 'lowerlayerdown', 'unknown', ... or the number. */
  operstate: OperStateName | number | null
  /** IFLA_LINKMODE: 'default' or 'dormant', or the number. */
  linkmode: string | number | null
  /** IFLA_TXQLEN: transmit queue length, packets. */
  txqlen: number | null
  /** IFLA_GROUP: the device group. */
  group: number | null
  /** IFLA_PROMISCUITY: how many users put the device in promiscuous mode. */
  promiscuity: number | null
  /** IFLA_NUM_TX_QUEUES. */
  numTxQueues: number | null
  /** IFLA_NUM_RX_QUEUES. */
  numRxQueues: number | null
  /** IFLA_CARRIER: 1 when the device has a carrier. */
  carrier: number | null
  /** IFLA_CARRIER_CHANGES: carrier transitions since the device was created. */
  carrierChanges: number | null
  /** IFLA_QDISC: the root queueing discipline ('noqueue', 'fq_codel', ...). */
  qdisc: string | null
  /** IFLA_IFALIAS: the free-text alias (`ip link set NAME alias TEXT`). */
  ifalias: string | null
  /** Alternative names (IFLA_PROP_LIST / IFLA_ALT_IFNAME). */
  altNames: string[] | null
  /** IFLA_INFO_KIND ('veth', 'bridge', 'vxlan', ...). */
  kind: string | null
  /** IFLA_INFO_DATA decoded per kind (camelCase names); a Buffer for kinds without a layout. */
  linkinfo: Record<string, unknown> | Buffer | null
  /** IFLA_INFO_SLAVE_KIND ('bridge' for a bridge port, 'bond' for a bond slave). */
  slaveKind: string | null
  /** IFLA_INFO_SLAVE_DATA decoded per slave kind. */
  slaveInfo: Record<string, unknown> | Buffer | null
  /** IFLA_STATS64. */
  stats: LinkStats | null
  /**
   * Known attributes without a field of their own (e.g. `gsoMaxSize`), by schema name; null when there
   * are none.
   */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** A link to add, change or delete (encoder input; interfaces are indexes). */
export interface LinkSpec {
  /** Interface index (to change or delete a link); 0 / absent for a new link. */
  index?: number
  /** IFLA_IFNAME: the name of a new link, or a new name for an existing one (at most 15 bytes). */
  ifname?: string
  /** IFLA_INFO_KIND, for new links: 'veth', 'bridge', 'vxlan', 'macvlan', ... */
  kind?: string
  /** IFLA_INFO_DATA of `kind` (names as in Link.linkinfo; veth: `{ peer: { ifname, ... } }`). */
  linkinfo?: Record<string, unknown>
  /** Set (true) or clear (false) IFF_UP; absent leaves it unchanged. */
  up?: boolean
  /** IFLA_MTU. */
  mtu?: number
  /** IFLA_ADDRESS: a link-layer address ('02:00:00:00:00:01'). */
  address?: string
  /** IFLA_BROADCAST: a link-layer broadcast address. */
  broadcast?: string
  /** Master index; 0 detaches from the master. */
  master?: number
  /** Lower device index (macvlan/vxlan/vlan parent). */
  link?: number
  /** IFLA_TXQLEN: transmit queue length, packets. */
  txqlen?: number
  /** IFLA_GROUP: the device group. */
  group?: number
  /** IFLA_IFALIAS: a free-text alias. */
  ifalias?: string
  /** Move into the namespace of this pid / of this namespace fd. */
  netnsPid?: number
  /** Move into the namespace of this open namespace file descriptor (IFLA_NET_NS_FD). */
  netnsFd?: number
}
