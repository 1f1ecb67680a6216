/**
 * Child-process entry that runs the replay exchange for the Binance feed and pipeline ingest
 * benchmarks, so the exchange does not share an event loop with what it feeds: request as argv[2] JSON, a `ready`
 * message with the URL over IPC; it closes the exchange and exits when the parent disconnects.
 */
import { startReplayExchange } from '@k2/tools-binance-replay'

import type { ChildFailure, ReplayChildReady, ReplayChildRequest } from './binance-feed.protocol.js'

const request = JSON.parse(process.argv[2] ?? '{}') as ReplayChildRequest
try {
  const exchange = await startReplayExchange({
    symbols: request.symbols,
    tradesPerSymbol: request.tradesPerSymbol,
    seed: request.seed,
    rate: request.rate ?? 0,
    retainTradesPerSymbol: Math.max(1, request.tradesPerSymbol),
  })
  process.once('disconnect', () => {
    void exchange.close().then(() => process.exit(0))
  })
  const ready: ReplayChildReady = { type: 'ready', url: exchange.url, restUrl: exchange.restUrl }
  process.send?.(ready)
} catch (err) {
  const e = err as { code?: unknown; message?: unknown }
  const failure: ChildFailure = {
    type: 'error',
    code: typeof e.code === 'string' ? e.code : 'BENCH_EXCHANGE_FAILED',
    message: String(e.message ?? err),
  }
  process.send?.(failure, undefined, undefined, () => process.disconnect())
}
