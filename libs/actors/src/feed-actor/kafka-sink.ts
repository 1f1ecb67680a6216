import { NOOP_LOGGER, type Logger, type TradeV2 } from '@k2/core'

import { ActorsError } from '../errors.js'
import { FLOW_GATE_DEFAULTS, FlowGate } from './flow-gate.js'
import type { ResyncReason, TradeSink, TradeSinkEvents, TradeSinkStats } from './trade-sink.js'

/**
 * The part of a Kafka producer the sink uses: the real one is `openKafkaTradeProducer`
 * (`createMarketDataProducer` over an idempotent `createRecordProducer`); tests pass fakes.
 */
export interface TradeProducer {
  /**
   * Encodes and queues one trade on its topic (key = symbol, D3). Resolves once it is queued;
   * waits while the producer's bounded queue is full; rejects once the producer has given up
   * (then no later trade is produced either, so what reached Kafka is a prefix per partition).
   */
  send(trade: TradeV2): Promise<void>
  /**
   * Encodes and queues one trade now if the producer is ready and has room; false otherwise (then
   * `send` it). Throws once the producer has given up.
   */
  offer(trade: TradeV2): boolean
  /** Resolves when everything queued so far is acknowledged; rejects if the producer gave up. */
  flush(): Promise<void>
  /** Records queued or in flight. */
  readonly pending: number
  /** Flushes (unless it failed) and disconnects. */
  close(): Promise<void>
}

/** Options of {@link createKafkaSink}. */
export interface KafkaSinkOptions {
  /** Opens a connected producer: the first one, and a fresh one after a producer gave up. */
  readonly openProducer: () => Promise<TradeProducer>
  /**
   * The committed positions of the trades table (`readSourcePositions` of trades_v2): where the
   * feed resumes. The Kafka writers drop trades at or below them (D6), so re-producing what is in
   * Kafka but not yet committed is safe.
   */
  readonly readPositions: () => Promise<ReadonlyMap<string, number>>
  /**
   * Trades handed to the producer and still waiting for room in its queue. Past this the sink
   * stops buffering (the broker is slow or down): at the feed's rate it is how long a stall is
   * absorbed before the feed resyncs instead.
   */
  readonly maxWaitingTrades: number
  /** The producer's queue bound (`K2_PRODUCER_QUEUE_MAX`), for the default watermarks. Default 0. */
  readonly producerQueueMax?: number
  /**
   * Back-pressure (with `pause`/`resume` events): the feed is paused when trades waiting plus
   * records on the producer reach this. Default `producerQueueMax + maxWaitingTrades / 2`.
   */
  readonly pauseAtTrades?: number
  /** ...and resumed when they are down to this. Default `producerQueueMax / 2`. */
  readonly resumeAtTrades?: number
  /** A pause longer than this ends in skip + resync. Default 20 s (`FLOW_GATE_DEFAULTS`). */
  readonly maxPauseMs?: number
  /** Pause between attempts to open a replacement producer (ms). Default 1,000. */
  readonly reopenDelayMs?: number
  /** True once the owner is stopping: a replacement producer is not waited for any more. */
  readonly isStopping?: () => boolean
  readonly logger?: Logger
}

/** Counters of the Kafka sink. */
export interface KafkaSinkStats extends TradeSinkStats {
  readonly transport: 'kafka'
  /** Trades waiting for room in the producer's queue now. */
  readonly waiting: number
  /** Records queued or in flight on the producer now. */
  readonly pending: number
  /** Producers opened (1 + replacements after one gave up). */
  readonly producers: number
}

/** How often a paused Kafka sink looks at its producer's queue (acks do not call it back), ms. */
const RECHECK_MS = 20

/**
 * The Kafka transport's sink (D5): produces each trade to `market.crypto.trades.binance` through
 * an idempotent producer with a bounded queue, in feed order. Memory stays bounded: the producer's
 * queue (`K2_PRODUCER_QUEUE_MAX`) plus at most `maxWaitingTrades` sends waiting for room. Its
 * first answer to a slow broker is back-pressure: past `pauseAtTrades` (waiting + queued) it
 * pauses the feed, at `resumeAtTrades` it resumes it. Past `maxWaitingTrades` anyway, after a
 * pause longer than `maxPauseMs`, or when the producer gives up, the sink skips (and counts) every further trade, waits
 * until everything in flight is acknowledged or failed, and asks for a resync; `reset` replaces a
 * failed producer. Because nothing is produced after the first skip, what reached Kafka is a
 * prefix of each stream, and the resync re-produces from the table's committed positions on.
 */
