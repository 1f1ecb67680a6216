import type { TableIdentifier } from '../catalog/index.js'
import { IcebergError } from '../errors.js'
import type { ParquetRewriter } from '../parquet/index.js'
import type { DataFile } from '../spec/data-file.js'
import { MANIFEST_CONTENT } from '../spec/manifest-list.js'
import { partitionPath, type PartitionValues } from '../spec/partition-spec.js'
import {
  currentSchema,
  currentSnapshot,
  defaultSortOrder,
  defaultSpec,
} from '../spec/table-metadata-lookups.js'
import { intProperty, TABLE_PROPERTIES } from '../spec/table-properties.js'
import { toDataFile } from '../table/data-files.js'
import { loadTable, pointerMoved, type IcebergTable } from '../table/iceberg-table.js'
import { replaceFiles } from '../table/replace-files.js'
import { liveDataFiles } from '../table/snapshot-files.js'
import { loggerOf, type TableContext } from '../table/table-context.js'
import { dataDirectory } from '../table/table-locations.js'
import { planCompaction, type CompactionCandidate } from './compaction-planner.js'
import {
  DEFAULT_TARGET_FILE_SIZE_BYTES,
  validateCompactionOptions,
  type CompactionOptions,
} from './maintenance-options.js'
import { sortColumnsOf } from './sort-columns.js'

/** What a compaction run did. */
export interface CompactionResult {
  /**
   * `compacted`: one `replace` snapshot committed; `nothing-to-do`: no partition had enough small
   * files; `conflict`: another commit removed an input first (table unchanged, new files deleted).
   */
  readonly status: 'compacted' | 'nothing-to-do' | 'conflict'
  /** The `replace` snapshot; null unless compacted. */
  readonly snapshotId: bigint | null
  /** Why the run stood back, for `conflict`; else null. */
  readonly conflict: string | null
  /** Partition paths of the rewritten groups. */
  readonly partitions: readonly string[]
  readonly groups: number
  /** Files replaced, and files written in their place (0 unless compacted). */
  readonly filesRewritten: number
  readonly filesAdded: number
  /** Rows moved (the same before and after). */
  readonly rows: bigint
  /** Bytes of the replaced files, and of the new ones (0 unless compacted). */
  readonly bytesBefore: bigint
  readonly bytesAfter: bigint
  readonly durationMs: number
}

/** Reads of the plan when expiry deleted the manifests of the snapshot being read. */
const PLAN_ATTEMPTS = 5

/**
 * Compaction (D4; Java's `RewriteDataFiles` with the bin-pack strategy): plans from the current
 * snapshot — live data files of the default partition spec, grouped by partition, small files
 * bin-packed into groups of at most the target size (see `planCompaction`) — rewrites each group
 * with DuckDB into sorted files under `data/<partition path>/` (table sort order, field ids,
 * metrics), and commits every group in ONE `replace` snapshot: the same rows, fewer files.
 *
 * Safe while writers commit: the replace is applied to the latest snapshot, so files appended
 * meanwhile stay; if another compaction (or anything else) removed an input first, the commit
 * fails its precondition, the new files are deleted and the result says `conflict`: the table is
 * unchanged and the next run plans again. Inputs stay on disk until snapshot expiry removes the
 * snapshots that still list them, so readers of older snapshots are unaffected.
 *
 * Not handled, by design for K2's tables: delete files (a replace would resurrect deleted rows;
 * such tables are refused), files of older partition specs (left alone) and non-Parquet files.
 */
