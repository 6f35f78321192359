/**
 * GenericNetlink: one NETLINK_GENERIC socket, with family resolution (CTRL_CMD_GETFAMILY) cached
 * per socket and kept current from nlctrl's `notify` group, multicast groups joined by name, and
 * the generic request path every family's typed class (Ethtool, ...) goes through: a
 * {@link GenlFamily} schema, a command and its attributes in, decoded messages out.
 */
import { NLM_F_ACK, NLM_F_DUMP } from '../constants'
import { NetlinkError } from '../errors'
import type { Message, Parser } from '../marshal'
import { deferredIterator } from '../request'
import { NetlinkSocket, type NativeOpener, type NetlinkSocketOptions } from '../socket'
import { checkSpecObject, objectArg, stringArg } from '../toolkit/args'
import { callOptions, dumpOptions, type CallOptions, type DumpOptions } from '../toolkit/call-options'
import type { GenlFamily, GenlMessage } from './family'
import { decodeGenlMessage, encodeGenlRequest, familyInfoOf, NLCTRL } from './lazy'
import { CTRL_CMD, GENL_CTRL_NOTIFY_GROUP, GENL_ID_CTRL, GENL_NAMSIZ } from './nlctrl/constants'
import type { GenlFamilyInfo } from './nlctrl/family'

/** Options of {@link GenericNetlink.open}: those of NetlinkSocket, for the generic protocol. */
export type GenericNetlinkOptions = Omit<NetlinkSocketOptions, 'protocol' | 'groups'>

/** Options of one generic request ({@link GenericNetlink.request}). */
export interface GenlRequestOptions<T> extends DumpOptions {
  /** A dump (NLM_F_DUMP): every object, in as many messages as it takes. Default false. */
  dump?: boolean
  /** Ask for an ack (NLM_F_ACK), for commands that answer nothing else. Default: true unless `dump`. */
  ack?: boolean
  /** Decodes each answer; default: {@link decodeGenlMessage} by the family's schema. */
  parser?: Parser<T>
  /** The family's fixed header, for families that have one. */
  header?: object
}

const REQUEST_OPTION_KEYS: ReadonlySet<string> = new Set(['signal', 'timeout', 'retryInterrupted', 'dump', 'ack', 'parser', 'header'])

/** nlctrl's announcements that change what a family resolves to. */
const FAMILY_CHANGES: ReadonlySet<number> = new Set([CTRL_CMD.NEWFAMILY, CTRL_CMD.DELFAMILY, CTRL_CMD.NEWMCAST_GRP, CTRL_CMD.DELMCAST_GRP])

const ENOENT = 2

function isFamilyChange(message: unknown): message is GenlMessage {
  const m = message as GenlMessage | null
  return typeof m === 'object' && m !== null && m.family === NLCTRL.name && FAMILY_CHANGES.has(m.cmd)
}

/**
 * A generic netlink socket (`genl`, pyroute2's GenericNetlinkSocket): resolves families by name,
 * joins their multicast groups by name, and sends any family's commands from its schema.
 * Resolutions are cached on the socket and refreshed as nlctrl announces families coming, going
 * or changing their groups.
 */
export class GenericNetlink {
  /** The underlying socket (stats, raw requests). */
  readonly socket: NetlinkSocket
  /** Resolutions by family name: settled or under way. */
  readonly #cache = new Map<string, Promise<GenlFamilyInfo>>()
  /** Family schemas whose broadcasts this socket decodes, by family name. */
  readonly #schemas = new Map<string, GenlFamily>([[NLCTRL.name, NLCTRL]])
  /** The marshal keys (family ids) registered for the schemas above, by family name. */
  readonly #registeredIds = new Map<string, number>()

