import { appendRows, createParquetWriter } from '@k2/iceberg'

import { BENCH_TABLE, openBenchTable } from './bench-table.js'
import type { K2AppendRequest, K2AppendResult } from './k2-append.protocol.js'
import { timeParquetWriter } from './timed-parquet-writer.js'
import { generateTrades } from './trade-generator.js'

/**
 * One K2 run: generates the trades and opens catalog, file IO and Parquet writer (none of it
 * timed), then times exactly one `appendRows` call (Parquet files + commit) and checks that the
 * snapshot it made holds every row.
 */
export async function runK2Append(request: K2AppendRequest): Promise<K2AppendResult> {
  const generationStarted = performance.now()
  const trades = generateTrades(request)
  const generationSeconds = (performance.now() - generationStarted) / 1000
  const ctx = await openBenchTable(request.warehouse)
  const parquet = timeParquetWriter(await createParquetWriter())
  try {
    const rssBeforeBytes = process.memoryUsage().rss
    const cpuBefore = process.cpuUsage()
    const eluBefore = performance.eventLoopUtilization()
    const started = performance.now()
    const { snapshot, files } = await appendRows(
      { ...ctx, parquet },
      BENCH_TABLE.identifier,
      trades,
    )
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
      generationSeconds,
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
  } finally {
    await parquet.close()
    await ctx.catalog.close()
  }
}
