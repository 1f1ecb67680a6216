import { serverShutdownText, tradeStreamName } from './binance-frames.js'
import type { ReplayConnection } from './connection.js'
import { ReplayError } from './errors.js'
import type { FaultRequest } from './fault-request.js'
import type { Hub } from './hub.js'
import { MALFORMED_KINDS, malformedFrame, type MalformedKind } from './malformed-frames.js'
import type { Market } from './market.js'

/** Grace period between `serverShutdown` and the close, when the request names none. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 5000

/** What a fault did; `POST /k2/faults/*` answers this as JSON. */
export type FaultResult =
  | { readonly fault: 'drop'; readonly connections: number }
  | {
      readonly fault: 'silence'
      readonly connections: number
      readonly ms: number
      readonly until: number
    }
  | {
      readonly fault: 'malformed'
      readonly connections: number
      /** Frames sent to each connection. */
      readonly count: number
      /** Kinds sent, in order (repeating after the 9th). */
      readonly kinds: readonly MalformedKind[]
    }
  | {
      readonly fault: 'skip'
      readonly count: number
      /** Per symbol, trades now waiting to be kept off the sockets (earlier skips included). */
      readonly pending: Readonly<Record<string, number>>
    }
  | {
      readonly fault: 'shutdown'
      readonly connections: number
      readonly graceMs: number
      /** When the connections will be closed, ms since the epoch. */
      readonly closeAt: number
    }

/** Counters of the faults. */
export interface FaultCounters {
  /** Malformed frames sent (over all connections). */
  malformedSent: number
}

/** Applies faults to the connections and the tape. */
export class FaultInjector {
  readonly counters: FaultCounters = { malformedSent: 0 }

  constructor(
    private readonly hub: Hub,
    private readonly market: Market,
  ) {}

  /** Applies a validated `request` at once (the shutdown's close follows after its grace). */
  apply(request: FaultRequest): FaultResult {
    switch (request.kind) {
      case 'drop': {
        const targets = this.targets(request.symbol)
        for (const connection of targets) connection.terminate('dropped')
        return { fault: 'drop', connections: targets.length }
      }
      case 'silence': {
        const targets = this.targets(request.symbol)
        let until = Date.now() + request.ms
        for (const connection of targets) until = connection.silence(request.ms)
        return { fault: 'silence', connections: targets.length, ms: request.ms, until }
      }
      case 'malformed':
        return this.malformed(request.count ?? 1, request.symbol)
      case 'skip': {
        const count = request.count ?? 1
        const symbols = request.symbol === undefined ? this.market.symbols() : [request.symbol]
        const pending: Record<string, number> = {}
        for (const symbol of symbols) {
          if (!this.market.has(symbol)) {
            throw new ReplayError('REPLAY_INVALID_FAULT', `skip: no tape for symbol ${symbol}`)
          }
        }
        for (const symbol of symbols) pending[symbol] = this.market.skip(symbol, count)
        return { fault: 'skip', count, pending }
      }
      case 'shutdown': {
        const graceMs = request.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS
        const targets = this.targets(request.symbol)
        const now = Date.now()
        for (const connection of targets) {
          connection.send(serverShutdownText(now))
          connection.closeAfter(graceMs, 'shutdown')
        }
        return { fault: 'shutdown', connections: targets.length, graceMs, closeAt: now + graceMs }
      }
    }
  }

  private malformed(count: number, symbol: string | undefined): FaultResult {
    const targets = this.targets(symbol)
    const kinds = Array.from(
      { length: count },
      (_, i) => MALFORMED_KINDS[i % MALFORMED_KINDS.length] as MalformedKind,
    )
    const now = Date.now()
    for (const connection of targets) {
      const stream = symbol !== undefined ? tradeStreamName(symbol) : connection.subscriptions()[0]
      const frameSymbol = symbolOfStream(stream) ?? this.market.symbols()[0] ?? 'BTCUSDT'
      const tradeId = this.market.has(frameSymbol)
        ? this.market.countersOf(frameSymbol).lastTradeId
        : 1
      for (const kind of kinds) {
        const frame = malformedFrame(
          kind,
          frameSymbol,
          tradeId,
          now,
          connection.combined ? (stream ?? tradeStreamName(frameSymbol)) : undefined,
        )
        if (connection.send(frame)) this.counters.malformedSent++
      }
    }
    return { fault: 'malformed', connections: targets.length, count, kinds }
  }

  private targets(symbol: string | undefined): ReplayConnection[] {
    return symbol === undefined ? this.hub.all() : this.hub.subscribersOf(tradeStreamName(symbol))
  }
}

function symbolOfStream(stream: string | undefined): string | undefined {
  const at = stream?.indexOf('@') ?? -1
  return stream === undefined || at <= 0 ? undefined : stream.slice(0, at).toUpperCase()
}
