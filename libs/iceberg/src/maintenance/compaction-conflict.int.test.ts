import { setTimeout as sleep } from 'node:timers/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateTrades } from '../interop/market-data-generator.js'
import { createParquetRowsReader } from '../interop/parquet-rows-reader.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import { createParquetWriter, type ParquetRewriter, type ParquetWriter } from '../parquet/index.js'
import { planScan } from '../scan/index.js'
import { currentSnapshot } from '../spec/table-metadata-lookups.js'
import { appendRows, ensureTable, loadTable } from '../table/index.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { compactTable } from './compact-table.js'
import { expireSnapshots } from './expire-snapshots.js'
import { filesOnDisk, referencedFiles } from './testing/table-files.js'

/**
 * Two compactions race (e.g. two maintenance processes): the one that commits second finds its
 * inputs gone, reports `conflict`, leaves the table as the first one made it and removes its own
 * new files; also when expiry already deleted the inputs before the loser could read them.
 */

let wh: TestWarehouse
let rewriter: ParquetWriter & ParquetRewriter

beforeAll(async () => {
  wh = await openTestWarehouse('compaction-conflict')
  rewriter = await createParquetWriter()
})

afterAll(async () => {
  await rewriter?.close()
  await wh?.close()
})

async function freshTable(name: string, appends: number) {
  const def = { ...TRADES_V2_TABLE, identifier: { namespace: ['market_data'], name } }
  const ctx = { ...wh.ctx, parquet: rewriter }
  await ensureTable(ctx, def, wh.dir)
  for (let i = 0; i < appends; i++) {
    const rows = generateTrades({
      seed: i,
      count: 30,
      symbols: ['BTCUSDT'],
      days: ['2025-05-05'],
      idPrefix: `${name}${i}`,
    })
    await appendRows(ctx, def.identifier, rows)
  }
  return { ctx, id: def.identifier }
}

/** The context with a rewriter that lets `before` run before its first rewrite. */
function racing<C extends { readonly parquet: ParquetRewriter }>(
  ctx: C,
  before: () => Promise<void>,
): C {
  let fired = false
  const parquet: ParquetRewriter = {
    rewrite: async (request) => {
      if (!fired) {
        fired = true
        await before()
      }
      return ctx.parquet.rewrite(request)
    },
  }
  return { ...ctx, parquet }
}

async function expectIntact(
  ctx: typeof wh.ctx,
  id: { namespace: readonly string[]; name: string },
  rows: number,
) {
  const md = (await loadTable(ctx, id)).metadata
  const refs = await referencedFiles(ctx.io, md)
  const disk = await filesOnDisk(ctx.io, md)
  expect(disk.data.sort()).toEqual([...refs.liveDataFiles].sort())
  expect(disk.avro.sort()).toEqual([...refs.lists, ...refs.manifests].sort())
  const reader = await createParquetRowsReader()
  try {
    const files = (await planScan(ctx.io, md)).files.map((f) => f.file_path)
    expect(await reader.count(files)).toBe(rows)
  } finally {
    reader.close()
  }
}

describe('compaction racing compaction', () => {
  it('the later commit stands back: conflict, table unchanged, its files deleted', async () => {
    const { ctx, id } = await freshTable('race_commit', 5)
    let winner: bigint | null = null
    const loser = await compactTable(
      racing(ctx, async () => {
        winner = (await compactTable(ctx, id)).snapshotId
      }),
      id,
    )
    expect(winner).not.toBeNull()
    expect(loser).toMatchObject({ status: 'conflict', snapshotId: null, filesRewritten: 0 })
    expect(loser.conflict).toMatch(/no longer in the table/)
    const md = (await loadTable(ctx, id)).metadata
    expect(currentSnapshot(md)?.['snapshot-id']).toBe(winner)
    await expectIntact(ctx, id, 150)
  })

  it('inputs already expired before the rewrite read them: conflict too', async () => {
    const { ctx, id } = await freshTable('race_read', 4)
    const loser = await compactTable(
      racing(ctx, async () => {
        await compactTable(ctx, id)
        await sleep(2)
        await expireSnapshots(ctx, id, { olderThanMs: Date.now(), retainLast: 1 })
      }),
      id,
    )
    expect(loser).toMatchObject({ status: 'conflict', snapshotId: null })
    expect(loser.conflict).toMatch(/removed by another commit/)
    await expectIntact(ctx, id, 120)
  })
})