export async function compactTable(
  ctx: TableContext & { readonly parquet: ParquetRewriter },
  identifier: TableIdentifier,
  options: Partial<CompactionOptions> = {},
): Promise<CompactionResult> {
  const started = performance.now()
  const settings = validateCompactionOptions(options)
  const { table, candidates, tuples } = await readCandidates(ctx, identifier, settings)
  const md = table.metadata
  const target =
    settings.targetFileSizeBytes ??
    intProperty(md.properties, TABLE_PROPERTIES.targetFileSizeBytes, DEFAULT_TARGET_FILE_SIZE_BYTES)
  const groups = planCompaction(candidates, {
    targetFileSizeBytes: target,
    smallFileThresholdBytes: Math.floor(target * settings.smallFileRatio),
    minInputFiles: settings.minInputFiles,
    maxGroups: settings.maxGroups,
  })
  const partitions = [...new Set(groups.map((g) => g.partition))]
  const inputs = groups.flatMap((g) => g.files)
  const outcome = (
    status: CompactionResult['status'],
    extra: Partial<CompactionResult> = {},
  ): CompactionResult => ({
    status,
    snapshotId: null,
    conflict: null,
    partitions,
    groups: groups.length,
    filesRewritten: 0,
    filesAdded: 0,
    rows: groups.reduce((n, g) => n + g.rows, 0n),
    bytesBefore: groups.reduce((n, g) => n + g.bytes, 0n),
    bytesAfter: 0n,
    durationMs: performance.now() - started,
    ...extra,
  })
  if (groups.length === 0) return outcome('nothing-to-do')

  const schema = currentSchema(md)
  const spec = defaultSpec(md)
  const order = defaultSortOrder(md)
  const sortOrder = sortColumnsOf(order, schema)
  const fieldIds = spec.fields.map((f) => f['field-id'])
  const added: DataFile[] = []
  try {
    for (const group of groups) {
      const written = await ctx.parquet.rewrite({
        sources: group.files.map((f) => f.file_path),
        schema,
        directory: dataDirectory(md.location, group.partition),
        sortOrder,
        partitionKey: group.partition,
        targetFileSizeBytes: target,
      })
      added.push(...written.map((w) => toDataFile(w, fieldIds, tuples, order['order-id'])))
    }
  } catch (err) {
    await Promise.all(added.map((f) => ctx.io.delete(f.file_path).catch(() => undefined)))
    // An input missing on disk is a lost race only if it is no longer live (replaced, then
    // expired); a live file that is missing is damage, and that error goes to the caller.
    if (err instanceof IcebergError && err.code === 'ICEBERG_NOT_FOUND') {
      const gone = await inputsGone(ctx, identifier, inputs)
      if (gone !== undefined) return outcome('conflict', { conflict: gone })
    }
    throw err
  }

  let snapshotId: bigint
  try {
    const { snapshot } = await replaceFiles(ctx, identifier, inputs, added, {
      ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    })
    snapshotId = snapshot['snapshot-id']
  } catch (err) {
    // replaceFiles has deleted the new files; the table is as it was.
    if (err instanceof IcebergError && err.code === 'ICEBERG_PRECONDITION_FAILED') {
      loggerOf(ctx).info({ table: identifier.name, err: err.message }, 'compaction stood back')
      return outcome('conflict', { conflict: err.message })
    }
    throw err
  }
  const result = outcome('compacted', {
    snapshotId,
    filesRewritten: inputs.length,
    filesAdded: added.length,
    bytesAfter: added.reduce((n, f) => n + f.file_size_in_bytes, 0n),
  })
  loggerOf(ctx).info(
    {
      table: identifier.name,
      snapshotId: String(snapshotId),
      partitions: partitions.length,
      filesRewritten: result.filesRewritten,
      filesAdded: result.filesAdded,
      rows: String(result.rows),
      durationMs: Math.round(result.durationMs),
    },
    'compacted table',
  )
  return result
}

type LiveFiles = Awaited<ReturnType<typeof liveDataFiles>>

/**
 * The current table and the live files of its current snapshot. Concurrency: expiry may delete
 * the manifests of a snapshot that stopped being current while they are read; reading then
 * starts again from the new current snapshot.
 */
async function readLiveFiles(
  ctx: TableContext,
  identifier: TableIdentifier,
): Promise<{ table: IcebergTable; live: LiveFiles }> {
  for (let attempt = 0; ; attempt++) {
    const table = await loadTable(ctx, identifier)
    try {
      return { table, live: await liveDataFiles(ctx.io, currentSnapshot(table.metadata)) }
    } catch (err) {
      if (
        attempt + 1 < PLAN_ATTEMPTS &&
        (await pointerMoved(ctx, identifier, table.metadataLocation, err))
      ) {
        continue
      }
      throw err
    }
  }
}

interface Candidates {
  readonly table: IcebergTable
  readonly candidates: CompactionCandidate[]
  /** Partition path -> partition tuple, for the new files' manifest entries. */
  readonly tuples: Map<string, PartitionValues>
}

/** The compactable files of the current snapshot, by partition path. */
async function readCandidates(
  ctx: TableContext,
  identifier: TableIdentifier,
  settings: CompactionOptions,
): Promise<Candidates> {
  const { table, live } = await readLiveFiles(ctx, identifier)
  const md = table.metadata
  const schema = currentSchema(md)
  const spec = defaultSpec(md)
  const candidates: CompactionCandidate[] = []
  const tuples = new Map<string, PartitionValues>()
  for (const { manifest, file } of live) {
    if (manifest.content !== MANIFEST_CONTENT.DATA) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `table ${identifier.name} has delete files; compaction would have to apply them`,
      )
    }
    if (manifest.partition_spec_id !== spec['spec-id'] || file.file_format !== 'PARQUET') continue
    const values = spec.fields.map((f) => file.partition.get(f['field-id']) ?? null)
    const path = partitionPath(spec, schema, values)
    if (settings.partitionFilter !== undefined && !settings.partitionFilter(path)) continue
    tuples.set(path, values)
    candidates.push({ partition: path, file })
  }
  return { table, candidates, tuples }
}

/** Why some inputs are no longer live in the current snapshot, or undefined if all still are. */
async function inputsGone(
  ctx: TableContext,
  identifier: TableIdentifier,
  inputs: readonly DataFile[],
): Promise<string | undefined> {
  const { live } = await readLiveFiles(ctx, identifier)
  const paths = new Set(live.map((l) => l.file.file_path))
  const gone = inputs.filter((f) => !paths.has(f.file_path))
  return gone.length === 0
    ? undefined
    : `${gone.length} input file(s) were removed by another commit, e.g. ${gone[0]!.file_path}`
}
