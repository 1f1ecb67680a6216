import type { TradeV2 } from '@k2/core'

import type { SequencedRecord } from './sequenced-record.js'
import { sourceKey, type SourcePositions } from './source-positions.js'

/** What {@link dropDuplicates} kept and how many it dropped for each reason. */
export interface FilteredRecords<R> {
  readonly kept: R[]
  /** At or below the stored position of their stream. */
  readonly committed: number
  /** A sequence already seen earlier in the same batch. */
  readonly repeated: number
}

/** {@link FilteredRecords} of trades. */
export type FilteredTrades = FilteredRecords<TradeV2>

/**
 * Drops trades that are already in the table by the high-water-mark rule of D6 (a sequence at or
 * below its stream's stored position was committed, by this writer before a restart or by
 * another one) and repeats of a sequence within the batch. Trades without `source_sequence` are
 * kept: they have no position to compare with. Trades and quotes alike (any sequenced record).
 */
export function dropDuplicates<R extends Omit<SequencedRecord, 'ingestion_timestamp'>>(
  trades: readonly R[],
  positions: SourcePositions,
): FilteredRecords<R> {
  const kept: R[] = []
  const seen = new Map<string, Set<number>>()
  let committed = 0
  let repeated = 0
  for (const t of trades) {
    const seq = t.source_sequence
    if (seq === null) {
      kept.push(t)
      continue
    }
    const key = sourceKey(t)
    const stored = positions.get(key)
    if (stored !== undefined && seq <= stored) {
      committed++
      continue
    }
    let seqs = seen.get(key)
    if (seqs === undefined) seen.set(key, (seqs = new Set()))
    if (seqs.has(seq)) {
      repeated++
      continue
    }
    seqs.add(seq)
    kept.push(t)
  }
  return { kept, committed, repeated }
}
