/**
 * Names whose modules load on first use: what the deferred-loading tables (src/iproute/lazy.ts,
 * src/genl/lazy.ts) are made of. Each table maps a module's path to its loader (a literal
 * `require`, which is what a bundler follows) and the names it provides; `defineDeferred` puts
 * each name on the table's module as a getter that loads the module when the name is first read
 * and then leaves the value as a plain data property. `defineDeferredNamespaces` does the same for
 * names whose value is a whole module (a namespace such as `genl.ethtool`).
 */

/** A deferred module: its loader and the names of its exports read through the table. */
export type DeferredModule = readonly [load: () => Record<string, unknown>, names: readonly string[]]

/** Defines each name of each module on `target` (a module's `exports`) as a load-on-first-read getter. */
export function defineDeferred(target: object, modules: Readonly<Record<string, DeferredModule>>): void {
  for (const [load, names] of Object.values(modules)) {
    for (const name of names) defineOnFirstRead(target, name, load, false)
  }
}

/** Defines each name on `target` as a getter that loads its module on first read and gives the module itself. */
export function defineDeferredNamespaces(target: object, namespaces: Readonly<Record<string, () => Record<string, unknown>>>): void {
  for (const [name, load] of Object.entries(namespaces)) defineOnFirstRead(target, name, load, true)
}

function defineOnFirstRead(target: object, name: string, load: () => Record<string, unknown>, whole: boolean): void {
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = whole ? load() : load()[name]
      // Fixed only once defined: read during a cycle (its module still loading), it is read again later.
      if (value !== undefined) Object.defineProperty(target, name, { value, enumerable: true, configurable: false, writable: false })
      return value
    },
  })
}

/** Module path → the names it provides, for the tests that check each name is that module's export. */
export function deferredNames(modules: Readonly<Record<string, DeferredModule>>): Readonly<Record<string, readonly string[]>> {
  return Object.fromEntries(Object.entries(modules).map(([path, [, names]]) => [path, names]))
}
