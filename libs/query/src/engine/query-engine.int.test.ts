import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { QueryError } from '../errors.js'
import type { TradeRow } from '../queries/rows.js'
import { openAsxWarehouse, type AsxWarehouse } from '../testing/asx-warehouse.js'
import { contextOf, createQueryEngine, type QueryEngine } from './query-engine.js'
import { collectRows } from './row-stream.js'

/**
 * The engine over the whole ASX sample (200,545 trades, 169,629 quotes), loaded through the real
 * ASX adapter with one commit per vendor file: each trades snapshot adds one symbol, and every
 * data file holds one symbol's trades of one UTC day.
 */
let wh: AsxWarehouse
let engine: QueryEngine

/** 2014-03-11 00:00 UTC and the next midnight, µs. */
const MAR11 = Date.UTC(2014, 2, 11) * 1000
const MAR12 = Date.UTC(2014, 2, 12) * 1000

beforeAll(async () => {
  wh = await openAsxWarehouse({ quotes: true })
  engine = await createQueryEngine({ catalog: wh.catalog, io: wh.io })
}, 240_000)

afterAll(async () => {
  await engine?.close()
  await wh?.close()
})

const code = (c: string) => expect.objectContaining({ code: c })

/** Rows strictly newest first by (timestamp, trade_id). */
function expectNewestFirst(rows: readonly TradeRow[]): void {
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1]!, rows[i]!]
    expect(
      a.timestamp > b.timestamp || (a.timestamp === b.timestamp && a.trade_id > b.trade_id),
    ).toBe(true)
  }
}

describe('SQL injection through every string parameter', () => {
  const PAYLOADS = [
    "BHP'; DROP TABLE x; --",
    "BHP' OR '1'='1",
    'BHP"; SELECT * FROM duckdb_settings(); --',
    "'); COPY (SELECT 1) TO '/tmp/k2-pwned.csv'; --",
    'BHP--',
    "Australia/Sydney'; --",
    '1m; DROP TABLE x',
    '\u0000',
  ]
  /** Every query with one string parameter set to `p`. */
  const attempts = (p: string): Array<[string, () => Promise<unknown>]> => [
    ['trades.symbols', () => engine.trades({ symbols: [p] })],
    ['trades.exchange', () => engine.trades({ exchange: p })],
    ['trades.minPrice', () => engine.trades({ minPrice: p })],
    ['trades.maxQuantity', () => engine.trades({ maxQuantity: p })],
    ['trades.cursor', () => engine.trades({ cursor: p })],
    ['trades.asOf', () => engine.trades({ asOf: { snapshotId: p } })],
    ['quotes.symbols', () => engine.quotes({ symbols: [p] })],
    ['quotes.exchange', () => engine.quotes({ exchange: p })],
    ['quotes.cursor', () => engine.quotes({ cursor: p })],
    ['summary.symbol', () => engine.dailySummary({ symbol: p, date: '2014-03-11' })],
    ['summary.date', () => engine.dailySummary({ symbol: 'BHP', date: p })],
    ['summary.tz', () => engine.dailySummary({ symbol: 'BHP', date: '2014-03-11', tz: p })],
    ['bars.symbol', () => engine.bars({ symbol: p, interval: '1m', start: MAR11, end: MAR12 })],
    ['bars.interval', () => engine.bars({ symbol: 'BHP', interval: p, start: MAR11, end: MAR12 })],
    [
      'bars.tz',
      () => engine.bars({ symbol: 'BHP', interval: '1h', start: MAR11, end: MAR12, tz: p }),
    ],
    ['replay.symbols', () => engine.replay({ symbols: [p], start: MAR11, end: MAR12 })],
    ['replay.exchange', () => engine.replay({ exchange: p, start: MAR11, end: MAR12 })],
    ['replay.cursor', () => engine.replay({ cursor: p, start: MAR11, end: MAR12 })],
    ['snapshots.table', () => engine.snapshots(p)],
  ]

  it('gives a validation error naming the parameter or an empty result, never an SQL error', async () => {
    const before = await engine.stats()
    let refused = 0
    let empty = 0
    for (const payload of PAYLOADS) {
      for (const [name, run] of attempts(payload)) {
        const outcome = await run().then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        )
        if ('error' in outcome) {
          expect(outcome.error, `${name} <- ${JSON.stringify(payload)}`).toBeInstanceOf(QueryError)
          expect((outcome.error as QueryError).code, name).toBe('QUERY_INVALID_PARAMETER')
          expect(String((outcome.error as QueryError).context['parameter']), name).toMatch(
            /^(symbols\[0\]|symbol|exchange|minPrice|maxQuantity|cursor|asOf\.snapshotId|date|tz|interval|table)$/,
          )
          refused++
        } else {
          const v = outcome.value as { rows?: unknown[]; bars?: unknown[]; summary?: unknown }
          expect(v.rows ?? v.bars ?? [], `${name} <- ${JSON.stringify(payload)}`).toEqual([])
          empty++
        }
      }
    }
    console.log(`injection: ${refused} refused, ${empty} empty results`)
    expect(refused).toBeGreaterThan(0)
    expect(await engine.stats()).toEqual(before)
  }, 60_000)
})

