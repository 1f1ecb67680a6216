import type { Kafka, Message, Producer } from 'kafkajs'

import { NOOP_LOGGER, createRetryPolicy, type Logger, type RetryOptions } from '@k2/core'

import { compressionType, type TextHeaders } from '../client/index.js'
import { KafkaError, fromKafkaJsError } from '../errors.js'

/** One record to produce: already encoded, keyed by symbol (D3). */
export interface OutgoingRecord {
  readonly topic: string
  /** Partition key: the symbol (UTF-8), so a symbol's records stay in order in one partition. */
  readonly key: string
  readonly value: Buffer
  /** Text headers; `traceparent` carries the trace context (D8). */
  readonly headers?: TextHeaders
}

/** Options of {@link createRecordProducer}. */
export interface RecordProducerOptions {
  readonly kafka: Kafka
  /** Bound of the in-memory queue (records queued + in flight); `send` waits beyond it. */
  readonly queueMax: number
  /** Records per produce request. */
  readonly batchMax: number
  /**
   * How long an idle producer waits for more records before it sends a request with fewer than
   * `batchMax` (Kafka's `linger.ms`), ms. While a request is in flight records gather anyway; this
   * batches a slow, steady stream too (at 10,000 records/s, 5 ms make requests of ~50 instead of a
   * few, and the broker and both clients spend their time on records instead of requests).
   * Default 0: send at once. `flush` and a full batch send at once regardless.
   */
  readonly lingerMs?: number
  readonly compression: 'none' | 'gzip' | 'snappy'
  /** Application-level retry of a failed produce request (same records, same sequence numbers). */
  readonly retry?: Partial<RetryOptions>
  readonly logger?: Logger
  /** Called after the broker acknowledged `count` records of `topic` (metrics hook). */
  readonly onDelivered?: (topic: string, count: number) => void
  /** Called with records that can no longer be produced (dead-letter hook). */
  readonly onFailed?: (records: readonly OutgoingRecord[], error: KafkaError) => void
}

/** A producer with a bounded queue that pushes back on its source (D3). */
export interface RecordProducer {
  connect(): Promise<void>
  /** Queues a record; waits while the queue is full. Rejects once the producer has failed or stopped. */
  send(record: OutgoingRecord): Promise<void>
  /** Queues a record if there is room now; false when full (the caller counts what it skipped). */
  offer(record: OutgoingRecord): boolean
  /** Resolves when every record queued so far is acknowledged; rejects if the producer failed. */
  flush(): Promise<void>
  /** Flushes, then disconnects. */
  disconnect(): Promise<void>
  /** Records queued or in flight. */
  readonly pending: number
  /** True when `offer` would queue a record now (nothing waiting in `send`, queue not full). */
  readonly hasRoom: boolean
  /** The error that stopped the producer, if any. */
  readonly failure: KafkaError | undefined
}

/** Application-level retry defaults: keep trying for several minutes while the broker is away. */
export const PRODUCER_RETRY_DEFAULTS: RetryOptions = {
  maxAttempts: 60,
  initialDelayMs: 250,
  maxDelayMs: 10_000,
}

/**
 * Creates an idempotent producer (acks=all, at most 5 requests in flight, D3) behind a bounded FIFO
 * queue. Records are sent in batches in queue order, one request at a time per producer, so order
 * per partition holds. A failed request is retried by the application with backoff on the same
 * kafkajs producer: its records keep their sequence numbers, so the broker drops any copy it already
 * has and a retry never duplicates.
 */
