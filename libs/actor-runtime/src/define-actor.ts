import type { K2Metrics, Tracing } from '@k2/telemetry'

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
  /**
   * This worker's metrics (D8): every K2 metric on the worker's own prom-client registry. The
   * supervisor merges every worker's registry (and the main thread's) into the process's one
   * `/metrics`; a restarted worker's counters are carried over so totals never go backwards.
   */
  readonly metrics: K2Metrics
  /**
   * This worker's tracing (D8): its own tracer provider (OpenTelemetry globals are per thread),
   * built from the supervisor's `tracing` settings; `TRACING_OFF` (`enabled` false, every call a
   * no-op) without an endpoint. Spans still buffered are exported when the actor stops.
   */
  readonly tracing: Tracing
  /**
   * Runs `hook` before each snapshot of this worker's metrics: for gauges cheaper to set on demand
   * than on every event (e.g. the last price per symbol). Hooks must be quick and must not throw.
   */
  onMetricsCollect(hook: () => void): void
  /**
   * Sends a snapshot of this worker's metrics to the supervisor now (coalesced per burst),
   * e.g. after a commit: a crash afterwards then loses nothing counted before it (the supervisor
   * otherwise only has the snapshot of the last scrape or background refresh).
   */
  publishMetrics(): void
  /**
   * The process's whole `/metrics` as Prometheus text: every worker's registry and the main
   * thread's, merged by the supervisor (what the api actor serves). Rejects with
   * `ACTOR_CALL_TIMEOUT` after `timeoutMs` (default 10 s).
   */
  processMetrics(options?: { readonly timeoutMs?: number }): Promise<string>
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
