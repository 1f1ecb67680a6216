import type { Client, Handlers, InitOf, MethodsOf, Protocol, ProtocolMethods } from './protocol.js'

/** What an actor gets when its worker starts. */
export interface ActorContext<Init> {
  /** The actor's name given to `spawn` (stable across restarts). */
  readonly name: string
  /** The init data given to `spawn` (structured clone). */
  readonly init: Init
  /** How many times this actor was restarted before this start (0 on the first start). */
  readonly incarnation: number
  /**
   * A client of a peer actor, over the channel the supervisor connects with
   * `supervisor.connect(this, peer)`. Calls wait until the channel is handed over; a call pending
   * when the peer dies is rejected with `ACTOR_CHANNEL_CLOSED`, later calls wait for the new
   * channel the supervisor hands over after the peer's restart (use `timeoutMs` to bound them).
   */
  peer<P extends Protocol>(name: string, protocol: P): Client<MethodsOf<P>>
}

/** What an actor's start function returns: its handlers and an optional cleanup for `stop()`. */
export interface ActorBehaviour<M extends ProtocolMethods> {
  readonly handlers: Handlers<M>
  /** Runs on a graceful stop (flush, close); bounded by the supervisor's `stopTimeoutMs`. */
  readonly stop?: () => void | Promise<void>
}

const ACTOR = Symbol.for('k2.actor-runtime.actor')

/** An actor module's default export, built by {@link defineActor}. */
export interface ActorDefinition<P extends Protocol = Protocol> {
  readonly [ACTOR]: true
  readonly protocol: P
  readonly start: (
    ctx: ActorContext<InitOf<P>>,
  ) => ActorBehaviour<MethodsOf<P>> | Promise<ActorBehaviour<MethodsOf<P>>>
}

/**
 * Declares an actor: `export default defineActor(pingProtocol, async (ctx) => ({ handlers }))`.
 * The start function builds the actor's dependencies from `ctx.init` (keep it thin, STYLE.md
 * habit 9); the actor is `running` once it returns. A throw fails the start (counts as a death).
 */
export function defineActor<P extends Protocol>(
  protocol: P,
  start: ActorDefinition<P>['start'],
): ActorDefinition<P> {
  return { [ACTOR]: true, protocol, start }
}

/** True for a value built by {@link defineActor} (checked on the module's default export). */
export function isActorDefinition(value: unknown): value is ActorDefinition {
  return typeof value === 'object' && value !== null && ACTOR in value
}
