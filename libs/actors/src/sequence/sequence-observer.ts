import type { Logger, Micros } from '@k2/core'

import type { SequenceCheck, SequenceResult } from './sequence-result.js'

/** A result other than `ok`, as an observer sees it: the check plus where and what it compared. */
export interface SequenceEvent extends SequenceCheck {
  readonly result: Exclude<SequenceResult, 'ok'>
  /** Exchange code as on the trade (upper case). */
  readonly exchange: string
  readonly symbol: string
  /** The trade's `source_sequence` (`null` for `unsequenced`). */
  readonly sequence: number | null
  /** The stream's last sequence before this trade; `null` when it had none. */
  readonly previousSequence: number | null
  /** Exchange time (µs) of the trade that set `previousSequence`; `null` when none. */
  readonly previousTimestamp: Micros | null
  /** Exchange time (µs) of this trade. */
  readonly timestamp: Micros
}

/**
 * What a tracker tells its owner. The actor wires it to `k2_sequence_gaps_detected_total` (and the
 * reset counter) and to its logger (see {@link sequenceLogObserver}); the tracker itself has no
 * metrics dependency. Called synchronously from `check`; must not throw.
 */
export interface SequenceObserver {
  /** Every result other than `ok`, in check order. */
  sequenceEvent(event: SequenceEvent): void
}

/** Log levels of {@link sequenceLogObserver}: losses and resets warn, the rest is quieter. */
const LEVELS = {
  small_gap: 'info',
  large_gap: 'warn',
  out_of_order: 'info',
  reset: 'warn',
  unsequenced: 'debug',
} as const

/**
 * An observer that logs each event as one structured line (`sequence_result`, exchange, symbol,
 * sequence, expected, gap, previous): large gaps and resets at `warn`, small gaps and
 * out-of-order trades at `info`, unsequenced trades at `debug`.
 */
export function sequenceLogObserver(logger: Logger): SequenceObserver {
  return {
    sequenceEvent(e) {
      logger[LEVELS[e.result]](
        {
          sequence_result: e.result,
          exchange: e.exchange,
          symbol: e.symbol,
          sequence: e.sequence,
          expected: e.expected,
          gap: e.gap,
          previous_sequence: e.previousSequence,
          previous_timestamp: e.previousTimestamp,
          timestamp: e.timestamp,
        },
        `sequence ${e.result.replace('_', ' ')} on ${e.exchange}:${e.symbol}`,
      )
    },
  }
}
