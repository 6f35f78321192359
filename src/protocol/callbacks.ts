/**
 * Registered callbacks (`registerCallback`): every parsed message, answer or broadcast, is offered
 * to each, in registration order. A callback that throws is reported and the flow goes on.
 */

/** A registered callback: called with the message and its extra arguments when the predicate accepts it. */
export type Callback = { predicate: (message: unknown) => boolean; handler: (message: unknown, ...args: unknown[]) => void; args: unknown[] }

export class Callbacks {
  readonly #list: Callback[] = []
  readonly #report: (error: unknown) => void

  /** `report`: told of each error a predicate or handler throws. */
  constructor(report: (error: unknown) => void) {
    this.#report = report
  }

  get size(): number {
    return this.#list.length
  }

  add(predicate: Callback['predicate'], handler: Callback['handler'], args: unknown[]): void {
    if (typeof predicate !== 'function') throw new TypeError('registerCallback: predicate must be a function (message) => boolean')
    if (typeof handler !== 'function') throw new TypeError('registerCallback: handler must be a function (message, ...args) => void')
    this.#list.push({ predicate, handler, args })
  }

  /** Removes the first registration of `handler`; false when there is none. */
  remove(handler: Callback['handler']): boolean {
    const index = this.#list.findIndex((cb) => cb.handler === handler)
    if (index < 0) return false
    this.#list.splice(index, 1)
    return true
  }

  run(message: unknown): void {
    const callbacks = this.#list
    for (let i = 0; i < callbacks.length; i++) {
      const cb = callbacks[i]!
      try {
        if (cb.predicate(message)) cb.handler(message, ...cb.args)
      } catch (error) {
        try {
          this.#report(error)
        } catch {
          // A failing error reporter must not stop the flow either.
        }
      }
    }
  }
}