describe('trades', () => {
  it('walks pages by cursor: every row once, newest first, no offset', async () => {
    const day = { symbols: ['BHP'], start: MAR11, end: MAR12 }
    const { summary } = await engine.dailySummary({ symbol: 'BHP', date: '2014-03-11' })
    const seen: TradeRow[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await engine.trades({ ...day, limit: 10_000, ...(cursor ? { cursor } : {}) })
      seen.push(...page.rows)
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor)
    expect(pages).toBe(Math.ceil(summary.trade_count / 10_000))
    expect(seen).toHaveLength(summary.trade_count)
    expect(new Set(seen.map((r) => r.trade_id)).size).toBe(seen.length)
    expectNewestFirst(seen)
    // Small pages across equal timestamps (DVN has trades sharing a millisecond).
    const small: TradeRow[] = []
    cursor = undefined
    do {
      const page = await engine.trades({
        symbols: ['DVN'],
        limit: 7,
        ...(cursor ? { cursor } : {}),
      })
      small.push(...page.rows)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(small).toHaveLength(232)
    expectNewestFirst(small)
  }, 60_000)

  it('returns exact decimal strings, µs timestamps and the filters asked for', async () => {
    const page = await engine.trades({
      symbols: ['RIO'],
      minPrice: '65',
      maxQuantity: 1000,
      limit: 50,
    })
    // awk -F, '$3 >= 65 && $4 <= 1000' trades/7458.csv | wc -l
    expect(page.rows).toHaveLength(9)
    for (const r of page.rows) {
      expect(r.symbol).toBe('RIO')
      expect(Number(r.price)).toBeGreaterThanOrEqual(65)
      expect(Number(r.quantity)).toBeLessThanOrEqual(1000)
      expect(r.price).toMatch(/^\d+(\.\d*[1-9])?$/)
      expect(Number.isSafeInteger(r.timestamp)).toBe(true)
    }
    const first = await engine.trades({
      symbols: ['BHP'],
      start: 0,
      end: Date.UTC(2014, 2, 9, 21) * 1000,
    })
    // The first BHP trade of the sample: 03/10/2014 07:57:14.754 Sydney (UTC+11), 36.667 x 20000.
    expect(first.rows.at(-1)).toMatchObject({
      timestamp: Date.UTC(2014, 2, 9, 20, 57, 14, 754) * 1000,
      price: '36.667',
      quantity: '20000',
      source_sequence: 1,
      exchange: 'ASX',
      trade_conditions: ['3'],
    })
  })

  it('streams big results in chunks and refuses to collect more than maxRows', async () => {
    const { rows } = await engine.tradesStream({ symbols: ['BHP'] })
    let chunks = 0
    let count = 0
    for await (const chunk of rows) {
      chunks++
      count += chunk.length
    }
    expect(count).toBe(91_631)
    expect(chunks).toBeGreaterThan(1)
    const again = await engine.tradesStream({ symbols: ['BHP'] })
    await expect(collectRows(again.rows, 1_000)).rejects.toThrow(code('QUERY_RESULT_TOO_LARGE'))
    // The connection was released: the engine still answers.
    expect((await engine.trades({ symbols: ['MWR'] })).rows).toHaveLength(11)
  }, 60_000)
})

describe('quotes', () => {
  it('pages newest first with zeros kept as "0"', async () => {
    const page = await engine.quotes({ symbols: ['MWR'], limit: 100 })
    expect(page.rows).toHaveLength(60)
    expect(page.nextCursor).toBeNull()
    expect(page.rows.some((q) => q.bid_price === '0' || q.ask_price === '0')).toBe(true)
    const first = await engine.quotes({ symbols: ['RIO'], limit: 3 })
    const second = await engine.quotes({ symbols: ['RIO'], limit: 3, cursor: first.nextCursor! })
    expect(second.rows[0]!.timestamp).toBeLessThanOrEqual(first.rows[2]!.timestamp)
    expect(second.rows.map((r) => r.quote_id)).not.toContain(first.rows[2]!.quote_id)
  })
})

describe('replay', () => {
  it('pages in (timestamp, source_sequence) order with a total that respects the filters', async () => {
    const range = { start: Date.UTC(2014, 2, 9) * 1000, end: Date.UTC(2014, 2, 15) * 1000 }
    const seen: TradeRow[] = []
    let cursor: string | undefined
    let total = -1
    do {
      const page = await engine.replay({
        symbols: ['DVN', 'MWR'],
        ...range,
        limit: 40,
        ...(cursor ? { cursor } : {}),
      })
      total = page.total
      seen.push(...page.rows)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(total).toBe(243)
    expect(seen).toHaveLength(243)
    expect(new Set(seen.map((r) => r.trade_id)).size).toBe(243)
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!]
      expect(
        a.timestamp < b.timestamp ||
          (a.timestamp === b.timestamp && (a.source_sequence ?? 0) <= (b.source_sequence ?? 0)),
      ).toBe(true)
    }
    const all = await engine.replay({ ...range, limit: 1 })
    expect(all.total).toBe(wh.counts.trades)
  }, 60_000)
})

