import type { TradeV2 } from '@k2/core'
import { TRADES_V2_TABLE, type FileIO } from '@k2/iceberg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { SOURCE_POSITIONS_KEY, readSourcePositions } from './source-positions.js'
import { createManualClock, type ManualClock } from './testing/manual-clock.js'
import { range, trade, trades } from './testing/trade-fixtures.js'
import {
  openWriterWarehouse,
  sequencesOf,
  type WriterWarehouse,
} from './testing/writer-warehouse.js'
import {
  createTradeBatchWriter,
  type TradeBatchWriter,
  type TradeBatchWriterOptions,
} from './trade-batch-writer.js'
import { estimateTradeBytes } from './trade-size.js'
import type { TradeWriterObserver } from './writer-observer.js'

const TABLE = TRADES_V2_TABLE.identifier
/** Large enough that only the trigger under test fires. */
const NEVER = { maxRows: 1_000_000, maxBytes: 1_000_000_000, maxAgeMs: 3_600_000 }

let wh: WriterWarehouse
let clock: ManualClock
const writers: TradeBatchWriter[] = []

beforeEach(async () => {
  wh = await openWriterWarehouse()
  clock = createManualClock()
})

afterEach(async () => {
  for (const w of writers.splice(0)) await w.close().catch(() => undefined)
  await wh.close()
})

async function writer(options: Partial<TradeBatchWriterOptions> = {}): Promise<TradeBatchWriter> {
  const w = await createTradeBatchWriter({
    ...wh.ctx,
    table: TABLE,
    clock,
    policy: NEVER,
    ...options,
  })
  writers.push(w)
  return w
}

/** Summary positions of the current snapshot, as an object. */
async function storedPositions(): Promise<Record<string, number>> {
  return Object.fromEntries(readSourcePositions(await wh.table()))
}

/** A FileIO that runs `before` once, just before the first manifest list of a commit is written. */
function ioWithHook(io: FileIO, before: () => Promise<void>): FileIO {
  let fired = false
  return Object.assign(Object.create(io) as FileIO, {
    async write(location: string, bytes: Uint8Array, options?: Parameters<FileIO['write']>[2]) {
      if (!fired && /\/metadata\/snap-/.test(location)) {
        fired = true
        await before()
      }
      return io.write(location, bytes, options)
    },
  })
}

