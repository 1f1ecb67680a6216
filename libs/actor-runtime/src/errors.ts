import { codedErrorClass } from '@k2/core'

/** Error codes of `@k2/actor-runtime`, with their retriable flag (STYLE.md habit 5). */
export const ACTOR_ERROR_CODES = {
  /** The actor's worker died (uncaught error, `process.exit`, OOM) while the call was pending. */
  ACTOR_DIED: { retriable: true },
  /** The actor is not running (starting, restarting, stopping, stopped or failed): call refused. */
  ACTOR_UNAVAILABLE: { retriable: true },
  /** The actor was stopped while the call was pending. */
  ACTOR_STOPPED: { retriable: false },
  /** A call got no reply within its `timeoutMs`. */
  ACTOR_CALL_TIMEOUT: { retriable: true },
  /** The channel to a peer actor closed (the peer died or was stopped) while the call was pending. */
  ACTOR_CHANNEL_CLOSED: { retriable: true },
  /** A handler threw something that is not a coded error; its message is kept. */
  ACTOR_HANDLER_FAILED: { retriable: false },
  /** The actor has no handler for the method of a call or send. */
  ACTOR_UNKNOWN_METHOD: { retriable: false },
  /** The actor module does not export a `defineActor` default, or its protocol differs. */
  ACTOR_BAD_MODULE: { retriable: false },
  /** The actor did not report ready within `startTimeoutMs`. */
  ACTOR_START_TIMEOUT: { retriable: true },
  /** A lifecycle transition that the table does not allow. */
  ACTOR_ILLEGAL_TRANSITION: { retriable: false },
  /** The restart budget of an actor is spent: the supervisor reports failure. */
  ACTOR_RESTART_BUDGET_EXHAUSTED: { retriable: false },
  /** A supervisor or spawn option is invalid (named in the message). */
  ACTOR_INVALID_OPTIONS: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link ACTOR_ERROR_CODES}. */
export type ActorErrorCode = keyof typeof ACTOR_ERROR_CODES

/** An error raised by `@k2/actor-runtime`; `retriable` comes from {@link ACTOR_ERROR_CODES}. */
export class ActorError extends codedErrorClass('ActorError', ACTOR_ERROR_CODES) {}
