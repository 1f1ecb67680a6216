import type { Logger } from '@k2/core'

import { ActorsError } from '../errors.js'

/** States of a trade writer (STYLE.md habit 10). */
export const WRITER_STATES = ['open', 'closing', 'failed', 'closed'] as const

/** A writer state. */
export type WriterState = (typeof WRITER_STATES)[number]

/**
 * Allowed transitions: `closing` stays `closing` if the final commit fails, so `close()` can be
 * called again to retry it; `failed` (buffered rows that can never be committed were dropped)
 * only closes; no way back to `open`.
 */
export const WRITER_TRANSITIONS: Readonly<Record<WriterState, readonly WriterState[]>> = {
  open: ['closing', 'failed'],
  closing: ['closed', 'failed'],
  failed: ['closed'],
  closed: [],
}

/** A writer's lifecycle: the current state and checked, logged transitions. */
export class WriterLifecycle {
  private current: WriterState = 'open'

  constructor(private readonly logger: Logger) {}

  get state(): WriterState {
    return this.current
  }

  /** Moves to `next`; throws `ACTORS_ILLEGAL_TRANSITION` on an edge the table does not allow. */
  transitionTo(next: WriterState): void {
    if (!WRITER_TRANSITIONS[this.current].includes(next)) {
      throw new ActorsError(
        'ACTORS_ILLEGAL_TRANSITION',
        `illegal writer transition ${this.current} -> ${next}`,
        { context: { from: this.current, to: next } },
      )
    }
    this.logger.debug({ from: this.current, to: next }, 'writer state')
    this.current = next
  }

  /**
   * Throws unless the writer accepts trades: `ACTORS_WRITER_FAILED` once it failed, otherwise
   * `ACTORS_WRITER_CLOSED`.
   */
  requireOpen(): void {
    if (this.current === 'failed') {
      throw new ActorsError('ACTORS_WRITER_FAILED', 'writer failed; restart it', {
        context: { state: this.current },
      })
    }
    if (this.current !== 'open') {
      throw new ActorsError('ACTORS_WRITER_CLOSED', `writer is ${this.current}`, {
        context: { state: this.current },
      })
    }
  }
}