describe('commit policy triggers', () => {
  it('commits when the buffer reaches maxRows, all buffered rows in one snapshot', async () => {
    const w = await writer({ policy: { ...NEVER, maxRows: 10 } })
    expect(await w.add(trades('BTCUSDT', 1, 4))).toBeUndefined()
    expect(await w.add(trades('BTCUSDT', 5, 9))).toBeUndefined()
    expect(await wh.snapshotCount()).toBe(0)
    expect(w.buffered().rows).toBe(9)
    const commit = await w.add(trades('BTCUSDT', 10, 12))
    expect(commit?.rows).toBe(12)
    expect(await wh.snapshotCount()).toBe(1)
    expect(w.buffered()).toEqual({ rows: 0, bytes: 0 })
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 12))
  })

  it('commits when the estimated bytes reach maxBytes', async () => {
    const batch = trades('ETHUSDT', 1, 3)
    const threshold = batch.reduce((n, t) => n + estimateTradeBytes(t), 0)
    const w = await writer({ policy: { ...NEVER, maxBytes: threshold } })
    expect(await w.add(batch.slice(0, 2))).toBeUndefined()
    expect(await wh.snapshotCount()).toBe(0)
    expect((await w.add(batch.slice(2)))?.rows).toBe(3)
    expect(await wh.snapshotCount()).toBe(1)
  })

  it('whenRoom waits while the buffer is full and resolves when a commit takes it', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const w = await writer({
      policy: { ...NEVER, maxRows: 4 },
      io: ioWithHook(wh.ctx.io, () => gate),
    })
    await expect(w.whenRoom()).resolves.toBeUndefined()
    await w.add(trades('BTCUSDT', 1, 3))
    await expect(w.whenRoom()).resolves.toBeUndefined() // 3 of 4 rows: room
    // The 4th row fills the buffer: a commit starts (held at its manifest list by the hook).
    const first = w.add(trades('BTCUSDT', 4, 4))
    await vi.waitFor(() => expect(w.buffered().rows).toBe(0))
    // While it runs, the next buffer fills up to the limit; then there is no room.
    const second = w.add(trades('BTCUSDT', 5, 8))
    expect(w.buffered().rows).toBe(4)
    let roomed = false
    const room = w.whenRoom().then(() => (roomed = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(roomed).toBe(false)
    release()
    expect((await first)?.rows).toBe(4)
    await room // the second commit took the buffer
    expect(w.buffered().rows).toBe(0)
    expect((await second)?.rows).toBe(4)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 8))
  })

  it('whenRoom resolves at once once the writer is closing', async () => {
    const w = await writer({ policy: { ...NEVER, maxRows: 2 } })
    await w.add(trades('BTCUSDT', 1, 1))
    const closing = w.close()
    await expect(w.whenRoom()).resolves.toBeUndefined()
    await closing
  })

  it('commits when the oldest buffered row reaches maxAgeMs (timer), counted from that row', async () => {
    const w = await writer({ policy: { ...NEVER, maxAgeMs: 1_000 } })
    await w.add([trade('BTCUSDT', 1)])
    clock.advance(600)
    await w.add([trade('BTCUSDT', 2)]) // does not restart the age of the buffer
    clock.advance(399)
    await w.idle()
    expect(await wh.snapshotCount()).toBe(0)
    clock.advance(1)
    await w.idle()
    expect(await wh.snapshotCount()).toBe(1)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual([1, 2])
    expect(clock.pendingTimers()).toBe(0)
    // The next row starts a new age window.
    await w.add([trade('BTCUSDT', 3)])
    clock.advance(1_000)
    await w.idle()
    expect(await wh.snapshotCount()).toBe(2)
  })

  it('commits by age with the real clock', async () => {
    const w = await writer({ clock: undefined, policy: { ...NEVER, maxAgeMs: 20 } })
    await w.add(trades('SOLUSDT', 1, 3))
    await vi.waitFor(async () => expect(await wh.snapshotCount()).toBe(1), { timeout: 5_000 })
    expect(sequencesOf(await wh.tableRows(), 'SOLUSDT')).toEqual([1, 2, 3])
  })
})

describe('flush and close', () => {
  it('flush commits what is buffered and does nothing on an empty buffer', async () => {
    const w = await writer()
    expect(await w.flush()).toBeUndefined()
    expect(await wh.snapshotCount()).toBe(0)
    await w.add(trades('BTCUSDT', 1, 5))
    const commit = await w.flush()
    expect(commit?.rows).toBe(5)
    expect(commit?.snapshotId).toBe((await wh.table()).metadata['current-snapshot-id'])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('close commits the buffer, stops the timer and refuses more trades', async () => {
    const w = await writer({ policy: { ...NEVER, maxAgeMs: 1_000 } })
    await w.add(trades('BTCUSDT', 1, 3))
    expect(clock.pendingTimers()).toBe(1)
    await w.close()
    expect(clock.pendingTimers()).toBe(0)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual([1, 2, 3])
    await expect(w.add([trade('BTCUSDT', 4)])).rejects.toMatchObject({
      code: 'ACTORS_WRITER_CLOSED',
    })
    await w.close() // idempotent
    expect(await wh.snapshotCount()).toBe(1)
  })

  it('keeps the rows of a failed commit and commits them with the next flush', async () => {
    let failWrites = true
    const io = wh.ctx.io
    const flaky: FileIO = Object.assign(Object.create(io) as FileIO, {
      write: (location: string, bytes: Uint8Array, options?: Parameters<FileIO['write']>[2]) =>
        failWrites && location.includes('/metadata/')
          ? Promise.reject(new Error('disk full'))
          : io.write(location, bytes, options),
    })
    const failures: unknown[] = []
    const w = await writer({ io: flaky, observer: { commitFailed: (e) => failures.push(e) } })
    await w.add(trades('BTCUSDT', 1, 4))
    await expect(w.flush()).rejects.toThrow('disk full')
    expect(failures).toHaveLength(1)
    expect(w.buffered().rows).toBe(4)
    await w.add(trades('BTCUSDT', 5, 6))
    failWrites = false
    expect((await w.flush())?.rows).toBe(6)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 6))
  })
})

