import type { DemoView, Freshness } from './demo-view.js'

/** A number for a column: `-` when unknown, else fixed to `digits`. */
function num(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits)
}

/**
 * A price as the metric gives it (a float for display): up to 8 decimals, trailing zeros
 * dropped, at least 2 (`43209.16`, `0.00012345`); `-` before the first trade.
 */
export function formatPrice(price: number | undefined): string {
  if (price === undefined || !Number.isFinite(price)) return '-'
  const text = price.toFixed(8).replace(/0+$/, '')
  const decimals = text.length - text.indexOf('.') - 1
  return decimals < 2 ? price.toFixed(2) : text
}

/** Freshness quantiles in seconds: `p50 0.62 s, p99 1.45 s`, or `no commits yet`. */
export function formatFreshness(f: Freshness): string {
  if (f.rows === 0 || f.p50 === undefined) return 'no commits yet'
  return `p50 ${num(f.p50, 2)} s, p99 ${num(f.p99, 2)} s`
}

/**
 * The view as a small aligned table (the terminal redraws it every scrape; the last one is
 * printed once at the end in every mode):
 *
 *     SYMBOL     LAST PRICE  TRADES/S  RECEIVED
 *     BTCUSDT      43209.16      10.0       120
 *     committed 230 rows to market_data.trades_v2 (19.8 rows/s)
 *     freshness last 10 s: p50 0.62 s, p99 1.45 s; run: p50 0.60 s, p99 1.80 s
 */
export function renderTable(view: DemoView, title: string): string[] {
  const rows = [
    ['SYMBOL', 'LAST PRICE', 'TRADES/S', 'RECEIVED'],
    ...view.symbols.map((s) => [
      s.symbol,
      formatPrice(s.lastPrice),
      num(s.tradesPerSecond, 1),
      String(s.received),
    ]),
  ]
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] as string).length)))
  const table = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  )
  return [
    `${title} | ${view.elapsedS.toFixed(0)} s | ${view.connections} connection(s)`,
    ...table.map((line) => `  ${line}`),
    `  committed ${view.committedRows} rows (${num(view.rowsPerSecond, 1)} rows/s)`,
    `  freshness last 10 s: ${formatFreshness(view.recent)}; run: ${formatFreshness(view.run)}`,
  ]
}

/**
 * The view as one line, printed every scrape when stdout is not a terminal (logs, CI):
 * `[  5 s] committed 230 rows (19.8/s), freshness p50 0.62 s, p99 1.45 s | BTCUSDT 43209.16 10.0/s`.
 */
export function renderLine(view: DemoView): string {
  const symbols = view.symbols.map(
    (s) => `${s.symbol} ${formatPrice(s.lastPrice)} ${num(s.tradesPerSecond, 1)}/s`,
  )
  return [
    `[${view.elapsedS.toFixed(0).padStart(3)} s] committed ${view.committedRows} rows (${num(view.rowsPerSecond, 1)}/s), freshness ${formatFreshness(view.recent)}`,
    ...symbols,
  ].join(' | ')
}

/**
 * ANSI text that replaces the `previousLines` lines last written (cursor up to their first line,
 * clear to the end of the screen) with `lines`.
 */
export function ansiRedraw(lines: readonly string[], previousLines: number): string {
  const up = previousLines > 0 ? `\u001b[${previousLines}F\u001b[J` : ''
  return `${up}${lines.join('\n')}\n`
}
