import { defineActor } from '@k2/actor-runtime'
import {
  createBinanceAdapter,
  createFeed,
  createFeedMetricsObserver,
  type Feed,
} from '@k2/exchanges'
import { createLogger } from '@k2/telemetry'

import { deadLetterFromFeedError } from '../dead-letter/index.js'
import { createSequenceTracker, sequenceLogObserver } from '../sequence/index.js'
import { createTradeTraces } from '../tracing/index.js'
import { sourceKey } from '../writer/index.js'
import { writerProtocol } from '../writer-actor/writer.protocol.js'
import { lastTradePrices, sequenceMetricsObserver } from './feed-metrics.js'
import { openFeedOutputs } from './feed-outputs.js'
import { feedProtocol } from './feed.protocol.js'

/**
 * A feed actor (D5): runs the exchange feed for its symbols and hands the trades to its sink, the
 * writer actors (embedded) or Kafka (kafka), chosen by `init.transport`. Every start (the first,
 * after its own restart, after a writer's restart, after an overload or a lost send) resumes each
 * symbol from where the sink's destination stands (the writers' `accepted` positions, or the
 * table's committed ones), so the feed's REST gap repair fetches exactly what is missing.
 * Invalid frames go to the dead-letter path; every emitted trade goes through sequence tracking.
 * A sink whose destination falls behind first pauses the feed (back-pressure on the exchange's
 * socket) and resumes it once caught up; skip + resync is its last resort.
 */
/** Floor of the per-symbol bound derived from `maxBufferedTrades`. */
const MIN_BUFFERED_PER_SYMBOL = 1_000

