import type { PartitionSpec } from '../spec/partition-spec.js'
import { UNPARTITIONED_SPEC } from '../spec/partition-spec.js'
import type { IcebergSchema } from '../spec/schema.js'
import type { SortOrder } from '../spec/sort-order.js'
import { TABLE_PROPERTIES } from '../spec/table-properties.js'
import type { MapType, NestedField, PrimitiveType } from '../spec/types.js'

/**
 * K2's Iceberg tables (DESIGN.md D4): schemas that follow `schemas/*.avsc` field by field and in
 * the same order, with field ids 1..N for the top-level fields and the next ids for the nested
 * list element and map key/value, in field order: the ids Java's and pyiceberg's fresh-id
 * assignment would give the same schema, so a table created by either has the same ids.
 */

/** Everything needed to create one of K2's tables. */
export interface TableDefinition {
  /** Catalog identifier: namespace levels and table name. */
  readonly identifier: { readonly namespace: readonly string[]; readonly name: string }
  readonly schema: IcebergSchema
  readonly spec: PartitionSpec
  readonly sortOrder: SortOrder
  readonly properties: Readonly<Record<string, string>>
}

/** The namespace of the market-data tables. */
export const MARKET_DATA_NAMESPACE: readonly string[] = Object.freeze(['market_data'])

/** Iceberg type of every price and quantity: Avro `bytes` decimal(18,8), Parquet INT64 DECIMAL. */
export const PRICE_TYPE: PrimitiveType = 'decimal(18, 8)'

/**
 * Table properties of the market-data tables:
 * - Parquet with zstd (D4), 128 MiB target files (D4: "target file size 128 MB after compaction").
 * - `write.metadata.previous-versions-max` 100 (Java's default): writers commit every few seconds
 *   (D6), so the metadata log covers the last few minutes of commits.
 * - `write.metadata.delete-after-commit.enabled` true (Java's default is false): with a commit
 *   every few seconds the metadata folder would otherwise gain thousands of files a day, each
 *   repeating the whole snapshot list. Only metadata JSON files older than the log are deleted;
 *   snapshots, manifests and data files stay until snapshot expiry, so time travel is unaffected,
 *   and a reader holding an old metadata location has read it long before 100 commits pass.
 */
export const MARKET_DATA_TABLE_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  [TABLE_PROPERTIES.formatDefault]: 'parquet',
  [TABLE_PROPERTIES.parquetCompressionCodec]: 'zstd',
  [TABLE_PROPERTIES.targetFileSizeBytes]: String(128 * 1024 * 1024),
  [TABLE_PROPERTIES.metadataPreviousVersionsMax]: '100',
  [TABLE_PROPERTIES.metadataDeleteAfterCommit]: 'true',
})

const required = (
  id: number,
  name: string,
  type: NestedField['type'],
  doc?: string,
): NestedField =>
  doc === undefined ? { id, name, required: true, type } : { id, name, required: true, type, doc }
const optional = (id: number, name: string, type: NestedField['type']): NestedField => ({
  id,
  name,
  required: false,
  type,
})
const vendorData = (keyId: number): MapType => ({
  type: 'map',
  'key-id': keyId,
  key: 'string',
  'value-id': keyId + 1,
  value: 'string',
  'value-required': true,
})

/** `market_data.trades_v2` (Avro TradeV2). */
export const TRADES_V2_TABLE: TableDefinition = {
  identifier: { namespace: MARKET_DATA_NAMESPACE, name: 'trades_v2' },
  schema: {
    type: 'struct',
    'schema-id': 0,
    fields: [
      required(
        1,
        'message_id',
        'string',
        'UUID v5 of exchange, symbol and trade_id, so a re-sent trade keeps its id.',
      ),
      required(
        2,
        'trade_id',
        'string',
        'Unique, deterministic per source, e.g. BINANCE-{t}, ASX-{company_id}-{YYYYMMDD}-{row}.',
      ),
      required(3, 'symbol', 'string'),
      required(4, 'exchange', 'string', 'Exchange code, upper case.'),
      required(5, 'asset_class', 'string'),
      required(
        6,
        'timestamp',
        'timestamptz',
        'Exchange time of the trade, microseconds since the epoch, UTC.',
      ),
      required(7, 'price', PRICE_TYPE),
      required(8, 'quantity', PRICE_TYPE),
      required(9, 'currency', 'string'),
      required(10, 'side', 'string', 'Aggressor side.'),
      required(
        11,
        'trade_conditions',
        { type: 'list', 'element-id': 16, element: 'string', 'element-required': true },
        'Empty when none.',
      ),
      optional(12, 'source_sequence', 'long'),
      required(
        13,
        'ingestion_timestamp',
        'timestamptz',
        'Platform receipt time, microseconds since the epoch, UTC.',
      ),
      optional(14, 'platform_sequence', 'long'),
      optional(15, 'vendor_data', vendorData(17)),
    ],
  },
  spec: timestampDaySpec(6),
  sortOrder: symbolTimeOrder(3, 6),
  properties: MARKET_DATA_TABLE_PROPERTIES,
}

