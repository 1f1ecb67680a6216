import type { TransferListItem } from 'node:worker_threads'

/** One method of a protocol: the request payload and the reply. */
export interface MethodSpec {
  readonly req: unknown
  readonly res: unknown
}

/** The methods of a protocol, by name. Payloads must be structured-clone-safe. */
export type ProtocolMethods = Record<string, MethodSpec>

/**
 * An actor protocol (STYLE.md habit 9): a name and version checked when the actor starts, and,
 * as types only, the methods and the init data the actor is spawned with.
 */
export interface Protocol<M extends ProtocolMethods = ProtocolMethods, Init = unknown> {
  readonly name: string
  readonly version: number
  /** Phantom: never set, carries the method types. */
  readonly methods?: M
  /** Phantom: never set, carries the init type. */
  readonly init?: Init
}

/** The methods of a protocol type. */
export type MethodsOf<P> = P extends Protocol<infer M, unknown> ? M : never
/** The init data of a protocol type. */
export type InitOf<P> = P extends Protocol<ProtocolMethods, infer I> ? I : never

/**
 * Declares a protocol in its `*.protocol.ts`:
 * `export const pingProtocol = defineProtocol<PingMethods, PingInit>({ name: 'ping', version: 1 })`.
 */
export function defineProtocol<M extends ProtocolMethods, Init = undefined>(meta: {
  readonly name: string
  readonly version: number
}): Protocol<M, Init> {
  return { name: meta.name, version: meta.version }
}

/** Options of one call. */
export interface CallOptions {
  /** Objects moved, not copied, to the other thread (e.g. ArrayBuffers); detached here after. */
  readonly transfer?: readonly TransferListItem[]
  /** Rejects with `ACTOR_CALL_TIMEOUT` when no reply comes in time; no timeout when absent. */
  readonly timeoutMs?: number
}

/** Options of a one-way send. */
export interface SendOptions {
  readonly transfer?: readonly TransferListItem[]
}

/** The typed client of a protocol: request/reply `call` and one-way `send`. */
export interface Client<M extends ProtocolMethods> {
  call<K extends keyof M & string>(
    method: K,
    payload: M[K]['req'],
    options?: CallOptions,
  ): Promise<M[K]['res']>
  send<K extends keyof M & string>(method: K, payload: M[K]['req'], options?: SendOptions): void
}

const TRANSFER = Symbol.for('k2.actor-runtime.transfer')

/** A reply that moves `transfer` to the caller instead of copying; built by {@link transfer}. */
export interface TransferReply<T> {
  readonly [TRANSFER]: true
  readonly value: T
  readonly transfer: readonly TransferListItem[]
}

/** Marks a handler's reply so the listed objects are transferred (zero-copy) to the caller. */
export function transfer<T>(value: T, list: readonly TransferListItem[]): TransferReply<T> {
  return { [TRANSFER]: true, value, transfer: list }
}

/** True for a reply built by {@link transfer}. */
export function isTransferReply(value: unknown): value is TransferReply<unknown> {
  return typeof value === 'object' && value !== null && TRANSFER in value
}

/** The handlers of a protocol: one function per method, sync or async, may reply via `transfer`. */
export type Handlers<M extends ProtocolMethods> = {
  readonly [K in keyof M]: (
    payload: M[K]['req'],
  ) => M[K]['res'] | TransferReply<M[K]['res']> | Promise<M[K]['res'] | TransferReply<M[K]['res']>>
}
