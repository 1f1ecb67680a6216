import { setTimeout as sleep } from 'node:timers/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { generateTrades } from '../interop/market-data-generator.js'
import { createParquetRowsReader } from '../interop/parquet-rows-reader.js'
import { openTestWarehouse, type TestWarehouse } from '../interop/test-warehouse.js'
import type { FileIO } from '../io/index.js'
import { expireSnapshots } from '../maintenance/index.js'
import { planScan } from '../scan/index.js'
import { TABLE_PROPERTIES } from '../spec/table-properties.js'
import { TRADES_V2_TABLE } from '../tables/index.js'
import { appendRows } from './append-rows.js'
import { ensureTable } from './create-table.js'
import { loadTable } from './iceberg-table.js'

/**
 * Regression (D4 "safe while writers are committing"): a commit reads its base's files after
 * loading the base; if other processes commit and maintenance deletes those files in between, the
 * commit lost a race and must be retried on the new base, not fail with ICEBERG_NOT_FOUND. The
 * race is staged deterministically by a FileIO whose read of one file first lets "another
 * process" (the same warehouse without the hook) commit and clean up.
 */

const id = TRADES_V2_TABLE.identifier
let wh: TestWarehouse

const batch = (seed: number, prefix: string) =>
  generateTrades({ seed, count: 30, symbols: ['BTCUSDT'], days: ['2025-06-01'], idPrefix: prefix })

/** `io` whose first read of `location` runs `before` first. */
function hookedIO(io: FileIO, location: () => string, before: () => Promise<void>): FileIO {
  let fired = false
  return {
    ...io,
    read: async (l) => {
      if (!fired && l === location()) {
        fired = true
        await before()
      }
      return io.read(l)
    },
  }
}

async function rowCount(): Promise<number> {
  const md = (await loadTable(wh.ctx, id)).metadata
  const reader = await createParquetRowsReader()
  try {
    return await reader.count((await planScan(wh.ctx.io, md)).files.map((f) => f.file_path))
  } finally {
    reader.close()
  }
}

beforeAll(async () => {
  wh = await openTestWarehouse('stale-base')
})

afterAll(async () => {
  await wh?.close()
})

describe('commits on a base that maintenance cleaned up meanwhile', () => {
  it('an append whose parent manifest list was expired under it retries and lands', async () => {
    await ensureTable(wh.ctx, TRADES_V2_TABLE, wh.dir)
    const first = await appendRows(wh.ctx, id, batch(1, 'A'))
    const staleList = first.snapshot['manifest-list']
    let expired: readonly bigint[] = []
    const io = hookedIO(
      wh.ctx.io,
      () => staleList,
      async () => {
        // Another writer appends, and expiry removes the first snapshot and its manifest list.
        await sleep(2)
        await appendRows(wh.ctx, id, batch(2, 'B'))
        await sleep(2)
        expired = (await expireSnapshots(wh.ctx, id, { olderThanMs: Date.now(), retainLast: 1 }))
          .expiredSnapshotIds
      },
    )
    const { snapshot } = await appendRows({ ...wh.ctx, io }, id, batch(3, 'C'))
    expect(expired).toEqual([first.snapshot['snapshot-id']])
    const md = (await loadTable(wh.ctx, id)).metadata
    expect(md['current-snapshot-id']).toBe(snapshot['snapshot-id'])
    expect(md.snapshots).toHaveLength(2)
    expect(snapshot.summary['total-records']).toBe('90')
    expect(await rowCount()).toBe(90)
  })

  it('loadTable re-reads the pointer when its metadata file was deleted meanwhile', async () => {
    const small = {
      ...TRADES_V2_TABLE,
      identifier: { namespace: id.namespace, name: 'trades_short_log' },
      properties: {
        ...TRADES_V2_TABLE.properties,
        [TABLE_PROPERTIES.metadataPreviousVersionsMax]: '1',
        [TABLE_PROPERTIES.metadataDeleteAfterCommit]: 'true',
      },
    }
    const created = await ensureTable(wh.ctx, small, wh.dir)
    const io = hookedIO(
      wh.ctx.io,
      () => created.metadataLocation,
      async () => {
        // Two commits push the file out of the one-entry metadata log, and it is deleted.
        await appendRows(wh.ctx, small.identifier, batch(4, 'D'))
        await appendRows(wh.ctx, small.identifier, batch(5, 'E'))
        expect(await wh.ctx.io.exists(created.metadataLocation)).toBe(false)
      },
    )
    const table = await loadTable({ ...wh.ctx, io }, small.identifier)
    expect(table.metadataLocation).not.toBe(created.metadataLocation)
    expect(table.metadata.snapshots).toHaveLength(2)
  })
})
