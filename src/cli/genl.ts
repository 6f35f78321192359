/**
 * `nlroute genl`: the generic netlink families, as `genl ctrl list` / `genl ctrl get name NAME`
 * print them (`-j`: the library's GenlFamilyInfo objects). The socket is opened here, in the
 * namespace `-n` names, as the object is the only one that speaks NETLINK_GENERIC.
 */
import type { GenlFamilyInfo } from '../genl/nlctrl/family'
import { Args, garbage, pick, unknownCommand } from './args'
import type { Context } from './context'
import { UsageError } from './errors'

export const GENL_USAGE = `Usage: nlroute genl [ ctrl ] { list | show | get name NAME | help }`

const COMMANDS = ['list', 'show', 'get', 'help'] as const

export async function genlCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  if (!args.done && argv[0] === 'ctrl') args.next()
  const word = args.done ? 'list' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('genl', word)
  if (cmd === 'help') throw new UsageError(GENL_USAGE)
  let name: string | null = null
  if (cmd === 'get') {
    if (args.done || args.next() !== 'name' || args.done) throw new UsageError(GENL_USAGE)
    name = args.next()
  }
  if (!args.done) throw garbage(args.next())
  const { GenericNetlink } = require('../genl/genl-socket') as typeof import('../genl/genl-socket')
  const netns = ctx.options.netns
  const g = await GenericNetlink.open(netns === null ? {} : { netns })
  try {
    const families = name === null ? await g.families() : [await g.resolve(name)]
    if (ctx.options.json) {
      ctx.out.beginJson(ctx.options.pretty)
      for (const f of families) ctx.out.jsonItem(f)
      ctx.out.endJson()
      return
    }
    // genl starts its list with an empty line.
    ctx.out.line('')
    for (const f of families) for (const line of formatFamily(f)) ctx.out.line(line)
  } finally {
    g.close()
  }
}

const CAPABILITY_WORDS: Readonly<Record<string, string>> = {
  'admin-perm': 'requires admin permission',
  do: 'can doit',
  dump: 'can dumpit',
  'has-policy': 'has policy',
}

const hex = (n: number): string => `0x${n.toString(16)}`

/** genl's lines for one family (genl/ctrl.c print_ctrl); capabilities are printed for every operation that has flags (genl omits them for some families). */
export function formatFamily(f: GenlFamilyInfo): string[] {
  const lines = [`Name: ${f.name}`, `\tID: ${hex(f.id)}  Version: ${hex(f.version)}  header size: ${f.headerSize}  max attribs: ${f.maxAttr} `]
  if (f.operations.length > 0) {
    lines.push('\tcommands supported: ')
    f.operations.forEach((op, i) => {
      lines.push(`\t\t#${i + 1}:  ID-${hex(op.id)} `)
      const words = op.capabilities.map((c) => CAPABILITY_WORDS[c]).filter((w) => w !== undefined)
      if (op.flags !== 0) lines.push(`\t\tCapabilities (${hex(op.flags)}):`, ` \t\t  ${words.join('; ')}`, '')
    })
    lines.push('')
  }
  if (f.multicastGroups.length > 0) {
    lines.push('\tmulticast groups:')
    f.multicastGroups.forEach((g, i) => lines.push(`\t\t#${i + 1}:  ID-${hex(g.id)}  name: ${g.name} `))
    lines.push('')
  }
  lines.push('')
  return lines
}
