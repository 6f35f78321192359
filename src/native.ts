/**
 * The contract between the TypeScript layer and the napi binding (crates/nlroute-binding).
 *
 * Everything the JS side needs from Rust goes through `NativeSocketHandle`; the request engine only
 * ever talks to this interface, so tests can put a fake socket fed with recorded datagrams in its place
 * (see __test__/helpers/fake-kernel.mjs).
 *
 * The binding's own types (options, batches, stats, the socket class) are generated from the Rust
 * doc comments of crates/nlroute-binding by `npm run build:native` into src/binding.d.ts (copied
 * to dist/ by scripts/bundle.mjs) and re-exported here, not restated.
 */
import type * as Binding from './binding'
import type { NativeSocket } from './binding'

export type { NativeBatch, NativeBatchError, NativeOpenOptions, NativeSocketStats } from './binding'

/**
 * `groups[i]` of an overflow marker: ENOBUFS, the kernel dropped messages (the datagram is empty).
 * The same value as `Datagram::OVERFLOW_GROUP` in crates/nlroute-core/src/queue.rs.
 */
export const OVERFLOW_MARKER_GROUP = -1
/**
 * `groups[i]` of a recovered marker: after an overflow, a read found the socket's queue empty, so
 * the kernel delivers unicast answers again (until then it drops them without another ENOBUFS).
 * The same value as `Datagram::RECOVERED_GROUP` in crates/nlroute-core/src/queue.rs.
 */
export const RECOVERED_MARKER_GROUP = -2

/**
 * Spec of a native per-request parser, run in Rust on the messages of one sequence number: one
 * shape per parser in crates/nlroute-core/src/parsers/, told apart by `name`. The binding hands
 * the object's fields to the parser as they are; the parser checks them (a number of the wrong
 * kind, an unknown name or a field the parser does not read: TypeError; out of range or an
 * address of the wrong length: RangeError). Each shape lists the fields of its parser's `FIELDS`
 * (a test compares the two: __test__/types/native-parser-specs.mjs).
 */
export type NativeParserSpec =
  | {
      /** 'defaultRoutes' (default_routes.rs): keep default routes (RTM_NEWROUTE without RTA_DST). */
      name: 'defaultRoutes'
      /** rtm_family as an AF_* number (AF_INET = 2, AF_INET6 = 10); 0 or absent: any. */
      family?: number
      /** Table id (RTA_TABLE when the route has it, else rtm_table). */
      table?: number
      /** Rewrite the routes kept into the compact form (route_compact.rs), which decodeRoute reads. */
      compact?: boolean
    }
  | {
      /**
       * 'routeFilter' (route_filter.rs): keep routes that match every field given (`gateway` and
       * `oif` each match the route itself or any next hop of a multipath route, as in IPRoute's
       * RouteFilter).
       */
      name: 'routeFilter'
      /** rtm_family as an AF_* number (AF_INET = 2, AF_INET6 = 10); 0 or absent: any. */
      family?: number
      /** Table id (RTA_TABLE when the route has it, else rtm_table). */
      table?: number
      /** rtm_protocol number. */
      protocol?: number
      /** rtm_type number. */
      type?: number
      /** rtm_scope number. */
      scope?: number
      /** RTA_OIF interface index. */
      oif?: number
      /** RTA_IIF interface index. */
      iif?: number
      /** RTA_PRIORITY (metric). */
      priority?: number
      /** Exact destination prefix: address bytes (4 or 16) plus dstLen. */
      dst?: Buffer
      /** Prefix length the route must have (with or without `dst`; 0 = default routes). */
      dstLen?: number
      /** Keep routes whose destination prefix contains this address (4 or 16 bytes). */
      contains?: Buffer
      /** Keep routes whose destination lies inside this prefix (address bytes plus withinLen). */
      within?: Buffer
      /** Prefix length of `within`. */
      withinLen?: number
      /** Gateway address bytes (4 or 16), matched against RTA_GATEWAY and the address of RTA_VIA. */
      gateway?: Buffer
      /** Rewrite the routes kept into the compact form (route_compact.rs), which decodeRoute reads. */
      compact?: boolean
    }
  | {
      /** 'inetDiagFilter' (inet_diag.rs): keep sock_diag inet answers matching what the kernel cannot filter. */
      name: 'inetDiagFilter'
      /** idiag_uid: the socket owner's uid. */
      uid?: number
    }

