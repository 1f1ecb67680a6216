import { setTimeout as sleep } from 'node:timers/promises'

import { Kafka, logLevel } from 'kafkajs'

import { KafkaToolError } from './errors.js'
import { DEFAULTS } from './options.js'

/** Extra knobs of {@link waitForKafka}. */
export interface WaitForKafkaOptions {
  /** Pause between two attempts. */
  intervalMs?: number
  /** Aborting stops the wait at once and rethrows `signal.reason` (e.g. "the JVM exited"). */
  signal?: AbortSignal
}

/**
 * Resolves once the broker at `brokers` (comma-separated host:port list) answers an admin
 * `describeCluster` with at least one broker. That is the readiness criterion rather than a log
 * line because it is exactly what clients need, and log wording changes between Kafka versions.
 * Throws `KAFKA_TOOL_START_TIMEOUT` (with the last client error) after `timeoutMs`.
 */
export async function waitForKafka(
  brokers: string,
  timeoutMs: number = DEFAULTS.timeoutMs,
  options: WaitForKafkaOptions = {},
): Promise<void> {
  const brokerList = brokers
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean)
  if (brokerList.length === 0) {
    throw new KafkaToolError('KAFKA_TOOL_INVALID_OPTION', 'invalid option brokers: empty list')
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new KafkaToolError(
      'KAFKA_TOOL_INVALID_OPTION',
      `invalid option timeoutMs: must be a positive integer (got ${timeoutMs})`,
    )
  }
  const { intervalMs = DEFAULTS.readinessIntervalMs, signal } = options
  const kafka = new Kafka({
    clientId: 'k2-tools-kafka-readiness',
    brokers: brokerList,
    // Refused connections are expected while the JVM boots; kafkajs would log each one as ERROR.
    logLevel: logLevel.NOTHING,
    // Fail fast and let this loop do the retrying, so the overall deadline is respected.
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
  })
  const deadline = Date.now() + timeoutMs
  let lastError = 'no attempt finished'

  for (;;) {
    throwIfAborted(signal)
    try {
      if (await brokerAnswers(kafka)) return
      lastError = 'describeCluster returned no brokers'
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
    }
    throwIfAborted(signal)
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new KafkaToolError(
        'KAFKA_TOOL_START_TIMEOUT',
        `Kafka at ${brokers} did not answer describeCluster within ${timeoutMs} ms ` +
          `(last error: ${lastError})`,
      )
    }
    await sleep(Math.min(intervalMs, remaining), undefined, { signal }).catch(() => undefined)
  }
}

async function brokerAnswers(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin({ retry: { retries: 0 } })
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    return cluster.brokers.length > 0
  } finally {
    await admin.disconnect().catch(() => undefined)
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return
  throw signal.reason instanceof Error
    ? signal.reason
    : new KafkaToolError('KAFKA_TOOL_EXITED_EARLY', `aborted: ${String(signal.reason)}`)
}
