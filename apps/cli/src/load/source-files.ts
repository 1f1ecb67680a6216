import type { IcebergTable } from '@k2/iceberg'

/** Snapshot-summary property of a load commit: the source file rows it holds (JSON). */
export const SOURCE_FILES_PROPERTY = 'k2.source-files'

/** What one load commit says about one source file. */
export interface SourceFileMark {
  /** The file's path relative to the loaded directory, for people reading the summary. */
  readonly file: string
  /** SHA-256 of the file's bytes, hex: the identity that decides "already loaded". */
  readonly sha256: string
  /** Rows 1..rows_through of the file are in this commit or earlier ones. */
  readonly rows_through: number
  /** True on the commit with the file's last rows. */
  readonly complete: boolean
}

/** How far a file has been loaded into a table. */
export interface LoadedState {
  readonly rowsThrough: number
  readonly complete: boolean
}

/**
 * Reads every snapshot's `k2.source-files` of a table: per file hash, the highest row loaded and
 * whether the file is complete. Idempotence rests on it: a complete file is skipped, a partial one
 * (a load that stopped between two batch commits) resumes after its last committed row. Snapshots
 * removed by expiry take their marks with them; run loads before expiring their snapshots.
 */
export function loadedFiles(table: IcebergTable): Map<string, LoadedState> {
  const out = new Map<string, LoadedState>()
  for (const snapshot of table.metadata.snapshots) {
    const text = snapshot.summary[SOURCE_FILES_PROPERTY]
    if (text === undefined) continue
    let marks: SourceFileMark[]
    try {
      marks = JSON.parse(text) as SourceFileMark[]
    } catch {
      continue
    }
    for (const m of marks) {
      const seen = out.get(m.sha256)
      out.set(m.sha256, {
        rowsThrough: Math.max(seen?.rowsThrough ?? 0, m.rows_through),
        complete: (seen?.complete ?? false) || m.complete,
      })
    }
  }
  return out
}
