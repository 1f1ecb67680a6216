import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createQueryEngine, type QueryEngine } from '../engine/query-engine.js'
import { runBarsOracle, type OracleAnswer } from '../testing/bars-oracle.js'
import { ASX_SAMPLE_DIR, openAsxWarehouse, type AsxWarehouse } from '../testing/asx-warehouse.js'

/**
 * Daily summaries and 1-minute bars for every symbol-day of the ASX sample, in UTC and in
 * Australia/Sydney, against tools/oracles/asx_bars_oracle.py (Python's decimal/fractions and
 * zoneinfo straight from the CSV files, sharing no code with K2).
 */
const ZONES = ['UTC', 'Australia/Sydney'] as const
let wh: AsxWarehouse
let engine: QueryEngine
let oracle: OracleAnswer

beforeAll(async () => {
  oracle = runBarsOracle(ASX_SAMPLE_DIR, ZONES, 60)
  wh = await openAsxWarehouse({ quotes: false })
  engine = await createQueryEngine({ catalog: wh.catalog, io: wh.io })
}, 240_000)

afterAll(async () => {
  await engine?.close()
  await wh?.close()
})

describe('daily summaries and bars against the Python oracle', () => {
  it('match for every symbol-day in UTC and Australia/Sydney', async () => {
    expect(oracle.summaries.length).toBeGreaterThan(30)
    let bars = 0
    for (const expected of oracle.summaries) {
      const { symbol, tz, date } = expected
      const { summary } = await engine.dailySummary({ symbol, date, tz })
      expect(summary, `${symbol} ${date} ${tz}`).toEqual(expected)
      const got = await engine.bars({
        symbol,
        interval: '1m',
        start: expected.start,
        end: expected.end,
        tz,
      })
      expect(got.bars, `${symbol} ${date} ${tz} bars`).toEqual(
        oracle.bars[`${symbol}|${tz}|${date}`],
      )
      bars += got.bars.length
    }
    expect(bars).toBe(Object.values(oracle.bars).reduce((n, b) => n + b.length, 0))
  }, 180_000)

  it('covers the Sydney trading day of 2014-03-11 in Australia/Sydney, not in UTC', async () => {
    const sydney = await engine.dailySummary({
      symbol: 'BHP',
      date: '2014-03-11',
      tz: 'Australia/Sydney',
    })
    const utc = await engine.dailySummary({ symbol: 'BHP', date: '2014-03-11' })
    // Sydney 2014-03-11 00:00 AEDT is 2014-03-10 13:00 UTC.
    expect(sydney.summary.start).toBe(Date.UTC(2014, 2, 10, 13) * 1000)
    expect(utc.summary.start).toBe(Date.UTC(2014, 2, 11) * 1000)
    // Every BHP row of 03/11/2014 in the vendor file is in the Sydney day (21,681 rows).
    expect(sydney.summary.trade_count).toBe(21_681)
    expect(utc.summary.trade_count).not.toBe(sydney.summary.trade_count)
    expect(utc.summary.open).not.toBe(sydney.summary.open)
  })

  it('fills empty buckets on request and aligns hours to the zone', async () => {
    const day = oracle.summaries.find(
      (s) => s.symbol === 'DVN' && s.tz === 'Australia/Sydney' && s.date === '2014-03-11',
    )!
    const sparse = await engine.bars({
      symbol: 'DVN',
      interval: '1h',
      start: day.start,
      end: day.end,
      tz: 'Australia/Sydney',
    })
    const filled = await engine.bars({
      symbol: 'DVN',
      interval: '1h',
      start: day.start,
      end: day.end,
      tz: 'Australia/Sydney',
      fill: true,
    })
    expect(filled.bars).toHaveLength(24)
    expect(filled.bars[0]!.start).toBe(day.start)
    expect(filled.bars.at(-1)!.end).toBe(day.end)
    expect(filled.bars.filter((b) => b.trade_count > 0)).toEqual(sparse.bars)
    const empty = filled.bars.find(
      (b, i) => i > 0 && b.trade_count === 0 && filled.bars[i - 1]!.trade_count > 0,
    )
    if (empty) {
      const i = filled.bars.indexOf(empty)
      expect(empty).toMatchObject({ volume: '0', buy_volume: '0', vwap: null })
      expect(empty.open).toBe(filled.bars[i - 1]!.close)
    }
    const daily = await engine.bars({
      symbol: 'DVN',
      interval: '1d',
      start: day.start,
      end: day.end,
      tz: 'Australia/Sydney',
    })
    expect(daily.bars).toHaveLength(1)
    const { symbol: _s, tz: _t, date: _d, ...dayFields } = day
    expect(daily.bars[0]).toEqual(dayFields)
  })
})
