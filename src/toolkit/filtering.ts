/**
 * Filtering parsers: a decoder plus a predicate, as one engine parser. Returning null drops a
 * message from the answer (the engine's parser contract), so whatever the kernel could not filter
 * (a field it has no filter for, or a kernel without strict checking) is dropped as it is decoded,
 * before it is queued or collected.
 */
import type { Parser } from '../marshal'

/** A parser that decodes, then keeps only what `keep` accepts. */
export function filteringParser<T>(decode: Parser<T>, keep: (item: T) => boolean): Parser<T> {
  return (data, offset, length, text) => {
    const item = decode(data, offset, length, text)
    return item !== null && keep(item) ? item : null
  }
}

/** `decode` as is when there is nothing to test, else its filtering parser. */
export function parserFor<T>(decode: Parser<T>, keep: ((item: T) => boolean) | null): Parser<T> {
  return keep === null ? decode : filteringParser(decode, keep)
}