/**
 * One open native socket, as the binding's `NativeSocket.open` returns it. Only NetlinkSocket and
 * the request engine call it; a test may supply a fake through the `opener` argument of
 * `NetlinkSocket.open` / `IPRoute.open`. Its methods are the generated class's (binding.d.ts),
 * but for the spec of `setNativeParser`, which the generated declarations can only call `object`;
 * the class's getters are declared here as properties, which is how a fake gives them (and how
 * the API reference can show their documentation).
 */
export interface NativeSocketHandle extends Pick<NativeSocket, NativeSocketMethod> {
  /** The port id (nl_pid) the kernel bound the socket to. */
  readonly portId: NativeSocket['portId']
  /** The netlink protocol number. */
  readonly protocol: NativeSocket['protocol']
  /** The receive buffer the kernel granted, in bytes (what waits unread must fit in it; 0 once closed). */
  readonly receiveBufferSize: NativeSocket['receiveBufferSize']
  /** The send buffer the kernel granted, in bytes: netlink refuses a datagram longer than it less 32 bytes (EMSGSIZE). */
  readonly sendBufferSize: NativeSocket['sendBufferSize']
  /** Runs the native parser `spec` names on the data messages of `sequenceNumber` (an invalid spec throws). */
  setNativeParser(sequenceNumber: number, spec: NativeParserSpec): void
}

/** The methods of the binding's `NativeSocket` the engine calls, as generated (setNativeParser is typed above). */
type NativeSocketMethod =
  'send' | 'sendInBackground' | 'demand' | 'readWaiting' | 'addMembership' | 'dropMembership' | 'clearNativeParser' | 'ref' | 'unref' | 'stats' | 'close'

/** The addon's exports, as the generated declarations give them. */
export type NativeBinding = typeof Binding

/** The host as the loader sees it: `process.platform`, `process.arch` and, on Linux, the C library. */
export interface HostPlatform {
  platform: string
  arch: string
  /** 'gnu' or 'musl' on Linux; '' elsewhere. */
  abi: string
}

/** The parts of our own package.json the loader reads (one source for names, version and targets). */
/** What the loader and the command read from package.json. */
export interface PackageManifest {
  name: string
  version: string
  napi: { binaryName: string; targets: string[] }
}

/**
 * The package's own package.json, read at run time (a bundler would otherwise copy it in, and a
 * version bump would leave the copy behind). Every file that calls this sits one level below the
 * package root: dist/native.js, and the bundles dist/nlroute.js and dist/cli.js.
 */
export function packageManifest(): PackageManifest {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { join } = require('node:path') as typeof import('node:path')
  /* eslint-enable @typescript-eslint/no-require-imports */
  return readJson(join(__dirname, '..', 'package.json')) as PackageManifest
}

/**
 * A JSON file, parsed. Not `require(path)`: the first JSON file a process requires costs about 1 ms
 * of module-loader work (resolution, the .json handler, its cache), ten times the read and parse,
 * and the binding is loaded on every process's first call (issue 8: the first call is as fast as
 * the hundredth).
 */
function readJson(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs')
  return JSON.parse(readFileSync(path, 'utf8'))
}

let binding: NativeBinding | undefined

/**
 * Loads the napi addon on first use, so that pure-JS parts (decoders, the fake kernel of nlroute/testing) work without it.
 * When no binary fits this machine it throws one error that names the platform and says how to get one
 * (see bindingFor), never the stack of attempts napi's generated loader collects.
 */
export function loadBinding(): NativeBinding {
  binding ??= bindingFor(hostPlatform())
  return binding
}

/** The napi-rs name of a platform, as in `nlroute.linux-x64-gnu.node` and `nlroute-linux-x64-gnu`. */
export function platformName(host: HostPlatform): string {
  return [host.platform, host.arch, host.abi].filter(Boolean).join('-')
}

