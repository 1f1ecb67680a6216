import { createWriteStream } from 'node:fs'
import { once } from 'node:events'

import type { TradeV2 } from '@k2/core'

import { TEXT_SCALE } from './scaled-decimal.js'

/**
 * One trade as a line of NDJSON for the Python side: field names of the table, decimals as
 * strings with exactly 8 fractional digits (so Python's `Decimal` reads the exact value),
 * timestamps as integer µs, vendor_data as a JSON object.
 */
export function tradeToJsonLine(trade: TradeV2): string {
  return JSON.stringify({
    ...trade,
    price: trade.price.toFixed(TEXT_SCALE),
    quantity: trade.quantity.toFixed(TEXT_SCALE),
  })
}

/** Writes `trades` to `path` as NDJSON, one {@link tradeToJsonLine} per line. */
export async function writeTradesNdjson(trades: readonly TradeV2[], path: string): Promise<void> {
  const out = createWriteStream(path)
  const batch: string[] = []
  for (const trade of trades) {
    batch.push(tradeToJsonLine(trade))
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain')
      batch.length = 0
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`)
  out.end()
  await once(out, 'finish')
}
