import type { TradeV2 } from '@k2/core'
import { IcebergError, type AppendOptions, type IcebergTable } from '@k2/iceberg'

import { latestProgressValue, parseProgressMap, stringifyProgressMap } from './snapshot-progress.js'

/**
 * Snapshot-summary key of the embedded-mode progress marker (D6): a JSON object mapping
 * `EXCHANGE:SYMBOL` to the highest `source_sequence` committed for it, e.g.
 * `{"BINANCE:BTCUSDT":1234}`. Every writer commit stores the full map (its own positions merged
 * into the previous snapshot's), so the newest writer snapshot alone says where each symbol stands.
 */
export const SOURCE_POSITIONS_KEY = 'k2.source-positions'

/** Highest committed `source_sequence` per `EXCHANGE:SYMBOL` key. */
export type SourcePositions = ReadonlyMap<string, number>

/** The position key of a trade's stream: `EXCHANGE:SYMBOL` (exchange codes are upper case). */
export function sourceKey(trade: Pick<TradeV2, 'exchange' | 'symbol'>): string {
  return `${trade.exchange}:${trade.symbol}`
}

/** The sequences of one stream within a batch. */
export interface SourceRange {
  /** Lowest `source_sequence` of the stream in the batch. */
  readonly first: number
  /** Highest `source_sequence` of the stream in the batch. */
  readonly last: number
}

/**
 * The stored positions of the table as read (`k2.source-positions` of the newest snapshot that has
 * it); empty for an empty table. Throws `ACTORS_INVALID_PROGRESS` for a malformed marker.
 */
export function readSourcePositions(table: IcebergTable): SourcePositions {
  return parseProgressMap(
    SOURCE_POSITIONS_KEY,
    latestProgressValue(table, SOURCE_POSITIONS_KEY),
    (raw) => (typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : undefined),
  )
}

/**
 * Lowest and highest sequence per stream of `trades` (or quotes). Records without `source_sequence` have no
 * position and are left out (their duplicates are the source's business, e.g. the CSV loader's
 * file checksums, D6).
 */
export function sourceRanges(
  trades: readonly Pick<TradeV2, 'exchange' | 'symbol' | 'source_sequence'>[],
): Map<string, SourceRange> {
  const ranges = new Map<string, { first: number; last: number }>()
  for (const t of trades) {
    const seq = t.source_sequence
    if (seq === null) continue
    const key = sourceKey(t)
    const r = ranges.get(key)
    if (r === undefined) ranges.set(key, { first: seq, last: seq })
    else {
      if (seq < r.first) r.first = seq
      if (seq > r.last) r.last = seq
    }
  }
  return ranges
}

/** `positions` with each stream of `ranges` advanced to its `last` (never moved back). */
export function advancePositions(
  positions: SourcePositions,
  ranges: ReadonlyMap<string, SourceRange>,
): Map<string, number> {
  const merged = new Map(positions)
  for (const [key, { last }] of ranges) {
    const stored = merged.get(key)
    if (stored === undefined || last > stored) merged.set(key, last)
  }
  return merged
}

/** A stream whose stored position already covers the start of the batch. */
export interface StalePosition {
  readonly key: string
  readonly stored: number
  readonly first: number
}

/** The streams of `ranges` whose stored position is >= the batch's first sequence. */
export function stalePositions(
  stored: SourcePositions,
  ranges: ReadonlyMap<string, SourceRange>,
): StalePosition[] {
  const stale: StalePosition[] = []
  for (const [key, { first }] of ranges) {
    const position = stored.get(key)
    if (position !== undefined && position >= first) stale.push({ key, stored: position, first })
  }
  return stale
}

/**
 * The append hooks of an embedded-mode commit (D6), evaluated on the base each attempt lands on:
 * - `precondition`: refuses the commit with `ICEBERG_PRECONDITION_FAILED` (not retried) when the
 *   base's stored position of a stream is already >= the batch's first sequence of it: another
 *   writer (a zombie, or a duplicate after a restart) committed those trades. The error's context
 *   holds `positions` (the base's, as an object) and `stale` ({@link StalePosition}s).
 * - `summary`: `k2.source-positions` = the base's positions advanced by the batch.
 */
export function sourcePositionsAppendOptions(
  ranges: ReadonlyMap<string, SourceRange>,
): Pick<AppendOptions, 'precondition' | 'summary'> {
  return {
    precondition: (base) => {
      const stored = readSourcePositions(base)
      const stale = stalePositions(stored, ranges)
      if (stale.length > 0) {
        throw new IcebergError(
          'ICEBERG_PRECONDITION_FAILED',
          `stored source positions already cover the batch: ${stale
            .map((s) => `${s.key} stored ${s.stored} >= first ${s.first}`)
            .join(', ')}`,
          { context: { positions: Object.fromEntries(stored), stale } },
        )
      }
    },
    summary: (base) => ({
      [SOURCE_POSITIONS_KEY]: stringifyProgressMap(
        advancePositions(readSourcePositions(base), ranges),
        (v) => v,
      ),
    }),
  }
}
