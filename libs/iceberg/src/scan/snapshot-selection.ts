import { IcebergError } from '../errors.js'
import type { Snapshot } from '../spec/snapshot.js'
import { currentSnapshot, snapshotAsOf, snapshotById } from '../spec/table-metadata-lookups.js'
import type { TableMetadata } from '../spec/table-metadata.js'

/** Which snapshot a read uses (D4, D7 time travel): the current one, one by id, or as of a time. */
export interface SnapshotSelector {
  readonly snapshotId?: bigint
  /** The main branch's snapshot current at this time (ms since the epoch). */
  readonly asOfMs?: number
}

/**
 * The snapshot a read should use; undefined only for a table that has no snapshot yet (and no
 * selector). An unknown id or a time before the first snapshot is `ICEBERG_NOT_FOUND`, never
 * silently the current snapshot (a pitfall of the old API, D7).
 */
export function selectSnapshot(
  md: TableMetadata,
  selector: SnapshotSelector = {},
): Snapshot | undefined {
  if (selector.snapshotId !== undefined && selector.asOfMs !== undefined) {
    throw new IcebergError('ICEBERG_INVALID_ARGUMENT', 'give a snapshot id or a time, not both')
  }
  if (selector.snapshotId !== undefined) {
    const snapshot = snapshotById(md, selector.snapshotId)
    if (!snapshot) {
      throw new IcebergError(
        'ICEBERG_NOT_FOUND',
        `snapshot ${selector.snapshotId} does not exist`,
        {
          context: { snapshotId: selector.snapshotId.toString() },
        },
      )
    }
    return snapshot
  }
  if (selector.asOfMs !== undefined) {
    const snapshot = snapshotAsOf(md, selector.asOfMs)
    if (!snapshot) {
      throw new IcebergError(
        'ICEBERG_NOT_FOUND',
        `no snapshot at or before ${new Date(selector.asOfMs).toISOString()}`,
        { context: { asOfMs: selector.asOfMs } },
      )
    }
    return snapshot
  }
  return currentSnapshot(md)
}
