import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  createCatalog,
  createLocalFileIO,
  decodeSingleValue,
  loadTable,
  planScan,
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
  TRADES_V2_TABLE,
  type TableDefinition,
} from '@k2/iceberg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { runCli } from '../cli.js'
import { testContext } from '../test-support.js'

/** The real ASX sample of the workspace (read-only). */
const SAMPLE =
  [
    fileURLToPath(new URL('../../../../../shared/data/asx-2014-03', import.meta.url)),
    '/work/shared/data/asx-2014-03', // the machines' shared folder, for clones elsewhere
  ].find((dir) => existsSync(`${dir}/trades`)) ?? '../shared/data/asx-2014-03'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-cli-load-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Rows of a table by its current snapshot's total-records, by its scan plan, and snapshots. */
async function tableState(warehouse: string, table: TableDefinition) {
  const catalog = await createCatalog({ warehouse })
  try {
    const io = createLocalFileIO()
    const t = await loadTable({ catalog, io }, table.identifier)
    const plan = await planScan(io, t.metadata)
    return {
      totalRecords: Number(plan.snapshot?.summary['total-records'] ?? 0),
      scannedRecords: plan.files.reduce((n, f) => n + Number(f.record_count), 0),
      snapshots: t.metadata.snapshots.length,
      files: plan.files,
    }
  } finally {
    await catalog.close()
  }
}

describe('k2 load asx', () => {
  it('loads the whole real sample, and loading it again adds nothing', async () => {
    const warehouse = join(dir, 'wh')
    const first = testContext({ K2_WAREHOUSE: warehouse })
    expect(await runCli(['load', 'asx', SAMPLE], first.context)).toBe(0)
    expect(first.out.join('\n')).toMatch(/^rows 370178, ok 370178, errors 0, \d+ rows\/s/)
    expect(first.err).toContain('trades/7078.csv: 91631 rows loaded into trades_v2')
    const counts = {
      trades: await tableState(warehouse, TRADES_V2_TABLE),
      quotes: await tableState(warehouse, QUOTES_V2_TABLE),
      reference: await tableState(warehouse, REFERENCE_DATA_V2_TABLE),
    }
    expect(counts.trades.totalRecords).toBe(200_545)
    expect(counts.trades.scannedRecords).toBe(200_545)
    expect(counts.quotes.totalRecords).toBe(169_629)
    expect(counts.quotes.scannedRecords).toBe(169_629)
    expect(counts.reference.totalRecords).toBe(4)

    const second = testContext({ K2_WAREHOUSE: warehouse })
    expect(await runCli(['load', 'asx', SAMPLE], second.context)).toBe(0)
    expect(second.out.join('\n')).toMatch(/^rows 0, ok 0, errors 0, .*skipped 9; commits 0$/)
    for (const [name, table] of [
      ['trades', TRADES_V2_TABLE],
      ['quotes', QUOTES_V2_TABLE],
      ['reference', REFERENCE_DATA_V2_TABLE],
    ] as const) {
      const again = await tableState(warehouse, table)
      expect(again.totalRecords).toBe(counts[name].totalRecords)
      expect(again.snapshots).toBe(counts[name].snapshots)
    }
  }, 120_000)

  it('writes bad rows to the dead-letter file, exits 1, and stores exact values', async () => {
    const sample = join(dir, 'sample')
    for (const sub of ['reference', 'trades', 'quotes'])
      await mkdir(join(sample, sub), { recursive: true })
    await copyFile(
      join(SAMPLE, 'reference', 'company_info.csv'),
      join(sample, 'reference', 'company_info.csv'),
    )
    await writeFile(
      join(sample, 'trades', '3153.csv'),
      [
        '03/10/2014,13:50:38.849,1.11,3667,0,,', // real row 1 of trades/3153.csv
        '03/10/2014,13:50:38.849,abc,1,0,,',
        '03/10/2014,13:55:41.879,1.12,1633,0,,',
        '03/10/2014,13:55:41.879,1.12,1633',
        '',
      ].join('\r\n'),
    )
    await writeFile(
      join(sample, 'quotes', '3153.csv'),
      ['03/10/2014,05:46:13.604,1.11,0.0,10300,0', '03/10/2014,25:00:00.000,1,1,1,1', ''].join(
        '\r\n',
      ),
    )
    const warehouse = join(dir, 'wh')
    const dlq = join(dir, 'bad.jsonl')
    const t = testContext({ K2_WAREHOUSE: warehouse })
    expect(await runCli(['load', 'asx', sample, '--dlq', dlq], t.context)).toBe(1)
    expect(t.out[0]).toMatch(/^rows 10, ok 7, errors 3, /)
    expect(t.err).toContain(`k2 load: 3 rows rejected, see ${dlq}`)
    const letters = (await readFile(dlq, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(letters).toEqual([
      {
        file: join(sample, 'trades', '3153.csv'),
        row: 2,
        reason: expect.stringContaining('price: "abc"'),
        raw: '03/10/2014,13:50:38.849,abc,1,0,,',
      },
      {
        file: join(sample, 'trades', '3153.csv'),
        row: 4,
        reason: 'expected 7 fields, got 4',
        raw: '03/10/2014,13:55:41.879,1.12,1633',
      },
      {
        file: join(sample, 'quotes', '3153.csv'),
        row: 2,
        reason: 'time: "25:00:00.000" is not a valid HH:MM:SS.mmm time',
        raw: '03/10/2014,25:00:00.000,1,1,1,1',
      },
    ])
    // Exact values through our own scan: the one data file's column bounds.
    const trades = await tableState(warehouse, TRADES_V2_TABLE)
    expect(trades.totalRecords).toBe(2)
    expect(trades.files).toHaveLength(1)
    const file = trades.files[0]!
    const bound = (
      m: typeof file.lower_bounds,
      id: number,
      type: 'decimal(18, 8)' | 'timestamptz',
    ) => String(decodeSingleValue(type, m!.get(id)!))
    // price (field 7): 1.11 and 1.12 exactly (unscaled at scale 8); timestamp (field 6): Sydney 13:50:38.849 AEDT.
    expect(bound(file.lower_bounds, 7, 'decimal(18, 8)')).toBe('111000000')
    expect(bound(file.upper_bounds, 7, 'decimal(18, 8)')).toBe('112000000')
    expect(bound(file.lower_bounds, 6, 'timestamptz')).toBe(
      String(Date.parse('2014-03-10T02:50:38.849Z') * 1000),
    )
    expect(bound(file.upper_bounds, 6, 'timestamptz')).toBe(
      String(Date.parse('2014-03-10T02:55:41.879Z') * 1000),
    )
  }, 60_000)

  it('refuses --no-wait without K2_TRANSPORT=kafka (exit 2)', async () => {
    const t = testContext({ K2_WAREHOUSE: join(dir, 'wh') })
    expect(await runCli(['load', 'asx', SAMPLE, '--no-wait'], t.context)).toBe(2)
    expect(t.err[0]).toBe('k2 load: --no-wait needs K2_TRANSPORT=kafka')
  })

  it.each([
    [['load', 'csv', SAMPLE], 'unknown format "csv" (formats: asx)'],
    [['load', 'asx'], 'expects asx <dir> (got "asx")'],
    [['load'], 'expects asx <dir> (got nothing)'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const t = testContext({ K2_WAREHOUSE: join(dir, 'wh') })
    expect(await runCli(argv, t.context)).toBe(2)
    expect(t.err[0]).toBe(`k2 load: ${message}`)
  })
})
