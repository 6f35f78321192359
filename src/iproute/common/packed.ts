/**
 * Structs of consecutive fields of one integer type (counters, lifetimes, ranges), the most common
 * shape of a struct-valued rtnetlink attribute, declared by their field names alone.
 */
import { defineStruct, StructCodec } from '../../schema/struct'

/** Declares a struct of consecutive `type` fields; accepted from `minCount` fields (older kernels). */
export function packed(name: string, type: 'u32' | 'u64n' | 's32', names: readonly string[], minCount = names.length): StructCodec<object> {
  const size = type === 'u64n' ? 8 : 4
  return defineStruct({
    name,
    size: names.length * size,
    minSize: minCount * size,
    fields: names.map((n, i) => ({ name: n, type, offset: i * size })),
  })
}
