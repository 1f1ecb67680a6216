import { randomUUID } from 'node:crypto'

import { IcebergError } from '../errors.js'
import {
  METADATA_LONG_KEYS,
  parseLosslessJson,
  stringifyLosslessJson,
  type JsonObject,
} from './json.js'
import { JsonReader } from './json-reader.js'
import {
  lastPartitionId,
  parsePartitionSpec,
  serializePartitionSpec,
  UNPARTITIONED_SPEC,
  validatePartitionSpec,
  type PartitionSpec,
} from './partition-spec.js'
import { parseSchema, serializeSchema, validateSchema, type IcebergSchema } from './schema.js'
import { lastColumnId } from './schema-lookup.js'
import {
  MAIN_BRANCH,
  parseSnapshot,
  parseSnapshotRef,
  serializeSnapshot,
  serializeSnapshotRef,
  type Snapshot,
  type SnapshotRef,
} from './snapshot.js'
import {
  parseSortOrder,
  serializeSortOrder,
  UNSORTED_ORDER,
  validateSortOrder,
  type SortOrder,
} from './sort-order.js'
import { checkNotReserved } from './table-properties.js'
import { validateTableMetadata } from './table-metadata-validation.js'

/** An entry of `snapshot-log`: when the main branch's current snapshot changed, and to what. */
export interface SnapshotLogEntry {
  readonly 'timestamp-ms': number
  readonly 'snapshot-id': bigint
}

/** An entry of `metadata-log`: a previous metadata file and its `last-updated-ms`. */
export interface MetadataLogEntry {
  readonly 'timestamp-ms': number
  readonly 'metadata-file': string
}

/**
 * Table metadata, format v2 (spec: "Table Metadata Fields"): the content of a
 * `NNNNN-<uuid>.metadata.json` file. 64-bit values are bigints. `current-snapshot-id` is absent
 * when the table has no current snapshot (it is written as -1, as Java writes v2 metadata).
 * Statistics files are kept as read, so a round trip does not drop them.
 */
export interface TableMetadata {
  readonly 'format-version': 2
  readonly 'table-uuid': string
  /** Base location, without a trailing slash. */
  readonly location: string
  readonly 'last-sequence-number': bigint
  readonly 'last-updated-ms': number
  /** Highest field id ever assigned in any schema. */
  readonly 'last-column-id': number
  readonly schemas: readonly IcebergSchema[]
  readonly 'current-schema-id': number
  readonly 'partition-specs': readonly PartitionSpec[]
  readonly 'default-spec-id': number
  /** Highest partition field id ever assigned (999 when none). */
  readonly 'last-partition-id': number
  readonly properties: Readonly<Record<string, string>>
  readonly 'current-snapshot-id'?: bigint
  readonly snapshots: readonly Snapshot[]
  readonly 'snapshot-log': readonly SnapshotLogEntry[]
  readonly 'metadata-log': readonly MetadataLogEntry[]
  readonly 'sort-orders': readonly SortOrder[]
  readonly 'default-sort-order-id': number
  readonly refs: Readonly<Record<string, SnapshotRef>>
  readonly statistics: readonly JsonObject[]
  readonly 'partition-statistics': readonly JsonObject[]
}

/** Options of {@link newTableMetadata}. */
export interface NewTableOptions {
  /** Table base location (a trailing slash is removed). */
  readonly location: string
  /** The schema, with its field ids as they will be stored (nothing is renumbered). */
  readonly schema: IcebergSchema
  readonly spec?: PartitionSpec
  readonly sortOrder?: SortOrder
  readonly properties?: Readonly<Record<string, string>>
  /** Defaults to a random UUID. */
  readonly tableUuid?: string
  /** Creation time; defaults to now. */
  readonly nowMs?: number
}

/**
 * Metadata of a new, empty table. Unlike Java's and pyiceberg's `newTableMetadata`, ids are not
 * reassigned: the schema's field ids, the spec's partition field ids and the order's id are kept,
 * after checking them (schema, spec and sort order valid against each other), so that the ids
 * K2 declares in `tables/` are the ids in the files. Throws `ICEBERG_INVALID_SPEC`.
 */
export function newTableMetadata(options: NewTableOptions): TableMetadata {
  const { schema, spec = UNPARTITIONED_SPEC, sortOrder = UNSORTED_ORDER } = options
  const properties = { ...(options.properties ?? {}) }
  validateSchema(schema)
  validatePartitionSpec(spec, schema)
  validateSortOrder(sortOrder, schema)
  checkNotReserved(Object.keys(properties))
  const location = options.location.replace(/\/+$/, '')
  if (location === '') throw new IcebergError('ICEBERG_INVALID_SPEC', 'table location is empty')
  const md: TableMetadata = {
    'format-version': 2,
    'table-uuid': options.tableUuid ?? randomUUID(),
    location,
    'last-sequence-number': 0n,
    'last-updated-ms': options.nowMs ?? Date.now(),
    'last-column-id': lastColumnId(schema),
    schemas: [schema],
    'current-schema-id': schema['schema-id'],
    'partition-specs': [spec],
    'default-spec-id': spec['spec-id'],
    'last-partition-id': lastPartitionId(spec),
    properties,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [sortOrder],
    'default-sort-order-id': sortOrder['order-id'],
    refs: {},
    statistics: [],
    'partition-statistics': [],
  }
  validateTableMetadata(md, 'ICEBERG_INVALID_SPEC')
  return md
}

