import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { DataType } from '@k2/core'
import {
  appendRows,
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  loadTable,
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
  TRADES_V2_TABLE,
  type Catalog,
  type ParquetWriter,
} from '@k2/iceberg'
import { fileLines, readAsxFile, readCompanyInfo } from '@k2/sources-csv'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  loadAsxDirectoryThroughKafka,
  type AsxKafkaLoadOptions,
  type MarketDataSink,
} from './asx-kafka-load.js'
import { loadAsxDirectory } from './asx-load.js'
import { openDeadLetters } from './dead-letters.js'
import type { Progress } from './progress.js'
import { SOURCE_POSITIONS_PROPERTY } from './source-positions.js'

const SAMPLE =
  [
    fileURLToPath(new URL('../../../../../shared/data/asx-2014-03', import.meta.url)),
    '/work/shared/data/asx-2014-03', // the machines' shared folder, for clones elsewhere
  ].find((dir) => existsSync(`${dir}/trades`)) ?? '../shared/data/asx-2014-03'

/** MWR (3153): 11 trades, 60 quotes; DVN (7181): 232 trades. */
const FILES = [
  'reference/company_info.csv',
  'trades/3153.csv',
  'quotes/3153.csv',
  'trades/7181.csv',
]

let dir: string
let catalog: Catalog
let parquet: ParquetWriter

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-asx-kafka-load-'))
  for (const sub of ['reference', 'trades', 'quotes']) {
    await mkdir(join(dir, 'sample', sub), { recursive: true })
  }
  for (const f of FILES) await copyFile(join(SAMPLE, f), join(dir, 'sample', f))
  catalog = await createCatalog({ warehouse: join(dir, 'wh') })
  parquet = await createParquetWriter()
})

afterEach(async () => {
  await parquet.close()
  await catalog.close()
  await rm(dir, { recursive: true, force: true })
})

/** A sink that keeps what was sent: data type, symbol (or company id) and sequence. */
function recordingSink(): MarketDataSink & { sent: string[]; flushes: number } {
  const sink = {
    sent: [] as string[],
    flushes: 0,
    async send(dataType: DataType, record: object) {
      const r = record as { symbol?: string; company_id?: string; source_sequence?: number }
      // The keys of D3: company_id for reference data, else the symbol.
      const key = dataType === 'reference_data' ? r.company_id : r.symbol
      sink.sent.push(`${dataType}:${key}:${r.source_sequence ?? ''}`)
    },
    async flush() {
      sink.flushes++
    },
  }
  return sink as MarketDataSink & { sent: string[]; flushes: number }
}

const quiet: Progress = { advance: () => undefined, line: () => undefined, done: () => undefined }

function options(sink: MarketDataSink, extra: Partial<AsxKafkaLoadOptions> = {}) {
  return {
    dir: join(dir, 'sample'),
    warehouse: join(dir, 'wh'),
    tables: { catalog, io: createLocalFileIO(), parquet },
    deadLetters: openDeadLetters(join(dir, 'dlq.jsonl')),
    progress: () => quiet,
    sink,
    ...extra,
  }
}

/** The first row of a sample file, converted (a stand-in for what a writer commits). */
async function firstRow(kind: 'trades' | 'quotes'): Promise<object> {
  const info = join(dir, 'sample', 'reference', 'company_info.csv')
  const { companies } = await readCompanyInfo(info, fileLines(info))
  const file = { kind, path: join(dir, 'sample', kind, '3153.csv'), companyId: '3153' }
  for await (const r of readAsxFile(file, companies)) if (r.ok) return r.value
  throw new Error('no row')
}

/** What a writer's commit leaves: its rows, and the stream positions in the summary. */
async function commitPositions(table: typeof TRADES_V2_TABLE, positions: Record<string, number>) {
  const tables = { catalog, io: createLocalFileIO(), parquet }
  const row = await firstRow(table === TRADES_V2_TABLE ? 'trades' : 'quotes')
  await appendRows(tables, table.identifier, [row], {
    summary: () => ({ [SOURCE_POSITIONS_PROPERTY]: JSON.stringify(positions) }),
  })
}

