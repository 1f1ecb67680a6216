import { describe, expect, it } from 'vitest'

import { KafkaToolError, isKafkaToolError } from './errors.js'
import { waitForKafka } from './readiness.js'
import { findFreePortPair } from './test-support.js'

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

describe('waitForKafka', () => {
  it('times out with KAFKA_TOOL_START_TIMEOUT when nothing answers', async () => {
    const port = await findFreePortPair(29300)
    const started = Date.now()
    const error = await rejection(waitForKafka(`127.0.0.1:${port}`, 1_200, { intervalMs: 200 }))
    expect(isKafkaToolError(error, 'KAFKA_TOOL_START_TIMEOUT')).toBe(true)
    expect((error as Error).message).toMatch(`127.0.0.1:${port}`)
    expect(Date.now() - started).toBeLessThan(8_000)
  })

  it('stops at once with the abort reason (e.g. the broker process exited)', async () => {
    const port = await findFreePortPair(29400)
    const controller = new AbortController()
    const reason = new KafkaToolError('KAFKA_TOOL_EXITED_EARLY', 'the broker exited')
    setTimeout(() => controller.abort(reason), 300)
    const error = await rejection(
      waitForKafka(`127.0.0.1:${port}`, 30_000, { signal: controller.signal }),
    )
    expect(error).toBe(reason)
  })

  it('validates its arguments', async () => {
    const error = await rejection(waitForKafka(' , ', 1_000))
    expect(isKafkaToolError(error, 'KAFKA_TOOL_INVALID_OPTION')).toBe(true)
  })
})
