import type { Kafka } from 'kafkajs'

import {
  createRecordConsumer,
  type ConsumedRecord,
  type MarketDataRecord,
  type UndecodableRecord,
} from '@k2/kafka'

/** What a consumer group read from a topic. */
export interface Collected {
  readonly records: ConsumedRecord<MarketDataRecord>[]
  readonly failures: UndecodableRecord[]
}

/**
 * Consumes `topic` from the beginning in a fresh group until `until` says enough, or fails after
 * `timeoutMs` with what it has so far.
 */
export async function collect(options: {
  kafka: Kafka
  topic: string
  groupId: string
  decode: (topic: string, bytes: Buffer) => Promise<MarketDataRecord>
  until: (c: Collected) => boolean
  timeoutMs?: number
}): Promise<Collected> {
  const collected: Collected = { records: [], failures: [] }
  let done!: () => void
  const finished = new Promise<void>((resolve) => (done = resolve))
  const consumer = createRecordConsumer({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: true,
    decode: options.decode,
    onBatch: async (batch) => {
      collected.records.push(...batch.records)
      collected.failures.push(...batch.failures)
      if (options.until(collected)) done()
    },
  })
  await consumer.start()
  const timeout = options.timeoutMs ?? 120_000
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      finished,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out after ${timeout} ms with ${collected.records.length} records and ${collected.failures.length} failures`,
              ),
            ),
          timeout,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
    await consumer.stop()
  }
  return collected
}