  private constructor(socket: NetlinkSocket) {
    this.socket = socket
    socket.marshal.register(GENL_ID_CTRL, (d, o, l) => decodeGenlMessage(NLCTRL, d, o, l))
    socket.registerCallback(isFamilyChange, (message: GenlMessage) => this.#onFamilyChange(message))
  }

  /**
   * Opens a generic netlink socket (in `options.netns` if given) that listens to nlctrl's notify
   * group. `opener` replaces the native socket, as for NetlinkSocket.open (tests pass the fake kernel's).
   */
  static async open(options: GenericNetlinkOptions = {}, opener?: NativeOpener): Promise<GenericNetlink> {
    objectArg(options, 'GenericNetlink.open options')
    for (const key of ['protocol', 'groups']) {
      if (key in options) throw new TypeError(`GenericNetlink.open options.${key}: not an option here (join groups with join())`)
    }
    const socket = await NetlinkSocket.open({ ...options, protocol: 'generic', groups: [GENL_CTRL_NOTIFY_GROUP] }, opener)
    return new GenericNetlink(socket)
  }

  /**
   * The family `name` (CTRL_CMD_GETFAMILY), from this socket's cache when it has it. A family the
   * kernel does not have rejects with NetlinkError ENOENT, as `genl ctrl get name X` fails.
   */
  resolve(name: string, options: CallOptions = {}): Promise<GenlFamilyInfo> {
    stringArg(name, 'resolve name', GENL_NAMSIZ - 1)
    const call = callOptions(options, 'resolve')
    let pending = this.#cache.get(name)
    if (pending === undefined) {
      pending = this.#ask(name, call)
      this.#cache.set(name, pending)
      // A failure is not remembered: the next call asks again (the family may be loaded by then).
      pending.catch(() => {
        if (this.#cache.get(name) === pending) this.#cache.delete(name)
      })
    }
    return pending
  }

  /** Every family the kernel has (a CTRL_CMD_GETFAMILY dump, as `genl ctrl list`); refreshes the cache. */
  async families(options: DumpOptions = {}): Promise<GenlFamilyInfo[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'families')
    const payload = encodeGenlRequest(NLCTRL, CTRL_CMD.GETFAMILY, {}, 'families')
    const list = await this.socket.requestAll(payload, {
      type: GENL_ID_CTRL,
      flags: NLM_F_DUMP,
      parser: (d, o, l) => familyInfoOf(decodeGenlMessage(NLCTRL, d, o, l), o),
      ...call,
      ...(retryInterrupted === undefined ? {} : { retryInterrupted }),
    })
    for (const info of list) this.#remember(info)
    return list
  }

  /**
   * Joins the multicast group `groupName` of `familyName` (resolved by name; group ids above 32
   * included, through NETLINK_ADD_MEMBERSHIP); resolves to the group's id. A group the family
   * does not have is a TypeError listing those it has.
   */
  async join(familyName: string, groupName: string, options: CallOptions = {}): Promise<number> {
    stringArg(familyName, 'join familyName', GENL_NAMSIZ - 1)
    stringArg(groupName, 'join groupName', GENL_NAMSIZ - 1)
    const id = await this.#groupId(familyName, groupName, 'join', options)
    this.socket.addMembership(id)
    return id
  }

  /** Leaves a group joined with {@link GenericNetlink.join}. */
  async leave(familyName: string, groupName: string, options: CallOptions = {}): Promise<void> {
    stringArg(familyName, 'leave familyName', GENL_NAMSIZ - 1)
    stringArg(groupName, 'leave groupName', GENL_NAMSIZ - 1)
    this.socket.dropMembership(await this.#groupId(familyName, groupName, 'leave', options))
  }

  /**
   * Decodes the broadcasts of `family` on this socket with its schema (events() then yields
   * {@link GenlMessage}s for it); done by every typed family class. Returns this socket.
   */
  use(family: GenlFamily): this {
    this.#schemas.set(family.name, family)
    const cached = this.#cache.get(family.name)
    cached?.then(
      (info) => this.#registerSchema(info),
      () => {},
    )
    return this
  }

  /**
   * Sends command `cmd` of `family` with `attrs` (encoded by the command's map in the schema) and
   * returns its answer as an async iterator of decoded messages. Everything is checked before
   * anything is sent; the family is resolved first (from the cache when it can be).
   */
  request<T = GenlMessage>(family: GenlFamily, cmd: number, attrs: object = {}, options: GenlRequestOptions<T> = {}): AsyncIterableIterator<T> {
    const [payload, request] = this.#prepare(family, cmd, attrs, options, 'request')
    return deferredIterator(async () => {
      const id = await this.#idOf(family, request.call)
      return this.socket.request<T>(payload, { ...request.base, type: id })
    }, request.call.signal)
  }

  /** Like {@link GenericNetlink.request}, collected into an array (dumps retried when `retryInterrupted` says). */
  async requestAll<T = GenlMessage>(family: GenlFamily, cmd: number, attrs: object = {}, options: GenlRequestOptions<T> = {}): Promise<T[]> {
    const [payload, request] = this.#prepare(family, cmd, attrs, options, 'requestAll')
    const id = await this.#idOf(family, request.call)
    return this.socket.requestAll<T>(payload, {
      ...request.base,
      type: id,
      ...(request.retryInterrupted === undefined ? {} : { retryInterrupted: request.retryInterrupted }),
    })
  }

  /**
   * Broadcasts: those of families in use ({@link GenericNetlink.use}, nlctrl's own) as
   * {@link GenlMessage}s, anything else as raw messages, and overflow markers.
   */
  events(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<GenlMessage | Message> {
    return this.socket.events(options) as AsyncIterableIterator<GenlMessage | Message>
  }

  /** Closes the socket. Idempotent. */
  close(): void {
    this.socket.close()
  }

  /** `await using` support: closes the socket. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  #prepare<T>(family: GenlFamily, cmd: number, attrs: object, options: GenlRequestOptions<T>, method: string) {
    const o = checkSpecObject(options, REQUEST_OPTION_KEYS, `${method} options`, 'option')
    const [call, retryInterrupted] = dumpOptions(
      Object.fromEntries(Object.entries(o).filter(([k]) => k === 'signal' || k === 'timeout' || k === 'retryInterrupted')),
      method,
    )
    for (const key of ['dump', 'ack'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new TypeError(`${method} options.${key}: expected a boolean, got ${typeof o[key]}`)
    }
    if (o.parser !== undefined && typeof o.parser !== 'function') throw new TypeError(`${method} options.parser: expected a function`)
    if (o.header !== undefined) objectArg(o.header, `${method} options.header`)
    const dump = o.dump === true
    const ack = (o.ack as boolean | undefined) ?? !dump
    const payload = encodeGenlRequest(family, cmd, attrs, `${method} attrs`, (o.header as object | undefined) ?? {})
    const parser = (o.parser as Parser<T> | undefined) ?? ((d: Buffer, off: number, l: number) => decodeGenlMessage(family, d, off, l) as T)
    const base = { flags: (dump ? NLM_F_DUMP : 0) | (ack ? NLM_F_ACK : 0), parser, ...call }
    return [payload, { base, call, retryInterrupted }] as const
  }

  /** The family's id: nlctrl's is fixed, any other is resolved. */
  async #idOf(family: GenlFamily, call: CallOptions): Promise<number> {
    return family.name === NLCTRL.name ? GENL_ID_CTRL : (await this.resolve(family.name, call)).id
  }

  async #ask(name: string, call: CallOptions): Promise<GenlFamilyInfo> {
    const payload = encodeGenlRequest(NLCTRL, CTRL_CMD.GETFAMILY, { familyName: name }, 'resolve')
    const [info] = await this.socket.requestAll(payload, {
      type: GENL_ID_CTRL,
      parser: (d, o, l) => familyInfoOf(decodeGenlMessage(NLCTRL, d, o, l), o),
      ...call,
    })
    if (info === undefined) throw new NetlinkError(ENOENT, { context: `generic netlink family '${name}'`, requestType: GENL_ID_CTRL })
    this.#registerSchema(info)
    return info
  }

  async #groupId(familyName: string, groupName: string, method: string, options: CallOptions): Promise<number> {
    const info = await this.resolve(familyName, callOptions(options, method))
    const group = info.multicastGroups.find((g) => g.name === groupName)
    if (group === undefined) {
      const known = info.multicastGroups.map((g) => g.name).join(', ') || 'none'
      throw new TypeError(`${method} groupName: '${groupName}' is not a multicast group of ${familyName} (it has: ${known})`)
    }
    return group.id
  }

