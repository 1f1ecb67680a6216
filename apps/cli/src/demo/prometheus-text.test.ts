import { describe, expect, it } from 'vitest'

import { ExpositionSyntaxError, parseExposition } from './prometheus-text.js'

/** A slice of the supervisor's `/metrics` as prom-client prints it. */
const SCRAPE = `# HELP k2_last_trade_price Price of the last trade received, by exchange and symbol
# TYPE k2_last_trade_price gauge
k2_last_trade_price{exchange="BINANCE",symbol="BTCUSDT"} 43209.16
k2_last_trade_price{exchange="BINANCE",symbol="ETHUSDT"} 2310.5

# HELP k2_binance_messages_received_total Trade messages received from Binance, by symbol
# TYPE k2_binance_messages_received_total counter
k2_binance_messages_received_total{symbol="BTCUSDT"} 120
k2_binance_messages_received_total{symbol="ETHUSDT"} 80
# TYPE k2_iceberg_rows_written_total counter
k2_iceberg_rows_written_total{table="market_data.trades_v2"} 190
k2_iceberg_rows_written_total{table="market_data.quotes_v2"} 7
# TYPE k2_ingest_to_commit_seconds histogram
k2_ingest_to_commit_seconds_bucket{le="0.5"} 3
k2_ingest_to_commit_seconds_bucket{le="+Inf"} 4
k2_ingest_to_commit_seconds_sum 2.5e0
k2_ingest_to_commit_seconds_count 4
process_start_time_seconds 1764219000 1764219000123
`

describe('parseExposition', () => {
  it('reads every sample line with its labels and value, skipping comments and blanks', () => {
    const e = parseExposition(SCRAPE)
    expect(e.samples).toHaveLength(11)
    expect(e.samples[0]).toEqual({
      name: 'k2_last_trade_price',
      labels: { exchange: 'BINANCE', symbol: 'BTCUSDT' },
      value: 43209.16,
    })
    expect(e.select('k2_ingest_to_commit_seconds_bucket', { le: '+Inf' })[0]?.value).toBe(4)
    expect(e.select('k2_ingest_to_commit_seconds_sum')[0]?.value).toBe(2.5)
    // A trailing timestamp (ms) is not the value.
    expect(e.select('process_start_time_seconds')[0]?.value).toBe(1764219000)
  })

  it('selects by a subset of the labels and sums the matches', () => {
    const e = parseExposition(SCRAPE)
    expect(e.select('k2_last_trade_price', { symbol: 'ETHUSDT' }).map((s) => s.value)).toEqual([
      2310.5,
    ])
    expect(e.sum('k2_binance_messages_received_total')).toBe(200)
    expect(e.sum('k2_iceberg_rows_written_total', { table: 'market_data.trades_v2' })).toBe(190)
    expect(e.sum('k2_iceberg_rows_written_total', { table: 'nope' })).toBe(0)
    expect(e.sum('k2_not_there')).toBe(0)
  })

  it('unescapes label values and reads NaN, ±Inf, signs and exponents', () => {
    const e = parseExposition(
      [
        'm{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb", spaced = "x" ,} NaN',
        'm{path="p"} +Inf',
        'm{path="q"} -Inf',
        'm{path="r"} -1.5E-3',
        'm{path="s"} .5',
      ].join('\n'),
    )
    expect(e.samples[0]?.labels).toEqual({
      path: 'C:\\dir',
      quote: 'say "hi"',
      nl: 'a\nb',
      spaced: 'x',
    })
    expect(e.samples.map((s) => s.value)).toEqual([NaN, Infinity, -Infinity, -0.0015, 0.5])
  })

  it.each([
    ['{le="1"} 3', /line 2: expected a metric name/],
    ['m{le=1} 3', /line 2: expected a quoted value for label le/],
    ['m{le="1} 3', /line 2: unterminated label value/],
    ['m{le="1" x="2"} 3', /line 2: expected , or } after a label/],
    ['m{le="\\t"} 3', /line 2: bad escape \\t/],
    ['m', /line 2: expected a value/],
    ['m 1 2 3', /line 2: expected a value/],
    ['m twelve', /line 2: bad value "twelve"/],
  ])('rejects %j naming the line', (line, message) => {
    expect(() => parseExposition(`ok 1\n${line}\n`)).toThrow(ExpositionSyntaxError)
    expect(() => parseExposition(`ok 1\n${line}\n`)).toThrow(message)
  })
})
