import type { Client } from '@k2/actor-runtime'
import type { Logger } from '@k2/core'
import { createCatalog, createLocalFileIO, loadTable, TRADES_V2_TABLE } from '@k2/iceberg'
import { createKafkaClient, createRecordProducer } from '@k2/kafka'

import {
  kafkaDeadLetters,
  openJsonlDeadLetters,
  type DeadLetterSink,
} from '../dead-letter/index.js'
import { readSourcePositions } from '../writer/index.js'
import type { WriterMethods } from '../writer-actor/writer.protocol.js'
import type { TradeTraces } from '../tracing/index.js'
import type { EmbeddedFeedInit, FeedInit, KafkaFeedInit } from './feed.protocol.js'
import { createKafkaSink } from './kafka-sink.js'
import { openKafkaTradeProducer } from './kafka-trade-producer.js'
import type { TradeSink, TradeSinkEvents } from './trade-sink.js'
import { createWriterSink } from './writer-sink.js'

/** Where a feed actor's output goes, built from its init. */
export interface FeedOutputs {
  readonly sink: TradeSink
  /** Invalid frames: JSONL files (embedded) or `{topic}.dlq` (kafka). */
  readonly deadLetters: DeadLetterSink
  /** Kafka mode: the trades topic (a dead letter names it, so it goes to `{topic}.dlq`). */
  readonly topic: string | undefined
  /** After the feed stopped: delivers what the sink holds, then closes everything. */
  close(): Promise<void>
}

/** What building the outputs needs from the actor. */
export interface FeedOutputDeps {
  /** A peer writer actor's client (`ctx.peer(name, writerProtocol)`). */
  readonly writer: (name: string) => Client<WriterMethods>
  readonly logger: Logger
  /** The feed's symbols, as the adapter normalised them. */
  readonly symbols: readonly string[]
  /** True once the actor is stopping. */
  readonly isStopping: () => boolean
  /** Kafka mode: `count` trades acknowledged by Kafka (`k2_kafka_messages_produced_total`). */
  readonly onProduced?: (count: number) => void
  /** Traces of sampled trades (D8): batch entries (embedded), produce spans and headers (kafka). */
  readonly traces?: TradeTraces
}

/** Builds the sink and dead-letter path of the feed's transport (D5, D6). */
export function openFeedOutputs(
  init: FeedInit,
  deps: FeedOutputDeps,
  events: TradeSinkEvents,
): Promise<FeedOutputs> {
  return init.transport === 'kafka'
    ? openKafkaOutputs(init, deps, events)
    : Promise.resolve(embeddedOutputs(init, deps, events))
}

function embeddedOutputs(
  init: EmbeddedFeedInit,
  deps: FeedOutputDeps,
  events: TradeSinkEvents,
): FeedOutputs {
  const writers = init.writers.map((name) => deps.writer(name))
  const sink = createWriterSink(
    {
      link: {
        writers: writers.length,
        write: (w, request) => writers[w]!.call('write', request, { transfer: [request.batch] }),
        accepted: (w, timeoutMs) => writers[w]!.call('accepted', null, { timeoutMs }),
      },
      symbols: deps.symbols,
      batchMaxTrades: init.batchMaxTrades,
      batchMaxDelayMs: init.batchMaxDelayMs,
      maxInFlightBatches: init.maxInFlightBatches,
      maxPauseMs: init.maxPauseMs,
      isStopping: deps.isStopping,
      ...(deps.traces?.enabled ? { traceOf: deps.traces.traceOf } : {}),
    },
    events,
  )
  const deadLetters = openJsonlDeadLetters(init.deadLetterDir)
  return {
    sink,
    deadLetters,
    topic: undefined,
    async close() {
      try {
        await sink.close()
      } finally {
        await deadLetters.close()
      }
    },
  }
}

/** Records a dead-letter producer may queue (invalid frames are rare; each write is flushed). */
const DEAD_LETTER_QUEUE_MAX = 1_000

async function openKafkaOutputs(
  init: KafkaFeedInit,
  deps: FeedOutputDeps,
  events: TradeSinkEvents,
): Promise<FeedOutputs> {
  const { logger } = deps
  const kafka = createKafkaClient({
    brokers: init.kafka.brokers,
    clientId: init.kafka.clientId,
    logger,
  })
  const catalog = await createCatalog({ uri: init.catalogUri, warehouse: init.warehouse })
  const ctx = { catalog, io: createLocalFileIO(), logger }
  // Its own producer: a dead letter's flush must not wait for the trades queued on the other.
  const dlqProducer = createRecordProducer({
    kafka,
    queueMax: DEAD_LETTER_QUEUE_MAX,
    batchMax: 100,
    compression: init.kafka.compression,
    logger,
  })
  try {
    await dlqProducer.connect()
    const sink = await createKafkaSink(
      {
        openProducer: () =>
          openKafkaTradeProducer(
            kafka,
            init.topic,
            init.kafka,
            logger,
            deps.onProduced,
            deps.traces,
          ),
        readPositions: async () =>
          readSourcePositions(await loadTable(ctx, TRADES_V2_TABLE.identifier)),
        maxWaitingTrades: init.maxWaitingTrades,
        producerQueueMax: init.kafka.producerQueueMax,
        maxPauseMs: init.maxPauseMs,
        isStopping: deps.isStopping,
        logger,
      },
      events,
    )
    const deadLetters = kafkaDeadLetters(dlqProducer)
    return {
      sink,
      deadLetters,
      topic: init.topic,
      async close() {
        try {
          await sink.close()
        } finally {
          await deadLetters.close().catch(() => undefined)
          await dlqProducer.disconnect().catch(() => undefined)
          await catalog.close()
        }
      },
    }
  } catch (err) {
    await dlqProducer.disconnect().catch(() => undefined)
    await catalog.close()
    throw err
  }
}
