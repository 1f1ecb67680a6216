import { defineActor } from '@k2/actor-runtime'
import {
  compactTable,
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  type DuckdbParquetWriter,
  expireSnapshots,
  formatTableIdentifier,
  QUOTES_V2_TABLE,
  TRADES_V2_TABLE,
} from '@k2/iceberg'
import { createLogger } from '@k2/telemetry'

import { compactorProtocol, type MaintenanceRound } from './compactor.protocol.js'

/** Tables the compactor keeps healthy: the streaming ones, where small files pile up. */
const TABLES = [TRADES_V2_TABLE.identifier, QUOTES_V2_TABLE.identifier]

/**
 * The compactor actor (D5): every `intervalMs`, per table, compacts small files into sorted large
 * ones (D4) and expires snapshots older than `snapshotRetentionMs`, deleting files no snapshot
 * references. Both are safe while writers commit; a failed step is logged and retried next round.
 * It is the only expiry of a process (expiry must run one at a time per table).
 */
export default defineActor(compactorProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'compactor-actor',
    actor: ctx.name,
  })
  const catalog = await createCatalog({ uri: init.catalogUri, warehouse: init.warehouse })
  const io = createLocalFileIO()
  let rounds = 0
  let last: readonly MaintenanceRound[] | null = null
  let running: Promise<readonly MaintenanceRound[]> = Promise.resolve([])
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  /** The rewriter of the round under way: a stop interrupts its DuckDB (D5: stop within 10 s). */
  let rewriting: DuckdbParquetWriter | undefined

  async function roundFor(
    identifier: (typeof TABLES)[number],
    tableCtx: Parameters<typeof compactTable>[0],
  ): Promise<MaintenanceRound> {
    const table = formatTableIdentifier(identifier)
    let compaction: MaintenanceRound['compaction'] = 'failed'
    let filesRewritten = 0
    let filesAdded = 0
    let expiredSnapshots = 0
    let deletedDataFiles = 0
    const errors: string[] = []
    try {
      const c = await compactTable(tableCtx, identifier)
      compaction = c.status
      filesRewritten = c.filesRewritten
      filesAdded = c.filesAdded
    } catch (err) {
      errors.push(`compaction: ${(err as Error).message}`)
    }
    try {
      const e = await expireSnapshots(tableCtx, identifier, {
        olderThanMs: Date.now() - init.snapshotRetentionMs,
      })
      expiredSnapshots = e.expiredSnapshotIds.length
      deletedDataFiles = e.deletedDataFiles
    } catch (err) {
      errors.push(`expiry: ${(err as Error).message}`)
    }
    const round: MaintenanceRound = {
      table,
      compaction,
      filesRewritten,
      filesAdded,
      expiredSnapshots,
      deletedDataFiles,
      error: errors.length === 0 ? null : errors.join('; '),
    }
    const level = round.error === null ? 'info' : 'warn'
    if (round.error !== null || filesRewritten > 0 || expiredSnapshots > 0) {
      logger[level]({ event: 'maintenance', ...round }, `maintenance of ${table}`)
    }
    return round
  }

  const runRound = (): Promise<readonly MaintenanceRound[]> => {
    running = running.then(async () => {
      const out: MaintenanceRound[] = []
      // A Parquet rewriter (its DuckDB) per round, closed after it: DuckDB keeps its buffer pool
      // until closed (~160 MB more RSS after each round of a long run, measured).
      const parquet = await createParquetWriter({
        ...(init.duckdbThreads === undefined ? {} : { threads: init.duckdbThreads }),
        ...(init.duckdbMemoryLimit === undefined ? {} : { memoryLimit: init.duckdbMemoryLimit }),
      })
      rewriting = parquet
      try {
        for (const identifier of TABLES) {
          if (stopped) break
          out.push(await roundFor(identifier, { catalog, io, logger, parquet }))
        }
      } finally {
        rewriting = undefined
        await parquet.close()
      }
      rounds++
      last = out
      return out
    })
    return running
  }

  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      void runRound().finally(schedule)
    }, init.intervalMs)
  }
  schedule()

  return {
    handlers: {
      runNow: () => runRound(),
      stats: () => ({ rounds, last }),
    },
    stop: async () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
      // A rewrite of a million rows takes seconds on one DuckDB thread; waiting for it could
      // outlast the stop timeout, and terminating a worker inside a DuckDB call aborts the
      // process. Interrupted, the compaction fails without a commit and leaves no new file.
      rewriting?.interrupt()
      await running.catch(() => undefined)
      await catalog.close()
    },
  }
})
