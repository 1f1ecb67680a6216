import { stat } from 'node:fs/promises'
import { relative } from 'node:path'

import { EXCHANGES } from '@k2/core'

import {
  appendRows,
  ensureTable,
  QUOTES_V2_TABLE,
  REFERENCE_DATA_V2_TABLE,
  TRADES_V2_TABLE,
  type ParquetWriter,
  type TableContext,
  type TableDefinition,
} from '@k2/iceberg'
import {
  fileLines,
  listAsxDirectory,
  readAsxFile,
  readCompanyInfo,
  type RowResult,
} from '@k2/sources-csv'

import type { DeadLetters } from './dead-letters.js'
import { sha256File } from './file-hash.js'
import type { Progress } from './progress.js'
import {
  loadedFiles,
  SOURCE_FILES_PROPERTY,
  type LoadedState,
  type SourceFileMark,
} from './source-files.js'

/** Rows per `appendRows` commit by default. */
export const LOAD_BATCH_ROWS = 50_000

/** What a load needs. */
export interface AsxLoadOptions {
  readonly dir: string
  readonly warehouse: string
  readonly tables: TableContext & { readonly parquet: ParquetWriter }
  readonly deadLetters: DeadLetters
  /** Built once the total size of the files is known. */
  readonly progress: (totalBytes: number) => Progress
  readonly batchRows?: number
  /** Load files again even if their hash is already in a snapshot summary. */
  readonly force?: boolean
  readonly signal?: AbortSignal
}

/** Counts of one load. */
export interface AsxLoadSummary {
  /** Rows read (accepted + rejected) from the files loaded this time. */
  rows: number
  ok: number
  errors: number
  filesLoaded: number
  filesSkipped: number
  commits: number
  /** Rows per file loaded this time, by path relative to the directory. */
  readonly perFile: Record<string, { ok: number; errors: number }>
  aborted: boolean
}

/** One file of a load: where it is, its table, and its rows after a given row. */
export interface AsxSource {
  readonly path: string
  /** The path relative to the loaded directory (in marks, progress lines and the summary). */
  readonly name: string
  readonly kind: 'reference_data' | 'trades' | 'quotes'
  readonly table: TableDefinition
  /** Trades and quotes: the stream of its rows (`ASX:SYMBOL`, one symbol per file). */
  readonly stream?: string
  readonly rows: (skipThrough: number) => AsyncIterable<RowResult<object>>
}

/** A load under way: its files, their sizes, the tables' marks, progress and counts. */
export interface AsxLoadRun {
  readonly sources: readonly AsxSource[]
  readonly sizes: readonly number[]
  /** Per table, the files its snapshots say are loaded (`k2.source-files`). */
  readonly marks: ReadonlyMap<TableDefinition, ReadonlyMap<string, LoadedState>>
  readonly progress: Progress
  readonly summary: AsxLoadSummary
}

/**
 * Lists an ASX sample directory (D9), reads its company info, ensures the three tables and reads
 * their `k2.source-files` marks, and starts the progress display: what both the embedded load and
 * the Kafka load (`asx-kafka-load.ts`) begin with.
 */
export async function openAsxLoad(
  options: Pick<AsxLoadOptions, 'dir' | 'warehouse' | 'tables' | 'progress'>,
): Promise<AsxLoadRun> {
  const { dir, tables } = options
  const listing = await listAsxDirectory(dir)
  const info = await readCompanyInfo(listing.companyInfo, fileLines(listing.companyInfo))
  const companies = info.companies
  const sources: AsxSource[] = [
    {
      path: listing.companyInfo,
      name: relative(dir, listing.companyInfo),
      kind: 'reference_data',
      table: REFERENCE_DATA_V2_TABLE,
      rows: async function* (skip) {
        for (const r of info.results) if (r.row > skip) yield r
      },
    },
    ...listing.files.map((f) => {
      const symbol = companies.get(f.companyId)?.symbol
      return {
        path: f.path,
        name: relative(dir, f.path),
        kind: f.kind,
        table: f.kind === 'trades' ? TRADES_V2_TABLE : QUOTES_V2_TABLE,
        ...(symbol === undefined ? {} : { stream: `${EXCHANGES.ASX}:${symbol}` }),
        rows: (skip: number) => readAsxFile(f, companies, { skipThrough: skip }),
      }
    }),
  ]
  const marks = new Map<TableDefinition, ReadonlyMap<string, LoadedState>>()
  for (const table of [REFERENCE_DATA_V2_TABLE, TRADES_V2_TABLE, QUOTES_V2_TABLE]) {
    marks.set(table, loadedFiles(await ensureTable(tables, table, options.warehouse)))
  }
  const sizes = await Promise.all(sources.map(async (s) => (await stat(s.path)).size))
  const progress = options.progress(sizes.reduce((a, b) => a + b, 0))
  const summary: AsxLoadSummary = {
    rows: 0,
    ok: 0,
    errors: 0,
    filesLoaded: 0,
    filesSkipped: 0,
    commits: 0,
    perFile: {},
    aborted: false,
  }
  return { sources, sizes, marks, progress, summary }
}

