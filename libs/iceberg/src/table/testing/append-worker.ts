import { existsSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

import { errorCode } from '@k2/core'

import { createCatalog } from '../../catalog/index.js'
import { generateTrades } from '../../interop/market-data-generator.js'
import { createLocalFileIO } from '../../io/index.js'
import { createParquetWriter } from '../../parquet/index.js'
import { TRADES_V2_TABLE } from '../../tables/index.js'
import { appendRows } from '../append-rows.js'

/** What the test asks one writer process to do. */
export interface AppendWorkerRequest {
  readonly worker: string
  readonly warehouse: string
  readonly appends: number
  readonly rowsPerAppend: number
  readonly readyFile: string
  readonly goFile: string
  readonly resultFile: string
}

/** What one writer process reports: the snapshot id of each of its appends, in order. */
export interface AppendWorkerResult {
  readonly worker: string
  readonly snapshotIds: readonly string[]
}

/**
 * One writer process of the concurrent-append test: its own DuckDB Parquet writer and SQLite
 * connection, `appends` appends of fresh trades (ids `<worker>-<append>-<n>`), each committed with
 * the normal conflict retry. Run: `node --import tsx append-worker.ts JSON`.
 */
async function main(request: AppendWorkerRequest): Promise<AppendWorkerResult> {
  const catalog = await createCatalog({ warehouse: request.warehouse })
  const parquet = await createParquetWriter({ threads: 1 })
  const ctx = { catalog, io: createLocalFileIO(), parquet }
  const snapshotIds: string[] = []
  try {
    writeFileSync(request.readyFile, '')
    const deadline = Date.now() + 60_000
    while (!existsSync(request.goFile)) {
      if (Date.now() > deadline) throw new Error(`${request.worker}: no go signal within 60 s`)
      await sleep(2)
    }
    for (let i = 0; i < request.appends; i++) {
      const rows = generateTrades({
        seed: i + 1,
        count: request.rowsPerAppend,
        symbols: ['BTCUSDT', 'ETHUSDT'],
        days: ['2025-06-01'],
        idPrefix: `${request.worker}-${i}`,
      })
      const { snapshot } = await appendRows(ctx, TRADES_V2_TABLE.identifier, rows, {
        summary: () => ({ 'k2.test.worker': request.worker, 'k2.test.append': String(i) }),
      })
      snapshotIds.push(snapshot['snapshot-id'].toString())
    }
  } finally {
    await parquet.close()
    await catalog.close()
  }
  return { worker: request.worker, snapshotIds }
}

const request = JSON.parse(process.argv[2] ?? '') as AppendWorkerRequest
main(request).then(
  (result) => writeFileSync(request.resultFile, JSON.stringify(result)),
  (err: unknown) => {
    console.error(`${request.worker} failed: ${errorCode(err)} ${String(err)}`)
    process.exitCode = 1
  },
)