  /** Stores a family description the kernel just gave, as the current resolution of its name. */
  #remember(info: GenlFamilyInfo): void {
    this.#cache.set(info.name, Promise.resolve(info))
    this.#registerSchema(info)
  }

  #registerSchema(info: GenlFamilyInfo): void {
    const schema = this.#schemas.get(info.name)
    if (schema === undefined || info.id === GENL_ID_CTRL) return
    const previous = this.#registeredIds.get(info.name)
    if (previous !== undefined && previous !== info.id) this.socket.marshal.unregister(previous)
    this.#registeredIds.set(info.name, info.id)
    this.socket.marshal.register(info.id, (d, o, l) => decodeGenlMessage(schema, d, o, l))
  }

  #onFamilyChange(message: GenlMessage): void {
    const name = message.attrs.familyName
    if (typeof name !== 'string') return
    if (message.cmd === CTRL_CMD.NEWFAMILY) {
      this.#remember(familyInfoOf(message))
      return
    }
    // Gone, or its groups changed (the notification carries only the group in question): asked again when next needed.
    this.#cache.delete(name)
    if (message.cmd === CTRL_CMD.DELFAMILY) {
      const id = this.#registeredIds.get(name)
      if (id !== undefined) this.socket.marshal.unregister(id)
      this.#registeredIds.delete(name)
    }
  }
}
