import { defineActor } from '@k2/actor-runtime'
import { createBinanceAdapter, createFeed, type Feed } from '@k2/exchanges'
import { errorCode } from '@k2/core'
import { createLogger } from '@k2/telemetry'

import { writerIndexFor } from '../transport/index.js'
import { sourceKey } from '../writer/index.js'
import { writerProtocol } from '../writer-actor/writer.protocol.js'
import { feedProtocol } from './feed.protocol.js'
import { TradeForwarder } from './trade-forwarder.js'

/** A writer that died under a call: ask again once it is back. */
function isWriterGone(err: unknown): boolean {
  const code = errorCode(err)
  return code === 'ACTOR_CHANNEL_CLOSED' || code === 'ACTOR_DIED'
}

/** How long a resync waits for a writer to answer (it may be restarting). */
const ACCEPTED_TIMEOUT_MS = 60_000

/**
 * A feed actor (D5) in the embedded transport: runs the exchange feed for its symbols and forwards
 * the trades to the writer actors that own them, in batches with back-pressure. Every start (the
 * first, after its own restart, after a writer's restart, after an overload) resumes each symbol
 * from the writers' `accepted` position, so the feed's REST gap repair fetches exactly what the
 * writers are missing: nothing lost, nothing repeated.
 */
export default defineActor(feedProtocol, async (ctx) => {
  const { init } = ctx
  const logger = createLogger({ level: init.logLevel as 'info' }).child({
    component: 'feed-actor',
    actor: ctx.name,
    incarnation: ctx.incarnation,
  })
  const adapter = createBinanceAdapter({ streamBases: init.streamBases, restBase: init.restBase })
  const symbols = adapter.normalizeSymbols(init.symbols)
  const writers = init.writers.map((name) => ctx.peer(name, writerProtocol))
  let feed: Feed | undefined
  let starts = 0
  let resyncs = 0
  let deadLetters = 0
  let stopping = false
  let resyncing: Promise<Map<string, number>> | undefined
  // Per symbol, the sequence before the first trade this actor saw: a floor for resuming when no
  // writer has the symbol yet (its first batch died with a writer before any commit).
  const floor = new Map<string, number>()

  const forwarder = new TradeForwarder(
    {
      writers: writers.length,
      route: (symbol) => writerIndexFor(symbol, writers.length),
      batchMaxTrades: init.batchMaxTrades,
      batchMaxDelayMs: init.batchMaxDelayMs,
      maxInFlightBatches: init.maxInFlightBatches,
    },
    (w, batch, after) =>
      writers[w]!.call(
        'write',
        { batch, after, session: sessions.get(w) ?? -1 },
        { transfer: [batch] },
      ),
    {
      needResync: (why) => {
        logger.warn({ event: 'feed_resync', why }, `writers behind or lost (${why}): resyncing`)
        void resync().catch((err: unknown) => crash(err))
      },
    },
  )

  /** Dies loudly (the supervisor restarts the actor, which resumes from the writers). */
  const crash = (err: unknown) => {
    if (stopping) return
    setImmediate(() => {
      throw err instanceof Error ? err : new Error(String(err))
    })
  }

  /** Per writer, the session its last `accepted` answer gave (sent with every batch). */
  const sessions = new Map<number, number>()
  const streamKey = (symbol: string) =>
    sourceKey({ exchange: adapter.exchange.toUpperCase(), symbol })

  /** The writers owning this actor's symbols (a resync asks only them). */
  const owners = [...new Set(symbols.map((s) => writerIndexFor(s, writers.length)))]

  /**
   * A writer's `accepted` positions. A call pending when the writer dies is rejected with
   * `ACTOR_CHANNEL_CLOSED`; asking again waits for the restarted writer's channel.
   */
  async function acceptedOf(
    w: number,
  ): Promise<{ session: number; positions: Record<string, number> }> {
    const deadline = Date.now() + ACCEPTED_TIMEOUT_MS
    for (;;) {
      try {
        return await writers[w]!.call('accepted', null, {
          timeoutMs: Math.max(1, deadline - Date.now()),
        })
      } catch (err) {
        if (!isWriterGone(err) || Date.now() >= deadline || stopping) throw err
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }

  async function resumePoints(): Promise<Map<string, number>> {
    const answers = new Map<number, Record<string, number>>()
    for (const w of owners) {
      const { session, positions } = await acceptedOf(w)
      sessions.set(w, session)
      answers.set(w, positions)
    }
    const resume = new Map<string, number>()
    for (const symbol of symbols) {
      const key = streamKey(symbol)
      const owner = answers.get(writerIndexFor(symbol, writers.length))!
      const at = owner[key] ?? floor.get(symbol) ?? (init.start === 'earliest' ? -1 : undefined)
      if (at !== undefined) resume.set(symbol, at)
    }
    return resume
  }

  async function startFeed(): Promise<Map<string, number>> {
    const resumeAfter = await resumePoints()
    forwarder.resumeFrom(
      new Map([...resumeAfter].map(([symbol, seq]) => [streamKey(symbol), seq] as const)),
    )
    const next = createFeed({
      adapter,
      symbols,
      logger,
      events: {
        onTrade: ({ trade, sequence }) => {
          if (!floor.has(trade.symbol)) floor.set(trade.symbol, sequence - 1)
          forwarder.push(trade)
        },
        onStatus: (change) => {
          logger.info({ event: 'feed_status', ...change }, `feed ${change.status}`)
          if (change.status === 'failed') {
            crash(new Error(`feed failed (${change.reason ?? 'unknown'})`))
          }
        },
        onError: (event) => {
          if (event.reason === 'invalid_frame') deadLetters++
          logger.warn(
            { event: 'feed_error', reason: event.reason, code: event.error.code, url: event.url },
            event.error.message,
          )
        },
      },
    })
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
        await forwarder.reset()
        return await startFeed()
      } finally {
        resyncing = undefined
      }
    })()
    return resyncing
  }

  // Not awaited: the supervisor connects this actor to the writers once it is running, and the
  // first start asks them where to resume (calls wait for those channels).
  resyncing = startFeed()
  resyncing.then(
    () => (resyncing = undefined),
    (err: unknown) => crash(err),
  )

  return {
    handlers: {
      resync: async () => ({ resumeAfter: Object.fromEntries(await resync()) }),
      stats: () => ({
        starts,
        resyncs,
        deadLetters,
        forwarder: forwarder.stats(),
        feed: feed?.stats() ?? null,
      }),
    },
    stop: async () => {
      stopping = true
      await resyncing?.catch(() => undefined)
      await feed?.stop()
      await forwarder.drain()
      forwarder.close()
      logger.info({ ...forwarder.stats() }, 'feed actor stopped')
    },
  }
})