describe('time travel (asOf)', () => {
  it('reads the rows of an older snapshot, by id and by time', async () => {
    const [first, second] = wh.tradeSnapshots
    expect(first!.symbol).toBe('MWR')
    const byId = await engine.trades({
      asOf: { snapshotId: first!.snapshot['snapshot-id'] },
      limit: 10_000,
    })
    expect(byId.rows).toHaveLength(11)
    expect(new Set(byId.rows.map((r) => r.symbol))).toEqual(new Set(['MWR']))
    expect(byId.meta.snapshotId).toBe(first!.snapshot['snapshot-id'].toString())
    const byTime = await engine.trades({
      asOf: { timestampMs: first!.snapshot['timestamp-ms'] },
      limit: 10_000,
    })
    // Snapshots committed within the same millisecond make the later one current at that time.
    expect(byTime.rows.length).toBeGreaterThanOrEqual(11)
    const older = await engine.dailySummary({
      symbol: 'BHP',
      date: '2014-03-11',
      asOf: { snapshotId: String(second!.snapshot['snapshot-id']) },
    })
    expect(second!.symbol).toBe('BHP')
    expect(older.summary.trade_count).toBeGreaterThan(0)
    const beforeBhp = await engine.dailySummary({
      symbol: 'BHP',
      date: '2014-03-11',
      asOf: { snapshotId: first!.snapshot['snapshot-id'] },
    })
    expect(beforeBhp.summary).toMatchObject({ trade_count: 0, volume: '0', vwap: null, open: null })
    const snapshots = await engine.snapshots('trades')
    expect(snapshots.map((s) => s.snapshot_id)).toEqual(
      wh.tradeSnapshots.map((s) => s.snapshot['snapshot-id'].toString()),
    )
    expect(snapshots.at(-1)!.is_current).toBe(true)
  })

  it('refuses an unknown snapshot id or a time before the first snapshot', async () => {
    await expect(engine.trades({ asOf: { snapshotId: 12345n } })).rejects.toThrow(
      code('QUERY_SNAPSHOT_NOT_FOUND'),
    )
    await expect(
      engine.bars({
        symbol: 'BHP',
        interval: '1h',
        start: MAR11,
        end: MAR12,
        asOf: { timestampMs: 0 },
      }),
    ).rejects.toThrow(code('QUERY_SNAPSHOT_NOT_FOUND'))
  })
})

describe('pruning', () => {
  it('reads fewer files than the table has for one symbol and one day', async () => {
    const stats = await engine.stats()
    const trades = stats.find((s) => s.table === 'trades_v2')!
    const { meta } = await engine.trades({ symbols: ['BHP'], start: MAR11, end: MAR12 })
    const summary = await engine.dailySummary({
      symbol: 'RIO',
      date: '2014-03-11',
      tz: 'Australia/Sydney',
    })
    console.log(
      `pruning: table ${trades.files} files; BHP one UTC day read ${meta.filesRead} ` +
        `(skipped ${meta.filesSkipped} files, ${meta.manifestsSkipped} manifests); ` +
        `RIO one Sydney day read ${summary.meta.filesRead}`,
    )
    expect(meta.filesRead).toBe(1)
    expect(meta.filesRead).toBeLessThan(trades.files)
    // A Sydney day spans two UTC days (partitions).
    expect(summary.meta.filesRead).toBe(2)
  })
})

describe('symbols and stats', () => {
  it('lists the sample symbols with trade and quote counts', async () => {
    expect(await engine.symbols()).toEqual([
      expect.objectContaining({
        symbol: 'BHP',
        exchange: 'ASX',
        trade_count: 91_631,
        quote_count: 77_849,
      }),
      expect.objectContaining({ symbol: 'DVN', trade_count: 232, quote_count: 549 }),
      expect.objectContaining({ symbol: 'MWR', trade_count: 11, quote_count: 60 }),
      expect.objectContaining({ symbol: 'RIO', trade_count: 108_671, quote_count: 91_171 }),
    ])
  })
})

describe('timeout', () => {
  it('interrupts a slow statement with QUERY_TIMEOUT and keeps answering', async () => {
    const slow = await createQueryEngine({
      catalog: wh.catalog,
      io: wh.io,
      timeoutMs: 300,
      connections: 1,
    })
    try {
      const ctx = contextOf(slow)
      const crossJoin =
        'SELECT count(*) AS n FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 7'
      await expect(
        ctx.pool.all(crossJoin, {}, { timeoutMs: ctx.timeoutMs, label: 'cross join' }),
      ).rejects.toThrow(code('QUERY_TIMEOUT'))
      // The only connection was interrupted and is reused.
      expect((await slow.trades({ symbols: ['MWR'] })).rows).toHaveLength(11)
    } finally {
      await slow.close()
    }
  }, 30_000)
})
