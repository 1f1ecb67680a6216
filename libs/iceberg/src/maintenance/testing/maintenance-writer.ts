import { existsSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

import { errorCode } from '@k2/core'

import { createCatalog } from '../../catalog/index.js'
import { createLocalFileIO } from '../../io/index.js'
import { createParquetWriter } from '../../parquet/index.js'
import { appendRows } from '../../table/index.js'
import { TRADES_V2_TABLE } from '../../tables/index.js'
import {
  conflictCounter,
  writerBatch,
  type WriterRequest,
  type WriterResult,
} from './writer-batches.js'

/**
 * One writer process of the maintenance-under-load test: its own DuckDB Parquet writer and SQLite
 * connection, `appends` appends (see `writerBatch`) with random pauses between them, each
 * committed with the normal conflict retry while the test process compacts and expires.
 * Run: `node --import tsx maintenance-writer.ts JSON`.
 */
async function main(request: WriterRequest): Promise<WriterResult> {
  const conflicts = conflictCounter()
  const catalog = await createCatalog({ warehouse: request.warehouse })
  const parquet = await createParquetWriter({ threads: 1 })
  const ctx = { catalog, io: createLocalFileIO(), parquet, logger: conflicts.logger }
  const snapshotIds: string[] = []
  try {
    writeFileSync(request.readyFile, '')
    const deadline = Date.now() + 60_000
    while (!existsSync(request.goFile)) {
      if (Date.now() > deadline) throw new Error(`${request.worker}: no go signal within 60 s`)
      await sleep(2)
    }
    for (let i = 0; i < request.appends; i++) {
      const { snapshot } = await appendRows(
        ctx,
        TRADES_V2_TABLE.identifier,
        writerBatch(request, i),
      )
      snapshotIds.push(snapshot['snapshot-id'].toString())
      await sleep(Math.floor(Math.random() * request.maxPauseMs))
    }
  } finally {
    await parquet.close()
    await catalog.close()
  }
  return { worker: request.worker, snapshotIds, conflicts: conflicts.count() }
}

const request = JSON.parse(process.argv[2] ?? '') as WriterRequest
main(request).then(
  (result) => writeFileSync(request.resultFile, JSON.stringify(result)),
  (err: unknown) => {
    console.error(`${request.worker} failed: ${errorCode(err)} ${String(err)}`)
    process.exitCode = 1
  },
)
