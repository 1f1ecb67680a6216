import { createPrng, type Prng } from './prng.js'

/** The four queries of issue 6 item 7. */
export const QUERY_CASE_NAMES = ['point', 'bars', 'summary', 'range'] as const

/** One of {@link QUERY_CASE_NAMES}. */
export type QueryCaseName = (typeof QUERY_CASE_NAMES)[number]

/** Values a bound statement takes (text and BIGINTs), by placeholder name. */
export type BoundParams = Readonly<Record<string, string | bigint>>

/** One run of a query: the same question asked of the API and of the single sorted file. */
export interface QueryInstance {
  /** Path and query string of the API request (`/v1/...`). */
  readonly path: string
  /** Parameters of the case's bound SQL. */
  readonly params: BoundParams
}

/** How a case is described, asked and checked. */
export interface QueryCase {
  readonly name: QueryCaseName
  readonly title: string
  /** The p50 goal for the API side, if it sets one. */
  readonly goalP50Ms: number | undefined
  /** The SQL the engine runs for this request, over `relation` (a `read_parquet(...)`). */
  sql(relation: string): string
}

/** Where the generated trades are: symbols and the UTC days they span. */
export interface QueryDataShape {
  readonly symbols: readonly string[]
  /** UTC midnight of the first day, µs. */
  readonly startMicros: number
  readonly days: number
}

const MINUTE_US = 60_000_000
const HOUR_US = 60 * MINUTE_US
const DAY_US = 24 * HOUR_US
/** Symbols of the multi-symbol range query. */
export const RANGE_SYMBOLS = 5
/** `limit` of the multi-symbol range query. */
export const RANGE_LIMIT = 1000
/** The API's default page size (the point query does not pass `limit`). */
export const DEFAULT_PAGE = 100

// The SELECT lists below mirror @k2/query (libs/query/src/queries/rows.ts TRADE_COLUMNS_SQL and
// src/sql/aggregates.ts TRADE_AGGREGATES_SQL), which the package does not export; the benchmark
// checks each run's result size against the API's, so a drift that changes results fails it.
const TRADE_COLUMNS_SQL = [
  'message_id',
  'trade_id',
  'symbol',
  'exchange',
  'asset_class',
  'epoch_us("timestamp")::VARCHAR AS "timestamp"',
  'price::VARCHAR AS price',
  'quantity::VARCHAR AS quantity',
  'currency',
  'side',
  'to_json(trade_conditions)::VARCHAR AS trade_conditions',
  'source_sequence::VARCHAR AS source_sequence',
  'epoch_us(ingestion_timestamp)::VARCHAR AS ingestion_timestamp',
  'platform_sequence::VARCHAR AS platform_sequence',
  'to_json(vendor_data)::VARCHAR AS vendor_data',
].join(', ')

const TRADE_AGGREGATES_SQL = [
  'count(*)::VARCHAR AS trade_count',
  'first(price ORDER BY "timestamp", source_sequence, trade_id)::VARCHAR AS open',
  'max(price)::VARCHAR AS high',
  'min(price)::VARCHAR AS low',
  'last(price ORDER BY "timestamp", source_sequence, trade_id)::VARCHAR AS close',
  'coalesce(sum(quantity), 0)::VARCHAR AS volume',
  'coalesce(sum(CAST(price AS DECIMAL(38, 8)) * CAST(quantity AS DECIMAL(38, 8))), 0)::VARCHAR AS notional',
  "coalesce(sum(quantity) FILTER (WHERE side = 'BUY'), 0)::VARCHAR AS buy_volume",
  "coalesce(sum(quantity) FILTER (WHERE side IN ('SELL', 'SELL_SHORT')), 0)::VARCHAR AS sell_volume",
].join(', ')

/** `symbol IN ($s0, ...)` and the `[start, end)` time range, as the engine's `whereMarket`. */
function whereSql(symbols: number): string {
  const list = Array.from({ length: symbols }, (_, i) => `$s${i}`).join(', ')
  return (
    `WHERE (symbol IN (${list})) AND ("timestamp" >= make_timestamptz($start::BIGINT)) ` +
    `AND ("timestamp" < make_timestamptz($end::BIGINT))`
  )
}

/** A newest-first page: the engine asks one row more than `limit` to know if a next page exists. */
function pageSql(relation: string, symbols: number): string {
  return (
    `SELECT ${TRADE_COLUMNS_SQL} FROM ${relation} ${whereSql(symbols)} ` +
    `ORDER BY "timestamp" DESC, trade_id DESC LIMIT $limit::BIGINT`
  )
}

/** The engine's bars statement for `tz`-aligned buckets without `fill`. */
function barsSql(relation: string): string {
  const localUs = 'epoch_us(timezone($tz, "timestamp"))'
  const dayUs = `(${localUs} - ((${localUs} % $day::BIGINT) + $day::BIGINT) % $day::BIGINT)`
  const bucketed =
    `SELECT *, ${dayUs} + ((${localUs} - ${dayUs}) // $interval::BIGINT) * $interval::BIGINT ` +
    `AS bucket FROM ${relation} ${whereSql(1)}`
  const aggregated = `SELECT bucket, ${TRADE_AGGREGATES_SQL} FROM (${bucketed}) GROUP BY bucket`
  const b = 'grid.bucket'
  const bucketEnd =
    `least(${b} + $interval::BIGINT, ` +
    `${b} - ((${b} % $day::BIGINT) + $day::BIGINT) % $day::BIGINT + $day::BIGINT)`
  return (
    `WITH aggregated AS (${aggregated}), grid AS (SELECT bucket FROM aggregated) ` +
    `SELECT epoch_us(timezone($tz, make_timestamp(${b})))::VARCHAR AS bar_start, ` +
    `epoch_us(timezone($tz, make_timestamp(${bucketEnd})))::VARCHAR AS bar_end, ` +
    `aggregated.* EXCLUDE (bucket) ` +
    `FROM grid LEFT JOIN aggregated ON aggregated.bucket = grid.bucket ORDER BY grid.bucket`
  )
}

