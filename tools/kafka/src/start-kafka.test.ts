import { describe, expect, it } from 'vitest'

import { isKafkaToolError } from './errors.js'
import { startKafka } from './start-kafka.js'
import { occupyPort } from './test-support.js'

describe('startKafka (without a broker)', () => {
  it('refuses a port that is already in use, before resolving jars or spawning java', async () => {
    const occupied = await occupyPort()
    try {
      const error = await startKafka({ port: occupied.port, timeoutMs: 1_000 }).catch(
        (caught: unknown) => caught,
      )
      expect(isKafkaToolError(error, 'KAFKA_TOOL_PORT_IN_USE')).toBe(true)
      expect((error as Error).message).toMatch(`127.0.0.1:${occupied.port} is already in use`)
    } finally {
      await occupied.close()
    }
  })

  it('validates options before doing anything', async () => {
    const error = await startKafka({ port: -1 }).catch((caught: unknown) => caught)
    expect(isKafkaToolError(error, 'KAFKA_TOOL_INVALID_OPTION')).toBe(true)
  })
})