/**
 * Counts one row of a file (the file's and the load's counts, progress) and sends a rejected one
 * to the dead-letter file.
 */
export async function tallyRow(
  r: RowResult<object>,
  counts: { ok: number; errors: number },
  run: Pick<AsxLoadRun, 'summary' | 'progress'>,
  deadLetters: DeadLetters,
): Promise<void> {
  run.summary.rows++
  // + 2: the CRLF the reader took off (progress only).
  run.progress.advance(r.raw.length + 2, 1)
  if (r.ok) {
    counts.ok++
    run.summary.ok++
    return
  }
  await deadLetters.write(r)
  counts.errors++
  run.summary.errors++
}

/** Skips a file that is already loaded: counts it, advances the progress by its size. */
export function skipFile(run: AsxLoadRun, index: number, why: string): void {
  run.summary.filesSkipped++
  run.progress.advance(run.sizes[index]!, 0)
  run.progress.line(`${run.sources[index]!.name}: ${why}, skipped`)
}

/**
 * Loads one file into its table in commits of `batchRows`, each marked in `k2.source-files`,
 * resuming after the rows `state` says are loaded. False when the load was aborted (what was
 * read is committed, marked incomplete).
 */
export async function loadSourceIntoTable(
  source: AsxSource,
  sha256: string,
  state: LoadedState | undefined,
  run: AsxLoadRun,
  options: Pick<AsxLoadOptions, 'tables' | 'deadLetters' | 'signal'> & { batchRows: number },
): Promise<boolean> {
  const { summary } = run
  const counts = { ok: 0, errors: 0 }
  summary.perFile[source.name] = counts
  let batch: object[] = []
  let rowsThrough = state?.rowsThrough ?? 0
  const commit = async (complete: boolean) => {
    if (batch.length === 0) return
    const mark: SourceFileMark = {
      file: source.name,
      sha256,
      rows_through: rowsThrough,
      complete,
    }
    await appendRows(options.tables, source.table.identifier, batch, {
      summary: () => ({ [SOURCE_FILES_PROPERTY]: JSON.stringify([mark]) }),
    })
    summary.commits++
    batch = []
  }
  for await (const r of source.rows(rowsThrough)) {
    if (batch.length >= options.batchRows) await commit(false)
    if (options.signal?.aborted) break
    rowsThrough = r.row
    await tallyRow(r, counts, run, options.deadLetters)
    if (r.ok) batch.push(r.value)
  }
  if (options.signal?.aborted) {
    await commit(false)
    return false
  }
  await commit(true)
  summary.filesLoaded++
  run.progress.line(
    `${source.name}: ${counts.ok} rows loaded into ${source.table.identifier.name}` +
      (counts.errors === 0 ? '' : `, ${counts.errors} rejected`),
  )
  return true
}

/**
 * Loads an ASX sample directory (D9) into the market-data tables: `reference/company_info.csv`
 * into reference_data_v2, `trades/*.csv` into trades_v2, `quotes/*.csv` into quotes_v2. Each file
 * is committed in batches of `batchRows`; every commit's snapshot summary carries
 * `k2.source-files` (the file's SHA-256 and the last row it holds), so a file already loaded is
 * skipped and a partly loaded one resumes after its last committed row: loading twice adds
 * nothing. Rejected rows go to the dead-letter file.
 */
export async function loadAsxDirectory(options: AsxLoadOptions): Promise<AsxLoadSummary> {
  const batchRows = options.batchRows ?? LOAD_BATCH_ROWS
  const run = await openAsxLoad(options)
  const { sources, summary } = run
  for (const [i, source] of sources.entries()) {
    if (options.signal?.aborted) {
      summary.aborted = true
      break
    }
    const sha256 = await sha256File(source.path)
    const state = options.force ? undefined : run.marks.get(source.table)?.get(sha256)
    if (state?.complete) {
      skipFile(run, i, `already loaded (sha256 ${sha256.slice(0, 12)})`)
      continue
    }
    if (!(await loadSourceIntoTable(source, sha256, state, run, { ...options, batchRows }))) {
      summary.aborted = true
      break
    }
  }
  run.progress.done(!summary.aborted)
  return summary
}
