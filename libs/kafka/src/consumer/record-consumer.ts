import type { Consumer, Kafka, KafkaMessage } from 'kafkajs'

import { NOOP_LOGGER, K2Error, type Logger } from '@k2/core'

import { readHeaders } from '../client/index.js'
import { KafkaError } from '../errors.js'

/** A decoded record with where it came from. */
export interface ConsumedRecord<T> {
  readonly topic: string
  readonly partition: number
  /** Kafka offset (int64 as a decimal string, as kafkajs gives it). */
  readonly offset: string
  readonly key: string | null
  readonly headers: Readonly<Record<string, string>>
  /** Broker timestamp, ms since the epoch, as a string. */
  readonly timestamp: string
  readonly value: T
}

/** A record that could not be decoded: reported with its position and bytes, never dropped silently. */
export interface UndecodableRecord {
  readonly topic: string
  readonly partition: number
  readonly offset: string
  readonly key: string | null
  readonly headers: Readonly<Record<string, string>>
  readonly bytes: Buffer
  readonly error: K2Error
}

/** One fetched batch of one partition, in offset order. */
export interface ConsumedBatch<T> {
  readonly topic: string
  readonly partition: number
  readonly records: readonly ConsumedRecord<T>[]
  readonly failures: readonly UndecodableRecord[]
  /** Offset of the last message of the batch (decoded or not). */
  readonly lastOffset: string
  readonly highWatermark: string
}

/** Options of {@link createRecordConsumer}. */
export interface RecordConsumerOptions<T> {
  readonly kafka: Kafka
  readonly groupId: string
  readonly topics: readonly string[]
  /** Where a group without committed offsets starts. */
  readonly fromBeginning?: boolean
  /** Decodes one message value of `topic`. */
  readonly decode: (topic: string, bytes: Buffer) => Promise<T>
  /** Handles a batch; offsets are committed only after it resolves. */
  readonly onBatch: (batch: ConsumedBatch<T>) => Promise<void>
  readonly logger?: Logger
  readonly sessionTimeoutMs?: number
}

/** A consumer-group member that decodes batches and commits after they are handled. */
export interface RecordConsumer {
  start(): Promise<void>
  stop(): Promise<void>
  /** The underlying kafkajs consumer, for seeking and group events. */
  readonly consumer: Consumer
}

/**
 * Creates a consumer in group `groupId` for `topics`. Each fetched batch is decoded record by
 * record; a record that fails to decode becomes an {@link UndecodableRecord} (logged with
 * topic/partition/offset and handed to `onBatch`) instead of stopping the partition. Offsets are
 * resolved and committed only after `onBatch` succeeds, so a crash re-delivers the batch.
 */
export function createRecordConsumer<T>(options: RecordConsumerOptions<T>): RecordConsumer {
  const logger = (options.logger ?? NOOP_LOGGER).child({
    component: 'kafka-consumer',
    groupId: options.groupId,
  })
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    allowAutoTopicCreation: false,
  })

  async function decodeOne(
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<ConsumedRecord<T> | UndecodableRecord> {
    const key = message.key === null ? null : message.key.toString('utf8')
    const headers = readHeaders(message.headers)
    const bytes = message.value ?? Buffer.alloc(0)
    try {
      const value = await options.decode(topic, bytes)
      return {
        topic,
        partition,
        offset: message.offset,
        key,
        headers,
        timestamp: message.timestamp,
        value,
      }
    } catch (err) {
      const error =
        err instanceof K2Error
          ? err
          : new KafkaError('KAFKA_DECODE_FAILED', (err as Error)?.message ?? String(err), {
              cause: err,
            })
      logger.warn(
        { topic, partition, offset: message.offset, code: error.code, err: error.message },
        'undecodable record',
      )
      return { topic, partition, offset: message.offset, key, headers, bytes, error }
    }
  }

  return {
    consumer,
    async start() {
      await consumer.connect()
      await consumer.subscribe({
        topics: [...options.topics],
        fromBeginning: options.fromBeginning ?? false,
      })
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        eachBatch: async ({
          batch,
          resolveOffset,
          heartbeat,
          commitOffsetsIfNecessary,
          isRunning,
          isStale,
        }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return
          const records: ConsumedRecord<T>[] = []
          const failures: UndecodableRecord[] = []
          for (const message of batch.messages) {
            const r = await decodeOne(batch.topic, batch.partition, message)
            if ('error' in r) failures.push(r)
            else records.push(r)
          }
          await options.onBatch({
            topic: batch.topic,
            partition: batch.partition,
            records,
            failures,
            lastOffset: batch.lastOffset(),
            highWatermark: batch.highWatermark,
          })
          resolveOffset(batch.lastOffset())
          await commitOffsetsIfNecessary()
          await heartbeat()
        },
      })
    },
    async stop() {
      await consumer.disconnect()
    },
  }
}
