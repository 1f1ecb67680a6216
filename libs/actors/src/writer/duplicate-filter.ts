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

/** What {@link dropDuplicates} tracks per stream while it walks a batch. */
interface StreamState {
  /** The position records must exceed. */
  readonly stored: number
  /** The committed position, for telling `committed` from `repeated` drops. */
  readonly committed: number
  /** Highest sequence kept so far in this batch. */
  max: number
  /** Every sequence kept, built only once the stream goes out of order (rare). */
  seqs: Set<number> | undefined
}

/**
 * Drops trades that are already in the table by the high-water-mark rule of D6 (a sequence at or
 * below its stream's stored position was committed, by this writer before a restart or by
 * another one) and repeats of a sequence within the batch. Trades without `source_sequence` are
 * kept: they have no position to compare with. Trades and quotes alike (any sequenced record).
 *
 * `committed` (default: `positions`) only classifies the drops: a record at or below `positions`
 * counts as `committed` when it is also at or below `committed`, else as `repeated` (a writer
 * passes what it holds as `positions` and what is in the table as `committed`).
 *
 * Hot path (every record a writer takes): records arrive in sequence order per stream, so the
 * stream key is reused while the stream does not change and a sequence above the stream's
 * highest one is new without a set lookup; the per-stream set exists only for out-of-order input.
 */
export function dropDuplicates<R extends Omit<SequencedRecord, 'ingestion_timestamp'>>(
  records: readonly R[],
  positions: SourcePositions,
  committedPositions: SourcePositions = positions,
): FilteredRecords<R> {
  const kept: R[] = []
  const streams = new Map<string, StreamState>()
  let committed = 0
  let repeated = 0
  let lastExchange: string | undefined
  let lastSymbol: string | undefined
  let key = ''
  let state: StreamState | undefined
  for (const r of records) {
    const seq = r.source_sequence
    if (seq === null) {
      kept.push(r)
      continue
    }
    if (r.exchange !== lastExchange || r.symbol !== lastSymbol || state === undefined) {
      lastExchange = r.exchange
      lastSymbol = r.symbol
      key = sourceKey(r)
      state = streams.get(key)
      if (state === undefined) {
        const stored = positions.get(key) ?? -Infinity
        state = {
          stored,
          committed: committedPositions.get(key) ?? -Infinity,
          max: -Infinity,
          seqs: undefined,
        }
        streams.set(key, state)
      }
    }
    if (seq <= state.stored) {
      if (seq <= state.committed) committed++
      else repeated++
      continue
    }
    if (seq > state.max) {
      state.max = seq
      state.seqs?.add(seq)
      kept.push(r)
      continue
    }
    // Out of order within the batch: compare with every sequence kept for this stream.
    if (state.seqs === undefined) {
      state.seqs = new Set()
      for (const k of kept) {
        if (k.source_sequence !== null && k.exchange === r.exchange && k.symbol === r.symbol) {
          state.seqs.add(k.source_sequence)
        }
      }
    }
    if (state.seqs.has(seq)) {
      repeated++
      continue
    }
    state.seqs.add(seq)
    kept.push(r)
  }
  return { kept, committed, repeated }
}
