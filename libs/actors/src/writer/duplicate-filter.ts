import type { TradeV2 } from '@k2/core'

import { sourceKey, type SourcePositions } from './source-positions.js'

/** What {@link dropDuplicates} kept and how many it dropped for each reason. */
export interface FilteredTrades {
  readonly kept: TradeV2[]
  /** At or below the stored position of their stream. */
  readonly committed: number
  /** A sequence already seen earlier in the same batch. */
  readonly repeated: number
}

/**
 * Drops trades that are already in the table by the high-water-mark rule of D6 (a sequence at or
 * below its stream's stored position was committed, by this writer before a restart or by
 * another one) and repeats of a sequence within the batch. Trades without `source_sequence` are
 * kept: they have no position to compare with.
 */
export function dropDuplicates(
  trades: readonly TradeV2[],
  positions: SourcePositions,
): FilteredTrades {
  const kept: TradeV2[] = []
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