/**
 * This process's platform. The C library is read from /usr/bin/ldd first (a musl system's ldd is musl's),
 * and only if that is missing from the process report, which costs milliseconds.
 */
export function hostPlatform(): HostPlatform {
  const { platform, arch } = process
  if (platform !== 'linux') return { platform, arch, abi: '' }
  let musl: boolean
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    musl = (require('node:fs') as typeof import('node:fs')).readFileSync('/usr/bin/ldd', 'latin1').includes('musl')
  } catch {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
    musl = header !== undefined && header.glibcVersionRuntime === undefined
  }
  return { platform, arch, abi: musl ? 'musl' : 'gnu' }
}

/**
 * Loads the binary for `host`: a local build next to package.json first (`npm run build:native` in a
 * clone writes `nlroute.<platform>.node` there), then the platform package `nlroute-<platform>` that npm
 * installs from optionalDependencies. Exactly one error when neither works, saying why (no binary for
 * this platform, its package not installed, a package of another version, or a binary that fails to load,
 * that failure kept as `cause`) and how to build from source. Tests call it with another platform's `host`.
 */
export function bindingFor(host: HostPlatform): NativeBinding {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { join } = require('node:path') as typeof import('node:path')
  const { existsSync } = require('node:fs') as typeof import('node:fs')
  const load = (path: string): unknown => require(path)
  const root = join(__dirname, '..')
  const manifest = packageManifest()
  /* eslint-enable @typescript-eslint/no-require-imports */
  const name = platformName(host)
  const fail = (why: string, code: string, cause?: unknown): never => {
    const built = targetNames(manifest.napi.targets)
    const error = new Error(
      `${manifest.name}: ${why}. ` +
        `Prebuilt binaries are published for ${built.join(', ')}. ` +
        `To build from source, in a clone of ${manifest.name} with a Rust toolchain: \`npm install && npm run build:native\` ` +
        `(it writes ${manifest.napi.binaryName}.${name}.node next to package.json).`,
      cause === undefined ? undefined : { cause },
    )
    ;(error as Error & { code: string }).code = code
    throw error
  }
  const loaded = (path: string): NativeBinding => {
    try {
      return load(path) as NativeBinding
    } catch (error) {
      const first = String((error as Error)?.message ?? error).split('\n')[0]
      return fail(`the native binary for ${name} at ${path} does not load: ${first}`, 'ERR_NLROUTE_BINARY_LOAD', error)
    }
  }

  const local = join(root, `${manifest.napi.binaryName}.${name}.node`)
  if (existsSync(local)) return loaded(local)

  const packageName = `${manifest.name}-${name}`
  let entry: string
  try {
    entry = require.resolve(packageName)
  } catch {
    if (!targetNames(manifest.napi.targets).includes(name)) {
      return fail(`no native binary for ${name}: this platform has no prebuilt binary`, 'ERR_NLROUTE_NO_BINARY')
    }
    return fail(
      `no native binary for ${name}: its package ${packageName}@${manifest.version} is not installed ` +
        `(optional dependencies omitted, or a lockfile made on another platform?); ` +
        `\`npm install ${packageName}@${manifest.version}\` adds it`,
      'ERR_NLROUTE_NO_BINARY',
    )
  }
  const { version } = readJson(join(entry, '..', 'package.json')) as { version: string }
  if (version !== manifest.version) {
    return fail(
      `${packageName} is version ${version}, but ${manifest.name} ${manifest.version} needs exactly ${manifest.version}; ` +
        `\`npm install ${packageName}@${manifest.version}\` fixes it`,
      'ERR_NLROUTE_BINARY_VERSION',
    )
  }
  return loaded(entry)
}

/** napi target triples as platform names: x86_64-unknown-linux-gnu → linux-x64-gnu (napi-rs's naming; a test checks it against @napi-rs/cli's parseTriple). */
export function targetNames(triples: string[]): string[] {
  const archs: Record<string, string> = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', riscv64gc: 'riscv64' }
  return triples.map((triple) => {
    const [cpu = '', , os = '', abi = ''] = triple.split('-')
    return platformName({ platform: os, arch: archs[cpu] ?? cpu, abi })
  })
}
