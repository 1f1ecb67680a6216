import { NOOP_LOGGER, type Logger } from '@k2/core'
import type { K2Metrics, TracingSettings } from '@k2/telemetry'

import { ActorError } from './errors.js'
import type { WorkerBundles } from './bundles/worker-bundles.js'
import type { RestartOptions } from './restart-budget.js'

/** Why an actor's worker went away unexpectedly. */
export interface ActorExitReason {
  /**
   * `error`: uncaught error in the worker; `oom`: heap limit of `resourceLimits` reached;
   * `exit`: the worker exited by itself (`process.exit(n)`, or returned); `start-failed`: the
   * module or its start function threw; `start-timeout`: no ready within `startTimeoutMs`;
   * `killed`: terminated on request (`ActorHandle.kill`).
   */
  readonly kind: 'error' | 'oom' | 'exit' | 'start-failed' | 'start-timeout' | 'killed'
  readonly message: string
  /** The worker's exit code, when it exited. */
  readonly exitCode?: number
  /** The code of the error that killed it, when there was one. */
  readonly errorCode?: string
}

/** Details of one restart, for logs and metrics. */
export interface RestartInfo {
  /** Restarts of this actor in the current budget window, this one included (1, 2, ...). */
  readonly attempt: number
  /** Backoff before the new worker starts. */
  readonly delayMs: number
}

/** The supervisor's report when an actor's restart budget is spent. */
export interface SupervisorFailure {
  readonly actor: string
  readonly reason: ActorExitReason
  readonly error: ActorError
}

/** Options of `createSupervisor`. */
export interface SupervisorOptions {
  readonly logger: Logger
  readonly restart: RestartOptions
  /** Bound of a graceful stop: after it the worker is terminated. */
  readonly stopTimeoutMs: number
  /** Bound of a start (module load + start function) before it counts as a death. */
  readonly startTimeoutMs: number
  /** Called on every restart (the supervisor counts `k2_actor_restarts_total{actor}` itself). */
  readonly onRestart?: (actor: string, reason: ActorExitReason, info: RestartInfo) => void
  /**
   * The main thread's metrics (D8): restarts are counted here, and they are merged with every
   * worker's into the process's `/metrics`. A new registry when absent.
   */
  readonly metrics?: K2Metrics
  /**
   * Tracing of every actor worker (D8, `config.telemetry`): each worker builds its own tracer
   * provider from these (`ctx.tracing`). Absent or without an endpoint: tracing off.
   */
  readonly tracing?: TracingSettings
  /**
   * Actor modules compiled ahead (`buildWorkerBundles`): a worker whose module is among them
   * imports its bundle instead of registering tsx. Absent: every worker loads the sources.
   */
  readonly workerBundles?: WorkerBundles
  /** How long a scrape waits for a worker's snapshot before using its previous one. */
  readonly metricsTimeoutMs: number
  /**
   * Between scrapes, every running worker's snapshot is refreshed this often (0 = only on
   * scrapes): what a crashed worker counted since its last snapshot is lost, so this bounds the
   * loss to this much of its increments. A graceful stop loses nothing (a final snapshot).
   */
  readonly metricsRefreshMs: number
}

/**
 * Defaults: backoff 100 ms doubling to 10 s, 5 restarts per minute, 5 s stop, 30 s start, 2 s for
 * a worker's metrics snapshot, refreshed every 5 s between scrapes.
 */
export const SUPERVISOR_DEFAULTS: Omit<
  SupervisorOptions,
  'onRestart' | 'metrics' | 'tracing' | 'workerBundles'
> = {
  logger: NOOP_LOGGER,
  restart: {
    initialDelayMs: 100,
    maxDelayMs: 10_000,
    budget: { maxRestarts: 5, windowMs: 60_000 },
  },
  stopTimeoutMs: 5_000,
  startTimeoutMs: 30_000,
  metricsTimeoutMs: 2_000,
  metricsRefreshMs: 5_000,
}

/** Options as accepted by `createSupervisor`: anything left out takes its default. */
export interface SupervisorInput extends Partial<Omit<SupervisorOptions, 'restart'>> {
  readonly restart?: Partial<Omit<RestartOptions, 'budget'>> & {
    readonly budget?: Partial<RestartOptions['budget']>
  }
}

/** Fills defaults and throws `ACTOR_INVALID_OPTIONS` naming the first bad option. */
export function validateSupervisorOptions(input: SupervisorInput = {}): SupervisorOptions {
  const d = SUPERVISOR_DEFAULTS
  const options: SupervisorOptions = {
    ...d,
    ...input,
    restart: {
      ...d.restart,
      ...input.restart,
      budget: { ...d.restart.budget, ...input.restart?.budget },
    },
  }
  const check = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) {
      throw new ActorError(
        'ACTOR_INVALID_OPTIONS',
        `${name}: ${value} must be an integer >= ${min}`,
        {
          context: { option: name },
        },
      )
    }
  }
  check('restart.initialDelayMs', options.restart.initialDelayMs, 0)
  check('restart.maxDelayMs', options.restart.maxDelayMs, options.restart.initialDelayMs)
  check('restart.budget.maxRestarts', options.restart.budget.maxRestarts, 0)
  check('restart.budget.windowMs', options.restart.budget.windowMs, 1)
  check('stopTimeoutMs', options.stopTimeoutMs, 1)
  check('startTimeoutMs', options.startTimeoutMs, 1)
  check('metricsTimeoutMs', options.metricsTimeoutMs, 1)
  check('metricsRefreshMs', options.metricsRefreshMs, 0)
  return options
}
