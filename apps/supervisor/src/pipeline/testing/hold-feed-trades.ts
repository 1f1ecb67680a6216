import { parseFrame, convertTradeEvent } from '@k2/exchanges'
import type { TradeV2 } from '@k2/core'

/**
 * Builds `count` trades the way a feed does (combined-stream frame text -> `parseFrame` ->
 * `convertTradeEvent`), each with its own ids and 8-decimal price and quantity, and holds them as
 * the gap repairer holds live trades (`{ trade, sequence }` in per-symbol arrays). Returns the
 * held trades so the caller keeps them alive.
 */
export function holdFeedTrades(count: number, symbols: readonly string[]): unknown[][] {
  const held: { trade: TradeV2; sequence: number }[][] = symbols.map(() => [])
  const start = 1_764_000_000_000
  for (let i = 0; i < count; i++) {
    const s = i % symbols.length
    const id = 5_000_000_000 + i
    const price = (60_000 + (i % 5_000) / 7).toFixed(8)
    const quantity = (0.00001 + (i % 997) / 1_000).toFixed(8)
    const frame = JSON.stringify({
      stream: `${symbols[s]!.toLowerCase()}@trade`,
      data: {
        e: 'trade',
        E: start + i,
        s: symbols[s],
        t: id,
        p: price,
        q: quantity,
        T: start + i,
        m: i % 2 === 0,
        M: true,
      },
    })
    const parsed = parseFrame(frame)
    if (parsed.kind !== 'trade') throw new Error(`not a trade frame: ${parsed.kind}`)
    const trade = convertTradeEvent(parsed.event, (start + i) * 1000)
    held[s]!.push({ trade, sequence: id })
  }
  return held
}
