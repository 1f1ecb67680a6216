import type { Kafka } from 'kafkajs'

import { NOOP_LOGGER, type Logger } from '@k2/core'

import { KafkaError } from '../errors.js'
import type { TopicSpec } from './topic-spec.js'

/**
 * Creates the topics that do not exist yet and waits for their partition leaders (D3: never rely
 * on auto-creation). Existing topics are left as they are; one with fewer partitions than the
 * spec is reported, since adding partitions would move symbols between partitions.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  logger: Logger = NOOP_LOGGER,
): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const existing = new Set(await admin.listTopics())
    const missing = specs.filter((s) => !existing.has(s.topic))
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: s.replicationFactor,
          configEntries: s.configEntries.map((c) => ({ ...c })),
        })),
      })
      logger.info({ topics: missing.map((s) => s.topic) }, 'created topics')
    }
    const present = specs.filter((s) => existing.has(s.topic))
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) })
      for (const t of meta.topics) {
        const spec = present.find((s) => s.topic === t.name)
        if (spec && t.partitions.length !== spec.numPartitions) {
          logger.warn(
            { topic: t.name, partitions: t.partitions.length, configured: spec.numPartitions },
            'topic exists with a different partition count; keeping it',
          )
        }
      }
    }
  } catch (cause) {
    if (cause instanceof KafkaError) throw cause
    throw new KafkaError(
      'KAFKA_TOPIC_SETUP_FAILED',
      `cannot create topics: ${(cause as Error).message}`,
      {
        cause,
        context: { topics: specs.map((s) => s.topic) },
      },
    )
  } finally {
    await admin.disconnect()
  }
}
