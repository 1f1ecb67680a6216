import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

import { describe, expect, it } from 'vitest'

import type { ResourceLimits } from 'node:worker_threads'

import { loadConfig } from '@k2/config'

import {
  FEED_MAX_BUFFERED_TRADES,
  FEED_RESOURCE_LIMITS,
  kafkaFeedResourceLimits,
} from './worker-limits.js'

const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
const HOLD = new URL('./testing/hold-feed-trades.ts', import.meta.url).href
const HOLD_RECORDS = new URL('./testing/hold-encoded-records.ts', import.meta.url).href

/**
 * Runs `holdFeedTrades(count)` (and `holdEncodedRecords(records)`: a Kafka feed's full producer
 * queue) in a worker with these resource limits and returns the worker's heap in use while it
 * holds them (after a full GC), or the error it died of.
 */
function holdInFeedWorker(
  count: number,
  limits: ResourceLimits = FEED_RESOURCE_LIMITS,
  records = 0,
): Promise<{ heapUsed: number } | { error: string }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    ;(async () => {
      const { register } = await import(workerData.tsx)
      register()
      const { holdFeedTrades } = await import(workerData.hold)
      const { holdEncodedRecords } = await import(workerData.holdRecords)
      const queued = await holdEncodedRecords(workerData.records, ['BTCUSDT', 'ETHUSDT'])
      const held = holdFeedTrades(workerData.count, ['BTCUSDT', 'ETHUSDT'])
      require('node:v8').setFlagsFromString('--expose-gc')
      require('node:vm').runInNewContext('gc')()
      parentPort.postMessage({
        heapUsed: process.memoryUsage().heapUsed,
        held: held.length + queued.length,
      })
    })().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }))
  `
  return new Promise((resolve) => {
    const worker = new Worker(code, {
      eval: true,
      resourceLimits: limits,
      workerData: { tsx: TSX_API, hold: HOLD, holdRecords: HOLD_RECORDS, count, records },
    })
    worker.once('message', (m: { heapUsed: number } | { error: string }) => {
      resolve(m)
      void worker.terminate()
    })
    worker.once('error', (err) => resolve({ error: `${(err as NodeJS.ErrnoException).code}` }))
  })
}

describe('feed worker limits', { timeout: 120_000 }, () => {
  it('a feed worker holds FEED_MAX_BUFFERED_TRADES live trades well under its heap cap', async () => {
    const result = await holdInFeedWorker(FEED_MAX_BUFFERED_TRADES)
    expect(result).toHaveProperty('heapUsed')
    const heapMb = (result as { heapUsed: number }).heapUsed / 2 ** 20
    // Room left for the feed's own ~26 MB live set and its garbage between collections.
    expect(heapMb).toBeLessThan(FEED_RESOURCE_LIMITS.maxOldGenerationSizeMb! - 40)
  })

  it('a Kafka feed worker also holds a full producer queue of encoded trades under its cap', async () => {
    const queueMax = loadConfig({}).kafka.producerQueueMax // the default
    const limits = kafkaFeedResourceLimits(queueMax)
    const result = await holdInFeedWorker(FEED_MAX_BUFFERED_TRADES, limits, queueMax)
    expect(result).toHaveProperty('heapUsed')
    const heapMb = (result as { heapUsed: number }).heapUsed / 2 ** 20
    expect(heapMb).toBeLessThan(limits.maxOldGenerationSizeMb! - 40)
  })

  it('the feed default (100,000 per symbol) does not fit: what the bound is for', async () => {
    const result = await holdInFeedWorker(200_000)
    expect(result).toEqual({ error: 'ERR_WORKER_OUT_OF_MEMORY' })
  })
})
