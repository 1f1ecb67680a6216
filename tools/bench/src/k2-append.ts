import type { TradeV2 } from '@k2/core'
import {
  appendColumns,
  appendRows,
  createParquetWriter,
  loadTable,
  TableColumns,
  type DataFile,
  type Snapshot,
  type TableContext,
} from '@k2/iceberg'

import { BENCH_TABLE, openBenchTable } from './bench-table.js'
import {
  K2_COLUMNS_BATCH,
  type K2AppendRequest,
  type K2AppendResult,
} from './k2-append.protocol.js'
import { timeParquetWriter, type TimedParquetWriter } from './timed-parquet-writer.js'
import { generateTrades } from './trade-generator.js'

/**
 * One K2 run: generates the trades and opens catalog, file IO and Parquet writer (none of it
 * timed), then times exactly one append call (Parquet files + commit) and checks that the
 * snapshot it made holds every row. Input `rows` times `appendRows` on the trades; `columns`
 * first reads them into `TableColumns` in batches (timed apart, as `readSeconds`), lets the trades
 * go, and times `appendColumns` on the columns.
 */
export async function runK2Append(request: K2AppendRequest): Promise<K2AppendResult> {
  const generationStarted = performance.now()
  let trades: TradeV2[] | undefined = generateTrades(request)
  const generationSeconds = (performance.now() - generationStarted) / 1000
  const ctx = await openBenchTable(request.warehouse)
  const parquet = timeParquetWriter(await createParquetWriter())
  try {
    const target = { ...ctx, parquet }
    if (request.input === 'rows') {
      const rows = trades
      const timed = await timeAppend(request, parquet, () =>
        appendRows(target, BENCH_TABLE.identifier, rows),
      )
      return { ...timed, generationSeconds }
    }
    const { columns, readSeconds } = await readColumns(ctx, trades)
    // As a writer actor keeps only the columns: the trades are garbage from here (not forced).
    trades = undefined
    const timed = await timeAppend(request, parquet, () =>
      appendColumns(target, BENCH_TABLE.identifier, [{ columns }]),
    )
    return { ...timed, generationSeconds, readSeconds }
  } finally {
    await parquet.close()
    await ctx.catalog.close()
  }
}

/**
 * Reads the trades into `TableColumns` of the table as loaded now, {@link K2_COLUMNS_BATCH} at a
 * time as a writer actor receives them; only the `append` calls are timed (the batches are cut
 * before, as they would arrive already cut).
 */
async function readColumns(
  ctx: TableContext,
  trades: readonly TradeV2[],
): Promise<{ columns: TableColumns<TradeV2>; readSeconds: number }> {
  const table = await loadTable(ctx, BENCH_TABLE.identifier)
  const batches: TradeV2[][] = []
  for (let i = 0; i < trades.length; i += K2_COLUMNS_BATCH) {
    batches.push(trades.slice(i, i + K2_COLUMNS_BATCH))
  }
  const columns = new TableColumns<TradeV2>(table.metadata)
  const started = performance.now()
  for (const batch of batches) columns.append(batch)
  const readSeconds = (performance.now() - started) / 1000
  return { columns, readSeconds }
}

/** Times one append call (wall, CPU, main thread, memory) and checks its snapshot's row count. */
async function timeAppend(
  request: K2AppendRequest,
  parquet: TimedParquetWriter,
  append: () => Promise<{ snapshot: Snapshot; files: DataFile[] }>,
): Promise<Omit<K2AppendResult, 'generationSeconds' | 'readSeconds'>> {
  const rssBeforeBytes = process.memoryUsage().rss
  const cpuBefore = process.cpuUsage()
  const eluBefore = performance.eventLoopUtilization()
  const started = performance.now()
  const { snapshot, files } = await append()
  const seconds = (performance.now() - started) / 1000
  const elu = performance.eventLoopUtilization(eluBefore)
  const cpu = process.cpuUsage(cpuBefore)
  const writeSeconds = parquet.writeMillis() / 1000
  const totalRecords = Number(snapshot.summary['total-records'])
  if (totalRecords !== request.rows) {
    throw new Error(`snapshot total-records is ${totalRecords}, expected ${request.rows}`)
  }
  return {
    type: 'result',
    seconds,
    writeSeconds,
    commitSeconds: seconds - writeSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    mainThreadSeconds: elu.active / 1000,
    files: files.length,
    totalRecords,
    rssBeforeBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }
}
