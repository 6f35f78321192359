/**
 * The inet_diag bytecode filter (INET_DIAG_REQ_BYTECODE), built as iproute2's `ss` builds it
 * (ssfilter_bytecompile): each piece of program either runs off its end (the socket matches) or
 * jumps four bytes past it (it does not), so pieces combine without knowing each other: AND
 * concatenates them and moves the first piece's "no" jumps past the second (ssfilter_patch), OR puts
 * a jump over the second piece after the first, NOT a jump that swaps the two exits. The kernel
 * runs the program per socket (inet_diag_bc_run) and keeps the socket when it ends exactly at the
 * program's end.
 */
import { INET_DIAG_BC } from './constants'
import { BC_OP, HOSTCOND } from './schema'

/** A condition the bytecode can test. */
export type BcCondition =
  | {
      /** Port comparison: local (s) or remote (d) port, equal to / at least / at most `port`. */
      kind: 'port'
      side: 'local' | 'remote'
      cmp: 'eq' | 'ge' | 'le'
      port: number
    }
  | {
      /** Address prefix: the local (S_COND) or remote (D_COND) address lies in `addr`/`prefixLen`. */
      kind: 'prefix'
      side: 'local' | 'remote'
      /** AF_INET or AF_INET6. */
      af: number
      addr: Buffer
      prefixLen: number
    }
  | { kind: 'and'; a: BcCondition; b: BcCondition }
  | { kind: 'or'; a: BcCondition; b: BcCondition }
  | { kind: 'not'; a: BcCondition }

const OP_SIZE = BC_OP.size

function op(code: number, yes: number, no: number): Buffer {
  const b = Buffer.alloc(OP_SIZE)
  BC_OP.encode({ code, yes, no }, b, 0)
  return b
}

/** Moves the "no" exits of `piece` (jumps four bytes past its end) past `reloc` more bytes. */
function patch(piece: Buffer, reloc: number): void {
  let at = 0
  while (at < piece.length) {
    const { yes, no } = BC_OP.decode(piece, at)
    if (no === piece.length - at + OP_SIZE) piece.writeUInt16LE(no + reloc, at + 2)
    at += yes
  }
}

const PORT_OPS = {
  local: { eq: INET_DIAG_BC.S_EQ, ge: INET_DIAG_BC.S_GE, le: INET_DIAG_BC.S_LE },
  remote: { eq: INET_DIAG_BC.D_EQ, ge: INET_DIAG_BC.D_GE, le: INET_DIAG_BC.D_LE },
} as const

/** The program for `cond`. RangeError when it is longer than a jump can reach (u16 offsets). */
export function compileBytecode(cond: BcCondition): Buffer {
  const program = compile(cond)
  if (program.length > 0xffff - OP_SIZE)
    throw new RangeError(`sockets filter: the kernel filter program would be ${program.length} bytes, more than its jumps reach`)
  return program
}

function compile(cond: BcCondition): Buffer {
  switch (cond.kind) {
    case 'port':
      // The second op carries the port in its `no` field.
      return Buffer.concat([op(PORT_OPS[cond.side][cond.cmp], 2 * OP_SIZE, 3 * OP_SIZE), op(0, 0, cond.port)])
    case 'prefix': {
      const len = OP_SIZE + HOSTCOND.size + cond.addr.length
      const cond8 = Buffer.alloc(HOSTCOND.size)
      HOSTCOND.encode({ family: cond.af, prefixLen: cond.prefixLen, port: -1 }, cond8, 0)
      return Buffer.concat([op(cond.side === 'local' ? INET_DIAG_BC.S_COND : INET_DIAG_BC.D_COND, len, len + OP_SIZE), cond8, cond.addr])
    }
    case 'and': {
      const a = compile(cond.a)
      const b = compile(cond.b)
      patch(a, b.length)
      return Buffer.concat([a, b])
    }
    case 'or': {
      const a = compile(cond.a)
      const b = compile(cond.b)
      return Buffer.concat([a, op(INET_DIAG_BC.JMP, OP_SIZE, b.length + OP_SIZE), b])
    }
    case 'not':
      return Buffer.concat([compile(cond.a), op(INET_DIAG_BC.JMP, OP_SIZE, 2 * OP_SIZE)])
  }
}

/** `conds` joined by `kind`, right-nested as ss nests a list (`a or (b or c)`); null for none. */
export function joinConditions(kind: 'and' | 'or', conds: readonly BcCondition[]): BcCondition | null {
  if (conds.length === 0) return null
  return conds.reduceRight((b, a) => ({ kind, a, b }))
}
