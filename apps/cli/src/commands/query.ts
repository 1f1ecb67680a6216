import { K2Error, parseIsoMicros } from '@k2/core'
import { createCatalog, createLocalFileIO } from '@k2/iceberg'
import { createQueryEngine, isoMicros, QueryError, type AsOf, type QueryEngine } from '@k2/query'

import type { CliContext } from '../command.js'
import { defineCommand } from '../command.js'
import { CliError, EXIT_CODES, invalidFlag } from '../errors.js'
import { booleanFlag, integerFlag, stringFlag, symbolListFlag } from '../flags.js'

const FLAGS = {
  symbols: symbolListFlag({ description: 'trades: symbols (default: all)' }),
  symbol: stringFlag({ description: 'bars, summary: the symbol', placeholder: 'SYM' }),
  start: stringFlag({ description: 'trades, bars: inclusive start, ISO-8601', placeholder: 'T' }),
  end: stringFlag({ description: 'trades, bars: exclusive end, ISO-8601', placeholder: 'T' }),
  limit: integerFlag({ description: 'trades: rows', default: 20, min: 1, max: 10_000 }),
  interval: stringFlag({ description: 'bars: 1s..1d as N{s,m,h,d}', default: '1h' }),
  date: stringFlag({ description: 'summary: YYYY-MM-DD in --tz', placeholder: 'DATE' }),
  tz: stringFlag({ description: 'bars, summary: IANA time zone', default: 'UTC' }),
  fill: booleanFlag({ description: 'bars: include empty buckets' }),
  asOf: stringFlag({
    description: 'time travel: a snapshot id or an ISO-8601 time',
    placeholder: 'ID|T',
  }),
  table: stringFlag({ description: 'snapshots: trades or quotes', default: 'trades' }),
  json: booleanFlag({ description: 'print JSON instead of a table' }),
} as const

/** Engine parameter names -> this command's flags, for errors that name the flag. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  symbols: 'symbols',
  symbol: 'symbol',
  start: 'start',
  end: 'end',
  limit: 'limit',
  interval: 'interval',
  date: 'date',
  tz: 'tz',
  fill: 'fill',
  asOf: 'as-of',
  table: 'table',
}

const KINDS = ['trades', 'bars', 'summary', 'snapshots'] as const
type Kind = (typeof KINDS)[number]
type Values = { readonly [K in keyof typeof FLAGS]: unknown } & {
  readonly symbols: readonly string[] | undefined
  readonly symbol: string | undefined
  readonly start: string | undefined
  readonly end: string | undefined
  readonly limit: number
  readonly interval: string
  readonly date: string | undefined
  readonly tz: string
  readonly fill: boolean
  readonly asOf: string | undefined
  readonly table: string
  readonly json: boolean
}

/**
 * `k2 query trades|bars|summary|snapshots`: the queries of the REST API (D7) from a terminal,
 * straight through `@k2/query` on K2_WAREHOUSE (no server needed). Prints an aligned table, or
 * JSON with `--json` (decimals as exact strings, times ISO-8601 µs UTC).
 */
export const queryCommand = defineCommand({
  name: 'query',
  summary: 'query trades, bars, daily summaries or snapshots of the Iceberg tables',
  description:
    'Runs one query of the query engine on K2_WAREHOUSE and prints a table (or --json):\n' +
    '  trades     newest first: --symbols, --start, --end, --limit\n' +
    '  bars       OHLCV bars: --symbol, --interval, --start, --end (required), --tz, --fill\n' +
    '  summary    one calendar day: --symbol, --date (required), --tz\n' +
    '  snapshots  snapshots of --table (trades or quotes), oldest first\n' +
    'trades, bars and summary take --as-of (a snapshot id or an ISO-8601 time).',
  flags: FLAGS,
  operands: { usage: '<trades|bars|summary|snapshots>', min: 1, max: 1 },
  examples: [
    'query trades --symbols BHP --limit 5',
    'query bars --symbol BHP --interval 5m --start 2014-03-10T23:00:00Z --end 2014-03-11T06:00:00Z',
    'query summary --symbol BHP --date 2014-03-11 --tz Australia/Sydney --json',
    'query snapshots --table trades',
  ],
  async run(values, context, operands) {
    const kind = operands[0] as Kind
    if (!KINDS.includes(kind)) {
      throw new CliError(
        'CLI_INVALID_ARGUMENT',
        `unknown query ${JSON.stringify(kind)} (queries: ${KINDS.join(', ')})`,
      )
    }
    const config = context.loadConfig()
    const catalog = await createCatalog({
      uri: config.iceberg.catalogUri,
      warehouse: config.iceberg.warehouse,
    })
    const engine = await createQueryEngine({ catalog, io: createLocalFileIO() })
    try {
      await runQuery(kind, values as Values, engine, context)
      return EXIT_CODES.ok
    } catch (error) {
      if (error instanceof QueryError && error.code === 'QUERY_INVALID_PARAMETER') {
        const parameter = String(error.context['parameter'] ?? '')
        const base = /^[A-Za-z]+/.exec(parameter)?.[0] ?? parameter
        const flag = FLAG_NAMES[base] ?? base
        throw invalidFlag(flag, error.message.replace(/^[^:]*: /, ''))
      }
      throw error
    } finally {
      await engine.close()
      await catalog.close()
    }
  },
})

