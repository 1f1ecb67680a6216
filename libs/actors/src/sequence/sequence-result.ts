/**
 * What {@link SequenceTracker.check} says about a trade's `source_sequence`, compared with the last
 * sequence of its (exchange, symbol) stream (D6):
 * - `ok`: the next one (last + 1), or the first trade of the stream.
 * - `small_gap`: sequences are missing, at most `gapThreshold` of them (default 10).
 * - `large_gap`: more than `gapThreshold` sequences are missing.
 * - `out_of_order`: at or below the last sequence (an exact duplicate included) and not a reset.
 * - `reset`: below `resetRatio` (50%) of the last sequence AND more than `resetMinIntervalMicros`
 *   (one hour) of exchange time after the last trade: the source restarted its numbering.
 * - `unsequenced`: the trade has no `source_sequence` (`null`); nothing to compare, only counted.
 */
export const SEQUENCE_RESULTS = [
  'ok',
  'small_gap',
  'large_gap',
  'out_of_order',
  'reset',
  'unsequenced',
] as const

/** A result from {@link SEQUENCE_RESULTS}. */
export type SequenceResult = (typeof SEQUENCE_RESULTS)[number]

/** A count per result. */
export type SequenceCounts = Readonly<Record<SequenceResult, number>>

/** The outcome of checking one trade. */
export interface SequenceCheck {
  readonly result: SequenceResult
  /**
   * The sequence the stream expected (last + 1); `null` for the first trade of a stream and for
   * an unsequenced trade.
   */
  readonly expected: number | null
  /**
   * `sequence - expected`: the number of missing sequences for `small_gap` / `large_gap` (> 0),
   * how far behind the expected one for `out_of_order` / `reset` (< 0), 0 for `ok`, and 0 when
   * `expected` is `null`.
   */
  readonly gap: number
}

/** All-zero counts. */
export function zeroCounts(): Record<SequenceResult, number> {
  return { ok: 0, small_gap: 0, large_gap: 0, out_of_order: 0, reset: 0, unsequenced: 0 }
}