describe('loadAsxDirectoryThroughKafka', () => {
  it('produces every trade and quote keyed for its topic, writes reference data directly', async () => {
    const sink = recordingSink()
    const summary = await loadAsxDirectoryThroughKafka(options(sink))
    expect(summary).toMatchObject({
      rows: 4 + 11 + 232 + 60,
      ok: 4 + 11 + 232 + 60,
      errors: 0,
      produced: 4 + 11 + 232 + 60,
      filesLoaded: 4,
      filesSkipped: 0,
      commits: 1, // the reference data
      landed: undefined,
      targets: {
        trades_v2: { 'ASX:MWR': 11, 'ASX:DVN': 232 },
        quotes_v2: { 'ASX:MWR': 60 },
      },
    })
    expect(sink.sent.filter((s) => s.startsWith('reference_data:'))).toEqual([
      'reference_data:3153:',
      'reference_data:7078:',
      'reference_data:7181:',
      'reference_data:7458:',
    ])
    const mwrTrades = sink.sent.filter((s) => s.startsWith('trades:MWR:'))
    expect(mwrTrades).toEqual(Array.from({ length: 11 }, (_, i) => `trades:MWR:${i + 1}`))
    expect(sink.flushes).toBe(1)
    const tables = { catalog, io: createLocalFileIO() }
    const reference = await loadTable(tables, REFERENCE_DATA_V2_TABLE.identifier)
    expect(reference.metadata.snapshots.at(-1)?.summary['total-records']).toBe('4')
    const trades = await loadTable(tables, TRADES_V2_TABLE.identifier)
    expect(trades.metadata.snapshots).toHaveLength(0) // the writers' business
  })

  it('skips files whose rows are committed and resumes a stream after its position', async () => {
    await loadAsxDirectoryThroughKafka(options(recordingSink()))
    await commitPositions(TRADES_V2_TABLE, { 'ASX:MWR': 11, 'ASX:DVN': 200 })
    await commitPositions(QUOTES_V2_TABLE, { 'ASX:MWR': 60 })
    const sink = recordingSink()
    const summary = await loadAsxDirectoryThroughKafka(options(sink))
    expect(summary).toMatchObject({
      rows: 32,
      produced: 32,
      filesLoaded: 1,
      filesSkipped: 3, // reference data (marked), MWR trades and quotes (committed)
      targets: { trades_v2: { 'ASX:DVN': 232 } },
    })
    expect(sink.sent[0]).toBe('trades:DVN:201')
    expect(sink.sent.at(-1)).toBe('trades:DVN:232')

    const forced = recordingSink()
    const again = await loadAsxDirectoryThroughKafka(options(forced, { force: true }))
    expect(again).toMatchObject({ produced: 4 + 11 + 232 + 60, filesSkipped: 0, filesLoaded: 4 })
  })

  it('skips files an embedded load marked complete', async () => {
    await loadAsxDirectory(options(recordingSink()))
    const sink = recordingSink()
    const summary = await loadAsxDirectoryThroughKafka(options(sink))
    expect(summary).toMatchObject({ produced: 0, filesSkipped: 4, filesLoaded: 0 })
    expect(sink.sent).toEqual([])
  })

  it('waits until the positions cover every produced row, or times out naming what is missing', async () => {
    const lines: string[] = []
    const wait = { timeoutMs: 300, pollMs: 50, lineEveryMs: 0, line: (t: string) => lines.push(t) }
    const late = await loadAsxDirectoryThroughKafka(options(recordingSink(), { wait }))
    expect(late.landed).toBe(false)
    expect(late.pending).toEqual([
      { table: 'trades_v2', stream: 'ASX:MWR', target: 11, position: 0 },
      { table: 'trades_v2', stream: 'ASX:DVN', target: 232, position: 0 },
      { table: 'quotes_v2', stream: 'ASX:MWR', target: 60, position: 0 },
    ])
    expect(lines[0]).toMatch(/^waiting for the writers: 0 of 3 streams committed/)

    // The "writers" land everything while the second load waits.
    const landing = loadAsxDirectoryThroughKafka(
      options(recordingSink(), { force: true, wait: { ...wait, timeoutMs: 30_000 } }),
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    await commitPositions(TRADES_V2_TABLE, { 'ASX:MWR': 11, 'ASX:DVN': 232 })
    await commitPositions(QUOTES_V2_TABLE, { 'ASX:MWR': 60 })
    const landed = await landing
    expect(landed).toMatchObject({ landed: true, pending: [] })
    expect(lines.at(-1)).toBe('landed: 3 of 3 streams committed by the writers')
  })

  it('dead-letters bad rows and produces the rest', async () => {
    const bad = join(dir, 'sample', 'trades', '3153.csv')
    const text = await readFile(bad, 'utf8')
    await writeFile(bad, text.replace(/^([^,]*),([^,]*),/m, '$1,$2x,'))
    const sink = recordingSink()
    const summary = await loadAsxDirectoryThroughKafka(options(sink))
    expect(summary).toMatchObject({
      errors: 1,
      perFile: { 'trades/3153.csv': { ok: 10, errors: 1 } },
    })
    expect(sink.sent).not.toContain('trades:MWR:1')
    const dlq = (await readFile(join(dir, 'dlq.jsonl'), 'utf8')).trim().split('\n')
    expect(dlq.map((l) => (JSON.parse(l) as { row: number }).row)).toEqual([1])
  })
})
