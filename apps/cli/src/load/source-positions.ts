import { snapshotAncestry, type IcebergTable } from '@k2/iceberg'

import type { LoadedState } from './source-files.js'

/**
 * Snapshot-summary key of the writers' committed positions (D6): a JSON object of
 * `EXCHANGE:SYMBOL` -> the highest `source_sequence` committed, complete in every writer commit
 * (written by `libs/actors` `writer/source-positions.ts`; the CLI may not import the actors, so
 * it reads the marker here). For an ASX file the sequence is the row number, one symbol per file.
 */
export const SOURCE_POSITIONS_PROPERTY = 'k2.source-positions'

/**
 * The committed positions of a table: `k2.source-positions` of the newest snapshot in the current
 * ancestry that has it (compactions carry none); empty when none has it or it is not a JSON object
 * of integers (a marker this loader cannot read counts as nothing committed: the writers still
 * drop what they already hold).
 */
export function committedPositions(table: IcebergTable): Map<string, number> {
  const out = new Map<string, number>()
  for (const snapshot of snapshotAncestry(table.metadata)) {
    const text = snapshot.summary[SOURCE_POSITIONS_PROPERTY]
    if (text === undefined) continue
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return out
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return out
    for (const [key, value] of Object.entries(json)) {
      if (typeof value === 'number' && Number.isSafeInteger(value)) out.set(key, value)
    }
    return out
  }
  return out
}

/** Where a Kafka load of one trades or quotes file starts. */
export type FileStart =
  | { readonly kind: 'skip'; readonly reason: string }
  /** Produce the file's rows after row `after` (0 = all). */
  | { readonly kind: 'produce'; readonly after: number }

/**
 * Decides where a Kafka load of a file starts: skipped when a `k2.source-files` mark says it is
 * complete in the table (an embedded load); otherwise after the rows already in the table: the
 * stream's committed position (rows the writers landed; row numbers are the stream's sequence)
 * or a partial mark's `rows_through`, whichever is further. `force` produces every row again
 * (the writers drop those already committed, by the same positions).
 */
export function fileStart(input: {
  readonly force: boolean
  readonly mark: LoadedState | undefined
  readonly position: number | undefined
}): FileStart {
  if (input.force) return { kind: 'produce', after: 0 }
  if (input.mark?.complete) return { kind: 'skip', reason: 'already loaded (source-files mark)' }
  return {
    kind: 'produce',
    after: Math.max(input.position ?? 0, input.mark?.rowsThrough ?? 0),
  }
}

/** A stream whose produced rows are not all committed yet. */
export interface PendingStream {
  readonly stream: string
  /** The last row produced. */
  readonly target: number
  /** The committed position, 0 when none. */
  readonly position: number
}

/** The streams of `targets` (stream -> last row produced) that `positions` do not cover yet. */
export function pendingStreams(
  targets: ReadonlyMap<string, number>,
  positions: ReadonlyMap<string, number>,
): PendingStream[] {
  const pending: PendingStream[] = []
  for (const [stream, target] of targets) {
    const position = positions.get(stream) ?? 0
    if (position < target) pending.push({ stream, target, position })
  }
  return pending
}
