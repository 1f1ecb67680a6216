import { describe, expect, it } from 'vitest'

import { ansiRedraw, formatPrice, renderLine, renderTable } from './demo-render.js'
import { buildView, type Scrape } from './demo-view.js'
import { parseExposition } from './prometheus-text.js'

const FRESHNESS_LES = ['0.1', '0.25', '0.5', '1', '2', '+Inf']

/**
 * A scrape at `atMs` as the supervisor's `/metrics` prints it: trades received per symbol, last
 * prices, rows committed, cumulative freshness bucket counts (in FRESHNESS_LES order).
 */
function scrape(
  atMs: number,
  s: {
    received: Record<string, number>
    prices: Record<string, number>
    committed: number
    freshness: number[]
    connections?: number
  },
): Scrape {
  const lines = [
    `k2_binance_connection_status ${s.connections ?? 1}`,
    ...Object.entries(s.received).map(
      ([symbol, n]) => `k2_binance_messages_received_total{symbol="${symbol}"} ${n}`,
    ),
    ...Object.entries(s.prices).map(
      ([symbol, p]) => `k2_last_trade_price{exchange="BINANCE",symbol="${symbol}"} ${p}`,
    ),
    `k2_iceberg_rows_written_total{table="market_data.trades_v2"} ${s.committed}`,
    `k2_iceberg_rows_written_total{table="market_data.quotes_v2"} 999`,
    ...FRESHNESS_LES.map(
      (le, i) => `k2_ingest_to_commit_seconds_bucket{le="${le}"} ${s.freshness[i]}`,
    ),
  ]
  return { atMs, exposition: parseExposition(lines.join('\n')) }
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT']

/** 0 s: nothing yet; 2 s: 100 commits, fast; 12 s: 100 more, slower; the windows see that. */
const HISTORY: Scrape[] = [
  scrape(1_000, { received: {}, prices: {}, committed: 0, freshness: [0, 0, 0, 0, 0, 0] }),
  scrape(3_000, {
    received: { BTCUSDT: 60, ETHUSDT: 40 },
    prices: { BTCUSDT: 43209.16, ETHUSDT: 2310.5 },
    committed: 100,
    freshness: [50, 100, 100, 100, 100, 100],
  }),
  scrape(8_000, {
    received: { BTCUSDT: 110, ETHUSDT: 90 },
    prices: { BTCUSDT: 43210, ETHUSDT: 2311.25 },
    committed: 150,
    freshness: [50, 100, 100, 150, 150, 150],
  }),
  scrape(13_000, {
    received: { BTCUSDT: 210, ETHUSDT: 90 },
    prices: { BTCUSDT: 43211.5, ETHUSDT: 2311.25 },
    committed: 200,
    freshness: [50, 100, 100, 150, 200, 200],
  }),
]

describe('buildView', () => {
  it('shows last prices, per-second rates over 5 s and freshness recent and over the run', () => {
    const view = buildView(HISTORY, [...SYMBOLS, 'BNBUSDT'])
    expect(view.elapsedS).toBe(12)
    expect(view.symbols).toEqual([
      { symbol: 'BTCUSDT', lastPrice: 43211.5, tradesPerSecond: 20, received: 210 },
      { symbol: 'ETHUSDT', lastPrice: 2311.25, tradesPerSecond: 0, received: 90 },
      // A symbol that has not traded yet shows no price and no trades.
      { symbol: 'BNBUSDT', lastPrice: undefined, tradesPerSecond: 0, received: 0 },
    ])
    expect(view.committedRows).toBe(200) // the trades table only
    expect(view.rowsPerSecond).toBe(10) // (200 - 150) / 5 s
    expect(view.connections).toBe(1)
    // Last 10 s = since the 3 s scrape: 100 rows, 50 in (0.5, 1], 50 in (1, 2].
    expect(view.recent.rows).toBe(100)
    expect(view.recent.p50).toBeCloseTo(1)
    expect(view.recent.p99).toBeCloseTo(1.98)
    // The run: 200 rows; rank 100 at the top of (0.1, 0.25].
    expect(view.run.rows).toBe(200)
    expect(view.run.p50).toBeCloseTo(0.25)
  })

  it('has no rates and whole-run freshness with a single scrape', () => {
    const view = buildView([HISTORY[1]!], SYMBOLS)
    expect(view.elapsedS).toBe(0)
    expect(view.symbols.map((s) => s.tradesPerSecond)).toEqual([undefined, undefined])
    expect(view.rowsPerSecond).toBeUndefined()
    expect(view.recent).toEqual(view.run)
    expect(view.run.p50).toBeCloseTo(0.1)
  })

  it('needs a scrape', () => {
    expect(() => buildView([], SYMBOLS)).toThrow(RangeError)
  })
})

describe('rendering', () => {
  it('renders the table with aligned columns (the final view and the terminal view)', () => {
    const lines = renderTable(buildView(HISTORY, SYMBOLS), 'k2 demo replay exchange')
    expect(lines).toEqual([
      'k2 demo replay exchange | 12 s | 1 connection(s)',
      '  SYMBOL   LAST PRICE  TRADES/S  RECEIVED',
      '  BTCUSDT    43211.50      20.0       210',
      '  ETHUSDT     2311.25       0.0        90',
      '  committed 200 rows (10.0 rows/s)',
      '  freshness last 10 s: p50 1.00 s, p99 1.98 s; run: p50 0.25 s, p99 1.96 s',
    ])
  })

  it('renders one line per scrape when stdout is not a terminal', () => {
    expect(renderLine(buildView(HISTORY, SYMBOLS))).toBe(
      '[ 12 s] committed 200 rows (10.0/s), freshness p50 1.00 s, p99 1.98 s | BTCUSDT 43211.50 20.0/s | ETHUSDT 2311.25 0.0/s',
    )
    expect(renderLine(buildView(HISTORY.slice(0, 1), SYMBOLS))).toBe(
      '[  0 s] committed 0 rows (-/s), freshness no commits yet | BTCUSDT - -/s | ETHUSDT - -/s',
    )
  })

  it('formats prices with 2 to 8 decimals', () => {
    expect(formatPrice(43209.1)).toBe('43209.10')
    expect(formatPrice(2)).toBe('2.00')
    expect(formatPrice(0.00012345)).toBe('0.00012345')
    expect(formatPrice(1.123456789)).toBe('1.12345679')
    expect(formatPrice(undefined)).toBe('-')
  })

  it('redraws in place: cursor up over the previous lines, clear, new lines', () => {
    expect(ansiRedraw(['a', 'b'], 0)).toBe('a\nb\n')
    expect(ansiRedraw(['a', 'b', 'c'], 2)).toBe('\u001b[2F\u001b[Ja\nb\nc\n')
  })
})