export function createRecordProducer(options: RecordProducerOptions): RecordProducer {
  if (!Number.isInteger(options.queueMax) || options.queueMax < 1) {
    throw new KafkaError(
      'KAFKA_INVALID_OPTIONS',
      `queueMax: ${options.queueMax} must be an integer >= 1`,
    )
  }
  const lingerMs = options.lingerMs ?? 0
  if (!Number.isInteger(lingerMs) || lingerMs < 0) {
    throw new KafkaError('KAFKA_INVALID_OPTIONS', `lingerMs: ${lingerMs} must be an integer >= 0`)
  }
  if (!Number.isInteger(options.batchMax) || options.batchMax < 1) {
    throw new KafkaError(
      'KAFKA_INVALID_OPTIONS',
      `batchMax: ${options.batchMax} must be an integer >= 1`,
    )
  }
  const logger = (options.logger ?? NOOP_LOGGER).child({ component: 'kafka-producer' })
  const compression = compressionType(options.compression)
  const policy = createRetryPolicy({
    ...PRODUCER_RETRY_DEFAULTS,
    ...options.retry,
    onRetry: ({ attempt, delayMs, error }) =>
      logger.warn({ attempt, delayMs, err: (error as Error)?.message }, 'produce failed; retrying'),
  })
  const producer: Producer = options.kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 5_000 },
  })

  const queue: OutgoingRecord[] = []
  let inFlight = 0
  let pumping = false
  let scheduled = false
  /** The linger timer of an idle producer with a part batch queued. */
  let lingering: ReturnType<typeof setTimeout> | undefined
  let failure: KafkaError | undefined
  let stopped = false
  const spaceWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []
  const flushWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = []

  const hasRoom = () => queue.length + inFlight < options.queueMax

  /** True when what is queued goes now; false while a part batch should linger. */
  const sendNow = () =>
    lingerMs === 0 || queue.length >= options.batchMax || flushWaiters.length > 0 || stopped

  /** Starts the pump: at once, or after `lingerMs` while only a part batch is queued. */
  function schedule(): void {
    if (scheduled || pumping) return
    if (sendNow()) startPump()
    else lingering ??= setTimeout(startPump, lingerMs)
  }

  function startPump(): void {
    if (lingering !== undefined) clearTimeout(lingering)
    lingering = undefined
    if (scheduled || pumping) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      void pump()
    })
  }

  function wakeSpaceWaiters(): void {
    while (spaceWaiters.length > 0 && hasRoom()) {
      const w = spaceWaiters.shift()
      w?.resolve()
    }
  }

  function settle(): void {
    if (failure) {
      for (const w of flushWaiters.splice(0)) w.reject(failure)
      for (const w of spaceWaiters.splice(0)) w.reject(failure)
    } else if (queue.length === 0 && inFlight === 0) {
      for (const w of flushWaiters.splice(0)) w.resolve()
    }
  }

  async function sendBatch(batch: readonly OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, Message[]>()
    for (const r of batch) {
      let messages = byTopic.get(r.topic)
      if (!messages) byTopic.set(r.topic, (messages = []))
      messages.push({
        key: r.key,
        value: r.value,
        headers: r.headers ? { ...r.headers } : undefined,
      })
    }
    await policy.execute(async () => {
      try {
        await producer.sendBatch({
          acks: -1,
          compression,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        })
      } catch (err) {
        throw fromKafkaJsError(err, { records: batch.length })
      }
    })
    for (const [topic, messages] of byTopic) options.onDelivered?.(topic, messages.length)
  }

  async function pump(): Promise<void> {
    if (pumping) return
    pumping = true
    try {
      while (queue.length > 0 && failure === undefined) {
        const batch = queue.splice(0, options.batchMax)
        inFlight = batch.length
        try {
          await sendBatch(batch)
        } catch (err) {
          failure =
            err instanceof KafkaError && err.code === 'KAFKA_PRODUCE_FAILED'
              ? err
              : new KafkaError(
                  'KAFKA_PRODUCE_FAILED',
                  `produce gave up: ${(err as Error).message}`,
                  {
                    cause: err,
                  },
                )
          const lost = [...batch, ...queue.splice(0)]
          logger.error(
            { err: failure.message, records: lost.length },
            'producer failed; records handed to onFailed',
          )
          options.onFailed?.(lost, failure)
        } finally {
          inFlight = 0
          wakeSpaceWaiters()
        }
        // What gathered meanwhile goes on only as a full batch; a part batch lingers first, so
        // a steady stream is sent in requests of lingerMs' worth of records, not a few each.
        if (!sendNow()) break
      }
    } finally {
      pumping = false
      settle()
      if (queue.length > 0 && failure === undefined) schedule()
    }
  }

  function guard(): void {
    if (failure) throw failure
    if (stopped) throw new KafkaError('KAFKA_PRODUCER_STOPPED', 'producer is stopped')
  }

  return {
    async connect() {
      await producer.connect()
    },
    async send(record) {
      guard()
      if (spaceWaiters.length > 0 || !hasRoom()) {
        await new Promise<void>((resolve, reject) => spaceWaiters.push({ resolve, reject }))
        guard()
      }
      queue.push(record)
      schedule()
    },
    offer(record) {
      guard()
      if (spaceWaiters.length > 0 || !hasRoom()) return false
      queue.push(record)
      schedule()
      return true
    },
    flush() {
      if (failure) return Promise.reject(failure)
      if (queue.length === 0 && inFlight === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        flushWaiters.push({ resolve, reject })
        schedule()
      })
    },
    async disconnect() {
      try {
        if (!failure) await this.flush()
      } finally {
        stopped = true
        for (const w of spaceWaiters.splice(0))
          w.reject(new KafkaError('KAFKA_PRODUCER_STOPPED', 'producer is stopped'))
        await producer.disconnect()
      }
    },
    get pending() {
      return queue.length + inFlight
    },
    get hasRoom() {
      return spaceWaiters.length === 0 && hasRoom()
    },
    get failure() {
      return failure
    },
  }
}
