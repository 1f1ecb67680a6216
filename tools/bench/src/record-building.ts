import { createTrade, deriveMessageId, parseDecimal } from '@k2/core'

/**
 * Micro-benchmark of building K2 records (`npm run bench:record-building`): what every source pays
 * per trade before anything is written — decimal parsing and validation, the UUID v5 message id and
 * the whole `createTrade`. Prints µs per call (median of 5 rounds of `--calls` calls each).
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
  console.log(`${name.padEnd(16)} ${median(rounds).toFixed(2)} µs/call (${calls} calls x 5 rounds)`)
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
