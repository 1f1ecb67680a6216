import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import type {
  ConsumerReply,
  ConsumerRequest,
  ConsumerResult,
  ReplayChildReady,
  ReplayChildRequest,
  ChildFailure,
} from './binance-feed.protocol.js'

const CONSUMER = fileURLToPath(new URL('./feed-consumer-child.ts', import.meta.url))
const EXCHANGE = fileURLToPath(new URL('./replay-exchange-child.ts', import.meta.url))

/** A replay exchange running in its own process. */
export interface ExchangeProcess {
  /** WebSocket base, e.g. `ws://127.0.0.1:41234`. */
  readonly url: string
  /** REST base, e.g. `http://127.0.0.1:41234`. */
  readonly restUrl: string
  /** Process id of the exchange's child (its CPU time is part of what the machine spends). */
  readonly pid: number
  /** Disconnects; the child closes the exchange and exits. */
  stop(): Promise<void>
}

/**
 * Starts the replay exchange in a child process (fork inherits the tsx loader through
 * `execArgv`). Its stdout goes to our stderr, keeping the benchmark's stdout for the report.
 */
export function startExchangeProcess(request: ReplayChildRequest): Promise<ExchangeProcess> {
  const child = forkChild(EXCHANGE, request)
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      const reply = message as ReplayChildReady | ChildFailure
      if (reply.type === 'error') {
        reject(new Error(`replay exchange failed: ${reply.code}: ${reply.message}`))
        return
      }
      const exited = new Promise<void>((done) => child.once('exit', () => done()))
      resolve({
        url: reply.url,
        restUrl: reply.restUrl,
        pid: child.pid ?? 0,
        stop: async () => {
          if (child.connected) child.disconnect()
          await exited
        },
      })
    })
    child.once('exit', (code, signal) =>
      reject(
        new Error(`replay exchange exited before it was ready (code ${code}, signal ${signal})`),
      ),
    )
    child.once('error', reject)
  })
}

/** Runs one consumer in a child process: a fresh heap and a main thread of its own. */
export function runConsumerInChild(request: ConsumerRequest): Promise<ConsumerResult> {
  const child = forkChild(CONSUMER, request)
  return new Promise((resolve, reject) => {
    let reply: ConsumerReply | undefined
    child.on('message', (message) => {
      reply = message as ConsumerReply
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (reply?.type === 'result') resolve(reply)
      else if (reply?.type === 'error')
        reject(new Error(`consumer failed: ${reply.code}: ${reply.message}`))
      else reject(new Error(`consumer exited without a result (code ${code}, signal ${signal})`))
    })
  })
}

function forkChild(path: string, request: object): ChildProcess {
  const child = fork(path, [JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  child.stdout?.pipe(process.stderr)
  return child
}
