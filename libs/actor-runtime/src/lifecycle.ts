import { NOOP_LOGGER, type Logger } from '@k2/core'

import { ActorError } from './errors.js'

/** The states of a supervised actor (STYLE.md habit 10). */
export const ACTOR_STATES = [
  'starting',
  'running',
  'restarting',
  'stopping',
  'stopped',
  'failed',
] as const

/** A state of a supervised actor. */
export type ActorState = (typeof ACTOR_STATES)[number]

/**
 * The allowed transitions. `starting` is the initial state; `stopped` and `failed` are final.
 *
 * | from       | to                                                                    |
 * | ---------- | --------------------------------------------------------------------- |
 * | starting   | running (ready), restarting (died or start failed), failed (budget spent), stopping |
 * | running    | restarting (died), failed (died, budget spent), stopping (stop())     |
 * | restarting | starting (backoff elapsed), stopped (stop() during backoff)           |
 * | stopping   | stopped (worker exited, gracefully or terminated)                     |
 */
export const ACTOR_TRANSITIONS: Readonly<Record<ActorState, readonly ActorState[]>> = {
  starting: ['running', 'restarting', 'failed', 'stopping'],
  running: ['restarting', 'failed', 'stopping'],
  restarting: ['starting', 'stopped'],
  stopping: ['stopped'],
  stopped: [],
  failed: [],
}

/** The state of one actor, changed only along {@link ACTOR_TRANSITIONS}. */
export interface Lifecycle {
  readonly state: ActorState
  /** Moves to `to`; throws `ACTOR_ILLEGAL_TRANSITION` when the table has no such edge. */
  transitionTo(to: ActorState, reason?: string): void
  /** True when the table allows `state -> to`. */
  can(to: ActorState): boolean
}

/** Creates a lifecycle in state `starting`; every transition is logged at debug. */
export function createLifecycle(actor: string, logger: Logger = NOOP_LOGGER): Lifecycle {
  let state: ActorState = 'starting'
  return {
    get state() {
      return state
    },
    can(to) {
      return ACTOR_TRANSITIONS[state].includes(to)
    },
    transitionTo(to, reason) {
      if (!ACTOR_TRANSITIONS[state].includes(to)) {
        throw new ActorError(
          'ACTOR_ILLEGAL_TRANSITION',
          `actor ${actor}: illegal transition ${state} -> ${to}`,
          { context: { actor, from: state, to } },
        )
      }
      logger.debug({ actor, from: state, to, reason }, 'actor state')
      state = to
    },
  }
}
