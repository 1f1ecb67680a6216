import { stat } from 'node:fs/promises'
import { relative } from 'node:path'

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
import { loadedFiles, SOURCE_FILES_PROPERTY, type SourceFileMark } from './source-files.js'

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

interface Source {
  readonly path: string
  readonly name: string
  readonly table: TableDefinition
  readonly rows: (skipThrough: number) => AsyncIterable<RowResult<object>>
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
  const { dir, tables } = options
  const batchRows = options.batchRows ?? LOAD_BATCH_ROWS
  const listing = await listAsxDirectory(dir)
  const info = await readCompanyInfo(listing.companyInfo, fileLines(listing.companyInfo))
  const companies = info.companies
  const sources: Source[] = [
    {
      path: listing.companyInfo,
      name: relative(dir, listing.companyInfo),
      table: REFERENCE_DATA_V2_TABLE,
      rows: async function* (skip) {
        for (const r of info.results) if (r.row > skip) yield r
      },
    },
    ...listing.files.map((f) => ({
      path: f.path,
      name: relative(dir, f.path),
      table: f.kind === 'trades' ? TRADES_V2_TABLE : QUOTES_V2_TABLE,
      rows: (skip: number) => readAsxFile(f, companies, { skipThrough: skip }),
    })),
  ]
  const loaded = new Map<TableDefinition, Awaited<ReturnType<typeof loadedFiles>>>()
  for (const table of [REFERENCE_DATA_V2_TABLE, TRADES_V2_TABLE, QUOTES_V2_TABLE]) {
    loaded.set(table, loadedFiles(await ensureTable(tables, table, options.warehouse)))
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
  for (const [i, source] of sources.entries()) {
    if (options.signal?.aborted) {
      summary.aborted = true
      break
    }
    const sha256 = await sha256File(source.path)
    const state = options.force ? undefined : loaded.get(source.table)?.get(sha256)
    if (state?.complete) {
      summary.filesSkipped++
      progress.advance(sizes[i]!, 0)
      progress.line(`${source.name}: already loaded (sha256 ${sha256.slice(0, 12)}), skipped`)
      continue
    }
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
      await appendRows(tables, source.table.identifier, batch, {
        summary: () => ({ [SOURCE_FILES_PROPERTY]: JSON.stringify([mark]) }),
      })
      summary.commits++
      batch = []
    }
    for await (const r of source.rows(rowsThrough)) {
      if (batch.length >= batchRows) await commit(false)
      if (options.signal?.aborted) break
      rowsThrough = r.row
      summary.rows++
      // + 2: the CRLF the reader took off (progress only).
      if (r.ok) {
        batch.push(r.value)
        counts.ok++
        summary.ok++
        progress.advance(r.raw.length + 2, 1)
      } else {
        await options.deadLetters.write(r)
        counts.errors++
        summary.errors++
        progress.advance(r.raw.length + 2, 1)
      }
    }
    if (options.signal?.aborted) {
      await commit(false)
      summary.aborted = true
      break
    }
    await commit(true)
    summary.filesLoaded++
    progress.line(
      `${source.name}: ${counts.ok} rows loaded into ${source.table.identifier.name}` +
        (counts.errors === 0 ? '' : `, ${counts.errors} rejected`),
    )
  }
  progress.done(!summary.aborted)
  return summary
}