describe('a batch the table rejects', () => {
  it('is refused whole with the column named, and changes nothing', async () => {
    const w = await writer()
    await w.add(trades('BTCUSDT', 1, 3))
    const bad = trades('BTCUSDT', 4, 6)
    const batch = [bad[0]!, { ...bad[1]!, currency: null as never }, bad[2]!]
    await expect(w.add(batch)).rejects.toMatchObject({
      code: 'ICEBERG_INVALID_VALUE',
      message: expect.stringContaining('currency'),
    })
    expect(w.buffered().rows).toBe(3)
    // Not accepted: the source sends these sequences again, and they are taken then.
    expect(Object.fromEntries(w.accepted())).toEqual({ 'BINANCE:BTCUSDT': 3 })
    await w.add(trades('BTCUSDT', 4, 6))
    expect((await w.flush())?.rows).toBe(6)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 6))
  })
})

describe('bounded memory while commits fail', () => {
  it('refuses trades past twice maxRows, buffering nothing of them, until a commit succeeds', async () => {
    let failWrites = true
    const io = wh.ctx.io
    const flaky: FileIO = Object.assign(Object.create(io) as FileIO, {
      write: (location: string, bytes: Uint8Array, options?: Parameters<FileIO['write']>[2]) =>
        failWrites && location.includes('/metadata/')
          ? Promise.reject(new Error('catalog storage down'))
          : io.write(location, bytes, options),
    })
    const w = await writer({ io: flaky, policy: { ...NEVER, maxRows: 10 } })
    await expect(w.add(trades('BTCUSDT', 1, 10))).rejects.toThrow('catalog storage down')
    await expect(w.add(trades('BTCUSDT', 11, 20))).rejects.toThrow('catalog storage down')
    expect(w.buffered().rows).toBe(20)
    await expect(w.add(trades('BTCUSDT', 21, 30))).rejects.toMatchObject({
      code: 'ACTORS_WRITER_BACKLOG',
      retriable: true,
    })
    expect(w.buffered().rows).toBe(20)
    expect(Object.fromEntries(w.accepted())).toEqual({ 'BINANCE:BTCUSDT': 20 })
    failWrites = false
    expect((await w.flush())?.rows).toBe(20)
    await w.add(trades('BTCUSDT', 21, 25))
    expect((await w.flush())?.rows).toBe(5)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 25))
  })
})

describe('source positions in the snapshot summary', () => {
  it('stores the highest sequence per stream, merged with the previous snapshot', async () => {
    expect(readSourcePositions(await wh.table()).size).toBe(0)
    const w = await writer()
    await w.add([...trades('BTCUSDT', 1, 10), ...trades('ETHUSDT', 3, 4)])
    await w.flush()
    await w.add(trades('ETHUSDT', 5, 7))
    await w.flush()
    const table = await wh.table()
    const summary = table.metadata.snapshots.at(-1)!.summary
    expect(JSON.parse(summary[SOURCE_POSITIONS_KEY]!)).toEqual({
      'BINANCE:BTCUSDT': 10,
      'BINANCE:ETHUSDT': 7,
    })
    expect(summary['total-records']).toBe('15')
    expect(Object.fromEntries(w.positions())).toEqual(await storedPositions())
  })
})

