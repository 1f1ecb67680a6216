import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'

import { QUOTES_V2_TABLE, TRADES_V2_TABLE } from '@k2/iceberg'
import { deadLetterTopicName, topicName } from '@k2/kafka'

import { freePort } from './support/free-port.js'
import { deleteTopics, uniqueExchange } from './support/kafka-fixtures.js'
import { readTable, type TableView } from './support/market-table-oracle.js'
import { REPO_ROOT, startSupervisor, type SupervisorProcess } from './support/supervisor-process.js'

/** The ASX sample (D9); the same places the CLI's tests look. */
const SAMPLE =
  [join(REPO_ROOT, '..', 'shared', 'data', 'asx-2014-03'), '/work/shared/data/asx-2014-03'].find(
    (dir) => existsSync(join(dir, 'trades')),
  ) ?? join(REPO_ROOT, '..', 'shared', 'data', 'asx-2014-03')

/** Two companies: MWR (3153: 11 trades, 60 quotes) and DVN (7181: 232 trades, 549 quotes). */
const FILES = [
  'reference/company_info.csv',
  'trades/3153.csv',
  'trades/7181.csv',
  'quotes/3153.csv',
  'quotes/7181.csv',
]
const EXPECTED = {
  trades: { MWR: 11, DVN: 232 },
  quotes: { MWR: 60, DVN: 549 },
} as const
const MARKET_ROWS = 11 + 232 + 60 + 549

/** Every topic a case touches; deleted before each case so none sees another's records. */
const TOPICS = [
  topicName('equities', 'trades', 'asx'),
  topicName('equities', 'quotes', 'asx'),
  topicName('equities', 'reference_data', 'asx'),
  topicName('crypto', 'trades', 'binance'),
].flatMap((t) => [t, deadLetterTopicName(t)])

let sample: string
/** The embedded loader's tables for the same files: what the Kafka path must equal. */
let embedded: { trades: TableView; quotes: TableView }
const processes: SupervisorProcess[] = []

function deleteTestTopics(): Promise<void> {
  return deleteTopics('e2e-load-kafka-admin', TOPICS)
}

interface LoaderRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** `node --import tsx apps/cli/src/main.ts load asx <sample> ...args` with `env` added. */
function runLoader(env: Record<string, string>, args: readonly string[] = []): Promise<LoaderRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/cli/src/main.ts', 'load', 'asx', sample, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

/** A fresh warehouse, client id (hence consumer groups) and ports for one case. */
async function environment(): Promise<{ env: Record<string, string>; warehouse: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'k2-e2e-load-kafka-'))
  const warehouse = join(dir, 'warehouse')
  const env = {
    K2_TRANSPORT: 'kafka',
    K2_KAFKA_BROKERS: inject('kafkaBrokers'),
    K2_KAFKA_CLIENT_ID: uniqueExchange('e2e-load-'),
    K2_KAFKA_PARTITIONS_CRYPTO: '2',
    K2_KAFKA_PARTITIONS_EQUITIES: '4',
    K2_WAREHOUSE: warehouse,
    K2_BINANCE_SYMBOLS: '',
    K2_WRITERS: '2',
    K2_COMMIT_INTERVAL_MS: '500',
    K2_ADMIN_PORT: String(await freePort()),
    K2_API_PORT: String(await freePort()),
    K2_LOG_LEVEL: 'info',
  }
  return { env, warehouse }
}

async function supervisor(env: Record<string, string>, warehouse: string) {
  const proc = await startSupervisor(env, join(warehouse, '..', 'supervisor.log'))
  processes.push(proc)
  return proc
}

/** Both market tables of a warehouse, read by pyiceberg. */
function tables(warehouse: string): { trades: TableView; quotes: TableView } {
  return {
    trades: readTable(warehouse, TRADES_V2_TABLE, ['MWR', 'DVN']),
    quotes: readTable(warehouse, QUOTES_V2_TABLE, ['MWR', 'DVN']),
  }
}

/** The Kafka path's tables hold exactly the CSV rows: the embedded load's, row for row. */
function expectExactlyTheCsvRows(view: { trades: TableView; quotes: TableView }): void {
  for (const kind of ['trades', 'quotes'] as const) {
    for (const [symbol, rows] of Object.entries(EXPECTED[kind])) {
      const got = view[kind].symbols[symbol]!
      expect(got.count, `${kind} ${symbol}`).toBe(rows)
      expect(got.distinctSequences, `${kind} ${symbol}`).toBe(rows)
      expect(got.sums, `${kind} ${symbol}`).toEqual(embedded[kind].symbols[symbol]!.sums)
      expect(got.rows, `${kind} ${symbol}`).toEqual(embedded[kind].symbols[symbol]!.rows)
    }
    expect(view[kind].count, kind).toBe(embedded[kind].count)
  }
}

