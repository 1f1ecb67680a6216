import { ActorsError } from '../errors.js'
import type { SequenceObserver } from './sequence-observer.js'

/** The thresholds of {@link createSequenceTracker} (D6). */
export interface SequenceThresholds {
  /**
   * The most missing sequences that still count as a `small_gap`: a gap of exactly
   * `gapThreshold` missing trades is small, one more is large (D6: threshold 10).
   */
  readonly gapThreshold: number
  /** A sequence below `resetRatio` x the last one may be a reset (D6: 50%); strictly below. */
  readonly resetRatio: number
  /**
   * A reset also needs strictly more than this many µs of exchange time (`timestamp`) between
   * the last trade and the new one (D6: one hour).
   */
  readonly resetMinIntervalMicros: number
}

/** Options of {@link createSequenceTracker}. */
export interface SequenceTrackerOptions extends Partial<SequenceThresholds> {
  /** Told about every result other than `ok` (metrics and logs: gaps are never silent). */
  readonly observer?: SequenceObserver
}

/** D6's thresholds: gaps above 10 are large; a reset is below 50% of the last after > 1 hour. */
export const SEQUENCE_TRACKER_DEFAULTS: SequenceThresholds = Object.freeze({
  gapThreshold: 10,
  resetRatio: 0.5,
  resetMinIntervalMicros: 3_600_000_000,
})

/** Fills in defaults and throws `ACTORS_INVALID_OPTIONS` naming the first unusable threshold. */
export function validateSequenceThresholds(
  options: Partial<SequenceThresholds> = {},
): SequenceThresholds {
  const merged: SequenceThresholds = {
    gapThreshold: options.gapThreshold ?? SEQUENCE_TRACKER_DEFAULTS.gapThreshold,
    resetRatio: options.resetRatio ?? SEQUENCE_TRACKER_DEFAULTS.resetRatio,
    resetMinIntervalMicros:
      options.resetMinIntervalMicros ?? SEQUENCE_TRACKER_DEFAULTS.resetMinIntervalMicros,
  }
  const fail = (name: keyof SequenceThresholds, rule: string): never => {
    throw new ActorsError('ACTORS_INVALID_OPTIONS', `${name}: ${String(merged[name])} ${rule}`, {
      context: { option: name },
    })
  }
  if (!Number.isSafeInteger(merged.gapThreshold) || merged.gapThreshold < 0) {
    fail('gapThreshold', 'must be an integer >= 0')
  }
  if (!(merged.resetRatio > 0 && merged.resetRatio < 1)) {
    fail('resetRatio', 'must be a number between 0 and 1 (exclusive)')
  }
  if (!Number.isSafeInteger(merged.resetMinIntervalMicros) || merged.resetMinIntervalMicros < 0) {
    fail('resetMinIntervalMicros', 'must be an integer >= 0')
  }
  return Object.freeze(merged)
}
