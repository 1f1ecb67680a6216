import { inject } from 'vitest'

import {
  createKafkaClient,
  deadLetterTopicName,
  ensureTopics,
  topicName,
  topicSpecFor,
  type TopicSettings,
} from '@k2/kafka'

/** Test topic settings: few partitions, the production codec. */
export const E2E_TOPIC_SETTINGS: TopicSettings = {
  partitions: { crypto: 6, equities: 4, futures: 2, options: 2 },
  replicationFactor: 1,
  compression: 'snappy',
}

/** A kafkajs client for the broker under test. */
export function e2eKafka(clientId: string) {
  return createKafkaClient({ brokers: inject('kafkaBrokers').split(','), clientId })
}

/** A fresh exchange name per test run, so each run has its own topics and consumer groups. */
export function uniqueExchange(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}

/** Creates a fresh crypto trades topic for a fresh exchange name; returns both. */
export async function freshTradesTopic(
  prefix: string,
): Promise<{ exchange: string; topic: string }> {
  const exchange = uniqueExchange(prefix).toUpperCase()
  const topic = topicName('crypto', 'trades', exchange)
  await ensureTopics(e2eKafka('e2e-admin'), [topicSpecFor(topic, E2E_TOPIC_SETTINGS)])
  return { exchange, topic }
}

/** Deletes those of `topics` that exist and waits until the broker no longer lists them. */
export async function deleteTopics(clientId: string, topics: readonly string[]): Promise<void> {
  const admin = e2eKafka(clientId).admin()
  await admin.connect()
  try {
    const present = (await admin.listTopics()).filter((t) => topics.includes(t))
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 30_000 })
    const deadline = Date.now() + 30_000
    while ((await admin.listTopics()).some((t) => topics.includes(t))) {
      if (Date.now() > deadline) throw new Error(`topics not deleted: ${present.join(', ')}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  } finally {
    await admin.disconnect()
  }
}

/**
 * Deletes the supervisor's Binance trades topic and its dead-letter topic, for a test that runs
 * the supervisor in Kafka mode on the shared broker: a Kafka feed resumes from the last trade on
 * its topic, so an earlier test's tape of the same symbols would leave it nothing to produce.
 * Safe because e2e files run one at a time.
 */
export function deleteBinanceTradeTopics(clientId: string): Promise<void> {
  const trades = topicName('crypto', 'trades', 'binance')
  return deleteTopics(clientId, [trades, deadLetterTopicName(trades)])
}
