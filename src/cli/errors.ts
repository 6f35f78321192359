/**
 * The CLI's failures and how each is reported: the message on stderr and the exit code, as `ip`
 * gives them. Usage errors are UsageError (thrown by the parsers with ip's wording and code);
 * kernel refusals are the library's NetlinkError, shown as `RTNETLINK answers: <strerror>` (or
 * `Error: <extended ack>.` when the kernel explained itself) with exit code 2.
 */

/** ip's exit codes: 1 for most argument errors, 255 (exit(-1)) for syntax errors, 2 for the kernel. */
export const EXIT = Object.freeze({ OK: 0, ERROR: 1, KERNEL: 2, SYNTAX: 255 })

/** A command-line error: `message` goes to stderr as is, then the process exits with `exitCode`. */
export class UsageError extends Error {
  readonly exitCode: number
  constructor(message: string, exitCode: number = EXIT.SYNTAX) {
    super(message)
    this.name = 'UsageError'
    this.exitCode = exitCode
  }
}

/** `Error: argument "X" is wrong: WHAT` (ip's invarg; ip's message ends with an empty line). */
export function invalidArgument(value: string, what: string): UsageError {
  return new UsageError(`Error: argument "${value}" is wrong: ${what}\n`)
}

/** `Cannot find device "X"` (ip, exit 1). */
export function noDevice(name: string): UsageError {
  return new UsageError(`Cannot find device "${name}"`, EXIT.ERROR)
}

/** What to print and the exit code for anything a command threw. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) return { message: error.message, exitCode: error.exitCode }
  const e = error as { name?: string; errno?: number; extAckMessage?: string | null; message?: string }
  if (e !== null && typeof e === 'object' && e.name === 'NetlinkError' && typeof e.errno === 'number') {
    if (e.extAckMessage) return { message: `Error: ${e.extAckMessage}${e.extAckMessage.endsWith('.') ? '' : '.'}`, exitCode: EXIT.KERNEL }
    // Loaded only here: the texts are needed only when the kernel refused something.
    const { errnoMessage } = require('../constants') as typeof import('../constants')
    return { message: `RTNETLINK answers: ${errnoMessage(e.errno)}`, exitCode: EXIT.KERNEL }
  }
  if (e !== null && typeof e === 'object' && (e.name === 'TypeError' || e.name === 'RangeError')) {
    // The library refused an argument before sending anything: its message names the argument.
    return { message: `Error: ${e.message}`, exitCode: EXIT.ERROR }
  }
  const text = e !== null && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(error)
  return { message: `nlroute: ${text}`, exitCode: EXIT.KERNEL }
}
