import { createAvroEncoder } from '@k2/codecs'
import type { OutgoingRecord } from '@k2/kafka'

import { holdFeedTrades } from './hold-feed-trades.js'

/**
 * Builds `count` trades the way a feed does and encodes each as the Kafka feed's producer queues
 * it (Avro single-object framing, one `OutgoingRecord` per trade, keyed by symbol), keeping only
 * the records, as the producer's queue does. Returns them so the caller keeps them alive.
 */
export async function holdEncodedRecords(
  count: number,
  symbols: readonly string[],
): Promise<OutgoingRecord[]> {
  const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
  await encoder.init()
  const records: OutgoingRecord[] = []
  const chunk = 10_000
  for (let done = 0; done < count; done += chunk) {
    for (const perSymbol of holdFeedTrades(Math.min(chunk, count - done), symbols)) {
      for (const { trade } of perSymbol as { trade: Parameters<typeof encoder.encode>[0] }[]) {
        records.push({
          topic: 'market.crypto.trades.binance',
          key: trade.symbol,
          value: encoder.encode(trade),
        })
      }
    }
  }
  return records
}
