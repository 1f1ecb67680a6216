/**
 * Child-process entry of one K2 run (forked by `iceberg-append.ts`, so each run starts with a
 * fresh heap and its own peak RSS): request as argv[2] JSON, one reply over IPC, then exit.
 */
import { runK2Append } from './k2-append.js'
import type { K2AppendReply, K2AppendRequest } from './k2-append.protocol.js'

const request = JSON.parse(process.argv[2] ?? '{}') as K2AppendRequest
let reply: K2AppendReply
try {
  reply = await runK2Append(request)
} catch (err) {
  const e = err as { code?: unknown; message?: unknown; stack?: unknown }
  reply = {
    type: 'error',
    code: typeof e.code === 'string' ? e.code : 'BENCH_RUN_FAILED',
    message: String(e.stack ?? e.message ?? err),
  }
}
// Disconnect once the reply is flushed; the open IPC channel would keep the child alive.
process.send?.(reply, undefined, undefined, () => process.disconnect())
