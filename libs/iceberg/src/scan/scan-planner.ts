import type { FileIO } from '../io/index.js'
import { IcebergError } from '../errors.js'
import type { DataFile } from '../spec/data-file.js'
import type { ManifestFile } from '../spec/manifest-list.js'
import type { PartitionSpec } from '../spec/partition-spec.js'
import { findFieldByName } from '../spec/schema-lookup.js'
import type { IcebergSchema } from '../spec/schema.js'
import { decodeSingleValue, type SingleValue } from '../spec/single-value.js'
import type { Snapshot } from '../spec/snapshot.js'
import { currentSchema, schemaById, specById } from '../spec/table-metadata-lookups.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import { parseTransform } from '../spec/transforms.js'
import { isPrimitive, type PrimitiveType } from '../spec/types.js'
import type { ManifestCache } from '../table/snapshot-files.js'
import { isLive, SHARED_MANIFEST_CACHE } from '../table/snapshot-files.js'
import type { ScanFilter } from './scan-filter.js'
import { selectSnapshot, type SnapshotSelector } from './snapshot-selection.js'
import { compareValues, normalizeValue } from './value-order.js'

/** Options of {@link planScan}. */
export interface ScanOptions extends SnapshotSelector {
  readonly filter?: ScanFilter
  /** Manifest cache; the process-wide one by default. */
  readonly cache?: ManifestCache
}

/** How much the planner read and skipped (shown by tests and query logs). */
export interface ScanMetrics {
  readonly manifests: number
  readonly manifestsSkipped: number
  readonly dataFiles: number
  readonly dataFilesSkipped: number
}

/** The files a read must open, for the chosen snapshot. */
export interface ScanPlan {
  readonly snapshot: Snapshot | undefined
  readonly schema: IcebergSchema
  readonly files: readonly DataFile[]
  readonly metrics: ScanMetrics
}

/** A filter condition bound to a column: the allowed values or range, normalised for comparison. */
interface BoundCondition {
  readonly fieldId: number
  readonly type: PrimitiveType
  readonly values?: readonly SingleValue[]
  readonly min?: SingleValue
  readonly max?: SingleValue
  readonly maxInclusive: boolean
}

const ORDER_PRESERVING = new Set(['identity', 'truncate', 'year', 'month', 'day', 'hour'])

/**
 * Plans a read (D4 read path): picks the snapshot, reads its manifest list and manifests (cached:
 * they are immutable), skips manifests whose partition summaries exclude the filter, then files
 * whose partition values or column bounds exclude it. Conservative: only files that provably hold
 * no matching row are skipped.
 */
export async function planScan(
  io: FileIO,
  md: TableMetadata,
  options: ScanOptions = {},
): Promise<ScanPlan> {
  const snapshot = selectSnapshot(md, options)
  const schema =
    (snapshot?.['schema-id'] !== undefined ? schemaById(md, snapshot['schema-id']) : undefined) ??
    currentSchema(md)
  const conditions = bindFilter(schema, options.filter ?? {})
  const cache = options.cache ?? SHARED_MANIFEST_CACHE
  let manifests = 0
  let manifestsSkipped = 0
  let dataFiles = 0
  let dataFilesSkipped = 0
  const files: DataFile[] = []
  if (snapshot) {
    for (const manifest of await cache.manifestsOf(io, snapshot)) {
      manifests++
      const spec = specById(md, manifest.partition_spec_id)
      const partitionConditions = spec ? projectToPartition(spec, conditions) : []
      if (!manifestMayMatch(manifest, partitionConditions)) {
        manifestsSkipped++
        continue
      }
      for (const entry of await cache.entriesOf(io, manifest)) {
        if (!isLive(entry)) continue
        dataFiles++
        const file = entry.data_file
        if (partitionMayMatch(file, partitionConditions) && boundsMayMatch(file, conditions)) {
          files.push(file)
        } else {
          dataFilesSkipped++
        }
      }
    }
  }
  return {
    snapshot,
    schema,
    files,
    metrics: { manifests, manifestsSkipped, dataFiles, dataFilesSkipped },
  }
}

function bindFilter(schema: IcebergSchema, filter: ScanFilter): BoundCondition[] {
  const bind = (column: string) => {
    const field = schema.fields.find((f) => f.name === column) ?? findFieldByName(schema, column)
    if (!field || !isPrimitive(field.type)) {
      throw new IcebergError(
        'ICEBERG_INVALID_ARGUMENT',
        `cannot filter on ${JSON.stringify(column)}: not a primitive column`,
      )
    }
    return { fieldId: field.id, type: field.type }
  }
  const out: BoundCondition[] = []
  for (const [column, values] of Object.entries(filter.in ?? {})) {
    const { fieldId, type } = bind(column)
    out.push({
      fieldId,
      type,
      values: values.map((v) => normalizeValue(type, v)),
      maxInclusive: true,
    })
  }
  for (const [column, r] of Object.entries(filter.range ?? {})) {
    const { fieldId, type } = bind(column)
    out.push({
      fieldId,
      type,
      ...(r.min !== undefined ? { min: normalizeValue(type, r.min) } : {}),
      ...(r.max !== undefined ? { max: normalizeValue(type, r.max) } : {}),
      maxInclusive: r.maxInclusive ?? false,
    })
  }
  return out
}

