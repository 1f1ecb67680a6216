import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { WebSocketServer } from 'ws'

import { tradeStreamName } from './binance-frames.js'
import { ReplayConnection, type ConnectionSettings } from './connection.js'
import { validateFault, type FaultRequest } from './fault-request.js'
import { FaultInjector, type FaultResult } from './faults.js'
import { GeneratedTape } from './generated-tape.js'
import { createHttpHandler } from './http-handler.js'
import { Hub } from './hub.js'
import { Market } from './market.js'
import { resolveOptions, type ReplayExchangeOptions } from './options.js'
import { PlaybackTape } from './playback-tape.js'
import { loadRecording } from './recording.js'
import { RestApi } from './rest-api.js'
import { collectStats, type ExchangeStats } from './stats.js'
import { parseStreamPath } from './stream-path.js'
import type { TapeSource } from './tape-source.js'

/** A running replay exchange. */
export interface ReplayExchange {
  /** The port actually bound (useful with port 0). */
  readonly port: number
  /** WebSocket base, e.g. `ws://127.0.0.1:9443`: append `/stream?streams=...` or `/ws/<stream>`. */
  readonly url: string
  /** REST base, e.g. `http://127.0.0.1:9443`: append `/api/v3/historicalTrades?...`. */
  readonly restUrl: string
  /** The counters `GET /k2/stats` answers. */
  stats(): ExchangeStats
  /** Injects a fault, as `POST /k2/faults/<kind>` does; throws REPLAY_INVALID_FAULT. */
  fault(request: FaultRequest): FaultResult
  /** Stops the tape, drops every connection and stops listening. Safe to call twice. */
  close(): Promise<void>
}

/** Incoming frames larger than this close the connection (requests are tiny). */
const MAX_INCOMING_PAYLOAD = 64 * 1024

/**
 * Starts a Binance-compatible spot exchange on one port: WebSocket Streams (`/stream?streams=`,
 * `/ws/<stream>`, live SUBSCRIBE/UNSUBSCRIBE), REST `/api/v3/historicalTrades` with weights,
 * and K2's control API (`/k2/stats`, `/k2/faults/*`). The tape — generated from `seed`, or played
 * from `play` — starts at the first subscription (or at once with `startOnListen`). Throws
 * REPLAY_INVALID_OPTIONS or REPLAY_INVALID_RECORDING before listening.
 */
export async function startReplayExchange(
  options: ReplayExchangeOptions = {},
): Promise<ReplayExchange> {
  const resolved = resolveOptions(options)
  const frames = resolved.play === undefined ? undefined : await loadRecording(resolved.play)
  const hub = new Hub()
  const market = new Market(hub, resolved.retainTradesPerSymbol)
  const playback =
    frames === undefined ? undefined : new PlaybackTape(frames, resolved.speed, market, hub)
  const tape: TapeSource =
    playback ??
    new GeneratedTape(
      {
        symbols: resolved.symbols,
        seed: resolved.seed,
        rate: resolved.rate,
        tradesPerSymbol: resolved.tradesPerSymbol,
        startTime: resolved.startTime,
      },
      market,
      hub,
    )
  // The tape starts at the first subscription to one of its streams (unknown streams do not count).
  const tapeStreams = new Set(
    frames === undefined
      ? resolved.symbols.map(tradeStreamName)
      : frames.flatMap((frame) => (frame.stream === undefined ? [] : [frame.stream])),
  )
  hub.onSubscribe((streams) => {
    if (streams.some((stream) => tapeStreams.has(stream))) tape.start()
  })
  const rest = new RestApi(market, resolved.restWeightPerMinute)
  const faults = new FaultInjector(hub, market)
  const stats = (): ExchangeStats =>
    collectStats({
      mode: playback === undefined ? 'generate' : 'play',
      tape,
      market,
      hub,
      rest,
      faults: faults.counters,
      ...(playback === undefined ? {} : { playback: playback.counters }),
    })
  const fault = (request: FaultRequest): FaultResult => faults.apply(validateFault(request))

  const settings: ConnectionSettings = resolved
  const server = createServer(createHttpHandler({ rest, stats, fault }))
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_INCOMING_PAYLOAD,
  })
  let nextConnectionId = 1
  let closing: Promise<void> | undefined
  server.on('upgrade', (request, socket, head) => {
    const wanted = parseStreamPath(request.url ?? '/')
    if (wanted === undefined || closing !== undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new ReplayConnection(
        nextConnectionId++,
        ws,
        wanted.combined,
        settings,
        hub,
      )
      hub.add(connection)
      connection.subscribe(wanted.streams)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  if (resolved.startOnListen) tape.start()
  const { port } = server.address() as AddressInfo
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host
  return {
    port,
    url: `ws://${host}:${port}`,
    restUrl: `http://${host}:${port}`,
    stats,
    fault,
    close() {
      closing ??= (async () => {
        tape.stop()
        for (const connection of hub.all()) connection.terminate('exchange-closed')
        await new Promise<void>((resolve) => wss.close(() => resolve()))
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error === undefined ? resolve() : reject(error)))
          // fetch keeps connections alive; without this, close() would wait for them to time out.
          server.closeAllConnections()
        })
      })()
      return closing
    },
  }
}
