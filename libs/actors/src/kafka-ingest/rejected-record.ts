import type { IcebergError } from '@k2/iceberg'
import type { ConsumedRecord, MarketDataRecord, UndecodableRecord } from '@k2/kafka'

/**
 * A decoded record the table refused (a value its column rejects, `ICEBERG_INVALID_VALUE`) in
 * the form of the dead-letter path: its position, key and headers, the record as JSON (decimals
 * as their exact text) in place of the wire bytes, and the table's error naming the column.
 */
export function rejectedRecord(
  record: ConsumedRecord<MarketDataRecord>,
  error: IcebergError,
): UndecodableRecord {
  const json = JSON.stringify(record.value, (_key, value: unknown) =>
    typeof value === 'bigint' ? String(value) : value,
  )
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: record.key,
    headers: record.headers,
    bytes: Buffer.from(json, 'utf8'),
    error,
  }
}
