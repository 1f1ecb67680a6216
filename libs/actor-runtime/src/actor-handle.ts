import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads'

import { compiledWorkerExecArgv, errorCode, type Logger } from '@k2/core'
import type { RegistryJson } from '@k2/telemetry'

import { createEndpoint, type Endpoint } from './endpoint.js'
import { ActorError } from './errors.js'
import { createLifecycle, type ActorState, type Lifecycle } from './lifecycle.js'
import type {
  ActorExitReason,
  RestartInfo,
  SupervisorFailure,
  SupervisorOptions,
} from './options.js'
import type { Client, InitOf, MethodsOf, Protocol, ProtocolMethods } from './protocol.js'
import { createRestartBudget, type RestartBudget } from './restart-budget.js'
import { serializeError } from './serialize-error.js'
import type { ActorWorkerData, ControlFromActor, ControlToActor } from './wire.js'
import { isRuntimeMessage } from './wire.js'

/** Every actor worker starts here: a JS file that registers tsx, then runs the actor module. */
const BOOTSTRAP_URL = new URL('./worker/bootstrap.mjs', import.meta.url)

/** What `spawn` needs to run an actor. */
export interface ActorSpec<P extends Protocol> {
  /** Unique within the supervisor; the `actor` label of restart metrics. */
  readonly name: string
  readonly protocol: P
  /** The actor module (a `.ts` file whose default export is `defineActor(protocol, ...)`). */
  readonly moduleUrl: URL | string
  readonly init: InitOf<P>
  /** Heap limits of the worker; reaching them kills the worker (an `oom` death). */
  readonly resourceLimits?: ResourceLimits
}

/** Result of a stop: `graceful` is false when the worker had to be terminated after the timeout. */
export interface StopResult {
  readonly graceful: boolean
}

/**
 * The supervisor's handle of one actor: a typed client whose calls are refused with
 * `ACTOR_UNAVAILABLE` unless the actor is `running`, its lifecycle state, and `stop()`.
 */
export interface ActorHandle<P extends Protocol = Protocol> extends Client<MethodsOf<P>> {
  readonly name: string
  readonly state: ActorState
  /** Restarts so far (all time). */
  readonly restarts: number
  /** Graceful stop: the actor's cleanup runs, bounded by `stopTimeoutMs`; idempotent. */
  stop(): Promise<StopResult>
  /**
   * Terminates the running worker at once, with no cleanup (the thread's `kill -9`): a death of
   * kind `killed`, restarted like any other. For operators and crash tests. Rejects with
   * `ACTOR_UNAVAILABLE` unless the actor is running.
   */
  kill(): Promise<void>
}

/** Callbacks from a handle to its supervisor. */
export interface HandleHooks {
  onReady(handle: SupervisedActor<Protocol>): void
  onRestart(actor: string, reason: ActorExitReason, info: RestartInfo): void
  onFailure(failure: SupervisorFailure): void
  /** An incarnation is gone (died or stopped): the last metrics seen of it, if any. */
  onRetire(actor: string, last: RegistryJson): void
  /** The process's merged `/metrics`, for an actor's `ctx.processMetrics()`. */
  processMetrics(): Promise<string>
}

/** Turns a worker 'error' event into a death reason. */
function reasonFromError(err: unknown): ActorExitReason {
  const code = errorCode(err)
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { kind: 'oom', message, errorCode: code }
  return { kind: 'error', message, ...(code === 'UNKNOWN' ? {} : { errorCode: code }) }
}

/**
 * One supervised actor: owns its worker, restarts it on death (one-for-one) and keeps its state
 * in the lifecycle table. Concurrency note: every worker event is checked against the current
 * worker (`worker !== this.worker` -> ignored), so late events of a dead incarnation never touch
 * the new one, and pending calls belong to the endpoint of the incarnation they were sent to.
 */
