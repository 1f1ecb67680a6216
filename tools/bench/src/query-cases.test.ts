import { describe, expect, it } from 'vitest'

import {
  DEFAULT_PAGE,
  QUERY_CASE_NAMES,
  QUERY_CASES,
  queryInstances,
  RANGE_LIMIT,
  RANGE_SYMBOLS,
  type QueryDataShape,
} from './query-cases.js'

const DAY_US = 86_400_000_000n
const shape: QueryDataShape = {
  symbols: ['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DDDUSDT', 'EEEUSDT', 'FFFUSDT', 'GGGUSDT'],
  startMicros: Date.UTC(2025, 10, 24) * 1000,
  days: 30,
}
const first = BigInt(shape.startMicros)
const last = first + 30n * DAY_US

describe('queryInstances', () => {
  it.each(QUERY_CASE_NAMES)(
    '%s: the same seed gives the same sequence, another seed another',
    (name) => {
      expect(queryInstances(name, shape, 20, 1)).toEqual(queryInstances(name, shape, 20, 1))
      expect(queryInstances(name, shape, 20, 2)).not.toEqual(queryInstances(name, shape, 20, 1))
    },
  )

  it('point: one symbol, one whole minute inside the data, the default page (+1 for the cursor)', () => {
    for (const q of queryInstances('point', shape, 200, 3)) {
      const start = q.params['start'] as bigint
      expect(q.params['end']).toBe(start + 60_000_000n)
      expect(start % 60_000_000n).toBe(0n)
      expect(start >= first && start < last).toBe(true)
      expect(shape.symbols).toContain(q.params['s0'])
      expect(q.params['limit']).toBe(BigInt(DEFAULT_PAGE + 1))
      const url = new URL(q.path, 'http://x')
      expect(url.pathname).toBe('/v1/trades')
      expect(url.searchParams.get('symbol')).toBe(q.params['s0'])
      expect(BigInt(Date.parse(url.searchParams.get('start_time')!)) * 1000n).toBe(start)
      expect(BigInt(Date.parse(url.searchParams.get('end_time')!)) * 1000n).toBe(
        start + 60_000_000n,
      )
    }
  })

  it('bars and summary: one symbol over one UTC day of the data', () => {
    for (const q of queryInstances('bars', shape, 100, 4)) {
      const start = q.params['start'] as bigint
      expect((start - first) % DAY_US).toBe(0n)
      expect(start >= first && start < last).toBe(true)
      expect(q.params['end']).toBe(start + DAY_US)
      expect(q.path).toMatch(/^\/v1\/bars\/1m\?symbol=[A-Z]+&start_time=.*T00%3A00%3A00\.000Z&/)
      expect(q.params['interval']).toBe(60_000_000n)
    }
    for (const q of queryInstances('summary', shape, 100, 5)) {
      const start = q.params['start'] as bigint
      const date = new Date(Number(start / 1000n)).toISOString().slice(0, 10)
      expect(q.path).toBe(`/v1/summary/${String(q.params['s0'])}/${date}`)
      expect(q.params['end']).toBe(start + DAY_US)
    }
  })

  it('range: five different symbols, one whole hour, limit 1000', () => {
    for (const q of queryInstances('range', shape, 200, 6)) {
      const symbols = Array.from({ length: RANGE_SYMBOLS }, (_, k) => q.params[`s${k}`])
      expect(new Set(symbols).size).toBe(RANGE_SYMBOLS)
      for (const s of symbols) expect(shape.symbols).toContain(s)
      const start = q.params['start'] as bigint
      expect(start % 3_600_000_000n).toBe(0n)
      expect(q.params['end']).toBe(start + 3_600_000_000n)
      const url = new URL(q.path, 'http://x')
      expect(url.searchParams.get('symbol')).toBe(symbols.join(','))
      expect(url.searchParams.get('limit')).toBe(String(RANGE_LIMIT))
      expect(q.params['limit']).toBe(BigInt(RANGE_LIMIT + 1))
    }
  })

  it('spreads picks over every symbol and over the whole span', () => {
    const qs = queryInstances('point', shape, 500, 7)
    expect(new Set(qs.map((q) => q.params['s0'])).size).toBe(shape.symbols.length)
    const days = new Set(qs.map((q) => ((q.params['start'] as bigint) - first) / DAY_US))
    expect(days.size).toBeGreaterThan(25)
  })

  it('refuses data with fewer symbols than the range query names', () => {
    expect(() => queryInstances('point', { ...shape, symbols: ['A', 'B'] }, 1, 1)).toThrow(
      RangeError,
    )
  })
})

describe('QUERY_CASES SQL', () => {
  it('binds every value the instances carry and reads only the given relation', () => {
    for (const c of QUERY_CASES) {
      const sql = c.sql("read_parquet('/tmp/x.parquet')")
      const placeholders = new Set([...sql.matchAll(/\$(\w+)/g)].map((m) => m[1]))
      const [q] = queryInstances(c.name, shape, 1, 1)
      expect(placeholders).toEqual(new Set(Object.keys(q!.params)))
      expect(sql.match(/FROM (read_parquet|\(|grid|aggregated)/g)?.length).toBeGreaterThan(0)
      expect(sql).not.toMatch(/USDT/)
    }
  })
})
