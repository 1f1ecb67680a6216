import { defineActor } from '@k2/actor-runtime'
import { createCatalog, createLocalFileIO, createParquetWriter, TRADES_V2_TABLE } from '@k2/iceberg'
import { createLogger } from '@k2/telemetry'

import { decodeTradeBatch } from '../transport/index.js'
import { createTradeBatchWriter } from '../writer/index.js'
import { writerProtocol } from './writer.protocol.js'

/** A `write` slower than this is logged: feeds stop buffering when writers fall behind. */
const SLOW_WRITE_MS = 250

/**
 * A writer actor (D5) in the embedded transport: receives trade batches from feed actors over
 * their channels and lands them in `market_data.trades_v2` with the exactly-once batch writer
 * (D6). On a restart it reads the committed positions from the table; feeds ask `accepted` and
 * resume from there.
 */
export default defineActor(writerProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'writer-actor',
    actor: ctx.name,
    incarnation: ctx.incarnation,
  })
  const catalog = await createCatalog({ uri: init.catalogUri, warehouse: init.warehouse })
  const parquet = await createParquetWriter()
  let received = 0
  let committedRows = 0
  let commits = 0
  const writer = await createTradeBatchWriter({
    catalog,
    io: createLocalFileIO(),
    parquet,
    table: TRADES_V2_TABLE.identifier,
    policy: init.policy,
    logger,
    observer: {
      rowsWritten: (_table, rows) => {
        committedRows += rows
        commits++
      },
    },
  })
  logger.info({ streams: writer.positions().size }, 'writer actor running')
  return {
    handlers: {
      write: async ({ batch }) => {
        const started = performance.now()
        const trades = await decodeTradeBatch(batch)
        received += trades.length
        await writer.add(trades)
        const ms = performance.now() - started
        if (ms > SLOW_WRITE_MS) {
          logger.warn(
            { event: 'slow_write', ms: Math.round(ms), rows: trades.length },
            'slow write',
          )
        }
        return { buffered: writer.buffered().rows }
      },
      accepted: () => Object.fromEntries(writer.accepted()),
      flush: async () => ({ rows: (await writer.flush())?.rows ?? 0 }),
      stats: () => ({ received, committedRows, commits, bufferedRows: writer.buffered().rows }),
    },
    stop: async () => {
      await writer.close()
      await parquet.close()
      await catalog.close()
      logger.info({ committedRows, commits }, 'writer actor stopped')
    },
  }
})
