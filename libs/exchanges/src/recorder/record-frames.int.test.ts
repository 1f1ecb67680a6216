import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { WebSocketServer } from 'ws'

import { BTCUSDT_COMBINED } from '../binance/fixtures.js'
import { RecorderError } from './errors.js'
import { recordFrames } from './record-frames.js'
import { formatRecordingLine, type ReceivedFrame } from './recording-line.js'

/** A tiny stream server: records the request path and runs `onConnection` for each client. */
interface TestServer {
  readonly url: string
  readonly paths: string[]
  close(): Promise<void>
}

let servers: TestServer[] = []

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
})

async function startServer(onConnection: (ws: WebSocket) => void): Promise<TestServer> {
  const http: Server = createServer()
  const wss = new WebSocketServer({ server: http })
  const paths: string[] = []
  wss.on('connection', (ws, request) => {
    paths.push(request.url ?? '')
    onConnection(ws)
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const server: TestServer = {
    url: `ws://127.0.0.1:${port}/stream`,
    paths,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
  servers.push(server)
  return server
}

const frame = (t: number) => BTCUSDT_COMBINED.replace(/"t":\d+/, `"t":${t}`)

describe('recordFrames', () => {
  it('connects to the combined stream of the symbols and passes text frames on untouched', async () => {
    const texts = [frame(1), frame(2), '{"not":"a trade"}', frame(3)]
    const server = await startServer((ws) => {
      for (const text of texts) ws.send(text)
      ws.send(Buffer.from([1, 2, 3]), { binary: true })
      ws.close(1000, 'done')
    })
    const got: ReceivedFrame[] = []
    const before = Date.now()
    const summary = await recordFrames({
      url: server.url,
      symbols: ['btcusdt', 'ETHUSDT'],
      onFrame: (f) => {
        got.push(f)
      },
    })
    expect(server.paths).toEqual(['/stream?streams=btcusdt@trade/ethusdt@trade'])
    expect(got.map((f) => f.text)).toEqual(texts)
    for (const f of got) {
      expect(f.recvTs).toBeGreaterThanOrEqual(before)
      expect(f.recvTs).toBeLessThanOrEqual(Date.now())
    }
    expect(summary).toEqual({
      streamUrl: `${server.url}?streams=btcusdt@trade/ethusdt@trade`,
      frames: 4,
      binaryFrames: 1,
      endedBy: 'closed',
      closeCode: 1000,
      closeReason: 'done',
    })
  })

  it('stops at the abort signal and passes on nothing after it', async () => {
    const server = await startServer((ws) => {
      for (let t = 1; t <= 1000; t++) ws.send(frame(t))
    })
    const controller = new AbortController()
    const got: string[] = []
    const summary = await recordFrames({
      url: server.url,
      symbols: ['BTCUSDT'],
      signal: controller.signal,
      onFrame: (f) => {
        got.push(f.text)
        if (got.length === 10) controller.abort()
      },
    })
    expect(summary).toMatchObject({ frames: 10, endedBy: 'signal' })
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => frame(i + 1)))
  })

  it('returns at once for an aborted signal', async () => {
    const summary = await recordFrames({
      url: 'ws://127.0.0.1:1/stream',
      symbols: ['BTCUSDT'],
      signal: AbortSignal.abort(),
      onFrame: () => undefined,
    })
    expect(summary).toMatchObject({ frames: 0, endedBy: 'signal' })
  })

  it('waits for onFrame promises before reading on, keeping the order', async () => {
    const server = await startServer((ws) => {
      for (let t = 1; t <= 200; t++) ws.send(frame(t))
      ws.close(1000)
    })
    const got: string[] = []
    let busy = false
    const summary = await recordFrames({
      url: server.url,
      symbols: ['BTCUSDT'],
      onFrame: async (f) => {
        got.push(f.text)
        if (got.length % 50 !== 0) return
        busy = true
        await new Promise((resolve) => setTimeout(resolve, 20))
        busy = false
      },
    })
    expect(busy).toBe(false)
    expect(summary.frames).toBe(200)
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => frame(i + 1)))
  })

  it("rejects with onFrame's error and closes the connection", async () => {
    let closed: Promise<void> | undefined
    const server = await startServer((ws) => {
      closed = new Promise((resolve) => ws.on('close', () => resolve()))
      for (let t = 1; t <= 5; t++) ws.send(frame(t))
    })
    const disk = new Error('ENOSPC')
    await expect(
      recordFrames({
        url: server.url,
        symbols: ['BTCUSDT'],
        onFrame: (f) => {
          if (f.text === frame(3)) throw disk
        },
      }),
    ).rejects.toBe(disk)
    await closed
  })

  it('reports a connection that never opens as RECORDER_CONNECT_FAILED', async () => {
    const server = await startServer(() => undefined)
    const url = server.url
    await server.close()
    servers = []
    const error = await recordFrames({ url, symbols: ['BTCUSDT'], onFrame: () => undefined }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RecorderError)
    expect(error).toMatchObject({ code: 'RECORDER_CONNECT_FAILED', retriable: true })
    expect((error as Error).message).toContain('ECONNREFUSED')
  })

  it.each([
    ['a bad symbol', 'ws://127.0.0.1:1/stream', ['BTC-USDT'], 'BINANCE_INVALID_SYMBOL'],
    ['an http URL', 'http://127.0.0.1:1/stream', ['BTCUSDT'], 'BINANCE_INVALID_ARGUMENT'],
  ])('rejects %s before connecting', async (_case, url, symbols, code) => {
    await expect(recordFrames({ url, symbols, onFrame: () => undefined })).rejects.toMatchObject({
      code,
    })
  })
})

describe('formatRecordingLine', () => {
  it('writes the JSONL line the replay exchange plays back', () => {
    const line = formatRecordingLine({ recvTs: 1_700_000_000_123, text: BTCUSDT_COMBINED })
    expect(line.endsWith('\n')).toBe(true)
    expect(JSON.parse(line)).toEqual({ recv_ts: 1_700_000_000_123, frame: BTCUSDT_COMBINED })
    expect(line.indexOf('\n')).toBe(line.length - 1)
  })
})
