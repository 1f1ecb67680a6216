import { inject } from 'vitest'

import {
  createKafkaClient,
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