/** Sum of a numeric writer stat over the running writer actors. */
async function writerStat(proc: SupervisorProcess, name: string): Promise<number> {
  const writers = (await proc.actors()).filter((a) => a.name.startsWith('writer-'))
  return writers.reduce((n, w) => n + Number(w.stats?.[name] ?? 0), 0)
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k2-e2e-load-sample-'))
  sample = join(dir, 'sample')
  for (const sub of ['reference', 'trades', 'quotes']) {
    await mkdir(join(sample, sub), { recursive: true })
  }
  for (const f of FILES) await copyFile(join(SAMPLE, f), join(sample, f))
  const warehouse = join(dir, 'embedded')
  const run = await runLoader({ K2_WAREHOUSE: warehouse, K2_TRANSPORT: 'embedded' })
  expect(run.code, run.stderr).toBe(0)
  embedded = tables(warehouse)
  expect(embedded.trades.symbols['DVN']!.count).toBe(232)
})

beforeEach(async () => {
  await deleteTestTopics()
})

afterEach(async () => {
  for (const p of processes.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
    await p.exited
  }
})

afterAll(async () => {
  await deleteTestTopics() // leave no ASX records for the other e2e files on the same broker
})

/**
 * `k2 load asx` with K2_TRANSPORT=kafka against a real broker and a supervisor child process in
 * Kafka mode (no feeds): trades and quotes go through Kafka and the writers into Iceberg exactly
 * once; pyiceberg compares the tables with the embedded loader's for the same files.
 */
describe('k2 load asx, kafka transport', () => {
  it('lands exactly the CSV rows; a second run skips every file; --force adds nothing', async () => {
    const { env, warehouse } = await environment()
    const proc = await supervisor(env, warehouse)

    const first = await runLoader(env)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(
      new RegExp(
        `^rows ${4 + MARKET_ROWS}, ok ${4 + MARKET_ROWS}, errors 0, .*files produced 5, skipped 0; ` +
          `commits 1; records produced ${4 + MARKET_ROWS}, committed by the writers`,
      ),
    )
    expect(first.stderr).toContain('trades/7181.csv: 232 rows produced for trades_v2')
    expect(first.stderr).toMatch(/landed: 4 of 4 streams committed by the writers/)
    const landed = tables(warehouse)
    expectExactlyTheCsvRows(landed)

    const second = await runLoader(env)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toMatch(/files produced 0, skipped 5; commits 0; records produced 0/)
    expect(second.stderr).toContain('quotes/7181.csv: in quotes_v2 through row 549, skipped')
    expect(tables(warehouse)).toEqual(landed) // counts, sums and rows

    // Every market row produced a second time: the writers drop them by the committed positions.
    const forced = await runLoader(env, ['--force', '--no-wait'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toMatch(/records produced 856, not waited for/)
    await waitFor('the writers to drop every re-produced row', async () => {
      return (await writerStat(proc, 'duplicatesDropped')) >= MARKET_ROWS
    })
    expect(await writerStat(proc, 'duplicatesDropped')).toBe(MARKET_ROWS)
    const after = tables(warehouse)
    expect(after.trades).toEqual(landed.trades)
    expect(after.quotes).toEqual(landed.quotes)

    proc.child.kill('SIGTERM')
    expect(await proc.exited).toBe(0)
  })

  it('times out without a supervisor; rows produced twice still land once', async () => {
    const { env, warehouse } = await environment()
    const alone = await runLoader(env, ['--wait-timeout-s', '3'])
    expect(alone.code).toBe(1)
    expect(alone.stdout).toMatch(/records produced 856, NOT all committed/)
    expect(alone.stderr).toMatch(/not all committed within 3 s .*trades_v2 ASX:MWR at row 0 of 11/)
    expect(alone.stderr).toContain('A supervisor with K2_TRANSPORT=kafka')

    // Nothing is committed, so the next run produces every row again: each is twice in Kafka.
    const twice = await runLoader(env, ['--no-wait'])
    expect(twice.code, twice.stderr).toBe(0)
    expect(twice.stdout).toMatch(/files produced 4, skipped 1; .*records produced 852, not waited/)

    // The writers read both copies; a third run waits for whatever is not committed yet.
    const proc = await supervisor(env, warehouse)
    const third = await runLoader(env)
    expect(third.code, third.stderr).toBe(0)
    expect(third.stdout).toMatch(/committed by the writers/)
    await waitFor('every row of both copies taken', async () => {
      const written = await writerStat(proc, 'rowsWritten')
      return written >= MARKET_ROWS
    })
    expectExactlyTheCsvRows(tables(warehouse))
    expect(await writerStat(proc, 'rowsWritten')).toBe(MARKET_ROWS)
  })
})
