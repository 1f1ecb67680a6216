import { defineActor } from '@k2/actor-runtime'
import { createCatalog, createLocalFileIO, createParquetWriter, TRADES_V2_TABLE } from '@k2/iceberg'
import { createLogger } from '@k2/telemetry'

import { ActorsError } from '../errors.js'
import { decodeTradeBatch } from '../transport/index.js'
import { createTradeBatchWriter } from '../writer/index.js'
import { writerProtocol } from './writer.protocol.js'

/**
 * Refuses a batch that does not follow on from what this writer holds: for some stream, the trade
 * the sender sent before it is above `accepted` (lost with an earlier incarnation of this writer).
 */
function requireContinuity(
  accepted: ReadonlyMap<string, number>,
  after: Readonly<Record<string, number>>,
): void {
  for (const [key, previous] of Object.entries(after)) {
    const held = accepted.get(key)
    // Nothing held: a stream new to this session (the session check covers a restart).
    if (held !== undefined && held < previous) {
      throw new ActorsError(
        'ACTORS_STREAM_GAP',
        `batch for ${key} follows ${previous}, but this writer holds up to ${held}`,
        { context: { stream: key, after: previous, accepted: held } },
      )
    }
  }
}

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
      write: async ({ batch, session, after }) => {
        const started = performance.now()
        if (session !== ctx.incarnation) {
          throw new ActorsError(
            'ACTORS_STALE_SESSION',
            `batch for writer session ${session}, but this is session ${ctx.incarnation}`,
            { context: { session, current: ctx.incarnation } },
          )
        }
        requireContinuity(writer.accepted(), after)
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
      accepted: () => ({
        session: ctx.incarnation,
        positions: Object.fromEntries(writer.accepted()),
      }),
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
