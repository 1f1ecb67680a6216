import { MessageChannel } from 'node:worker_threads'

import {
  createMetrics,
  createRetiredTotals,
  mergeMetricJson,
  serializeRegistry,
  type K2Metrics,
  type RegistryJson,
} from '@k2/telemetry'

import {
  SupervisedActor,
  type ActorHandle,
  type ActorSpec,
  type HandleHooks,
} from './actor-handle.js'
import { ActorError } from './errors.js'
import {
  validateSupervisorOptions,
  type ActorExitReason,
  type RestartInfo,
  type SupervisorFailure,
  type SupervisorInput,
} from './options.js'
import type { Protocol } from './protocol.js'

/** A one-for-one supervisor of worker-thread actors (D5). */
export interface Supervisor {
  /** Starts an actor; resolves with its handle once it is running (first start). */
  spawn<P extends Protocol>(spec: ActorSpec<P>): Promise<ActorHandle<P>>
  /**
   * Connects two actors with a channel: each gets a port named after the other (`ctx.peer(name)`)
   * and serves its own handlers on it. Re-established after either side restarts.
   */
  connect(a: ActorHandle, b: ActorHandle): void
  /** The actor of that name, if spawned. */
  get(name: string): ActorHandle | undefined
  /** Adds a restart observer; returns its remover. */
  onRestart(
    listener: (actor: string, reason: ActorExitReason, info: RestartInfo) => void,
  ): () => void
  /** Resolves when an actor's restart budget is spent: the app should stop and exit non-zero. */
  readonly failure: Promise<SupervisorFailure>
  /** Stops every actor (in parallel), bounded by `stopTimeoutMs` each. */
  stopAll(): Promise<void>
  /** The main thread's metrics: `k2_actor_restarts_total{actor}` is counted here. */
  readonly metrics: K2Metrics
  /**
   * Every source of the process's `/metrics` as `getMetricsAsJSON()` data: the main thread's
   * registry, the retired totals of gone worker incarnations, and a fresh snapshot of every
   * running worker (a worker that does not answer within `metricsTimeoutMs` contributes its
   * previous one). Each incarnation is in exactly one of the last two.
   */
  collectMetrics(): Promise<RegistryJson[]>
  /** {@link collectMetrics} merged into Prometheus text: the process's one `/metrics` (D8). */
  metricsText(): Promise<string>
}

/** Creates a supervisor; options are validated up front (`ACTOR_INVALID_OPTIONS`). */
export function createSupervisor(input: SupervisorInput = {}): Supervisor {
  const options = validateSupervisorOptions(input)
  const actors = new Map<string, SupervisedActor<Protocol>>()
  const links: Array<readonly [string, string]> = []
  const restartListeners = new Set<(a: string, r: ActorExitReason, i: RestartInfo) => void>()
  if (options.onRestart !== undefined) restartListeners.add(options.onRestart)
  const metrics = options.metrics ?? createMetrics()
  // Counters and histograms of worker incarnations that are gone: totals never go backwards.
  const retired = createRetiredTotals()
  let reportFailure!: (failure: SupervisorFailure) => void
  const failure = new Promise<SupervisorFailure>((resolve) => {
    reportFailure = resolve
  })

  function link(a: SupervisedActor<Protocol>, b: SupervisedActor<Protocol>): void {
    if (a.state !== 'running' || b.state !== 'running') return
    const { port1, port2 } = new MessageChannel()
    a.postControl({ k2: 'port', name: b.name, port: port1 }, [port1])
    b.postControl({ k2: 'port', name: a.name, port: port2 }, [port2])
  }

  const hooks: HandleHooks = {
    onReady(handle) {
      for (const [x, y] of links) {
        const other = x === handle.name ? y : y === handle.name ? x : undefined
        const peer = other === undefined ? undefined : actors.get(other)
        if (peer !== undefined) link(handle, peer)
      }
    },
    onRestart(actor, reason, info) {
      metrics.actorRestarts.inc({ actor })
      for (const listener of restartListeners) listener(actor, reason, info)
    },
    onFailure(f) {
      reportFailure(f)
    },
    onRetire(_actor, last) {
      retired.retire(last)
    },
    processMetrics: () => metricsText(),
  }

  const refreshAll = () => {
    for (const actor of actors.values()) void actor.refreshMetrics(options.metricsTimeoutMs)
  }
  // Keeps every worker's snapshot recent, so a crash loses little of its counts (unref'd: it
  // never keeps the process alive).
  const refresher =
    options.metricsRefreshMs === 0
      ? undefined
      : setInterval(refreshAll, options.metricsRefreshMs).unref()

  async function collectMetrics(): Promise<RegistryJson[]> {
    const main = await serializeRegistry(metrics.registry)
    const all = [...actors.values()]
    await Promise.all(all.map((a) => a.refreshMetrics(options.metricsTimeoutMs)))
    // Synchronous from here on: no incarnation can retire between reading the retired totals and
    // the live snapshots, so each one is counted exactly once in this answer.
    const live = all.map((a) => a.metrics).filter((m) => m !== undefined)
    return [main, retired.snapshot(), ...live]
  }

  async function metricsText(): Promise<string> {
    return mergeMetricJson(await collectMetrics())
  }

  return {
    async spawn<P extends Protocol>(spec: ActorSpec<P>): Promise<ActorHandle<P>> {
      if (actors.has(spec.name)) {
        throw new ActorError('ACTOR_INVALID_OPTIONS', `actor name ${spec.name} is taken`, {
          context: { option: 'name', actor: spec.name },
        })
      }
      const actor = new SupervisedActor(spec, options, hooks)
      actors.set(spec.name, actor as unknown as SupervisedActor<Protocol>)
      await actor.start()
      return actor
    },
    connect(a, b) {
      const x = actors.get(a.name)
      const y = actors.get(b.name)
      if (x === undefined || y === undefined || x !== a || y !== b || a === b) {
        throw new ActorError(
          'ACTOR_INVALID_OPTIONS',
          'connect needs two actors of this supervisor',
          {
            context: { option: 'connect', a: a.name, b: b.name },
          },
        )
      }
      links.push([a.name, b.name])
      link(x, y)
    },
    get: (name) => actors.get(name),
    onRestart(listener) {
      restartListeners.add(listener)
      return () => restartListeners.delete(listener)
    },
    failure,
    async stopAll() {
      clearInterval(refresher)
      await Promise.all([...actors.values()].map((a) => a.stop()))
    },
    metrics,
    collectMetrics,
    metricsText,
  }
}
