import type { TradeV2 } from '@k2/core'

import { TEXT_SCALE } from './scaled-decimal.js'

/**
 * Order-independent fingerprints of a set of trades, computed here from the generated trades and
 * by `tools/oracles/bench_pyiceberg_append.py` from a table read back with pyiceberg: when every
 * field matches, the table holds the same rows (counts, exact decimal and timestamp sums, distinct
 * ids), so a run that lost, doubled or altered rows cannot report a number. Sums are decimal
 * strings of exact integers (decimals as unscaled integers at scale 8).
 */
export interface TradeChecksums {
  readonly rows: number
  readonly distinct_message_ids: number
  readonly price_unscaled_sum: string
  readonly quantity_unscaled_sum: string
  readonly timestamp_sum: string
  readonly ingestion_timestamp_sum: string
  readonly source_sequence_sum: string
  readonly vendor_data_entries: number
}

/** The checksums of `trades`. */
export function tradeChecksums(trades: readonly TradeV2[]): TradeChecksums {
  const ids = new Set<string>()
  let price = 0n
  let quantity = 0n
  let timestamp = 0n
  let ingestion = 0n
  let sequence = 0n
  let entries = 0
  for (const t of trades) {
    ids.add(t.message_id)
    price += unscaled(t.price.toFixed(TEXT_SCALE))
    quantity += unscaled(t.quantity.toFixed(TEXT_SCALE))
    timestamp += BigInt(t.timestamp)
    ingestion += BigInt(t.ingestion_timestamp)
    if (t.source_sequence !== null) sequence += BigInt(t.source_sequence)
    if (t.vendor_data !== null) entries += Object.keys(t.vendor_data).length
  }
  return {
    rows: trades.length,
    distinct_message_ids: ids.size,
    price_unscaled_sum: String(price),
    quantity_unscaled_sum: String(quantity),
    timestamp_sum: String(timestamp),
    ingestion_timestamp_sum: String(ingestion),
    source_sequence_sum: String(sequence),
    vendor_data_entries: entries,
  }
}

/** The fields on which `actual` differs from `expected`, as `name: actual != expected` lines. */
export function checksumMismatches(expected: TradeChecksums, actual: TradeChecksums): string[] {
  return (Object.keys(expected) as (keyof TradeChecksums)[])
    .filter((key) => String(actual[key]) !== String(expected[key]))
    .map((key) => `${key}: ${String(actual[key])} != ${String(expected[key])}`)
}

/** `'87250.12000000'` -> `8725012000000n`: the fixed-scale text without its point. */
function unscaled(text: string): bigint {
  return BigInt(text.replace('.', ''))
}
