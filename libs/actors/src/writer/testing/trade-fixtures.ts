import { createTrade, type TradeV2 } from '@k2/core'

/** 2025-11-24T00:00:00Z in ms: the day of the fixture trades. */
const DAY_MS = Date.UTC(2025, 10, 24)

/** A Binance trade of `symbol` with `source_sequence` = `seq` (trade id `BINANCE-{seq}`). */
export function trade(
  symbol: string,
  seq: number,
  options: { readonly ingestedAtMs?: number; readonly vendorData?: Record<string, string> } = {},
): TradeV2 {
  return createTrade({
    trade_id: `BINANCE-${seq}`,
    symbol,
    exchange: 'binance',
    asset_class: 'crypto',
    timestamp: DAY_MS + seq,
    price: `${100 + (seq % 7)}.12345678`,
    quantity: '0.5',
    currency: 'USDT',
    side: seq % 2 === 0 ? 'BUY' : 'SELL',
    source_sequence: seq,
    ingestion_timestamp: (options.ingestedAtMs ?? Date.now()) * 1000,
    ...(options.vendorData ? { vendor_data: options.vendorData } : {}),
  })
}

/** Trades of `symbol` with sequences `from..to` inclusive, in order. */
export function trades(symbol: string, from: number, to: number): TradeV2[] {
  const out: TradeV2[] = []
  for (let seq = from; seq <= to; seq++) out.push(trade(symbol, seq))
  return out
}

/** `from..to` inclusive. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
