import type { TableIdentifier } from '../catalog/index.js'
import { IcebergError } from '../errors.js'
import { parseTableMetadata, type TableMetadata } from '../spec/table-metadata.js'
import type { TableContext } from './table-context.js'

/** A table as read at one moment: its catalog pointer and the metadata it points at. */
export interface IcebergTable {
  readonly identifier: TableIdentifier
  readonly metadataLocation: string
  readonly metadata: TableMetadata
}

/** How often {@link loadTable} re-reads a pointer that moved on while its file was being read. */
const MOVED_POINTER_RETRIES = 5

/**
 * Loads a table's current metadata through the catalog. `ICEBERG_NOT_FOUND` when unknown.
 *
 * Concurrency: between reading the pointer and reading the file it names, other writers may
 * commit often enough that this file drops out of the metadata log and is deleted
 * (`write.metadata.delete-after-commit.enabled`). A missing file whose pointer has moved on is
 * therefore not an error: the pointer is read again.
 */
export async function loadTable(
  ctx: TableContext,
  identifier: TableIdentifier,
): Promise<IcebergTable> {
  for (let attempt = 0; ; attempt++) {
    const { metadataLocation } = await ctx.catalog.loadTable(identifier)
    let bytes: Uint8Array
    try {
      bytes = await ctx.io.read(metadataLocation)
    } catch (err) {
      if (
        attempt < MOVED_POINTER_RETRIES &&
        (await pointerMoved(ctx, identifier, metadataLocation, err))
      ) {
        continue
      }
      throw err
    }
    const text = Buffer.from(bytes).toString('utf8')
    return { identifier, metadataLocation, metadata: parseTableMetadata(text) }
  }
}

/**
 * True when `err` is a missing file and the table's pointer is no longer `metadataLocation`: the
 * file belonged to a table state that other commits have since replaced (and maintenance may have
 * cleaned up), so the caller should start again from the current state.
 */
export async function pointerMoved(
  ctx: TableContext,
  identifier: TableIdentifier,
  metadataLocation: string,
  err: unknown,
): Promise<boolean> {
  if (!(err instanceof IcebergError) || err.code !== 'ICEBERG_NOT_FOUND') return false
  const current = await ctx.catalog.loadTable(identifier).catch(() => undefined)
  return current !== undefined && current.metadataLocation !== metadataLocation
}
