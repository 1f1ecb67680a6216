import { IcebergError } from '../errors.js'
import type { ParquetWriter, SortColumn, WrittenDataFile } from '../parquet/index.js'
import type { PartitionData } from '../spec/avro-partition.js'
import type { DataFile } from '../spec/data-file.js'
import { createPartitioner, partitionPath, type PartitionValues } from '../spec/partition-spec.js'
import { currentSchema, defaultSortOrder, defaultSpec } from '../spec/table-metadata-lookups.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import { findFieldById } from '../spec/schema-lookup.js'

/**
 * Writes `rows` as Parquet data files of the table (partitioned writer composed over the Parquet
 * file writer, STYLE.md habit 11): each row's partition tuple comes from the default spec, each
 * tuple gets its own file under `data/<partition path>/`, rows in a file follow the table's sort
 * order, and every file becomes a `DataFile` manifest entry with its metrics.
 */
export async function writeDataFiles<Row extends object>(
  parquet: ParquetWriter,
  md: TableMetadata,
  rows: readonly Row[],
): Promise<DataFile[]> {
  if (rows.length === 0) return []
  const schema = currentSchema(md)
  const spec = defaultSpec(md)
  const order = defaultSortOrder(md)
  const partitioner = createPartitioner(spec, schema)
  const tuples = new Map<string, PartitionValues>()
  // Rows of one partition share a tuple; cache the path per tuple so each row costs one transform.
  const pathByTuple = new Map<string, string>()
  const keyOf = (row: Row): string => {
    const values = partitioner(row as Readonly<Record<string, unknown>>)
    const tupleKey = values.map((v) => (typeof v === 'bigint' ? `${v}n` : String(v))).join('\u0000')
    let path = pathByTuple.get(tupleKey)
    if (path === undefined) {
      path = partitionPath(spec, schema, values)
      pathByTuple.set(tupleKey, path)
      tuples.set(path, values)
    }
    return path
  }
  const sortOrder: SortColumn[] = order.fields.map((f) => {
    const field = findFieldById(schema, f['source-id'])
    if (!field || f.transform !== 'identity') {
      throw new IcebergError(
        'ICEBERG_INVALID_SPEC',
        `sort field on ${f['source-id']} with ${f.transform} is not supported by the writer`,
      )
    }
    return { column: field.name, direction: f.direction, nullOrder: f['null-order'] }
  })
  const written = await parquet.write({
    rows,
    schema,
    directory: `${md.location}/data`,
    sortOrder,
    ...(spec.fields.length > 0 ? { partition: { keyOf, pathOf: (key: string) => key } } : {}),
  })
  return written.map((w) =>
    toDataFile(
      w,
      spec.fields.map((f) => f['field-id']),
      tuples,
      order['order-id'],
    ),
  )
}

/** The manifest entry of a written file. */
export function toDataFile(
  w: WrittenDataFile,
  partitionFieldIds: readonly number[],
  tuples: ReadonlyMap<string, PartitionValues>,
  sortOrderId: number,
): DataFile {
  const values = w.partitionKey === null ? [] : tuples.get(w.partitionKey)
  if (values === undefined) {
    throw new IcebergError(
      'ICEBERG_INVALID_VALUE',
      `written file has unknown partition ${w.partitionKey}`,
    )
  }
  const partition: PartitionData = new Map(
    partitionFieldIds.map((id, i) => [id, values[i] ?? null]),
  )
  return {
    content: 0,
    // Not pathToFileURL: it percent-encodes, and pyiceberg and Java take the path as written.
    file_path: `file://${w.path}`,
    file_format: 'PARQUET',
    partition,
    record_count: w.recordCount,
    file_size_in_bytes: w.fileSizeInBytes,
    column_sizes: w.columnSizes,
    value_counts: w.valueCounts,
    null_value_counts: w.nullValueCounts,
    nan_value_counts: w.nanValueCounts,
    lower_bounds: w.lowerBounds,
    upper_bounds: w.upperBounds,
    split_offsets: w.splitOffsets,
    sort_order_id: sortOrderId,
  }
}
