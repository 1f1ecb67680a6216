import { defineActor } from '@k2/actor-runtime'
import { createCatalog, createLocalFileIO, createParquetWriter, TRADES_V2_TABLE } from '@k2/iceberg'
import { createLogger } from '@k2/telemetry'

import { ActorsError } from '../errors.js'
import { createTradeTraces } from '../tracing/index.js'
import { decodeTracedTradeBatch } from '../transport/index.js'
import { createTradeBatchWriter } from '../writer/index.js'
import { writerMetricsObserver } from './writer-metrics.js'
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
 * resume from there. When the table's schema changes under its buffered rows it crashes on
 * purpose (`ACTORS_WRITER_FAILED`), which is that restart.
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
  // D8: consume spans of sampled trades, Parquet write and commit spans of batches holding them.
  const traces = createTradeTraces(ctx.tracing)
  let received = 0
  let committedRows = 0
  let commits = 0
  const writer = await createTradeBatchWriter({
    catalog,
    io: createLocalFileIO(),
    table: TRADES_V2_TABLE.identifier,
    policy: init.policy,
    logger,
    // The table changed under the buffered rows (ACTORS_WRITER_FAILED): crash, so that the
    // supervisor restarts this actor (reading the table again) and the feeds resync from it.
    onFailed: (error) => {
      setImmediate(() => {
        throw error
      })
    },
    ...traces.batchSpans(
      parquet,
      writerMetricsObserver(ctx.metrics, {
        rowsWritten: (_table, rows) => {
          committedRows += rows
          commits++
          // A crash after this commit must not lose its rows from the process's totals.
          ctx.publishMetrics()
        },
      }),
    ),
  })
  let admission: Promise<void> = Promise.resolve()
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
        // One batch at a time, and only while the writer has room: batches that wait stay in
        // their compact transferred form (~470 bytes a trade) instead of decoded trades (~1.7 KiB).
        const admitted = admission.then(async () => {
          await writer.whenRoom()
          requireContinuity(writer.accepted(), after)
          const { trades, traces: sampled } = decodeTracedTradeBatch(batch)
          if (sampled.length > 0) traces.consumed(trades, sampled, { 'k2.writer': ctx.name })
          received += trades.length
          return { rows: trades.length, commit: writer.add(trades) }
        })
        admission = admitted.then(
          () => undefined,
          () => undefined,
        )
        const { rows, commit } = await admitted
        await commit
        const ms = performance.now() - started
        if (ms > SLOW_WRITE_MS) {
          logger.warn({ event: 'slow_write', ms: Math.round(ms), rows }, 'slow write')
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
