/**
 * `@k2/actor-runtime`: worker-thread actors with typed protocols, channels between supervisor and
 * actors and between actors, one-for-one supervision with backoff and a restart budget, and the
 * actor lifecycle table (D5).
 */
export { defineProtocol, transfer, isTransferReply } from './protocol.js'
export type {
  Protocol,
  ProtocolMethods,
  MethodSpec,
  MethodsOf,
  InitOf,
  Client,
  CallOptions,
  SendOptions,
  Handlers,
  TransferReply,
} from './protocol.js'
export { defineActor, isActorDefinition } from './define-actor.js'
export type { ActorContext, ActorBehaviour, ActorDefinition } from './define-actor.js'
export { createSupervisor } from './supervisor.js'
export type { Supervisor } from './supervisor.js'
export type { ActorHandle, ActorSpec, StopResult } from './actor-handle.js'
export { SUPERVISOR_DEFAULTS, validateSupervisorOptions } from './options.js'
export type {
  SupervisorOptions,
  SupervisorInput,
  SupervisorFailure,
  ActorExitReason,
  RestartInfo,
} from './options.js'
export { createRestartBudget } from './restart-budget.js'
export type { RestartOptions, RestartBudget, RestartDecision } from './restart-budget.js'
export { ACTOR_STATES, ACTOR_TRANSITIONS, createLifecycle } from './lifecycle.js'
export type { ActorState, Lifecycle } from './lifecycle.js'
export { createEndpoint } from './endpoint.js'
export type { Endpoint, EndpointOptions, PostTarget } from './endpoint.js'
export { ActorError, ACTOR_ERROR_CODES } from './errors.js'
export type { ActorErrorCode } from './errors.js'
export { buildWorkerBundles, WORKER_MAIN_URL } from './bundles/worker-bundles.js'
export type { WorkerBundles, WorkerBundleOptions } from './bundles/worker-bundles.js'
