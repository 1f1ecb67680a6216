import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'

import type { QuoteV2, TradeV2 } from '@k2/core'

import { csvRecords, fileLines } from '../csv/index.js'
import { SourcesCsvError } from '../errors.js'
import type { Conversion, RowResult } from '../row-result.js'
import type { AsxCompany } from './company-info.js'
import { convertAsxQuote } from './asx-quote.js'
import { convertAsxTrade, type AsxFileContext } from './asx-trade.js'

/** One vendor file of an ASX sample directory. */
export interface AsxFile {
  readonly kind: 'trades' | 'quotes'
  readonly path: string
  /** The file name without `.csv`: the vendor's company id. */
  readonly companyId: string
}

/** The files of an ASX sample directory (data README layout). */
export interface AsxDirectory {
  /** `reference/company_info.csv`. */
  readonly companyInfo: string
  /** `trades/*.csv` then `quotes/*.csv`, each sorted by company id. */
  readonly files: readonly AsxFile[]
}

/** Lists `reference/company_info.csv`, `trades/*.csv` and `quotes/*.csv` of `dir`. */
export async function listAsxDirectory(dir: string): Promise<AsxDirectory> {
  const files: AsxFile[] = []
  for (const kind of ['trades', 'quotes'] as const) {
    let names: string[]
    try {
      names = await readdir(join(dir, kind))
    } catch (error) {
      throw new SourcesCsvError('SOURCES_CSV_INVALID_FILE', `${dir}: no ${kind}/ folder`, {
        cause: error,
        context: { dir },
      })
    }
    for (const name of names.filter((n) => n.endsWith('.csv')).sort(byNumber)) {
      files.push({ kind, path: join(dir, kind, name), companyId: basename(name, '.csv') })
    }
  }
  return { companyInfo: join(dir, 'reference', 'company_info.csv'), files }
}

function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

/** Options of {@link readAsxFile}. */
export interface ReadAsxFileOptions {
  /** Platform receipt time for every row; default now per row. */
  readonly ingestionTimestamp?: () => number
  /** Rows up to this number are read but not converted or yielded (resuming a partial load). */
  readonly skipThrough?: number
}

/**
 * Streams the rows of one headerless vendor file as trades or quotes, one result per row (bad
 * rows are results, not exceptions). Throws `SOURCES_CSV_UNKNOWN_COMPANY` when the file's
 * company id is not in `companies`.
 */
export async function* readAsxFile(
  file: AsxFile,
  companies: ReadonlyMap<string, AsxCompany>,
  options: ReadAsxFileOptions = {},
): AsyncGenerator<RowResult<TradeV2 | QuoteV2>> {
  const company = companies.get(file.companyId)
  if (company === undefined) {
    throw new SourcesCsvError(
      'SOURCES_CSV_UNKNOWN_COMPANY',
      `${file.path}: company id ${file.companyId} is not in company_info.csv`,
      { context: { file: file.path, companyId: file.companyId } },
    )
  }
  const convert: (
    fields: readonly string[],
    row: number,
    ctx: AsxFileContext,
  ) => Conversion<TradeV2 | QuoteV2> = file.kind === 'trades' ? convertAsxTrade : convertAsxQuote
  const skip = options.skipThrough ?? 0
  for await (const record of csvRecords(fileLines(file.path))) {
    const row = record.record
    if (row <= skip) continue
    if (record.fields === null) {
      yield {
        ok: false,
        file: file.path,
        row,
        reason: record.error ?? 'malformed',
        raw: record.raw,
      }
      continue
    }
    const ingestion = options.ingestionTimestamp?.()
    const result = convert(record.fields, row, {
      companyId: company.companyId,
      symbol: company.symbol,
      ...(ingestion === undefined ? {} : { ingestionTimestamp: ingestion }),
    })
    yield result.ok
      ? { ok: true, file: file.path, row, value: result.value, raw: record.raw }
      : { ok: false, file: file.path, row, reason: result.reason, raw: record.raw }
  }
}
