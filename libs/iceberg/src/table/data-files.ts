import { IcebergError } from '../errors.js'
import {
  RowColumns,
  type ParquetWriter,
  type SortColumn,
  type WrittenDataFile,
} from '../parquet/index.js'
import type { PartitionData } from '../spec/avro-partition.js'
import type { DataFile } from '../spec/data-file.js'
import { createPartitioner, partitionPath, type PartitionValues } from '../spec/partition-spec.js'
import { currentSchema, defaultSortOrder, defaultSpec } from '../spec/table-metadata-lookups.js'
import type { TableMetadata } from '../spec/table-metadata.js'
import { findFieldById } from '../spec/schema-lookup.js'

/**
 * Rows of a table read into Parquet columns as they arrive (see `RowColumns`), for the table's
 * schema, partition spec and sort order as they are when it is created: a writer that buffers
 * rows between commits keeps these typed arrays instead of row objects, and appends them with
 * `appendRows`. If the table's schema or spec changed in between, writing them fails with
 * `ICEBERG_SCHEMA_CHANGED`.
 */
export class TableColumns<Row extends object = object> {
  readonly schemaId: number
  readonly specId: number
  readonly columns: RowColumns<Row>
  /** The partition tuple of each partition path seen. */
  private readonly tuples = new Map<string, PartitionValues>()

  constructor(md: TableMetadata) {
    const schema = currentSchema(md)
    const spec = defaultSpec(md)
    this.schemaId = schema['schema-id']
    this.specId = spec['spec-id']
    const partitioner = createPartitioner(spec, schema)
    // Rows of one partition share a tuple; cache the path per tuple so each row costs one transform.
    const pathByTuple = new Map<string, string>()
    const keyOf = (row: Row): string => {
      const values = partitioner(row as Readonly<Record<string, unknown>>)
      const tupleKey = values
        .map((v) => (typeof v === 'bigint' ? `${v}n` : String(v)))
        .join('\u0000')
      let path = pathByTuple.get(tupleKey)
      if (path === undefined) {
        path = partitionPath(spec, schema, values)
        pathByTuple.set(tupleKey, path)
        this.tuples.set(path, values)
      }
      return path
    }
    this.columns = new RowColumns<Row>(
      schema,
      spec.fields.length > 0 ? { keyOf, pathOf: (key: string) => key } : undefined,
    )
  }

  /** Rows appended so far. */
  get rowCount(): number {
    return this.columns.rowCount
  }

  /** Reads `rows` into the columns, all or none (see `RowColumns.append`). */
  append(rows: readonly Row[]): void {
    this.columns.append(rows)
  }

  /** The partition tuple of a partition path the rows produced. */
  tupleOf(path: string): PartitionValues | undefined {
    return this.tuples.get(path)
  }
}

/**
 * Writes rows as Parquet data files of the table (partitioned writer composed over the Parquet
 * file writer, STYLE.md habit 11): each row's partition tuple comes from the default spec, each
 * tuple gets its own file under `data/<partition path>/`, rows in a file follow the table's sort
 * order, and every file becomes a `DataFile` manifest entry with its metrics. `rows` are row
 * objects or rows read into {@link TableColumns} before (less `skip`, by row number).
 */
export async function writeDataFiles<Row extends object>(
  parquet: ParquetWriter,
  md: TableMetadata,
  rows: readonly Row[] | TableColumns<Row>,
  skip?: Uint8Array,
): Promise<DataFile[]> {
  let columns: TableColumns<Row>
  if (rows instanceof TableColumns) {
    columns = rows
    const schemaId = currentSchema(md)['schema-id']
    const specId = defaultSpec(md)['spec-id']
    if (columns.schemaId !== schemaId || columns.specId !== specId) {
      throw new IcebergError(
        'ICEBERG_SCHEMA_CHANGED',
        `rows were read for schema ${columns.schemaId} and spec ${columns.specId}, but the table now has schema ${schemaId} and spec ${specId}`,
        { context: { schemaId, specId } },
      )
    }
  } else {
    if (rows.length === 0) return []
    columns = new TableColumns<Row>(md)
  }
  const schema = currentSchema(md)
  const spec = defaultSpec(md)
  const order = defaultSortOrder(md)
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
  const target = { directory: `${md.location}/data`, sortOrder }
  const written = Array.isArray(rows)
    ? await parquet.write({ ...target, rows, schema, ...partitionOf(columns) })
    : await parquet.write({
        ...target,
        columns: columns.columns,
        ...(skip === undefined ? {} : { skip }),
      })
  const tuples = { get: (path: string) => columns.tupleOf(path) }
  return written.map((w) =>
    toDataFile(
      w,
      spec.fields.map((f) => f['field-id']),
      tuples,
      order['order-id'],
    ),
  )
}

/** The partition split of a table's rows (their `TableColumns`' one), for a write of row objects. */
function partitionOf<Row extends object>(
  columns: TableColumns<Row>,
): { partition?: NonNullable<RowColumns<Row>['partition']> } {
  const partition = columns.columns.partition
  return partition === undefined ? {} : { partition }
}

/** The manifest entry of a written file. */
export function toDataFile(
  w: WrittenDataFile,
  partitionFieldIds: readonly number[],
  tuples: { get(path: string): PartitionValues | undefined },
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
