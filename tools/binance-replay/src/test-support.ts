// Helpers for this package's tests: exchanges on random ports and WebSocket clients (the `ws`
// package) that record what they receive, all closed after each test.
import { afterEach } from 'vitest'
import WebSocket from 'ws'

import { startReplayExchange, type ReplayExchange } from './exchange.js'
import type { ReplayExchangeOptions } from './options.js'

/** A frame as a test client saw it. */
export interface ReceivedFrame {
  readonly text: string
  readonly binary: boolean
}

/** A WebSocket client of a test. */
export interface TestClient {
  readonly ws: WebSocket
  /** Every frame received, in order. */
  readonly frames: ReceivedFrame[]
  /** Payloads of the pings received. */
  readonly pings: string[]
  /** Parsed JSON of the text frames that parse (malformed ones are left out). */
  json(): unknown[]
  /** `t` of the trade events received (bare or inside `data`), in order. */
  tradeIds(): number[]
  /** Sends `value` as JSON text. */
  send(value: unknown): void
  /** Resolves with code and reason when the connection closes. */
  readonly closed: Promise<{ code: number; reason: string }>
}

const exchanges: ReplayExchange[] = []
const clients: WebSocket[] = []

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate()
  await Promise.all(exchanges.splice(0).map((exchange) => exchange.close()))
})

/** Starts an exchange on a free port, closed after the test. */
export async function exchange(options: ReplayExchangeOptions = {}): Promise<ReplayExchange> {
  const started = await startReplayExchange({ port: 0, ...options })
  exchanges.push(started)
  return started
}

/** Opens `url` (resolves once open), terminated after the test. */
export async function connect(
  url: string,
  options: WebSocket.ClientOptions = {},
): Promise<TestClient> {
  const ws = new WebSocket(url, options)
  clients.push(ws)
  const frames: ReceivedFrame[] = []
  const pings: string[] = []
  ws.on('message', (data, binary) => frames.push({ text: data.toString(), binary }))
  ws.on('ping', (data) => pings.push(data.toString()))
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const json = () =>
    frames.flatMap((frame) => {
      if (frame.binary) return []
      try {
        return [JSON.parse(frame.text) as unknown]
      } catch {
        return []
      }
    })
  return {
    ws,
    frames,
    pings,
    json,
    tradeIds: () =>
      json().flatMap((value) => {
        const event = (value as { data?: unknown }).data ?? value
        const { e, t } = event as { e?: unknown; t?: unknown }
        return e === 'trade' && typeof t === 'number' ? [t] : []
      }),
    send: (value) => ws.send(JSON.stringify(value)),
    closed,
  }
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs` with `what`. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** `[from, from + 1, ..., to]`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
}

/** GET `path` of the exchange's REST base: status, headers and parsed body. */
export async function getJson(
  exchange: ReplayExchange,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(`${exchange.restUrl}${path}`, { method })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown }
}
