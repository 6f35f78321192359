/**
 * Change kinds: the table-driven description of how one object kind is changed (its NEW and DEL
 * message types, the commands it takes, its encoder), the check of a command, and the message type
 * and flags a command sends. The commands follow iproute2's verbs, each a fixed set of
 * NLM_F_CREATE / EXCL / REPLACE / APPEND flags, the same for every family that creates objects.
 */
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../constants'

/** What a NEW message asks for, by command: `ip … add` must create, `replace` may, `change` must not. */
export const CREATE_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  add: NLM_F_CREATE | NLM_F_EXCL,
  replace: NLM_F_CREATE | NLM_F_REPLACE,
  change: NLM_F_REPLACE,
  append: NLM_F_CREATE | NLM_F_APPEND,
  set: 0,
})

/** The commands that delete: 'delete' is an alias of 'del', as in iproute2. */
const DELETE_COMMANDS: ReadonlySet<string> = new Set(['del', 'delete'])

/** How one object kind is changed: message types and which commands exist. */
export interface ChangeKind<Spec> {
  /** The object kind as errors name it ('route'). */
  what: string
  newType: number
  delType: number
  /** The change commands: keys of CREATE_FLAGS, plus 'del' / 'delete' where the kind can be deleted. */
  commands: ReadonlySet<string>
  /** Commands the same method takes that are not changes ('get'), listed in the error for a bad command. */
  otherCommands?: readonly string[]
  encode(spec: Spec, op: 'new' | 'delete'): Buffer
}

/** Throws a TypeError listing the commands unless `cmd` is one of `kind`'s. */
export function checkCommand(kind: ChangeKind<unknown>, cmd: unknown): asserts cmd is string {
  if (typeof cmd !== 'string' || !kind.commands.has(cmd)) {
    const known = [...kind.commands, ...(kind.otherCommands ?? [])]
    throw new TypeError(`${kind.what} command: expected one of ${known.join(', ')}, got ${JSON.stringify(cmd)}`)
  }
}

/** Whether a (checked) command deletes. */
export function isDelete(cmd: string): boolean {
  return DELETE_COMMANDS.has(cmd)
}

/** The message type and flags of a (checked) command of `kind`; every change asks for an ack. */
export function changeHeader(kind: ChangeKind<unknown>, cmd: string): Readonly<{ type: number; flags: number }> {
  // One frozen object per kind and command: a change sends it as its request options when the call
  // has none, and 100k waiting changes would otherwise hold 100k copies.
  let byCommand = HEADERS.get(kind)
  if (byCommand === undefined) HEADERS.set(kind, (byCommand = new Map()))
  let header = byCommand.get(cmd)
  if (header === undefined) {
    header = Object.freeze(isDelete(cmd) ? { type: kind.delType, flags: NLM_F_ACK } : { type: kind.newType, flags: NLM_F_ACK | CREATE_FLAGS[cmd]! })
    byCommand.set(cmd, header)
  }
  return header
}
const HEADERS = new WeakMap<ChangeKind<unknown>, Map<string, Readonly<{ type: number; flags: number }>>>()

/** The payload of a (checked) command of `kind` for `spec`. */
export function changePayload<Spec>(kind: ChangeKind<Spec>, cmd: string, spec: Spec): Buffer {
  return kind.encode(spec, isDelete(cmd) ? 'delete' : 'new')
}