/**
 * Parses a metadata JSON file (format v2 only) without losing 64-bit ids, and checks its
 * internal references (see {@link validateTableMetadata}). `current-snapshot-id` of -1, null or
 * absent all mean "no current snapshot"; a missing `main` ref is derived from it, as Java and
 * pyiceberg do. Throws `ICEBERG_INVALID_METADATA` naming the JSON path of the problem.
 */
export function parseTableMetadata(text: string): TableMetadata {
  try {
    return readTableMetadata(parseLosslessJson(text, { longKeys: METADATA_LONG_KEYS }))
  } catch (err) {
    if (err instanceof IcebergError && err.code === 'ICEBERG_INVALID_SPEC') {
      throw new IcebergError('ICEBERG_INVALID_METADATA', err.message, {
        cause: err,
        context: { ...err.context },
      })
    }
    throw err
  }
}

/**
 * The metadata JSON text, members in the order Java writes them, 64-bit ids as plain JSON
 * numbers. `indent` pretty-prints (Java writes compact JSON, the default).
 */
export function serializeTableMetadata(md: TableMetadata, indent?: number): string {
  const json: JsonObject = {
    'format-version': md['format-version'],
    'table-uuid': md['table-uuid'],
    location: md.location,
    'last-sequence-number': md['last-sequence-number'],
    'last-updated-ms': md['last-updated-ms'],
    'last-column-id': md['last-column-id'],
    'current-schema-id': md['current-schema-id'],
    schemas: md.schemas.map(serializeSchema),
    'default-spec-id': md['default-spec-id'],
    'partition-specs': md['partition-specs'].map(serializePartitionSpec),
    'last-partition-id': md['last-partition-id'],
    'default-sort-order-id': md['default-sort-order-id'],
    'sort-orders': md['sort-orders'].map(serializeSortOrder),
    properties: md.properties,
    'current-snapshot-id': md['current-snapshot-id'] ?? -1n,
    refs: Object.fromEntries(
      Object.entries(md.refs).map(([name, ref]) => [name, serializeSnapshotRef(ref)]),
    ),
    snapshots: md.snapshots.map(serializeSnapshot),
    statistics: md.statistics,
    'partition-statistics': md['partition-statistics'],
    'snapshot-log': md['snapshot-log'].map((e) => ({
      'timestamp-ms': e['timestamp-ms'],
      'snapshot-id': e['snapshot-id'],
    })),
    'metadata-log': md['metadata-log'].map((e) => ({
      'timestamp-ms': e['timestamp-ms'],
      'metadata-file': e['metadata-file'],
    })),
  }
  return stringifyLosslessJson(json, indent)
}

function readTableMetadata(json: unknown): TableMetadata {
  const r = JsonReader.of(json, '$', 'ICEBERG_INVALID_METADATA')
  const version = r.int('format-version')
  if (version !== 2) throw r.fail('format-version', `is ${version}; only format v2 is supported`)
  const snapshots = r.array('snapshots').map((s, i) => parseSnapshot(s, `$.snapshots[${i}]`))
  const current = r.optLong('current-snapshot-id')
  const currentId = current === undefined || current === -1n ? undefined : current
  const refs: Record<string, SnapshotRef> = {}
  if (r.has('refs')) {
    const refsReader = r.child('refs')
    for (const name of Object.keys(refsReader.object)) {
      refs[name] = parseSnapshotRef(refsReader.object[name], `$.refs.${name}`)
    }
  }
  if (refs[MAIN_BRANCH] === undefined && currentId !== undefined) {
    refs[MAIN_BRANCH] = { 'snapshot-id': currentId, type: 'branch' }
  }
  const md: TableMetadata = {
    'format-version': 2,
    'table-uuid': r.string('table-uuid'),
    location: r.string('location'),
    'last-sequence-number': r.long('last-sequence-number'),
    'last-updated-ms': r.safeInteger('last-updated-ms'),
    'last-column-id': r.int('last-column-id'),
    schemas: r.array('schemas').map((s, i) => parseSchema(s, `$.schemas[${i}]`)),
    'current-schema-id': r.int('current-schema-id'),
    'partition-specs': r
      .array('partition-specs')
      .map((s, i) => parsePartitionSpec(s, `$.partition-specs[${i}]`)),
    'default-spec-id': r.int('default-spec-id'),
    'last-partition-id': r.int('last-partition-id'),
    properties: r.stringMap('properties'),
    ...(currentId !== undefined ? { 'current-snapshot-id': currentId } : {}),
    snapshots,
    'snapshot-log': r.optArray('snapshot-log').map((e, i) => {
      const er = JsonReader.of(e, `$.snapshot-log[${i}]`, 'ICEBERG_INVALID_METADATA')
      return {
        'timestamp-ms': er.safeInteger('timestamp-ms'),
        'snapshot-id': er.long('snapshot-id'),
      }
    }),
    'metadata-log': r.optArray('metadata-log').map((e, i) => {
      const er = JsonReader.of(e, `$.metadata-log[${i}]`, 'ICEBERG_INVALID_METADATA')
      return {
        'timestamp-ms': er.safeInteger('timestamp-ms'),
        'metadata-file': er.string('metadata-file'),
      }
    }),
    'sort-orders': r.array('sort-orders').map((o, i) => parseSortOrder(o, `$.sort-orders[${i}]`)),
    'default-sort-order-id': r.int('default-sort-order-id'),
    refs,
    statistics: objects(r, 'statistics'),
    'partition-statistics': objects(r, 'partition-statistics'),
  }
  validateTableMetadata(md)
  return md
}

function objects(r: JsonReader, key: string): JsonObject[] {
  return r
    .optArray(key)
    .map((v, i) => JsonReader.of(v, `$.${key}[${i}]`, 'ICEBERG_INVALID_METADATA').object)
}