describe('exactly once across restarts and racing writers', () => {
  it('a restarted writer reads the positions and drops trades already committed', async () => {
    const first = await writer()
    await first.add(trades('BTCUSDT', 1, 100))
    await first.add(trades('ETHUSDT', 1, 10))
    await first.close()

    const dropped: Array<[string, number]> = []
    const second = await writer({
      observer: { duplicatesDropped: (_t, reason, n) => dropped.push([reason, n]) },
    })
    expect(Object.fromEntries(second.positions())).toEqual({
      'BINANCE:BTCUSDT': 100,
      'BINANCE:ETHUSDT': 10,
    })
    // The source replays from an older point after the restart.
    await second.add(trades('BTCUSDT', 50, 150))
    await second.add(trades('ETHUSDT', 1, 10))
    expect(await second.flush()).toMatchObject({ rows: 50 })
    expect(dropped).toEqual([
      ['committed', 51],
      ['committed', 10],
    ])
    const rows = await wh.tableRows()
    expect(sequencesOf(rows, 'BTCUSDT')).toEqual(range(1, 150))
    expect(sequencesOf(rows, 'ETHUSDT')).toEqual(range(1, 10))
  })

  it('drops a sequence buffered twice before a commit', async () => {
    const w = await writer()
    await w.add(trades('BTCUSDT', 1, 5))
    await w.add(trades('BTCUSDT', 4, 8))
    expect((await w.flush())?.rows).toBe(8)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 8))
  })

  it('accepted() covers buffered trades, and a source resuming from it repeats nothing', async () => {
    const dropped: Array<[string, number]> = []
    const w = await writer({
      observer: { duplicatesDropped: (_t, reason, n) => dropped.push([reason, n]) },
    })
    await w.add(trades('BTCUSDT', 1, 10))
    await w.flush()
    await w.add(trades('BTCUSDT', 11, 20))
    expect(Object.fromEntries(w.positions())).toEqual({ 'BINANCE:BTCUSDT': 10 })
    expect(Object.fromEntries(w.accepted())).toEqual({ 'BINANCE:BTCUSDT': 20 })
    // A source restarted from the committed position re-sends 11..25: only 21..25 are new.
    await w.add(trades('BTCUSDT', 11, 25))
    expect(dropped).toEqual([['repeated', 10]])
    expect((await w.flush())?.rows).toBe(15)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 25))
    expect(Object.fromEntries(w.accepted())).toEqual({ 'BINANCE:BTCUSDT': 25 })
  })

  it('a writer with stale positions cannot commit a range another writer committed', async () => {
    const live = await writer({ catalog: await wh.openCatalog() })
    const dropped: Array<[string, number]> = []
    const zombie = await writer({
      observer: { duplicatesDropped: (_t, reason, n) => dropped.push([reason, n]) },
    })
    await live.add(trades('BTCUSDT', 1, 100))
    await live.flush()
    // The zombie still believes nothing is committed: the precondition refuses its batch, the
    // trades the live writer committed are dropped, only the new ones land.
    await zombie.add(trades('BTCUSDT', 50, 150))
    expect(await zombie.flush()).toMatchObject({ rows: 50 })
    expect(dropped).toEqual([['fenced', 51]])
    // A batch wholly covered by the other writer commits nothing at all.
    await zombie.add(trades('BTCUSDT', 1, 100))
    const before = await wh.snapshotCount()
    expect(await zombie.flush()).toBeUndefined()
    expect(await wh.snapshotCount()).toBe(before)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 150))
    expect(await storedPositions()).toEqual({ 'BINANCE:BTCUSDT': 150 })
  })

  it('when two writers race on the same range, the loser of the swap is fenced', async () => {
    const other = await writer({ catalog: await wh.openCatalog() })
    await other.add(trades('BTCUSDT', 1, 40))
    const conflicts = vi.fn()
    const dropped: Array<[string, number]> = []
    // Between our precondition check and our catalog swap, the other writer commits 1..40.
    const racer = await writer({
      io: ioWithHook(wh.ctx.io, async () => void (await other.flush())),
      observer: {
        commitConflict: conflicts,
        duplicatesDropped: (_t, reason, n) => dropped.push([reason, n]),
      },
    })
    await racer.add(trades('BTCUSDT', 21, 60))
    expect(await racer.flush()).toMatchObject({ rows: 20 })
    expect(conflicts).toHaveBeenCalledTimes(1)
    expect(dropped).toEqual([['fenced', 20]])
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 60))
  })

  it('writers flushing the same trades at the same time commit them once', async () => {
    const a = await writer()
    const b = await writer({ catalog: await wh.openCatalog() })
    await a.add(trades('BTCUSDT', 1, 200))
    await b.add(trades('BTCUSDT', 1, 200))
    const results = await Promise.all([a.flush(), b.flush()])
    expect(results.filter((r) => r !== undefined)).toHaveLength(1)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 200))
  })

  it('two writers on disjoint symbols both commit, and the positions keep both', async () => {
    const a = await writer()
    const b = await writer({ catalog: await wh.openCatalog() })
    for (let round = 0; round < 3; round++) {
      await a.add(trades('BTCUSDT', round * 50 + 1, round * 50 + 50))
      await b.add(trades('ETHUSDT', round * 30 + 1, round * 30 + 30))
      const [ra, rb] = await Promise.all([a.flush(), b.flush()])
      expect([ra?.rows, rb?.rows]).toEqual([50, 30])
    }
    const rows = await wh.tableRows()
    expect(sequencesOf(rows, 'BTCUSDT')).toEqual(range(1, 150))
    expect(sequencesOf(rows, 'ETHUSDT')).toEqual(range(1, 90))
    expect(await storedPositions()).toEqual({ 'BINANCE:BTCUSDT': 150, 'BINANCE:ETHUSDT': 90 })
  })

  it('a commit re-applied after a lost race merges the winner positions', async () => {
    const other = await writer({ catalog: await wh.openCatalog() })
    await other.add(trades('ETHUSDT', 1, 5))
    const conflicts = vi.fn()
    const w = await writer({
      io: ioWithHook(wh.ctx.io, async () => void (await other.flush())),
      observer: { commitConflict: conflicts },
    })
    await w.add(trades('BTCUSDT', 1, 5))
    await w.flush()
    expect(conflicts).toHaveBeenCalledTimes(1)
    expect(await storedPositions()).toEqual({ 'BINANCE:BTCUSDT': 5, 'BINANCE:ETHUSDT': 5 })
  })
})