export async function createKafkaSink(
  options: KafkaSinkOptions,
  events: TradeSinkEvents,
): Promise<TradeSink> {
  if (!Number.isSafeInteger(options.maxWaitingTrades) || options.maxWaitingTrades < 1) {
    throw new ActorsError(
      'ACTORS_INVALID_OPTIONS',
      `maxWaitingTrades: ${options.maxWaitingTrades} must be an integer >= 1`,
      { context: { option: 'maxWaitingTrades' } },
    )
  }
  const logger = options.logger ?? NOOP_LOGGER
  const reopenDelayMs = options.reopenDelayMs ?? 1_000
  // Opened once the options are checked (the gate checks its watermarks when built).
  let producer: TradeProducer
  let producers = 1
  /** Sends not yet queued on the producer. */
  let waiting = 0
  const idleWaiters: Array<() => void> = []
  let degraded: ResyncReason | undefined
  /** The producer gave up: `reset` replaces it. */
  let failed = false
  let closed = false
  const counters = { forwarded: 0, skipped: 0, overloads: 0, sendFailures: 0 }
  const queueMax = options.producerQueueMax ?? 0
  const { pause, resume } = events
  const gate =
    pause === undefined || resume === undefined
      ? undefined
      : new FlowGate(
          {
            pauseAt: options.pauseAtTrades ?? queueMax + Math.ceil(options.maxWaitingTrades / 2),
            resumeAt: options.resumeAtTrades ?? Math.floor(queueMax / 2),
            maxPauseMs: options.maxPauseMs ?? FLOW_GATE_DEFAULTS.maxPauseMs,
            recheckMs: RECHECK_MS,
          },
          () => waiting + producer.pending,
          { pause, resume, expired: () => degrade('overload') },
        )
  producer = await options.openProducer()
  /** Pauses or resumes the feed on a watermark (not once degraded: skipping until a resync). */
  const flow = () => {
    if (degraded === undefined && !closed) gate?.update()
  }

  const idle = (): Promise<void> =>
    waiting === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))

  const settleOne = () => {
    waiting--
    if (waiting === 0) for (const resolve of idleWaiters.splice(0)) resolve()
    flow()
  }

  /** Every send queued or refused, then everything queued acknowledged (or the producer failed). */
  async function settled(): Promise<void> {
    await idle()
    await producer.flush().catch((err: unknown) => {
      failed = true
      logger.warn({ err: (err as Error)?.message }, 'producer gave up while draining')
    })
  }

  function degrade(why: ResyncReason): void {
    if (degraded !== undefined) return
    degraded = why
    gate?.hold()
    if (why === 'overload') counters.overloads++
    logger.warn({ event: 'sink_degraded', why, waiting }, `kafka sink stops buffering (${why})`)
    void settled().then(() => {
      if (!closed) events.needResync(failed ? 'producer-failed' : why)
    })
  }

  /** The producer refused a trade (it gave up): skip it and everything after it, then resync. */
  function sendFailed(): void {
    counters.sendFailures++
    counters.skipped++
    failed = true
    degrade('producer-failed')
  }

  async function reopen(): Promise<TradeProducer> {
    for (;;) {
      if (closed || options.isStopping?.()) {
        throw new ActorsError('ACTORS_SINK_CLOSED', 'kafka sink is closed')
      }
      try {
        const next = await options.openProducer()
        producers++
        return next
      } catch (err) {
        logger.warn({ err: (err as Error)?.message }, 'cannot open a producer; retrying')
        await new Promise((resolve) => setTimeout(resolve, reopenDelayMs))
      }
    }
  }

  return {
    transport: 'kafka',
    resumePoints: () => options.readPositions(),
    // Kafka carries no continuity claims: the writers' committed positions drop repeats (D6).
    resumeFrom: () => undefined,
    push(trade) {
      if (degraded !== undefined || closed) {
        counters.skipped++
        return
      }
      // Straight onto the producer's queue while it has room: a burst (a repaired gap's held
      // trades, a socket chunk) is encoded as it comes and fills the queue, whose level pauses
      // the feed, instead of piling up as sends that wait for their encoder. Only with nothing
      // waiting, so no trade overtakes an earlier one.
      if (waiting === 0) {
        let queued: boolean
        try {
          queued = producer.offer(trade)
        } catch {
          sendFailed()
          return
        }
        if (queued) {
          counters.forwarded++
          flow()
          return
        }
      }
      if (waiting >= options.maxWaitingTrades) {
        counters.skipped++
        degrade('overload')
        return
      }
      waiting++
      flow()
      producer.send(trade).then(
        () => {
          counters.forwarded++
          settleOne()
        },
        () => {
          sendFailed()
          settleOne()
        },
      )
    },
    async reset() {
      await settled()
      if (failed) {
        await producer.close().catch(() => undefined)
        producer = await reopen()
        failed = false
        logger.info({ producers }, 'opened a replacement producer')
      }
      degraded = undefined
      gate?.release()
    },
    async close() {
      closed = true
      gate?.hold()
      await idle()
      await producer.close()
    },
    stats(): KafkaSinkStats {
      const flowStats = gate?.stats() ?? { pauses: 0, pausedMs: 0, pauseTimeouts: 0 }
      return {
        transport: 'kafka',
        ...counters,
        ...flowStats,
        waiting,
        pending: producer.pending,
        producers,
      }
    },
  }
}