export class SupervisedActor<P extends Protocol> implements ActorHandle<P> {
  readonly name: string
  private readonly lifecycle: Lifecycle
  private readonly budget: RestartBudget
  private readonly logger: Logger
  private worker: Worker | undefined
  private endpoint: Endpoint<ProtocolMethods> | undefined
  private deathReason: ActorExitReason | undefined
  private startTimer: NodeJS.Timeout | undefined
  private restartTimer: NodeJS.Timeout | undefined
  private stopTimer: NodeJS.Timeout | undefined
  private stopPromise: Promise<StopResult> | undefined
  private resolveStop: ((result: StopResult) => void) | undefined
  private graceful = true
  private incarnation = 0
  private restartCount = 0
  private readonly firstReady: Promise<void>
  private settleFirst!: { resolve: () => void; reject: (err: Error) => void }
  /** The newest metrics snapshot of the current incarnation (undefined before its first). */
  private snapshot: RegistryJson | undefined
  private readonly metricsWaiters = new Map<number, () => void>()
  private nextMetricsId = 1

  constructor(
    private readonly spec: ActorSpec<P>,
    private readonly options: SupervisorOptions,
    private readonly hooks: HandleHooks,
  ) {
    this.name = spec.name
    this.logger = options.logger.child({ component: 'actor-runtime', actor: spec.name })
    this.lifecycle = createLifecycle(spec.name, this.logger)
    this.budget = createRestartBudget(options.restart)
    this.firstReady = new Promise<void>((resolve, reject) => {
      this.settleFirst = { resolve, reject }
    })
    this.firstReady.catch(() => {}) // observed by `started()`; avoid an unhandled rejection
  }

  get state(): ActorState {
    return this.lifecycle.state
  }

  get restarts(): number {
    return this.restartCount
  }

  /** Starts the first worker; resolves when running, rejects if the actor ends before that. */
  start(): Promise<void> {
    this.launch()
    return this.firstReady
  }

  call<K extends keyof MethodsOf<P> & string>(
    method: K,
    payload: MethodsOf<P>[K]['req'],
    options?: Parameters<Client<ProtocolMethods>['call']>[2],
  ): Promise<MethodsOf<P>[K]['res']> {
    if (this.state !== 'running' || this.endpoint === undefined) {
      return Promise.reject(this.unavailable(method))
    }
    return this.endpoint.client.call(method, payload, options)
  }

  send<K extends keyof MethodsOf<P> & string>(
    method: K,
    payload: MethodsOf<P>[K]['req'],
    options?: Parameters<Client<ProtocolMethods>['send']>[2],
  ): void {
    if (this.state !== 'running' || this.endpoint === undefined) throw this.unavailable(method)
    this.endpoint.client.send(method, payload, options)
  }

  /**
   * The newest metrics snapshot of the current incarnation: refreshed by {@link refreshMetrics},
   * final after a graceful stop's cleanup; undefined before the first and once the incarnation is
   * gone (its last snapshot is then handed to `onRetire`, so it is counted exactly once).
   */
  get metrics(): RegistryJson | undefined {
    return this.snapshot
  }

