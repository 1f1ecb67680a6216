import { createRetryPolicy, type RetryOptions } from '@k2/core'

import type { TableIdentifier } from '../catalog/index.js'
import { IcebergError } from '../errors.js'
import { serializeTableMetadata, type TableMetadata } from '../spec/table-metadata.js'
import { droppedMetadataFiles } from '../spec/table-metadata-updates.js'
import { TABLE_PROPERTIES } from '../spec/table-properties.js'
import { loadTable, pointerMoved, type IcebergTable } from './iceberg-table.js'
import { loggerOf, type TableContext } from './table-context.js'
import { nextMetadataLocation } from './table-locations.js'

/** One attempt's result: the new metadata and the files this attempt wrote for it. */
export interface AttemptResult<T> {
  readonly metadata: TableMetadata
  /** Files written by this attempt only; deleted if the attempt loses the race. */
  readonly attemptFiles: readonly string[]
  /** Anything the caller wants back (e.g. the new snapshot). */
  readonly value: T
}

/** Retry defaults for commit conflicts: many quick attempts, since a lost race costs little. */
export const COMMIT_RETRY_DEFAULTS: RetryOptions = {
  maxAttempts: 100,
  initialDelayMs: 5,
  maxDelayMs: 1_000,
}

/**
 * Commits a table change with optimistic concurrency (spec: "Optimistic Concurrency"): each attempt
 * loads the current table, lets `apply` build the new metadata on it, writes the next metadata file
 * and asks the catalog to swap the pointer. When another writer won, the attempt's own files are
 * deleted and the change is re-applied on the new base, as it is when `apply` finds a file of
 * the base missing after the table moved on (maintenance removed it); non-retriable errors (e.g. a
 * failed precondition) stop at once. `apply` deletes what it wrote itself when it throws. After a
 * successful swap, metadata files dropped from the metadata log are deleted when
 * `write.metadata.delete-after-commit.enabled` is true.
 */
export async function commitTable<T>(
  ctx: TableContext,
  identifier: TableIdentifier,
  apply: (base: IcebergTable, attempt: number) => Promise<AttemptResult<T>>,
  retry: Partial<RetryOptions> = {},
): Promise<{ table: IcebergTable; value: T }> {
  const logger = loggerOf(ctx)
  const policy = createRetryPolicy({
    ...COMMIT_RETRY_DEFAULTS,
    ...retry,
    onRetry: ({ attempt, error }) =>
      logger.debug(
        { table: identifier.name, attempt, err: (error as Error).message },
        'commit conflict; retrying',
      ),
  })
  return policy.execute(async (attempt) => {
    const base = await loadTable(ctx, identifier)
    let result: AttemptResult<T>
    try {
      result = await apply(base, attempt)
    } catch (err) {
      // Concurrency: `apply` reads the base's manifest list and manifests. If other commits moved
      // the table on meanwhile, snapshot expiry may already have deleted them; the base is stale,
      // so this is a lost race like a failed swap, and the change is re-applied on the new base.
      if (await pointerMoved(ctx, identifier, base.metadataLocation, err)) {
        throw new IcebergError(
          'ICEBERG_COMMIT_CONFLICT',
          `table ${identifier.name} changed while the commit read it: ${(err as Error).message}`,
          { cause: err },
        )
      }
      throw err
    }
    const metadataLocation = nextMetadataLocation(base.metadata.location, base.metadataLocation)
    const written = [...result.attemptFiles, metadataLocation]
    try {
      await ctx.io.write(
        metadataLocation,
        Buffer.from(serializeTableMetadata(result.metadata), 'utf8'),
      )
      await ctx.catalog.commitTable(identifier, base.metadataLocation, metadataLocation)
    } catch (err) {
      // A lost race or a catalog outage: this attempt's files are referenced by nothing.
      await Promise.all(written.map((f) => ctx.io.delete(f).catch(() => undefined)))
      throw err
    }
    if (result.metadata.properties[TABLE_PROPERTIES.metadataDeleteAfterCommit] === 'true') {
      const dropped = droppedMetadataFiles(base.metadata, result.metadata)
      await Promise.all(dropped.map((f) => ctx.io.delete(f).catch(() => undefined)))
    }
    return {
      table: { identifier, metadataLocation, metadata: result.metadata },
      value: result.value,
    }
  })
}

/** True for the error a lost compare-and-swap raises. */
export function isCommitConflict(err: unknown): boolean {
  return err instanceof IcebergError && err.code === 'ICEBERG_COMMIT_CONFLICT'
}
