import type { Micros, TradeV2 } from '@k2/core'

import { sourceKey } from '../writer/source-positions.js'
import type { SequenceEvent } from './sequence-observer.js'
import {
  zeroCounts,
  type SequenceCheck,
  type SequenceCounts,
  type SequenceResult,
} from './sequence-result.js'
import {
  validateSequenceThresholds,
  type SequenceThresholds,
  type SequenceTrackerOptions,
} from './sequence-tracker-options.js'

/** The fields of a trade the tracker reads. */
export type SequencedTrade = Pick<TradeV2, 'exchange' | 'symbol' | 'source_sequence' | 'timestamp'>

/** What the tracker knows about one (exchange, symbol) stream. */
export interface StreamSequenceState {
  readonly exchange: string
  readonly symbol: string
  /** The highest sequence accepted so far (or the one a reset restarted from); `null` = none yet. */
  readonly lastSequence: number | null
  /** Exchange time (µs) of the trade that set `lastSequence`. */
  readonly lastTimestamp: Micros | null
  /** Trades of this stream per result (since the tracker was created; a reset does not clear it). */
  readonly counts: SequenceCounts
}

/** Sequence tracking per (exchange, symbol) on `source_sequence` (D6). */
export interface SequenceTracker {
  /** Classifies `trade` against its stream, updates the stream, counts it and tells the observer. */
  check(trade: SequencedTrade): SequenceCheck
  /** Trades per result over every stream. */
  counts(): SequenceCounts
  /** One stream's state (a copy), or `undefined` when no trade of it was checked. */
  stream(exchange: string, symbol: string): StreamSequenceState | undefined
  /** Every stream's state (copies), in order of first appearance. */
  streams(): StreamSequenceState[]
  /** The thresholds in use (defaults filled in). */
  readonly thresholds: SequenceThresholds
}

interface MutableStream {
  readonly exchange: string
  readonly symbol: string
  lastSequence: number | null
  lastTimestamp: Micros | null
  readonly counts: Record<SequenceResult, number>
}

/**
 * Creates a tracker. Rules, per (exchange, symbol) (D6):
 * - no `source_sequence` -> `unsequenced`: counted and reported, the stream's position is kept
 *   (sources without sequence numbers, e.g. CSV loads, cannot be checked, but are not silent).
 * - first sequence of a stream -> `ok` (nothing to compare with; `expected` is `null`).
 * - `last + 1` -> `ok`; `last + 2 ..= last + 1 + gapThreshold` -> `small_gap` (1 to 10 missing);
 *   beyond -> `large_gap`. A gap moves the position to the new sequence.
 * - `<= last` -> `reset` if it is strictly below `resetRatio x last` and the trade's exchange time
 *   is strictly more than `resetMinIntervalMicros` after the last trade's: the position restarts
 *   from the new sequence (`last + 1` is expected next). Both conditions are needed; otherwise
 *   `out_of_order` (an exact duplicate is `out_of_order` too), and the position stays where it
 *   was, so a late trade never moves the stream backwards.
 *
 * Caveat: a source that restarts its numbering within the hour is not a reset by D6's rule; its
 * trades are then `out_of_order` until the sequence passes the old high-water mark. The observer
 * sees each of them, so it is loud, not silent.
 */
export function createSequenceTracker(options: SequenceTrackerOptions = {}): SequenceTracker {
  const thresholds = validateSequenceThresholds(options)
  const { gapThreshold, resetRatio, resetMinIntervalMicros } = thresholds
  const observer = options.observer
  const streams = new Map<string, MutableStream>()
  const totals = zeroCounts()

  function streamOf(trade: SequencedTrade): MutableStream {
    const key = sourceKey(trade)
    let s = streams.get(key)
    if (s === undefined) {
      s = {
        exchange: trade.exchange,
        symbol: trade.symbol,
        lastSequence: null,
        lastTimestamp: null,
        counts: zeroCounts(),
      }
      streams.set(key, s)
    }
    return s
  }

  function classify(s: MutableStream, seq: number, timestamp: Micros): SequenceCheck {
    const last = s.lastSequence
    if (last === null) return { result: 'ok', expected: null, gap: 0 }
    const expected = last + 1
    const gap = seq - expected
    if (gap === 0) return { result: 'ok', expected, gap }
    if (gap > 0) return { result: gap <= gapThreshold ? 'small_gap' : 'large_gap', expected, gap }
    const lastTimestamp = s.lastTimestamp ?? timestamp
    const isReset = seq < last * resetRatio && timestamp - lastTimestamp > resetMinIntervalMicros
    return { result: isReset ? 'reset' : 'out_of_order', expected, gap }
  }

  function snapshot(s: MutableStream): StreamSequenceState {
    return {
      exchange: s.exchange,
      symbol: s.symbol,
      lastSequence: s.lastSequence,
      lastTimestamp: s.lastTimestamp,
      counts: { ...s.counts },
    }
  }

  return {
    thresholds,
    check(trade) {
      const s = streamOf(trade)
      const seq = trade.source_sequence
      const previousSequence = s.lastSequence
      const previousTimestamp = s.lastTimestamp
      const check: SequenceCheck =
        seq === null
          ? { result: 'unsequenced', expected: null, gap: 0 }
          : classify(s, seq, trade.timestamp)
      if (seq !== null && check.result !== 'out_of_order') {
        s.lastSequence = seq
        s.lastTimestamp = trade.timestamp
      }
      s.counts[check.result]++
      totals[check.result]++
      if (check.result !== 'ok' && observer !== undefined) {
        const event: SequenceEvent = {
          ...check,
          result: check.result,
          exchange: trade.exchange,
          symbol: trade.symbol,
          sequence: seq,
          previousSequence,
          previousTimestamp,
          timestamp: trade.timestamp,
        }
        observer.sequenceEvent(event)
      }
      return check
    },
    counts: () => ({ ...totals }),
    stream(exchange, symbol) {
      const s = streams.get(sourceKey({ exchange, symbol }))
      return s === undefined ? undefined : snapshot(s)
    },
    streams: () => [...streams.values()].map(snapshot),
  }
}