  /**
   * Asks the running worker for a fresh snapshot; resolves when it arrived, or after `timeoutMs`
   * (a busy worker keeps its previous snapshot), or at once when the actor is not running.
   */
  refreshMetrics(timeoutMs: number): Promise<void> {
    const worker = this.worker
    if (this.state !== 'running' || worker === undefined) return Promise.resolve()
    const id = this.nextMetricsId++
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.metricsWaiters.delete(id)
        resolve()
      }, timeoutMs)
      this.metricsWaiters.set(id, () => {
        clearTimeout(timer)
        resolve()
      })
      worker.postMessage({ k2: 'metrics-request', id } satisfies ControlToActor)
    })
  }

  /** Posts a control message (e.g. a peer port) to the running worker. */
  postControl(message: ControlToActor, transfer?: readonly TransferListItem[]): void {
    this.worker?.postMessage(message, transfer)
  }

  stop(): Promise<StopResult> {
    if (this.stopPromise !== undefined) return this.stopPromise
    const state = this.state
    if (state === 'stopped' || state === 'failed') {
      this.stopPromise = Promise.resolve({ graceful: true })
    } else if (state === 'restarting') {
      clearTimeout(this.restartTimer)
      this.lifecycle.transitionTo('stopped', 'stop during backoff')
      this.settleFirst.reject(this.stoppedError())
      this.stopPromise = Promise.resolve({ graceful: true })
    } else {
      this.lifecycle.transitionTo('stopping', 'stop()')
      this.stopPromise = new Promise((resolve) => {
        this.resolveStop = resolve
      })
      this.postControl({ k2: 'stop' })
      const worker = this.worker
      this.stopTimer = setTimeout(() => {
        this.graceful = false
        this.logger.warn(
          { stopTimeoutMs: this.options.stopTimeoutMs },
          'actor did not stop in time: terminating its worker',
        )
        void worker?.terminate()
      }, this.options.stopTimeoutMs)
    }
    return this.stopPromise
  }

  async kill(): Promise<void> {
    const worker = this.worker
    if (this.state !== 'running' || worker === undefined) throw this.unavailable('kill')
    this.deathReason ??= { kind: 'killed', message: 'terminated on request (kill)' }
    this.logger.warn({ incarnation: this.incarnation }, 'killing actor worker')
    await worker.terminate()
  }

  private unavailable(method: string): ActorError {
    return new ActorError(
      'ACTOR_UNAVAILABLE',
      `actor ${this.name} is ${this.state}: call ${method} refused`,
      { context: { actor: this.name, state: this.state, method } },
    )
  }

  private stoppedError(): ActorError {
    return new ActorError('ACTOR_STOPPED', `actor ${this.name} was stopped`, {
      context: { actor: this.name },
    })
  }

  private launch(): void {
    const bundle = this.options.workerBundles?.bundleOf(this.spec.moduleUrl)
    const data: ActorWorkerData & { incarnation: number } = {
      name: this.name,
      moduleUrl: bundle ?? String(this.spec.moduleUrl),
      ...(bundle === undefined
        ? {}
        : {
            workerMainUrl: this.options.workerBundles!.workerMainUrl,
            workerEntries: this.options.workerBundles!.workerEntries,
          }),
      init: this.spec.init,
      protocol: { name: this.spec.protocol.name, version: this.spec.protocol.version },
      incarnation: this.incarnation,
      ...(this.options.tracing?.endpoint === undefined ? {} : { tracing: this.options.tracing }),
    }
    const worker = new Worker(BOOTSTRAP_URL, {
      workerData: data,
      // Compiled: without this process's tsx flags, which a worker would otherwise inherit.
      ...(bundle === undefined ? {} : { execArgv: compiledWorkerExecArgv() }),
      ...(this.spec.resourceLimits === undefined
        ? {}
        : { resourceLimits: this.spec.resourceLimits }),
    })
    this.worker = worker
    this.deathReason = undefined
    this.endpoint = createEndpoint({ target: worker, peer: this.name, logger: this.logger })
    worker.on('message', (m: unknown) => this.onMessage(worker, m))
    worker.on('error', (err: unknown) => {
      if (worker === this.worker) this.deathReason ??= reasonFromError(err)
    })
    worker.on('exit', (code: number) => this.onExit(worker, code))
    this.startTimer = setTimeout(() => {
      this.deathReason ??= {
        kind: 'start-timeout',
        message: `no ready within ${this.options.startTimeoutMs} ms`,
        errorCode: 'ACTOR_START_TIMEOUT',
      }
      void worker.terminate()
    }, this.options.startTimeoutMs)
  }

  private onMessage(worker: Worker, message: unknown): void {
    if (worker !== this.worker || this.endpoint === undefined) return
    if (this.endpoint.dispatch(message)) return
    if (!isRuntimeMessage(message)) return
    const control = message as ControlFromActor
    switch (control.k2) {
      case 'ready':
        clearTimeout(this.startTimer)
        if (this.state !== 'starting') return // stop() came first
        this.lifecycle.transitionTo('running', `incarnation ${this.incarnation}`)
        this.logger.info({ incarnation: this.incarnation }, 'actor running')
        this.settleFirst.resolve()
        this.hooks.onReady(this as unknown as SupervisedActor<Protocol>)
        return
      case 'start-failed':
        this.deathReason ??= {
          kind: 'start-failed',
          message: control.error.message,
          errorCode: control.error.code,
        }
        void worker.terminate()
        return
      case 'stopped':
        void worker.terminate()
        return
      case 'metrics': {
        this.snapshot = control.metrics
        const wake = control.id === null ? undefined : this.metricsWaiters.get(control.id)
        if (control.id !== null) this.metricsWaiters.delete(control.id)
        wake?.()
        return
      }
      case 'process-metrics-request':
        this.hooks.processMetrics().then(
          (text) => this.reply(worker, { k2: 'process-metrics', id: control.id, ok: true, text }),
          (err: unknown) =>
            this.reply(worker, {
              k2: 'process-metrics',
              id: control.id,
              ok: false,
              error: serializeError(err),
            }),
        )
        return
    }
  }

  /** Answers a worker unless it is gone meanwhile. */
  private reply(worker: Worker, message: ControlToActor): void {
    if (worker === this.worker) worker.postMessage(message)
  }

  /** Hands the gone incarnation's last metrics to the supervisor, once, and wakes its waiters. */
  private retireMetrics(): void {
    const last = this.snapshot
    this.snapshot = undefined
    for (const wake of this.metricsWaiters.values()) wake()
    this.metricsWaiters.clear()
    if (last !== undefined) this.hooks.onRetire(this.name, last)
  }

  private onExit(worker: Worker, exitCode: number): void {
    if (worker !== this.worker) return
    clearTimeout(this.startTimer)
    const endpoint = this.endpoint!
    this.worker = undefined
    this.endpoint = undefined
    this.retireMetrics()
    if (this.state === 'stopping') {
      clearTimeout(this.stopTimer)
      endpoint.close(this.stoppedError())
      this.lifecycle.transitionTo('stopped', this.graceful ? 'graceful' : 'terminated')
      this.settleFirst.reject(this.stoppedError())
      this.resolveStop?.({ graceful: this.graceful })
      return
    }
    const reason: ActorExitReason = {
      ...(this.deathReason ?? { kind: 'exit', message: `worker exited with code ${exitCode}` }),
      exitCode,
    }
    endpoint.close(
      new ActorError('ACTOR_DIED', `actor ${this.name} died (${reason.kind}): ${reason.message}`, {
        context: { actor: this.name, reason },
      }),
    )
    this.onDeath(reason)
  }

  private onDeath(reason: ActorExitReason): void {
    const decision = this.budget.onDeath(Date.now())
    if (!decision.restart) {
      const { maxRestarts, windowMs } = this.options.restart.budget
      const error = new ActorError(
        'ACTOR_RESTART_BUDGET_EXHAUSTED',
        `actor ${this.name} died ${maxRestarts + 1} times within ${windowMs} ms (last: ${reason.kind}: ${reason.message})`,
        { context: { actor: this.name, reason } },
      )
      this.lifecycle.transitionTo('failed', reason.kind)
      this.logger.error({ reason }, 'actor restart budget exhausted')
      this.settleFirst.reject(error)
      this.hooks.onFailure({ actor: this.name, reason, error })
      return
    }
    const info: RestartInfo = { attempt: decision.attempt, delayMs: decision.delayMs }
    this.lifecycle.transitionTo('restarting', reason.kind)
    this.restartCount++
    this.logger.warn({ reason, ...info }, 'actor died: restarting')
    this.hooks.onRestart(this.name, reason, info)
    this.restartTimer = setTimeout(() => {
      this.incarnation++
      this.lifecycle.transitionTo('starting', `restart ${info.attempt}`)
      this.launch()
    }, decision.delayMs)
  }
}