export default defineActor(feedProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'feed-actor',
    actor: ctx.name,
    incarnation: ctx.incarnation,
    transport: init.transport,
  })
  const adapter = createBinanceAdapter({ streamBases: init.streamBases, restBase: init.restBase })
  const symbols = adapter.normalizeSymbols(init.symbols)
  const exchange = adapter.exchange.toUpperCase()
  let feed: Feed | undefined
  let starts = 0
  let resyncs = 0
  let deadLetterFailures = 0
  let replayed = 0
  let stopping = false
  let resyncing: Promise<Map<string, number>> | undefined
  /** Back-pressure: the sink asked to stop reading the exchange (applies to every new feed too). */
  let flowPaused = false
  // Per symbol, the sequence before the first trade this actor saw: a floor for resuming when the
  // destination has nothing of the symbol yet (its first trades were lost before being kept).
  const floor = new Map<string, number>()
  // D8: this worker's metrics, merged into the process's /metrics by the supervisor.
  const { metrics } = ctx
  const feedObserver = createFeedMetricsObserver(metrics, exchange)
  const prices = lastTradePrices(metrics)
  ctx.onMetricsCollect(() => prices.collect())
  const sequences = createSequenceTracker({
    observer: sequenceMetricsObserver(metrics, sequenceLogObserver(logger)),
  })
  // Per stream, the highest sequence checked before the last resync: trades up to it are re-emitted
  // on purpose and counted as `replayed`, not as out of order.
  const replayUpTo = new Map<string, number>()
  const streamKey = (symbol: string) => sourceKey({ exchange, symbol })
  // D8: a trace per sampled trade from its frame's receipt (off: one boolean check per trade).
  const traces = createTradeTraces(ctx.tracing)

  const outputs = await openFeedOutputs(
    init,
    {
      writer: (name) => ctx.peer(name, writerProtocol),
      logger,
      symbols,
      isStopping: () => stopping,
      onProduced: (count) => metrics.kafkaMessagesProduced.inc(count),
      traces,
    },
    {
      needResync: (why) => {
        logger.warn({ event: 'feed_resync', why }, `sink behind or lost (${why}): resyncing`)
        void resync().catch((err: unknown) => crash(err))
      },
      pause: () => {
        flowPaused = true
        feed?.pause()
      },
      resume: () => {
        flowPaused = false
        feed?.resume()
      },
    },
  )
  const { sink, deadLetters } = outputs

  /** Dies loudly (the supervisor restarts the actor, which resumes from the sink's positions). */
  const crash = (err: unknown) => {
    if (stopping) return
    setImmediate(() => {
      throw err instanceof Error ? err : new Error(String(err))
    })
  }

  async function resumePoints(): Promise<Map<string, number>> {
    const kept = await sink.resumePoints()
    const resume = new Map<string, number>()
    for (const symbol of symbols) {
      const at = kept.get(streamKey(symbol)) ?? floor.get(symbol)
      const from = at ?? (init.start === 'earliest' ? -1 : undefined)
      if (from !== undefined) resume.set(symbol, from)
    }
    return resume
  }

  async function startFeed(): Promise<Map<string, number>> {
    const resumeAfter = await resumePoints()
    sink.resumeFrom(new Map([...resumeAfter].map(([symbol, seq]) => [streamKey(symbol), seq])))
    const next = createFeed({
      adapter,
      symbols,
      logger,
      ...(init.maxBufferedTrades === undefined
        ? {}
        : {
            options: {
              maxBufferedTradesPerSymbol: Math.max(
                MIN_BUFFERED_PER_SYMBOL,
                Math.floor(init.maxBufferedTrades / symbols.length),
              ),
            },
          }),
      observer: feedObserver,
      events: {
        onTrade: ({ trade, sequence }) => {
          if (!floor.has(trade.symbol)) floor.set(trade.symbol, sequence - 1)
          const seq = trade.source_sequence
          const upTo = replayUpTo.get(sourceKey(trade))
          if (seq !== null && upTo !== undefined && seq <= upTo) replayed++
          else sequences.check(trade)
          prices.record(trade)
          if (traces.enabled) traces.received(trade)
          sink.push(trade)
        },
        onStatus: (change) => {
          logger.info({ event: 'feed_status', ...change }, `feed ${change.status}`)
          if (change.status === 'failed') {
            crash(new Error(`feed failed (${change.reason ?? 'unknown'})`))
          }
        },
        onError: (event) => {
          logger.warn(
            { event: 'feed_error', reason: event.reason, code: event.error.code, url: event.url },
            event.error.message,
          )
          const letter = deadLetterFromFeedError(event, {
            exchange,
            ...(outputs.topic === undefined ? {} : { topic: outputs.topic }),
          })
          if (letter === null) return
          deadLetters.write(letter).then(
            () => metrics.deadLetters.inc({ source: letter.source, reason: letter.reason }),
            (err: unknown) => {
              deadLetterFailures++
              logger.error(
                {
                  event: 'dead_letter_failed',
                  reason: letter.reason,
                  err: (err as Error)?.message,
                },
                'cannot store the dead letter of an invalid frame',
              )
            },
          )
        },
      },
    })
    if (flowPaused) next.pause()
    feed = next
    starts++
    await next.start({ resumeAfter })
    logger.info({ resumeAfter: Object.fromEntries(resumeAfter) }, 'feed started')
    return resumeAfter
  }

  function resync(): Promise<Map<string, number>> {
    resyncing ??= (async () => {
      try {
        resyncs++
        const old = feed
        feed = undefined
        await old?.stop()
        await sink.reset()
        for (const s of sequences.streams()) {
          if (s.lastSequence !== null) replayUpTo.set(sourceKey(s), s.lastSequence)
        }
        return await startFeed()
      } finally {
        resyncing = undefined
      }
    })()
    return resyncing
  }

  // Not awaited: in embedded mode the supervisor connects this actor to the writers once it is
  // running, and the first start asks them where to resume (calls wait for those channels).
  resyncing = startFeed()
  resyncing.then(
    () => (resyncing = undefined),
    (err: unknown) => crash(err),
  )

  return {
    handlers: {
      resync: async () => ({ resumeAfter: Object.fromEntries(await resync()) }),
      stats: () => ({
        transport: init.transport,
        starts,
        resyncs,
        deadLetters: deadLetters.count,
        deadLetterFailures,
        sequence: sequences.counts(),
        replayed,
        sink: sink.stats(),
        feed: feed?.stats() ?? null,
      }),
    },
    stop: async () => {
      stopping = true
      await resyncing?.catch(() => undefined)
      await feed?.stop()
      await outputs.close()
      // The feed's own counters too (per symbol: gaps, REST backfill, held-trade overflow; pauses,
      // reconnects, REST rate limits): what a run cost, in one line at the end.
      const last = feed?.stats()
      logger.info(
        {
          ...sink.stats(),
          sequence: sequences.counts(),
          ...(last === undefined
            ? {}
            : {
                feed: {
                  symbols: last.symbols,
                  pause: last.pause,
                  repairHold: last.repairHold,
                  reconnects: last.reconnects,
                  rest: last.rest,
                },
              }),
        },
        'feed actor stopped',
      )
    },
  }
})
