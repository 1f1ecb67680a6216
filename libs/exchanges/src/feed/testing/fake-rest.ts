import type { FetchFn } from '../backfill-client.js'
import type { ManualClock } from './manual-clock.js'

/** A canned REST answer. */
export interface FakeAnswer {
  readonly status: number
  readonly body: string
  readonly headers?: Record<string, string>
}

/** A request as {@link FakeRest} saw it. */
export interface FakeCall {
  readonly url: string
  readonly at: number
  readonly fromId: number
}

/**
 * A Binance-like historicalTrades endpoint in memory for unit tests: serves the trade ids it holds
 * (ascending from `fromId`, at most `limit`), or the answers queued with {@link FakeRest.queue}
 * first (a status with a body, or a thrown network error).
 */
export class FakeRest {
  readonly calls: FakeCall[] = []
  private readonly queued: (FakeAnswer | Error)[] = []
  /** Runs while each request is in flight (e.g. live trades arriving meanwhile). */
  onFetch: (() => void) | undefined

  constructor(
    private readonly clock: ManualClock,
    /** Trade ids the exchange has. */
    public ids: number[] = [],
  ) {}

  /** Answers the next requests with these, in order, before serving trades again. */
  queue(...answers: (FakeAnswer | Error)[]): void {
    this.queued.push(...answers)
  }

  readonly fetch: FetchFn = async (url) => {
    const query = new URL(url).searchParams
    const fromId = Number(query.get('fromId'))
    const limit = Number(query.get('limit'))
    this.calls.push({ url, at: this.clock.now(), fromId })
    this.onFetch?.()
    const next = this.queued.shift()
    if (next instanceof Error) throw next
    const answer = next ?? {
      status: 200,
      body: historicalTrades(this.ids.filter((id) => id >= fromId).slice(0, limit)),
    }
    const headers = new Map(
      Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    )
    return {
      status: answer.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => answer.body,
    }
  }
}

/** A historicalTrades body for `ids` (BTCUSDT-like prices). */
export function historicalTrades(ids: readonly number[]): string {
  return JSON.stringify(
    ids.map((id) => ({
      id,
      price: '97310.00000000',
      qty: '0.01000000',
      quoteQty: '973.10000000',
      time: 1732600000000 + id,
      isBuyerMaker: id % 2 === 0,
      isBestMatch: true,
    })),
  )
}

/** `[from, ..., to]`. */
export function ids(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
}