/** The four cases, in the order they run. */
export const QUERY_CASES: readonly QueryCase[] = [
  {
    name: 'point',
    title: 'point: 1 symbol, 1 minute',
    goalP50Ms: 20,
    sql: (relation) => pageSql(relation, 1),
  },
  {
    name: 'bars',
    title: '1m bars: 1 symbol-day',
    goalP50Ms: 100,
    sql: barsSql,
  },
  {
    name: 'summary',
    title: 'daily summary',
    goalP50Ms: undefined,
    sql: (relation) => `SELECT ${TRADE_AGGREGATES_SQL} FROM ${relation} ${whereSql(1)}`,
  },
  {
    name: 'range',
    title: `range: ${RANGE_SYMBOLS} symbols, 1 h, limit ${RANGE_LIMIT}`,
    goalP50Ms: undefined,
    sql: (relation) => pageSql(relation, RANGE_SYMBOLS),
  },
]

/** The case named `name`. */
export function queryCase(name: QueryCaseName): QueryCase {
  const found = QUERY_CASES.find((c) => c.name === name)
  if (found === undefined) throw new RangeError(`unknown query case ${name}`)
  return found
}

/**
 * `count` runs of case `name` with a random symbol (or symbols) and time from a PRNG seeded with
 * `seed` and the case: the same sequence on every run and for both sides. Times are whole minutes,
 * hours or days inside the data's span.
 */
export function queryInstances(
  name: QueryCaseName,
  shape: QueryDataShape,
  count: number,
  seed: number,
): QueryInstance[] {
  if (shape.symbols.length < RANGE_SYMBOLS) {
    throw new RangeError(`need at least ${RANGE_SYMBOLS} symbols, got ${shape.symbols.length}`)
  }
  const prng = createPrng((seed + 0x9e3779b9 * (QUERY_CASE_NAMES.indexOf(name) + 1)) >>> 0)
  const pick = () => shape.symbols[prng.int(shape.symbols.length)] as string
  const out: QueryInstance[] = []
  for (let i = 0; i < count; i++) {
    switch (name) {
      case 'point': {
        const symbol = pick()
        const start = shape.startMicros + prng.int(shape.days * 1440) * MINUTE_US
        const end = start + MINUTE_US
        out.push({
          path: `/v1/trades?${query({ symbol, start_time: iso(start), end_time: iso(end) })}`,
          params: { s0: symbol, ...range(start, end), limit: BigInt(DEFAULT_PAGE + 1) },
        })
        break
      }
      case 'bars': {
        const symbol = pick()
        const start = shape.startMicros + prng.int(shape.days) * DAY_US
        const end = start + DAY_US
        out.push({
          path: `/v1/bars/1m?${query({ symbol, start_time: iso(start), end_time: iso(end) })}`,
          params: {
            s0: symbol,
            ...range(start, end),
            tz: 'UTC',
            interval: BigInt(MINUTE_US),
            day: BigInt(DAY_US),
          },
        })
        break
      }
      case 'summary': {
        const symbol = pick()
        const start = shape.startMicros + prng.int(shape.days) * DAY_US
        const date = iso(start).slice(0, 10)
        out.push({
          path: `/v1/summary/${encodeURIComponent(symbol)}/${date}`,
          params: { s0: symbol, ...range(start, start + DAY_US) },
        })
        break
      }
      case 'range': {
        const symbols = distinct(prng, shape.symbols, RANGE_SYMBOLS)
        const start = shape.startMicros + prng.int(shape.days * 24) * HOUR_US
        const end = start + HOUR_US
        const bound: Record<string, string> = {}
        symbols.forEach((s, k) => (bound[`s${k}`] = s))
        out.push({
          path: `/v1/trades?${query({
            symbol: symbols.join(','),
            start_time: iso(start),
            end_time: iso(end),
            limit: String(RANGE_LIMIT),
          })}`,
          params: { ...bound, ...range(start, end), limit: BigInt(RANGE_LIMIT + 1) },
        })
        break
      }
    }
  }
  return out
}

/** `k` different items of `items` (a partial Fisher-Yates shuffle). */
function distinct(prng: Prng, items: readonly string[], k: number): string[] {
  const pool = [...items]
  for (let i = 0; i < k; i++) {
    const j = i + prng.int(pool.length - i)
    ;[pool[i], pool[j]] = [pool[j] as string, pool[i] as string]
  }
  return pool.slice(0, k)
}

function range(start: number, end: number): { start: bigint; end: bigint } {
  return { start: BigInt(start), end: BigInt(end) }
}

/** ISO-8601 UTC of a µs instant (whole ms here). */
function iso(micros: number): string {
  return new Date(micros / 1000).toISOString()
}

function query(values: Record<string, string>): string {
  return new URLSearchParams(values).toString()
}