describe('observer', () => {
  it('reports rows written, write duration and ingest-to-commit per row', async () => {
    const calls: Array<[string, number]> = []
    const durations: number[] = []
    const freshness: number[][] = []
    const observer: TradeWriterObserver = {
      rowsWritten: (table, n) => calls.push([table, n]),
      writeDuration: (s) => durations.push(s),
      ingestToCommit: (s) => freshness.push([...s]),
    }
    const w = await writer({ observer })
    const ingestedAtMs = clock.now() - 2_500
    const batch: TradeV2[] = [1, 2, 3].map((seq) => trade('BTCUSDT', seq, { ingestedAtMs }))
    await w.add(batch)
    await w.flush()
    expect(calls).toEqual([['market_data.trades_v2', 3]])
    expect(durations).toHaveLength(1)
    expect(durations[0]).toBeGreaterThanOrEqual(0)
    // The manual clock does not move during the commit: each row is exactly 2.5 s old.
    expect(freshness).toEqual([[2.5, 2.5, 2.5]])
  })
})

describe('a table changed under the buffered rows', () => {
  it('fails the writer: the rows are dropped, it refuses more, and a new writer takes them once', async () => {
    const failed: unknown[] = []
    const w = await writer({ onFailed: (e) => failed.push(e) })
    await w.add(trades('BTCUSDT', 1, 5))
    expect((await w.flush())?.rows).toBe(5)
    await w.add(trades('BTCUSDT', 6, 9))
    await wh.changeSchema()
    await expect(w.flush()).rejects.toMatchObject({
      code: 'ACTORS_WRITER_FAILED',
      retriable: false,
      cause: expect.objectContaining({ code: 'ICEBERG_SCHEMA_CHANGED' }),
    })
    expect(failed).toHaveLength(1)
    expect(w.buffered()).toEqual({ rows: 0, bytes: 0 })
    // What it holds is what the table holds: a source resuming from it sends 6.. again.
    expect(Object.fromEntries(w.accepted())).toEqual({ 'BINANCE:BTCUSDT': 5 })
    await expect(w.add(trades('BTCUSDT', 10, 10))).rejects.toMatchObject({
      code: 'ACTORS_WRITER_FAILED',
    })
    await expect(w.flush()).rejects.toMatchObject({ code: 'ACTORS_WRITER_FAILED' })
    await w.close()
    expect(failed).toHaveLength(1)

    // The replacement reads the table (new schema) and the positions; the source resends 6..10.
    const next = await writer()
    expect(Object.fromEntries(next.accepted())).toEqual({ 'BINANCE:BTCUSDT': 5 })
    await next.add(trades('BTCUSDT', 6, 10))
    expect((await next.flush())?.rows).toBe(5)
    expect(sequencesOf(await wh.tableRows(), 'BTCUSDT')).toEqual(range(1, 10))
  })

  it('reports the failure when the commit was started by the age timer', async () => {
    const failed: unknown[] = []
    const w = await writer({
      onFailed: (e) => failed.push(e),
      policy: { ...NEVER, maxAgeMs: 1_000 },
    })
    await w.add(trades('ETHUSDT', 1, 3))
    await wh.changeSchema()
    clock.advance(1_000)
    await w.idle()
    expect(failed).toEqual([expect.objectContaining({ code: 'ACTORS_WRITER_FAILED' })])
    expect(await wh.snapshotCount()).toBe(0)
  })
})