/** `market_data.quotes_v2` (Avro QuoteV2). */
export const QUOTES_V2_TABLE: TableDefinition = {
  identifier: { namespace: MARKET_DATA_NAMESPACE, name: 'quotes_v2' },
  schema: {
    type: 'struct',
    'schema-id': 0,
    fields: [
      required(1, 'message_id', 'string', 'UUID v5 of exchange, symbol and quote_id.'),
      required(2, 'quote_id', 'string'),
      required(3, 'symbol', 'string'),
      required(4, 'exchange', 'string', 'Exchange code, upper case.'),
      required(5, 'asset_class', 'string'),
      required(
        6,
        'timestamp',
        'timestamptz',
        'Exchange time of the quote, microseconds since the epoch, UTC.',
      ),
      required(7, 'bid_price', PRICE_TYPE),
      required(8, 'bid_quantity', PRICE_TYPE),
      required(9, 'ask_price', PRICE_TYPE),
      required(10, 'ask_quantity', PRICE_TYPE),
      required(11, 'currency', 'string'),
      optional(12, 'source_sequence', 'long'),
      required(
        13,
        'ingestion_timestamp',
        'timestamptz',
        'Platform receipt time, microseconds since the epoch, UTC.',
      ),
      optional(14, 'platform_sequence', 'long'),
      optional(15, 'vendor_data', vendorData(16)),
    ],
  },
  spec: timestampDaySpec(6),
  sortOrder: symbolTimeOrder(3, 6),
  properties: MARKET_DATA_TABLE_PROPERTIES,
}

/**
 * `market_data.reference_data_v2` (Avro ReferenceDataV2). Unpartitioned: one row per listed
 * instrument and version (thousands, slowly changing), so any partitioning would only make small
 * files; it has no event time to partition by, and lookups go by symbol, which the sort order
 * (symbol, then ingestion time so the latest version of a symbol comes last) lets the column
 * bounds prune.
 */
export const REFERENCE_DATA_V2_TABLE: TableDefinition = {
  identifier: { namespace: MARKET_DATA_NAMESPACE, name: 'reference_data_v2' },
  schema: {
    type: 'struct',
    'schema-id': 0,
    fields: [
      required(1, 'message_id', 'string', 'UUID v5 of exchange, symbol and company_id.'),
      required(2, 'company_id', 'string'),
      required(3, 'symbol', 'string'),
      required(4, 'exchange', 'string', 'Exchange code, upper case.'),
      required(5, 'asset_class', 'string'),
      required(6, 'company_name', 'string'),
      optional(7, 'isin', 'string'),
      optional(8, 'currency', 'string'),
      required(9, 'listing_date', 'timestamptz'),
      optional(10, 'delisting_date', 'timestamptz'),
      required(11, 'is_active', 'boolean'),
      required(12, 'ingestion_timestamp', 'timestamptz'),
      optional(13, 'vendor_data', vendorData(14)),
    ],
  },
  spec: UNPARTITIONED_SPEC,
  sortOrder: symbolTimeOrder(3, 12),
  properties: MARKET_DATA_TABLE_PROPERTIES,
}

/** The three market-data tables. */
export const MARKET_DATA_TABLES: readonly TableDefinition[] = Object.freeze([
  TRADES_V2_TABLE,
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
])

/** D4: `day(timestamp)` as partition field `timestamp_day`, id 1000, spec 0. */
function timestampDaySpec(timestampId: number): PartitionSpec {
  return {
    'spec-id': 0,
    fields: [
      { 'source-id': timestampId, 'field-id': 1000, name: 'timestamp_day', transform: 'day' },
    ],
  }
}

/** D4: rows sorted by (symbol, time) so column bounds prune by symbol; order id 1. */
function symbolTimeOrder(symbolId: number, timeId: number): SortOrder {
  return {
    'order-id': 1,
    fields: [
      {
        transform: 'identity',
        'source-id': symbolId,
        direction: 'asc',
        'null-order': 'nulls-first',
      },
      { transform: 'identity', 'source-id': timeId, direction: 'asc', 'null-order': 'nulls-first' },
    ],
  }
}
