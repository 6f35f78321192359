/**
 * Command-line parsing as iproute2 does it: global options first (`-4`, `-n NS`, `-j`...), then an
 * object and a command, each of which may be abbreviated to any prefix (`ip r` is `ip route`,
 * `ip ro sh` is `ip route show`), then keyword/value pairs read left to right by a cursor. No
 * kernel access here: `__test__/cli-args.spec.mjs` runs it alone.
 */
import { EXIT, UsageError, invalidArgument } from './errors'

export interface GlobalOptions {
  family: 4 | 6 | null
  netns: string | null
  json: boolean
  pretty: boolean
  help: boolean
  version: boolean
}

/** True when `arg` abbreviates `word` (ip's `matches()`: a non-empty prefix). */
export function matches(arg: string, word: string): boolean {
  return arg.length > 0 && word.startsWith(arg)
}

/** The first of `words` that `arg` abbreviates (order decides, as in ip: `r` is route before rule). */
export function pick<W extends string>(arg: string, words: readonly W[]): W | null {
  return words.find((w) => matches(arg, w)) ?? null
}

/**
 * Applies global option `arg` (argv[i]) to `options`; returns how many arguments it used (0 when
 * it is not one). Options may be written with one dash or two (`-json`, `--json`) and abbreviated
 * where ip allows it.
 */
function globalOption(argv: readonly string[], i: number, options: GlobalOptions): number {
  const arg = argv[i]!
  const opt = arg.startsWith('--') ? arg.slice(1) : arg
  const long = (word: string): boolean => opt.length > 2 && matches(opt, word)
  const value = (): string => {
    const v = argv[i + 1]
    if (v === undefined) throw new UsageError('Command line is not complete. Try option "help"')
    return v
  }
  if (opt === '-4') options.family = 4
  else if (opt === '-6') options.family = 6
  else if (opt === '-j' || long('-json')) options.json = true
  else if (opt === '-p' || long('-pretty')) options.pretty = true
  else if (opt === '-h' || long('-help')) options.help = true
  else if (opt === '-V' || long('-Version') || opt === '-version') options.version = true
  else if (opt === '-n' || long('-netns')) {
    options.netns = value()
    return 2
  } else if (long('-family')) {
    const v = value()
    if (v === 'inet') options.family = 4
    else if (v === 'inet6') options.family = 6
    else throw invalidArgument(v, 'invalid protocol family')
    return 2
  } else return 0
  return 1
}

/**
 * Reads the global options: those before the object, as ip does, and also the same spellings
 * after the command (`nlroute route show -j`), which ip refuses but people type. Returns them and
 * the other arguments in order.
 */
export function parseGlobalOptions(argv: readonly string[]): { options: GlobalOptions; rest: string[] } {
  const options: GlobalOptions = { family: null, netns: null, json: false, pretty: false, help: false, version: false }
  let i = 0
  for (; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      i++
      break
    }
    if (!arg.startsWith('-') || arg === '-') break
    const used = globalOption(argv, i, options)
    if (used === 0) throw new UsageError(`Option "${arg}" is unknown, try "nlroute -help".`)
    i += used - 1
  }
  const rest: string[] = []
  for (; i < argv.length; i++) {
    const used = argv[i]!.startsWith('-') ? globalOption(argv, i, options) : 0
    if (used === 0) rest.push(argv[i]!)
    else i += used - 1
  }
  return { options, rest }
}

/** A cursor over a command's arguments, with ip's wording for what is missing or wrong. */
export class Args {
  readonly #argv: readonly string[]
  #at = 0

  constructor(argv: readonly string[]) {
    this.#argv = argv
  }

  get done(): boolean {
    return this.#at >= this.#argv.length
  }

  peek(): string | undefined {
    return this.#argv[this.#at]
  }

  /** The next argument; an error when there is none. */
  next(): string {
    const arg = this.#argv[this.#at++]
    if (arg === undefined) throw new UsageError('Command line is not complete. Try option "help"')
    return arg
  }

  /** The value after keyword `keyword` (ip's NEXT_ARG). */
  value(): string {
    return this.next()
  }

  /** The rest, unread. */
  rest(): string[] {
    const out = this.#argv.slice(this.#at)
    this.#at = this.#argv.length
    return out
  }
}

/** An unsigned integer argument, or ip's `"what" value is invalid`. */
export function uintArg(value: string, what: string, max = 0xffffffff): number {
  const n = /^(0x[0-9a-f]+|[0-9]+)$/i.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n > max) throw invalidArgument(value, `"${what}" value is invalid`)
  return n
}

/** A name from a name table (route types, protocols, scopes...) or a number. */
export function namedArg(table: { valueOf(nameOrValue: string | number): number | undefined }, value: string, what: string, max = 255): number {
  const byName = table.valueOf(value)
  if (byName !== undefined) return byName
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(value) && Number(value) <= max) return Number(value)
  throw invalidArgument(value, `"${what}" value is invalid`)
}

/** A prefix as ip takes it: `default`/`all`/`any`, or an address with an optional `/len`. */
export function prefixArg(value: string, family: 4 | 6 | null): string {
  if (value === 'default' || value === 'all' || value === 'any') return 'default'
  const [address, len, extra] = value.split('/')
  const isV4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(address!)
  const isV6 = !isV4 && address!.includes(':')
  const max = isV4 ? 32 : 128
  const bad =
    (!isV4 && !isV6) ||
    extra !== undefined ||
    (len !== undefined && (!/^\d+$/.test(len) || Number(len) > max)) ||
    (family === 4 && !isV4) ||
    (family === 6 && !isV6)
  if (bad) throw new UsageError(`Error: any valid prefix is expected rather than "${value}".`, EXIT.ERROR)
  return value
}

/** An address (no prefix length). */
export function addressArg(value: string, what = 'address'): string {
  const isV4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(value)
  if (!isV4 && !/^[0-9a-f:.]+$/i.test(value))
    throw new UsageError(`Error: ${what === 'address' ? 'an inet address' : what} is expected rather than "${value}".`, EXIT.ERROR)
  return value
}

/** Unknown command for an object: ip's wording and exit code. */
export function unknownCommand(object: string, command: string): UsageError {
  return new UsageError(`Command "${command}" is unknown, try "nlroute ${object} help".`)
}

/** An argument no keyword accounts for, as ip reports it. */
export function garbage(arg: string): UsageError {
  return new UsageError(`Error: either "to" is duplicate, or "${arg}" is a garbage.`)
}
