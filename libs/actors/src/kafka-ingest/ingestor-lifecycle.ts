import type { Logger } from '@k2/core'

import { ActorsError } from '../errors.js'

/** States of a Kafka trade ingestor (STYLE.md habit 10). */
export const INGESTOR_STATES = ['created', 'starting', 'running', 'stopping', 'stopped'] as const

/** An ingestor state. */
export type IngestorState = (typeof INGESTOR_STATES)[number]

/**
 * Allowed transitions. A failed start goes to `stopped` (the consumer is disconnected); a
 * stopped ingestor is not restarted: create a new one.
 */
export const INGESTOR_TRANSITIONS: Readonly<Record<IngestorState, readonly IngestorState[]>> = {
  created: ['starting', 'stopped'],
  starting: ['running', 'stopped'],
  running: ['stopping'],
  stopping: ['stopped'],
  stopped: [],
}

/** The ingestor's current state with checked, logged transitions. */
export class IngestorLifecycle {
  private current: IngestorState = 'created'

  constructor(private readonly logger: Logger) {}

  get state(): IngestorState {
    return this.current
  }

  /** Moves to `next`; throws `ACTORS_ILLEGAL_TRANSITION` on an edge the table does not allow. */
  transitionTo(next: IngestorState): void {
    if (!INGESTOR_TRANSITIONS[this.current].includes(next)) {
      throw new ActorsError(
        'ACTORS_ILLEGAL_TRANSITION',
        `illegal ingestor transition ${this.current} -> ${next}`,
        { context: { from: this.current, to: next } },
      )
    }
    this.logger.info({ from: this.current, to: next }, 'ingestor state')
    this.current = next
  }
}
