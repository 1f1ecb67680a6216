/**
 * Child-process entry of one consumer run of the Binance feed benchmark (forked by
 * `binance-feed.ts`: a fresh process per run, alone on its main thread): request as argv[2] JSON,
 * one reply over IPC, then exit.
 */
import type { ConsumerReply, ConsumerRequest } from './binance-feed.protocol.js'
import { runConsumer } from './feed-consumer.js'

const request = JSON.parse(process.argv[2] ?? '{}') as ConsumerRequest
let reply: ConsumerReply
try {
  reply = await runConsumer(request)
} catch (err) {
  const e = err as { code?: unknown; message?: unknown; stack?: unknown }
  reply = {
    type: 'error',
    code: typeof e.code === 'string' ? e.code : 'BENCH_CONSUMER_FAILED',
    message: String(e.stack ?? e.message ?? err),
  }
}
process.send?.(reply, undefined, undefined, () => process.disconnect())
