/**
 * NLA_UINT: the kernel's variable-width unsigned integer attribute (nla_put_uint), 4 bytes when the
 * value fits 32 bits and 8 otherwise. Decoded to a bigint whatever the width, so the value's type
 * does not depend on its size; encoded the way the kernel writes it.
 */
import type { CustomCodec } from './attrs'
import { checkScalar, readScalar } from './scalar'

/** The codec of an NLA_UINT attribute (`{ kind: 'custom', codec: UINT_CODEC }`). */
export const UINT_CODEC: CustomCodec<bigint> = {
  decode(buf, start, end) {
    if (end - start === 4) return BigInt(readScalar('u32', buf, start))
    if (end - start === 8) return readScalar('u64n', buf, start)
    return undefined
  },
  encode(value, writer, path) {
    checkScalar('u64n', value, path)
    const big = BigInt(value)
    if (big <= 0xffffffffn) writer.scalar('u32', Number(big))
    else writer.scalar('u64n', big)
  },
}
