import { parseCsvRecord } from './parse-csv-record.js'

/** One record of a CSV file, or the reason it could not be split into fields. */
export interface CsvRecord {
  /** 1-based number of the record in the file (a quoted line break does not start a record). */
  readonly record: number
  /** The record's text (lines joined with `\n` when a quoted field spans lines). */
  readonly raw: string
  /** The fields, or null when the record is malformed (see `error`). */
  readonly fields: string[] | null
  readonly error?: string
}

/**
 * Streams the records of a CSV text given as lines without their line breaks (e.g. `readline`
 * over a file, which also takes CRLF apart): RFC 4180 records, where a quoted field may continue
 * on the next line. Empty lines are skipped (they are not records). A quoted field still open at
 * the end of the input is one malformed last record.
 */
export async function* csvRecords(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<CsvRecord> {
  let record = 0
  let pending: string | undefined
  for await (const line of lines) {
    if (pending === undefined && line.length === 0) continue
    const text = pending === undefined ? line : `${pending}\n${line}`
    const parsed = parseCsvRecord(text)
    if (parsed.kind === 'incomplete') {
      pending = text
      continue
    }
    pending = undefined
    record++
    yield parsed.kind === 'fields'
      ? { record, raw: text, fields: parsed.fields }
      : { record, raw: text, fields: null, error: `malformed CSV: ${parsed.reason}` }
  }
  if (pending !== undefined) {
    yield {
      record: record + 1,
      raw: pending,
      fields: null,
      error: 'malformed CSV: a quoted field is not closed at the end of the file',
    }
  }
}
