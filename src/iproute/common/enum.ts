/**
 * Enumerations declared once: an `@enum` object of kernel names and numbers (RTN, NUD, FR_ACT, ...)
 * is the one declaration; the name table that shows its numbers (../../schema/names.ts) and the
 * union type of those names are derived from it here, so a member added to the object is shown,
 * accepted and typed without being written again.
 */
import { defineNames, NameTable } from '../../schema/names'

/** The names an enum object's members show as: the member name in lower case (RTN.UNICAST → 'unicast'). */
export type LowerNames<E> = Lowercase<Extract<keyof E, string>>

/**
 * The number → name entries of an enum object, for defineNames: each member's number with its
 * lower-case name, or with `renamed[member]` where iproute2 spells it otherwise
 * (LWTUNNEL_ENCAP.SEG6_LOCAL is 'seg6local').
 */
export function lowerNames<E extends Readonly<Record<string, number>>>(
  members: E,
  renamed: Partial<Readonly<Record<keyof E, string>>> = {},
): Record<number, LowerNames<E>> {
  const entries: Record<number, string> = {}
  for (const [member, value] of Object.entries(members)) entries[value] = renamed[member as keyof E] ?? member.toLowerCase()
  return entries as Record<number, LowerNames<E>>
}

/** The name table of an enum object (lowerNames), its names typed as LowerNames: `enumNames('route type', RTN)`. */
export function enumNames<E extends Readonly<Record<string, number>>>(
  what: string,
  members: E,
  aliases?: Readonly<Record<string, number>>,
): NameTable<LowerNames<E>> {
  return defineNames(what, lowerNames(members), aliases)
}
