/**
 * The demo's closing queries against the running API (D7): what a user would ask first. Each
 * prints its request line and a short answer; a failed one prints the API's error code.
 */

/** Where and how to ask. */
export interface QueryTarget {
  readonly apiUrl: string
  readonly apiKey: string
  /** The symbol asked about (the first of the demo's). */
  readonly symbol: string
  /** When the demo started streaming (ms): the bars start at its minute. */
  readonly sinceMs: number
  readonly nowMs: number
  /** Aborts the queries (Ctrl-C). */
  readonly signal?: AbortSignal
}

/** The answers, as lines, and how many queries failed. */
export interface QueryAnswers {
  readonly lines: readonly string[]
  readonly failed: number
}

interface Envelope {
  readonly success: boolean
  readonly data?: unknown
  readonly error?: { readonly code: string; readonly message: string }
}

type Row = Readonly<Record<string, unknown>>

interface DemoQuery {
  readonly path: string
  /** Lines of the answer from the envelope's `data`. */
  answer(data: unknown): string[]
}

const MINUTE_MS = 60_000

/** The queries: latest trades, 1-minute bars, today's summary, the table's snapshots. */
export function demoQueries(target: QueryTarget): DemoQuery[] {
  const symbol = encodeURIComponent(target.symbol)
  const barsStart = new Date(Math.floor(target.sinceMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS)
  const barsEnd = new Date(Math.ceil(target.nowMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS)
  const today = new Date(target.nowMs).toISOString().slice(0, 10)
  return [
    {
      path: `/v1/trades?symbol=${symbol}&limit=3`,
      answer: (data) => {
        const rows = data as Row[]
        return [
          `${rows.length} newest trade(s):`,
          ...rows.map(
            (t) =>
              `${String(t['timestamp'])}  ${String(t['side']).padEnd(4)} ${String(t['quantity'])} @ ${String(t['price'])} (trade ${String(t['trade_id'])})`,
          ),
        ]
      },
    },
    {
      path: `/v1/bars/1m?symbol=${symbol}&start_time=${barsStart.toISOString()}&end_time=${barsEnd.toISOString()}`,
      answer: (data) => {
        const bars = data as Row[]
        return [
          `${bars.length} one-minute bar(s):`,
          ...bars.map(
            (b) =>
              `${String(b['start']).slice(11, 16)}Z  O ${String(b['open'])}  H ${String(b['high'])}  L ${String(b['low'])}  C ${String(b['close'])}  V ${String(b['volume'])}  trades ${String(b['trade_count'])}`,
          ),
        ]
      },
    },
    {
      path: `/v1/summary/${symbol}/${today}`,
      answer: (data) => {
        const s = data as Row
        return [
          `${today} UTC: open ${String(s['open'])}, high ${String(s['high'])}, low ${String(s['low'])}, close ${String(s['close'])}`,
          `volume ${String(s['volume'])}, trades ${String(s['trade_count'])}, VWAP ${String(s['vwap'])}`,
        ]
      },
    },
    {
      path: '/v1/snapshots?table=trades',
      answer: (data) => {
        const snapshots = data as Row[]
        const current = snapshots.find((s) => s['is_current'] === true) ?? snapshots.at(-1)
        const summary = (current?.['summary'] ?? {}) as Row
        return [
          `${snapshots.length} snapshot(s) of trades_v2` +
            (current === undefined
              ? ''
              : `; current ${String(current['snapshot_id'])} at ${String(current['timestamp'])}, ${String(summary['total-records'] ?? '?')} rows in total`),
        ]
      },
    },
  ]
}

/** Runs {@link demoQueries} one after the other and collects their answers. */
export async function runDemoQueries(target: QueryTarget): Promise<QueryAnswers> {
  const lines: string[] = []
  let failed = 0
  for (const query of demoQueries(target)) {
    const started = Date.now()
    try {
      const res = await fetch(`${target.apiUrl}${query.path}`, {
        headers: { 'X-API-Key': target.apiKey },
        signal:
          target.signal === undefined
            ? AbortSignal.timeout(30_000)
            : AbortSignal.any([target.signal, AbortSignal.timeout(30_000)]),
      })
      const body = (await res.json()) as Envelope
      const ms = Date.now() - started
      if (res.ok && body.success) {
        lines.push(`GET ${query.path}  (${res.status}, ${ms} ms)`)
        lines.push(...query.answer(body.data).map((line) => `    ${line}`))
      } else {
        failed++
        lines.push(`GET ${query.path}  (${res.status}, ${ms} ms)`)
        lines.push(`    failed: ${body.error?.code ?? 'unknown'}: ${body.error?.message ?? ''}`)
      }
    } catch (error) {
      failed++
      lines.push(`GET ${query.path}`)
      lines.push(`    failed: ${(error as Error).message}`)
    }
  }
  return { lines, failed }
}
