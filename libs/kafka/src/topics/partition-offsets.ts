import type { Kafka } from 'kafkajs'

import { KafkaError } from '../errors.js'

/** The offsets a partition holds now. */
export interface PartitionOffsets {
  readonly partition: number
  /** Earliest offset still in the log (the log start offset). */
  readonly low: bigint
  /** Offset the next produced record will get (the high watermark): `high - low` records now. */
  readonly high: bigint
}

/**
 * The earliest and next offsets of every partition of `topic`, by partition number. A consumer
 * with no stored position starts at `low`; lag and "fully consumed" are measured against `high`.
 * Throws `KAFKA_ADMIN_FAILED` (retriable) when the brokers cannot answer.
 */
export async function fetchPartitionOffsets(
  kafka: Kafka,
  topic: string,
): Promise<PartitionOffsets[]> {
  const admin = kafka.admin()
  try {
    await admin.connect()
    const offsets = await admin.fetchTopicOffsets(topic)
    return offsets
      .map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }))
      .sort((a, b) => a.partition - b.partition)
  } catch (cause) {
    throw new KafkaError(
      'KAFKA_ADMIN_FAILED',
      `cannot fetch the offsets of ${topic}: ${(cause as Error)?.message ?? String(cause)}`,
      { cause, context: { topic } },
    )
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}
