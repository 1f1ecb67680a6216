import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

import { describe, expect, it } from 'vitest'

import { FEED_MAX_BUFFERED_TRADES, FEED_RESOURCE_LIMITS } from './worker-limits.js'

const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href
const HOLD = new URL('./testing/hold-feed-trades.ts', import.meta.url).href

/**
 * Runs `holdFeedTrades(count)` in a worker with a feed's resource limits and returns the worker's
 * heap in use while it holds them (after a full GC), or the error it died of.
 */
function holdInFeedWorker(count: number): Promise<{ heapUsed: number } | { error: string }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    ;(async () => {
      const { register } = await import(workerData.tsx)
      register()
      const { holdFeedTrades } = await import(workerData.hold)
      const held = holdFeedTrades(workerData.count, ['BTCUSDT', 'ETHUSDT'])
      require('node:v8').setFlagsFromString('--expose-gc')
      require('node:vm').runInNewContext('gc')()
      parentPort.postMessage({ heapUsed: process.memoryUsage().heapUsed, held: held.length })
    })().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }))
  `
  return new Promise((resolve) => {
    const worker = new Worker(code, {
      eval: true,
      resourceLimits: FEED_RESOURCE_LIMITS,
      workerData: { tsx: TSX_API, hold: HOLD, count },
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

  it('the feed default (100,000 per symbol) does not fit: what the bound is for', async () => {
    const result = await holdInFeedWorker(200_000)
    expect(result).toEqual({ error: 'ERR_WORKER_OUT_OF_MEMORY' })
  })
})
