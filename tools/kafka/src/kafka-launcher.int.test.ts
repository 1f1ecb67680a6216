// Integration test: starts a real broker (JVM) from the Maven Central jars. The first run on a
// machine also resolves the jars with Maven, hence the generous timeout.
import { existsSync, readFileSync } from 'node:fs'

import { Kafka, Partitioners, logLevel } from 'kafkajs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { pidFilePath, runFiles, stateFilePath } from './paths.js'
import { isProcessAlive } from './process.js'
import { startKafka } from './start-kafka.js'
import { stopKafka } from './stop-kafka.js'
import { findFreePortPair } from './test-support.js'

const TEST_TIMEOUT_MS = 180_000

describe('kafka launcher (real broker)', () => {
  let port = 0

  beforeAll(async () => {
    port = await findFreePortPair(19092)
  })

  // Safety net: never leave a JVM behind when an assertion fails half-way.
  afterAll(async () => {
    if (port !== 0) await stopKafka({ port })
  }, 30_000)

  it(
    'starts a broker that serves produce/consume, is idempotent, and stops by PID',
    async () => {
      // Two concurrent starts (like parallel test workers): one launches, the other waits for it.
      const [first, second] = await Promise.all([
        startKafka({ port, timeoutMs: 90_000 }),
        startKafka({ port, timeoutMs: 90_000 }),
      ])
      const [started, joined] = first.alreadyRunning ? [second, first] : [first, second]
      expect(started).toMatchObject({
        brokers: `127.0.0.1:${port}`,
        port,
        controllerPort: port + 1,
        alreadyRunning: false,
      })
      expect(joined).toMatchObject({ pid: started.pid, alreadyRunning: true })
      expect(isProcessAlive(started.pid)).toBe(true)
      expect(readFileSync(pidFilePath(port), 'utf8').trim()).toBe(String(started.pid))
      expect(JSON.parse(readFileSync(stateFilePath(port), 'utf8'))).toMatchObject({
        port,
        pid: started.pid,
        dataDir: started.dataDir,
        brokers: started.brokers,
      })
      expect(existsSync(runFiles(started.dataDir).serverLog)).toBe(true)

      // A second start on the same port reuses the running broker.
      const again = await startKafka({ port })
      expect(again).toMatchObject({ pid: started.pid, alreadyRunning: true })

      await expectRoundTrip(started.brokers)

      await stopKafka({ port })
      expect(isProcessAlive(started.pid)).toBe(false)
      expect(existsSync(pidFilePath(port))).toBe(false)
      expect(existsSync(stateFilePath(port))).toBe(false)

      // Stopping again is a no-op.
      await expect(stopKafka({ port })).resolves.toBeUndefined()
    },
    TEST_TIMEOUT_MS,
  )
})

/** Creates a topic, produces one message and consumes it back through kafkajs. */
async function expectRoundTrip(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'k2-tools-kafka-int-test',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
  })
  const topic = `k2-tools-kafka-int-${Date.now()}`
  const admin = kafka.admin()
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
  const consumer = kafka.consumer({ groupId: `${topic}-group` })
  try {
    await admin.connect()
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    })
    expect(created).toBe(true)

    await producer.connect()
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello from k2' }] })

    await consumer.connect()
    await consumer.subscribe({ topic, fromBeginning: true })
    const received = new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => resolve(message.value?.toString('utf8') ?? ''),
      })
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no message consumed within 60 s')), 60_000)
    })
    try {
      expect(await Promise.race([received, timeout])).toBe('hello from k2')
    } finally {
      clearTimeout(timer)
    }
  } finally {
    await consumer.disconnect()
    await producer.disconnect()
    await admin.disconnect()
  }
}
