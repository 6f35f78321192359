#!/usr/bin/env node
/**
 * The `nlroute` command (its executable is bin.ts): iproute2's `ip` for what the library covers.
 * This file owns the entry: global options, choosing the object, reporting failures with ip's
 * messages and exit codes (errors.ts). Each object's module, the output formatting and the
 * library itself are required only when a command needs them, so start-up stays close to a bare
 * `node` (measured in bench/).
 */
import { parseGlobalOptions, pick } from './args'
import { EXIT, UsageError, describeFailure } from './errors'

export const USAGE = `Usage: nlroute [ OPTIONS ] OBJECT { COMMAND | help }
where  OBJECT := { address | route | rule | neighbour | link | monitor | ss | genl }
       OPTIONS := { -4 | -6 | -n[etns] NAME | -j[son] | -p[retty] | -h[elp] | -V[ersion] }
Examples:
       nlroute route show table all
       nlroute -n NS -j link
       nlroute route add 10.9.0.0/24 via 192.0.2.1 dev eth0
       nlroute monitor route`

const OBJECTS = ['address', 'route', 'rule', 'neighbour', 'neighbor', 'link', 'monitor', 'ss', 'genl', 'help'] as const

type CommandModule = (ctx: import('./context').Context, argv: string[]) => Promise<void>

function load(object: (typeof OBJECTS)[number]): CommandModule {
  switch (object) {
    case 'address':
      return (require('./addr') as typeof import('./addr')).addrCommand
    case 'route':
      return (require('./route') as typeof import('./route')).routeCommand
    case 'rule':
      return (require('./rule') as typeof import('./rule')).ruleCommand
    case 'neighbour':
    case 'neighbor':
      return (require('./neigh') as typeof import('./neigh')).neighCommand
    case 'link':
      return (require('./link') as typeof import('./link')).linkCommand
    case 'monitor':
      return (require('./monitor') as typeof import('./monitor')).monitorCommand
    case 'ss':
      return (require('./ss') as typeof import('./ss')).ssCommand
    case 'genl':
      return (require('./genl') as typeof import('./genl')).genlCommand
    case 'help':
      throw new UsageError(USAGE)
  }
}

/** Runs one command line; resolves to the exit code (it never calls process.exit, so output is flushed). */
export async function main(argv: readonly string[]): Promise<number> {
  let ctx: import('./context').Context | null = null
  try {
    const { options, rest } = parseGlobalOptions(argv)
    if (options.version) {
      const { version } = (require('../native') as typeof import('../native')).packageManifest()
      process.stdout.write(`nlroute utility, nlroute-${version}\n`)
      return EXIT.OK
    }
    if (options.help) {
      process.stdout.write(USAGE + '\n')
      return EXIT.OK
    }
    if (rest.length === 0) throw new UsageError(USAGE)
    const word = rest[0]!
    const object = pick(word, OBJECTS)
    if (object === null) throw new UsageError(`Object "${word}" is unknown, try "nlroute help".`, EXIT.ERROR)
    const command = load(object)
    const { Context } = require('./context') as typeof import('./context')
    ctx = new Context(options)
    await command(ctx, rest.slice(1))
    await ctx.out.flush()
    return EXIT.OK
  } catch (error) {
    await ctx?.out.flush()
    const { message, exitCode } = describeFailure(error)
    process.stderr.write(message + '\n')
    return exitCode
  } finally {
    ctx?.close()
  }
}

/** Runs the command line of this process and sets its exit code (bin.ts; this file run directly). */
export function runFromCommandLine(): void {
  // A closed pipe (`nlroute route | head`) ends the command quietly, as it does for ip.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.OK)
    throw error
  })
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}

if (require.main === module) runFromCommandLine()