/** Conditions on partition fields implied by conditions on their source columns. */
interface PartitionCondition extends BoundCondition {
  /** Position of the field in the spec (and in manifest partition summaries). */
  readonly index: number
}

function projectToPartition(
  spec: PartitionSpec,
  conditions: readonly BoundCondition[],
): PartitionCondition[] {
  const out: PartitionCondition[] = []
  spec.fields.forEach((field, index) => {
    const transform = parseTransform(field.transform)
    for (const c of conditions) {
      if (c.fieldId !== field['source-id'] || !transform.canTransform(c.type)) continue
      const type = transform.resultType(c.type)
      const fieldId = field['field-id']
      const apply = (v: SingleValue) => {
        const t = transform.apply(c.type, v)
        return t === null ? null : normalizeValue(type, t)
      }
      if (c.values) {
        const values = c.values.map(apply).filter((v): v is SingleValue => v !== null)
        out.push({ index, fieldId, type, values, maxInclusive: true })
      } else if (ORDER_PRESERVING.has(transform.name)) {
        // A range maps to the range of its transformed endpoints (order-preserving transforms).
        // An exclusive end on an integer-like column is the inclusive end minus one (Java's
        // ProjectionUtil), so `[D, D+1)` on a timestamp projects to day D only, not D and D+1.
        const inclusiveMax =
          c.max === undefined || c.maxInclusive
            ? c.max
            : typeof c.max === 'bigint'
              ? c.max - 1n
              : typeof c.max === 'number' && Number.isInteger(c.max)
                ? c.max - 1
                : c.max
        const min = c.min === undefined ? undefined : apply(c.min)
        const max = inclusiveMax === undefined ? undefined : apply(inclusiveMax)
        out.push({
          index,
          fieldId,
          type,
          ...(min != null ? { min } : {}),
          ...(max != null ? { max } : {}),
          maxInclusive: true,
        })
      }
    }
  })
  return out
}

function rangeMayOverlap(
  c: BoundCondition,
  lower: SingleValue | null,
  upper: SingleValue | null,
): boolean {
  if (c.values) {
    return c.values.some(
      (v) =>
        (lower === null || compareValues(v, lower) >= 0) &&
        (upper === null || compareValues(v, upper) <= 0),
    )
  }
  if (c.min !== undefined && upper !== null && compareValues(upper, c.min) < 0) return false
  if (c.max !== undefined && lower !== null) {
    const cmp = compareValues(lower, c.max)
    if (c.maxInclusive ? cmp > 0 : cmp >= 0) return false
  }
  return true
}

function manifestMayMatch(
  manifest: ManifestFile,
  conditions: readonly PartitionCondition[],
): boolean {
  for (const c of conditions) {
    const summary = manifest.partitions?.[c.index]
    if (!summary) continue
    if (summary.lower_bound === null && summary.upper_bound === null) {
      // Only nulls (or no files): a condition on a value cannot match.
      if (summary.contains_null && manifest.added_files_count + manifest.existing_files_count > 0)
        return false
      continue
    }
    const lower =
      summary.lower_bound === null ? null : decodeSingleValue(c.type, summary.lower_bound)
    const upper =
      summary.upper_bound === null ? null : decodeSingleValue(c.type, summary.upper_bound)
    if (!rangeMayOverlap(c, lower, upper)) return false
  }
  return true
}

function partitionMayMatch(file: DataFile, conditions: readonly PartitionCondition[]): boolean {
  for (const c of conditions) {
    const value = file.partition.get(c.fieldId) ?? null
    if (value === null) return false
    const v = normalizeValue(c.type, value)
    if (!rangeMayOverlap(c, v, v)) return false
  }
  return true
}

function boundsMayMatch(file: DataFile, conditions: readonly BoundCondition[]): boolean {
  for (const c of conditions) {
    const valueCount = file.value_counts?.get(c.fieldId)
    const nullCount = file.null_value_counts?.get(c.fieldId)
    if (valueCount !== undefined && nullCount !== undefined && valueCount === nullCount)
      return false
    const lowerBytes = file.lower_bounds?.get(c.fieldId)
    const upperBytes = file.upper_bounds?.get(c.fieldId)
    const lower = lowerBytes ? decodeSingleValue(c.type, lowerBytes) : null
    const upper = upperBytes ? decodeSingleValue(c.type, upperBytes) : null
    if (!rangeMayOverlap(c, lower, upper)) return false
  }
  return true
}
