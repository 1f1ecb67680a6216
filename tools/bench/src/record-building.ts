import { createHash } from 'node:crypto'

import {
  K2_MESSAGE_ID_NAMESPACE,
  createTrade,
  deriveMessageId,
  parseDecimal,
  type TradeInput,
} from '@k2/core'

/**
 * Micro-benchmark of building K2 records (`npm run bench:record-building`): what every source pays
 * per trade before anything is written — decimal parsing and validation, the UUID v5 message id and
 * the whole `createTrade`. Prints µs per call (median of 5 rounds of `--calls` calls each).
 *
 * Besides the fixed-input rows: the node:crypto UUID v5 that `deriveMessageId` used before its
 * own SHA-1 (for comparison on the same machine and run), `parseDecimal` over 1,024 distinct
 * prices, and `createTrade` with the input the Binance mapper builds for every frame
 * (libs/exchanges/src/binance/convert-trade.ts: six vendor_data keys, the receipt time given,
 * varying ids, prices and quantities), input construction included as in the mapper and also
 * measured alone.
 */
const calls = Number(process.argv[2] ?? 200_000)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function measure(name: string, fn: (i: number) => unknown): void {
  const rounds: number[] = []
  let sink: unknown
  for (let round = 0; round < 6; round++) {
    const start = performance.now()
    for (let i = 0; i < calls; i++) sink = fn(i)
    // Round 0 warms up the JIT and is not counted.
    if (round > 0) rounds.push(((performance.now() - start) * 1000) / calls)
  }
  if (sink === undefined) throw new Error('nothing measured')
  const label = name.padEnd(38)
  console.log(`${label} ${median(rounds).toFixed(2)} µs/call (${calls} calls x 5 rounds)`)
}

measure('parseDecimal', () => parseDecimal('price', '43210.12345678'))
measure('deriveMessageId', (i) => deriveMessageId('BINANCE', 'BTCUSDT', `BINANCE-${i}`))
measure('createTrade', (i) =>
  createTrade({
    trade_id: `BINANCE-${i}`,
    symbol: 'BTCUSDT',
    exchange: 'BINANCE',
    asset_class: 'crypto',
    timestamp: 1_764_115_200_000 + i,
    price: '43210.12345678',
    quantity: '0.00100000',
    currency: 'USDT',
    side: 'BUY',
    source_sequence: i,
    vendor_data: { is_buyer_maker: 'true', event_time: '1764115200000' },
  }),
)

const NAMESPACE_BYTES = Buffer.from(K2_MESSAGE_ID_NAMESPACE.replace(/-/g, ''), 'hex')

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/** `deriveMessageId` as it was before 2026-11-26: node:crypto SHA-1, the same flat formatting. */
function nodeCryptoMessageId(exchange: string, symbol: string, recordId: string): string {
  const name = JSON.stringify([exchange.toUpperCase(), symbol, recordId])
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(name, 'utf8').digest()
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80
  const text = Buffer.allocUnsafe(36)
  let at = 0
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d
    const byte = hash[i] as number
    text[at++] = HEX_DIGITS[byte >> 4] as number
    text[at++] = HEX_DIGITS[byte & 0x0f] as number
  }
  return text.toString('latin1', 0, 36)
}

if (
  nodeCryptoMessageId('BINANCE', 'BTCUSDT', 'BINANCE-1') !==
  deriveMessageId('BINANCE', 'BTCUSDT', 'BINANCE-1')
) {
  throw new Error('the node:crypto reference and deriveMessageId disagree')
}

// Distinct 8-decimal prices and quantities, as a busy market sends them.
const PRICES = Array.from({ length: 1024 }, (_, i) => (43_000 + i * 0.37).toFixed(2) + '000000')
const QUANTITIES = Array.from({ length: 1024 }, (_, i) => ((i + 1) * 0.00001).toFixed(8))
const FIRST_ID = 3_370_034_463
const FIRST_MS = 1_764_115_200_000

measure('deriveMessageId (node:crypto, before)', (i) =>
  nodeCryptoMessageId('BINANCE', 'BTCUSDT', `BINANCE-${i}`),
)
measure('parseDecimal (1,024 prices)', (i) => parseDecimal('price', PRICES[i & 1023] as string))
/** What the Binance mapper passes to `createTrade` for trade `i` (convert-trade.ts). */
function binanceInput(i: number): TradeInput {
  const id = FIRST_ID + i
  const tradeMs = FIRST_MS + i
  const buyerIsMaker = (i & 1) === 1
  return {
    trade_id: 'BINANCE-' + id,
    symbol: 'BTCUSDT',
    exchange: 'BINANCE',
    asset_class: 'crypto',
    timestamp: tradeMs,
    price: PRICES[i & 1023] as string,
    quantity: QUANTITIES[(i * 7) & 1023] as string,
    currency: 'USDT',
    side: buyerIsMaker ? 'SELL' : 'BUY',
    source_sequence: id,
    ingestion_timestamp: tradeMs * 1000 + 1500,
    vendor_data: {
      base_asset: 'BTC',
      quote_asset: 'USDT',
      is_buyer_maker: buyerIsMaker ? 'true' : 'false',
      event_time: String(tradeMs + 1),
      trade_time: String(tradeMs),
      is_best_match: 'true',
    },
  }
}

// The mapper builds the input anyway; the second row is what createTrade adds to it.
measure('Binance mapper input alone', binanceInput)
measure('createTrade (Binance mapper input)', (i) => createTrade(binanceInput(i)))
