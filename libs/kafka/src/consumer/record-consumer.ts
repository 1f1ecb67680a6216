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

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

/** A position in a partition: the offset of the next record to read. */
export interface PartitionOffset extends TopicPartition {
  readonly offset: bigint
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
  /** Handles a batch; offsets are committed only after it resolves (see `groupOffsets`). */
  readonly onBatch: (batch: ConsumedBatch<T>) => Promise<void>
  /**
   * Who moves the group's committed offsets:
   * - `after-batch` (default): each batch's offsets are committed after `onBatch` resolves, so a
   *   crash re-delivers at most the batches in flight (at-least-once).
   * - `manual`: after `onBatch` resolves the consumer only moves its fetch position past the batch
   *   (unless the handler called `seek` for that partition); group offsets move only through
   *   {@link RecordConsumer.commitOffsets}. For handlers that keep their positions elsewhere
   *   (D6: in the Iceberg table) and commit group offsets for lag monitoring.
   */
  readonly groupOffsets?: 'after-batch' | 'manual'
  /**
   * Called after every group join (the first and each rebalance) with the partitions this member
   * now owns, before any batch of the new assignment is handed to `onBatch`. Not awaited: a
   * handler that must finish work first should order it before its batches itself.
   */
  readonly onAssigned?: (assignment: readonly TopicPartition[]) => void
  readonly logger?: Logger
  readonly sessionTimeoutMs?: number
  /**
   * Longest a fetch waits for new records (kafkajs `maxWaitTimeInMs`, default 500 ms here, 5 s in
   * kafkajs): `stop()` waits for the fetch in flight, so this bounds how long leaving the group takes.
   */
  readonly maxWaitTimeMs?: number
  /**
   * Bytes a fetch waits for (up to `maxWaitTimeMs`) before the broker answers (kafkajs
   * `minBytes`, default 1: answer with whatever is there). Larger values trade up to
   * `maxWaitTimeMs` of latency on a quiet topic for far fewer, fuller fetches on a busy one.
   */
  readonly minBytes?: number
}

/** A consumer-group member that decodes batches and commits after they are handled. */
export interface RecordConsumer {
  start(): Promise<void>
  /** Stops fetching, leaves the group and disconnects. */
  stop(): Promise<void>
  /**
   * Makes the next fetch of the partition start at `offset` (applied before the next fetch;
   * batches already fetched are still handed over: handlers check their positions). Throws
   * `KAFKA_CONSUMER_NOT_RUNNING` before `start`.
   */
  seek(position: PartitionOffset): void
  /**
   * Commits these group offsets (the offset of the next record to read per partition). Throws
   * `KAFKA_OFFSET_COMMIT_FAILED` (retriable) when the coordinator refuses, e.g. mid-rebalance.
   */
  commitOffsets(offsets: readonly PartitionOffset[]): Promise<void>
  /** Stops fetching every subscribed topic (the member stays in the group) until `resume`. */
  pause(): void
  /** Resumes fetching after {@link RecordConsumer.pause}. */
  resume(): void
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
  const manual = options.groupOffsets === 'manual'
  let running = false
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
    ...(options.minBytes === undefined ? {} : { minBytes: options.minBytes }),
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

  const requireRunning = (operation: string) => {
    if (!running) {
      throw new KafkaError(
        'KAFKA_CONSUMER_NOT_RUNNING',
        `${operation}: the consumer of group ${options.groupId} is not running`,
        { context: { groupId: options.groupId, operation } },
      )
    }
  }
  const allTopics = () => options.topics.map((topic) => ({ topic }))

  if (options.onAssigned) {
    const onAssigned = options.onAssigned
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assignment = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      )
      logger.info({ assignment }, 'partitions assigned')
      onAssigned(assignment)
    })
  }

  return {
    consumer,
    seek({ topic, partition, offset }) {
      requireRunning('seek')
      consumer.seek({ topic, partition, offset: offset.toString() })
    },
    async commitOffsets(offsets) {
      requireRunning('commitOffsets')
      if (offsets.length === 0) return
      try {
        await consumer.commitOffsets(
          offsets.map(({ topic, partition, offset }) => ({
            topic,
            partition,
            offset: offset.toString(),
          })),
        )
      } catch (cause) {
        throw new KafkaError(
          'KAFKA_OFFSET_COMMIT_FAILED',
          `cannot commit offsets of group ${options.groupId}: ${(cause as Error)?.message ?? String(cause)}`,
          { cause, context: { groupId: options.groupId } },
        )
      }
    },
    pause() {
      requireRunning('pause')
      consumer.pause(allTopics())
    },
    resume() {
      requireRunning('resume')
      consumer.resume(allTopics())
    },
    async start() {
      await consumer.connect()
      await consumer.subscribe({
        topics: [...options.topics],
        fromBeginning: options.fromBeginning ?? false,
      })
      // Seeks and pauses are legal from here on: kafkajs builds its group member when `run`
      // starts, and the first GROUP_JOIN (onAssigned) fires before `run` resolves.
      running = true
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: !manual,
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
          // A seek by the handler wins over the batch's end; otherwise move past the batch.
          if (!isStale()) resolveOffset(batch.lastOffset())
          if (!manual) await commitOffsetsIfNecessary()
          await heartbeat()
        },
      })
    },
    async stop() {
      running = false
      await consumer.disconnect()
    },
  }
}
