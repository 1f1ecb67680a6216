import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Catalog } from '../catalog/index.js'
import { generateTrades } from '../interop/market-data-generator.js'
import { createParquetRowsReader } from '../interop/parquet-rows-reader.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import type { FileIO } from '../io/index.js'
import { filesOnDisk, referencedFiles } from '../maintenance/testing/table-files.js'
import { planScan } from '../scan/index.js'
import type { DataFile } from '../spec/data-file.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { appendRows } from './append-rows.js'
import { ensureTable } from './create-table.js'
import { writeDataFiles } from './data-files.js'
import { loadTable } from './iceberg-table.js'
import { replaceFiles } from './replace-files.js'

/**
 * Regression (compaction starved by continuous appends): a replace that loses its race must not
 * redo the work that does not depend on the base. Its ADDED manifest and its rewritten manifests
 * are written once and reused by later attempts; a rewritten manifest the winning attempt no
 * longer uses (another commit rewrote its source meanwhile) is deleted, like every losing
 * attempt's manifest list, so no orphan is left.
 */

const id = TRADES_V2_TABLE.identifier
const [DAY1, DAY2] = ['2025-08-01', '2025-08-02'] as const
let wh: TestWarehouse

const batch = (seed: number, prefix: string, days: readonly string[]) =>
  generateTrades({ seed, count: 40, symbols: ['BTCUSDT', 'ETHUSDT'], days, idPrefix: prefix })

beforeAll(async () => {
  wh = await openTestWarehouse('replace-retry')
})

afterAll(async () => {
  await wh?.close()
})

describe('replaceFiles under commit races', () => {
  it('writes each manifest once across attempts and leaves no orphan', async () => {
    const { ctx } = wh
    await ensureTable(ctx, TRADES_V2_TABLE, wh.dir)
    const first = batch(1, 'A', [DAY1, DAY2]) // one manifest: a1 (day 1), b1 (day 2)
    const second = batch(2, 'B', [DAY1]) // one manifest: a2
    const a = await appendRows(ctx, id, first)
    const b = await appendRows(ctx, id, second)
    const onDay = (files: readonly DataFile[], day: string) =>
      files.filter((f) => f.file_path.includes(`timestamp_day=${day}/`))
    const [a1, b1] = [onDay(a.files, DAY1)[0]!, onDay(a.files, DAY2)[0]!]
    const a2 = b.files[0]!
    const md = (await loadTable(ctx, id)).metadata
    const dayOf = (t: { timestamp: number }) => new Date(t.timestamp / 1000).toISOString()
    const merged = await writeDataFiles(ctx.parquet, md, [
      ...first.filter((t) => dayOf(t).startsWith(DAY1)),
      ...second,
    ])
    const b1Again = await writeDataFiles(
      ctx.parquet,
      md,
      first.filter((t) => dayOf(t).startsWith(DAY2)),
    )

    // Attempt 0 loses to an append, attempt 1 to a replace of b1 (which rewrites a1's manifest).
    let commits = 0
    const catalog: Catalog = Object.create(ctx.catalog) as Catalog
    catalog.commitTable = async (table, expected, next) => {
      const n = commits++
      if (n === 0) await appendRows(ctx, id, batch(3, 'C', [DAY1]))
      if (n === 1) await replaceFiles(ctx, id, [b1], b1Again)
      return ctx.catalog.commitTable(table, expected, next)
    }
    const writes: string[] = []
    const io: FileIO = {
      ...ctx.io,
      write: async (location, bytes, options) => {
        writes.push(location.slice(location.lastIndexOf('/') + 1))
        return ctx.io.write(location, bytes, options)
      },
    }
    const { snapshot } = await replaceFiles({ ...ctx, catalog, io }, id, [a1, a2], merged)

    expect(commits).toBe(3)
    const manifests = writes.filter((w) => /-m\d+\.avro$/.test(w))
    const lists = writes.filter((w) => w.startsWith('snap-'))
    // ADDED manifest + rewrites of a1's and a2's manifests, then of a1's rewritten manifest.
    expect(manifests).toHaveLength(4)
    expect(lists).toHaveLength(3)
    expect(snapshot.summary).toMatchObject({ operation: 'replace', 'deleted-data-files': '2' })

    const table = await loadTable(ctx, id)
    const refs = await referencedFiles(ctx.io, table.metadata)
    const disk = await filesOnDisk(ctx.io, table.metadata)
    expect(disk.avro.sort()).toEqual([...refs.lists, ...refs.manifests].sort())
    // Old files stay for time travel: they are live in older snapshots.
    expect(disk.data.sort()).toEqual([...refs.liveDataFiles].sort())

    const plan = await planScan(ctx.io, table.metadata)
    const live = plan.files.map((f) => f.file_path)
    expect(live).toEqual(expect.arrayContaining([merged[0]!.file_path, b1Again[0]!.file_path]))
    expect(live).not.toEqual(expect.arrayContaining([a1.file_path]))
    const reader = await createParquetRowsReader()
    try {
      expect(await reader.count(live)).toBe(120)
    } finally {
      reader.close()
    }
  })

  it("carries K2's summary properties (k2.*) of the parent snapshot, and only those", async () => {
    const { ctx } = wh
    const carriedId = { namespace: ['carry'], name: 'trades' }
    await ensureTable(ctx, { ...TRADES_V2_TABLE, identifier: carriedId }, wh.dir)
    const trades = batch(7, 'K', [DAY1])
    const a = await appendRows(ctx, carriedId, trades.slice(0, 20), {
      summary: () => ({ 'k2.source-positions': '{"BINANCE:BTCUSDT":20}', note: 'first' }),
    })
    await appendRows(ctx, carriedId, trades.slice(20), {
      summary: () => ({ 'k2.source-positions': '{"BINANCE:BTCUSDT":40}', note: 'second' }),
    })
    const md = (await loadTable(ctx, carriedId)).metadata
    const merged = await writeDataFiles(ctx.parquet, md, trades.slice(0, 20))
    const { snapshot } = await replaceFiles(ctx, carriedId, a.files, merged)
    expect(snapshot.summary['k2.source-positions']).toBe('{"BINANCE:BTCUSDT":40}')
    expect(snapshot.summary['note']).toBeUndefined()
    expect(snapshot.summary.operation).toBe('replace')
  })
})
