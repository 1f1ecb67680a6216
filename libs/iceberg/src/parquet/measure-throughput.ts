/**
 * Measures the Parquet writer end to end: `tsx libs/iceberg/src/parquet/measure-throughput.ts
 * [rows=1000000] [runs=3] [threads=DuckDB default] [zstd level=DuckDB default] [order=shuffled]`.
 * Writes `rows` fixture trades (3 days, 5 symbols; `order` `time` sorts them by timestamp first,
 * as a live batch arrives) partitioned by day and sorted by (symbol, timestamp) into a temporary
 * directory, `runs` times with one writer, and prints wall time, rows/s and the process CPU time
 * of each run. Building the trades is not timed. The real benchmark belongs in tools/bench; this
 * script made the numbers in README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createTrade } from '@k2/core'

import { createParquetWriter } from './parquet-writer.js'
import { BY_TIMESTAMP_DAY, makeTrades, TRADES_SCHEMA } from './trades-fixture.js'

const [count, runs, threads, level] = [2, 3, 4, 5].map((i) => {
  const arg = process.argv[i]
  return arg === undefined || arg === '' ? undefined : Number(arg)
})
// A live batch arrives in time order and is allocated in that order: re-create the sorted trades
// so that memory order matches too (sorting alone would leave them scattered in the heap).
const rows =
  process.argv[6] === 'time'
    ? makeTrades(count ?? 1_000_000)
        .sort((a, b) => a.timestamp - b.timestamp)
        .map((t) => createTrade(t))
    : makeTrades(count ?? 1_000_000)
const directory = await mkdtemp(join(tmpdir(), 'k2-parquet-measure-'))
const writer = await createParquetWriter({ threads, compressionLevel: level })
try {
  for (let run = 1; run <= (runs ?? 3); run++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    const files = await writer.write({
      rows,
      schema: TRADES_SCHEMA,
      directory: join(directory, `run-${run}`),
      sortOrder: ['symbol', 'timestamp'],
      partition: BY_TIMESTAMP_DAY,
    })
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const bytes = files.reduce((sum, f) => sum + f.fileSizeInBytes, 0n)
    console.log(
      `run ${run}: ${rows.length} rows, ${files.length} files, ${(Number(bytes) / 1e6).toFixed(1)} MB in ` +
        `${seconds.toFixed(3)} s = ${Math.round(rows.length / seconds)} rows/s ` +
        `(cpu user ${(used.user / 1e6).toFixed(2)} s, system ${(used.system / 1e6).toFixed(2)} s)`,
    )
  }
} finally {
  await writer.close()
  await rm(directory, { recursive: true, force: true })
}
