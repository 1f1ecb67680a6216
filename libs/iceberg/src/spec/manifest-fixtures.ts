import { ExactDecimal } from '@k2/core'

import type { PartitionData } from './avro-partition.js'
import type { DataFile } from './data-file.js'
import { encodeSingleValue } from './single-value.js'
import type { StructType } from './types.js'

/**
 * Test fixtures for the manifest and manifest list tests: a table shaped like trades_v2 (DESIGN
 * D4: string ids, timestamptz µs, decimal(18,8) prices, list and map columns) partitioned by
 * `day(timestamp)`, and data files with realistic metrics. Not used by library code.
 */

/** trades_v2-like schema JSON (spec appendix C). */
export const TRADES_SCHEMA = {
  type: 'struct',
  'schema-id': 0,
  'identifier-field-ids': [],
  fields: [
    { id: 1, name: 'message_id', required: true, type: 'string' },
    { id: 2, name: 'trade_id', required: true, type: 'string' },
    { id: 3, name: 'symbol', required: true, type: 'string' },
    { id: 4, name: 'exchange', required: true, type: 'string' },
    { id: 5, name: 'asset_class', required: true, type: 'string' },
    { id: 6, name: 'side', required: true, type: 'string' },
    { id: 7, name: 'currency', required: true, type: 'string' },
    { id: 8, name: 'timestamp', required: true, type: 'timestamptz' },
    { id: 9, name: 'ingestion_timestamp', required: true, type: 'timestamptz' },
    { id: 10, name: 'price', required: true, type: 'decimal(18, 8)' },
    { id: 11, name: 'quantity', required: true, type: 'decimal(18, 8)' },
    {
      id: 12,
      name: 'trade_conditions',
      required: true,
      type: { type: 'list', 'element-id': 18, element: 'string', 'element-required': true },
    },
    { id: 13, name: 'source_sequence', required: false, type: 'long' },
    { id: 14, name: 'platform_sequence', required: false, type: 'long' },
    {
      id: 15,
      name: 'vendor_data',
      required: false,
      type: {
        type: 'map',
        'key-id': 16,
        key: 'string',
        'value-id': 17,
        value: 'string',
        'value-required': false,
      },
    },
  ],
}

/** Partition spec 0: `day(timestamp)` as field 1000 (spec appendix C form). */
export const TRADES_SPEC = {
  'spec-id': 0,
  fields: [{ 'source-id': 8, 'field-id': 1000, name: 'timestamp_day', transform: 'day' }],
}

/** The partition type of {@link TRADES_SPEC}: `day` results are dates. */
export const TRADES_PARTITION_TYPE: StructType = {
  type: 'struct',
  fields: [{ id: 1000, name: 'timestamp_day', required: false, type: 'date' }],
}

/** A snapshot id above 2^53, as Java and pyiceberg draw them. */
export const BIG_SNAPSHOT_ID = 9223372036854775807n

/** 2024-03-15 as days since the epoch. */
export const DAY_2024_03_15 = 19797

const MICROS_PER_DAY = 86_400_000_000n

/** A single-value encoded bound as a plain Uint8Array (what readers return). */
function bound(...args: Parameters<typeof encodeSingleValue>): Uint8Array {
  return Uint8Array.from(encodeSingleValue(...args))
}

/** A trades data file of `day` (null: the null partition) with bounds for four column types. */
export function tradesDataFile(n: number, day: number | null, rows = 1000n + BigInt(n)): DataFile {
  const dayStart = BigInt(day ?? 0) * MICROS_PER_DAY
  const partition: PartitionData = new Map([[1000, day]])
  const id = (col: number, v: bigint) => [col, v] as const
  return {
    content: 0,
    file_path: `file:///warehouse/market_data/trades_v2/data/timestamp_day=${day ?? 'null'}/part-${n}.parquet`,
    file_format: 'PARQUET',
    partition,
    record_count: rows,
    file_size_in_bytes: 131_072n * BigInt(n + 1) + 17n,
    column_sizes: new Map([id(3, 4_096n), id(8, 8_192n), id(10, 6_000n), id(13, 7_777n)]),
    value_counts: new Map([id(3, rows), id(8, rows), id(10, rows), id(13, rows)]),
    null_value_counts: new Map([id(3, 0n), id(8, 0n), id(10, 0n), id(13, BigInt(n))]),
    nan_value_counts: new Map(),
    lower_bounds: new Map([
      [3, bound('string', 'BTCUSDT')],
      [8, bound('timestamptz', dayStart + 1_000n)],
      [10, bound('decimal(18,8)', new ExactDecimal('61234.50000000'))],
      [13, bound('long', 9_007_199_254_740_993n)],
    ]),
    upper_bounds: new Map([
      [3, bound('string', 'ETHUSDT')],
      [8, bound('timestamptz', dayStart + MICROS_PER_DAY - 1n)],
      [10, bound('decimal(18,8)', 6_200_012_345_678n)],
      [13, bound('long', 9_223_372_036_854_775_806n)],
    ]),
    key_metadata: null,
    split_offsets: [4n, 67_108_868n],
    equality_ids: null,
    sort_order_id: 1,
  }
}