function micros(flag: string, text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined
  try {
    return BigInt(parseIsoMicros(flag, text))
  } catch (error) {
    if (error instanceof K2Error) throw invalidFlag(flag, 'must be an ISO-8601 time')
    throw error
  }
}

function asOf(text: string | undefined): AsOf | undefined {
  if (text === undefined) return undefined
  if (/^-?\d{1,19}$/.test(text)) return { snapshotId: text }
  return { timestampMs: Number(micros('as-of', text)! / 1000n) }
}

function required<T>(flag: string, value: T | undefined): T {
  if (value === undefined) throw invalidFlag(flag, 'is required for this query')
  return value
}

async function runQuery(
  kind: Kind,
  v: Values,
  engine: QueryEngine,
  context: CliContext,
): Promise<void> {
  const at = asOf(v.asOf)
  const print = (
    rows: readonly Record<string, unknown>[],
    columns: readonly string[],
    extra?: object,
  ) =>
    v.json
      ? context.out(JSON.stringify(extra ? { rows, ...extra } : rows, null, 2))
      : printTable(context, rows, columns)
  switch (kind) {
    case 'trades': {
      const start = micros('start', v.start)
      const end = micros('end', v.end)
      const page = await engine.trades({
        ...(v.symbols ? { symbols: v.symbols } : {}),
        ...(start !== undefined ? { start } : {}),
        ...(end !== undefined ? { end } : {}),
        limit: v.limit,
        ...(at ? { asOf: at } : {}),
      })
      const rows = page.rows.map((r) => ({
        ...r,
        timestamp: isoMicros(r.timestamp),
        ingestion_timestamp: isoMicros(r.ingestion_timestamp),
      }))
      print(rows, ['timestamp', 'symbol', 'price', 'quantity', 'side', 'trade_id'], {
        next_cursor: page.nextCursor,
        snapshot_id: page.meta.snapshotId,
      })
      return
    }
    case 'bars': {
      const { bars } = await engine.bars({
        symbol: required('symbol', v.symbol),
        interval: v.interval,
        start: required('start', micros('start', v.start)),
        end: required('end', micros('end', v.end)),
        tz: v.tz,
        fill: v.fill,
        ...(at ? { asOf: at } : {}),
      })
      const rows = bars.map((b) => ({ ...b, start: isoMicros(b.start), end: isoMicros(b.end) }))
      print(rows, ['start', 'open', 'high', 'low', 'close', 'volume', 'trade_count', 'vwap'])
      return
    }
    case 'summary': {
      const { summary } = await engine.dailySummary({
        symbol: required('symbol', v.symbol),
        date: required('date', v.date),
        tz: v.tz,
        ...(at ? { asOf: at } : {}),
      })
      const row = { ...summary, start: isoMicros(summary.start), end: isoMicros(summary.end) }
      if (v.json) context.out(JSON.stringify(row, null, 2))
      else
        for (const [k, value] of Object.entries(row)) context.out(`${k.padEnd(12)} ${value ?? ''}`)
      return
    }
    case 'snapshots': {
      const snapshots = await engine.snapshots(v.table)
      const rows = snapshots.map((s) => ({
        ...s,
        timestamp: isoMicros(s.timestamp_ms * 1000),
        added_records: s.summary['added-records'] ?? '',
      }))
      print(rows, ['snapshot_id', 'timestamp', 'operation', 'added_records', 'is_current'])
      return
    }
  }
}

/** Rows as an aligned text table (numbers and decimals right-aligned). */
function printTable(
  context: CliContext,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
): void {
  const cells = rows.map((r) =>
    columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))),
  )
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const numeric = columns.map(
    (_, i) => cells.length > 0 && cells.every((row) => /^-?[\d.]*$/.test(row[i]!)),
  )
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  context.out(line(columns))
  for (const row of cells) context.out(line(row))
  context.err(`${rows.length} row${rows.length === 1 ? '' : 's'}`)
}
