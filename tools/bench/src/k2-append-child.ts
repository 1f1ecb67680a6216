import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import type { K2AppendReply, K2AppendRequest, K2AppendResult } from './k2-append.protocol.js'

const WORKER = fileURLToPath(new URL('./k2-append-worker.ts', import.meta.url))

/**
 * Runs one K2 append in a child process (fork inherits the tsx loader through `execArgv`), so
 * every run has a fresh heap and its own peak RSS, as every pyiceberg run has its own Python.
 * The child's stdout goes to our stderr, keeping the benchmark's stdout for the report.
 */
export function runK2AppendInChild(request: K2AppendRequest): Promise<K2AppendResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(request)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    child.stdout?.pipe(process.stderr)
    let reply: K2AppendReply | undefined
    child.on('message', (message) => {
      reply = message as K2AppendReply
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (reply?.type === 'result') resolve(reply)
      else if (reply?.type === 'error')
        reject(new Error(`K2 run failed: ${reply.code}: ${reply.message}`))
      else reject(new Error(`K2 run exited without a result (code ${code}, signal ${signal})`))
    })
  })
}
