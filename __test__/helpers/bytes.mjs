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
/** A u64 payload; `value` a bigint. */
export const u64 = integer(8, 'writeBigUInt64LE')
