// Netlink bytes built by hand, independently of the library's encoders, for tests.

/** One attribute (nla/rtattr): length, type, value, padded to 4 bytes. */
export function attr(type, value) {
  const length = 4 + value.length
  const buf = Buffer.alloc((length + 3) & ~3)
  buf.writeUInt16LE(length, 0)
  buf.writeUInt16LE(type, 2)
  value.copy(buf, 4)
  return buf
}

/** Attributes from [type, payloadBuffer] pairs. */
export function tlv(list) {
  return Buffer.concat(list.map(([type, payload]) => attr(type, payload)))
}

/** One netlink message (header + payload, padded to 4 bytes). */
export function nlmsg({ type, flags = 0, seq = 0, pid = 0, payload = Buffer.alloc(0) }) {
  const length = 16 + payload.length
  const buf = Buffer.alloc((length + 3) & ~3)
  buf.writeUInt32LE(length, 0)
  buf.writeUInt16LE(type, 4)
  buf.writeUInt16LE(flags, 6)
  buf.writeUInt32LE(seq, 8)
  buf.writeUInt32LE(pid, 12)
  payload.copy(buf, 16)
  return buf
}

/** A writer of one integer of `size` bytes through the Buffer method `write` ('writeUInt32LE', ...). */
const integer = (size, write) => (value) => {
  const buf = Buffer.alloc(size)
  buf[write](value)
  return buf
}
/** Attribute payloads of one integer, in host (little-endian) or network (be) order. */
export const u8 = integer(1, 'writeUInt8')
export const u16 = integer(2, 'writeUInt16LE')
export const u32 = integer(4, 'writeUInt32LE')
export const s32 = integer(4, 'writeInt32LE')
export const be32 = integer(4, 'writeUInt32BE')
/** A u64 payload; `value` a bigint or a safe integer. */
const u64Bytes = integer(8, 'writeBigUInt64LE')
export const u64 = (value) => u64Bytes(BigInt(value))
/** NUL-terminated text, and a nest flagged NLA_F_NESTED. */
export const str = (s) => Buffer.from(s + '\0')
export const nest = (type, parts) => attr(type | 0x8000, Buffer.concat(parts))

/** genlmsghdr: command, version, two reserved bytes. */
export const genlhdr = (cmd, version = 1) => Buffer.from([cmd, version, 0, 0])

/**
 * A CTRL_CMD_NEWFAMILY payload as the kernel lays it out (ctrl_fill_info): name, id, version,
 * header size, maxattr, operations ([id, flags]) and multicast groups ([name, id]) as nests
 * numbered from 1.
 */
export function genlFamilyPayload({ name, id, version = 1, maxattr = 5, ops = [], groups = [] }, cmd = 1) {
  return Buffer.concat([
    genlhdr(cmd, 2),
    attr(2, str(name)), // CTRL_ATTR_FAMILY_NAME
    attr(1, u16(id)), // CTRL_ATTR_FAMILY_ID
    attr(3, u32(version)), // CTRL_ATTR_VERSION
    attr(4, u32(0)), // CTRL_ATTR_HDRSIZE
    attr(5, u32(maxattr)), // CTRL_ATTR_MAXATTR
    nest(
      6, // CTRL_ATTR_OPS
      ops.map(([opId, flags], i) => nest(i + 1, [attr(1, u32(opId)), attr(2, u32(flags))])),
    ),
    nest(
      7, // CTRL_ATTR_MCAST_GROUPS
      groups.map(([gname, gid], i) => nest(i + 1, [attr(1, str(gname)), attr(2, u32(gid))])),
    ),
  ])
}
