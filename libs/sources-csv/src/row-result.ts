/** A row converted to a record: where it came from and the record. */
export interface RowAccepted<T> {
  readonly ok: true
  /** The file the row came from (as given to the reader). */
  readonly file: string
  /** 1-based number of the data row in its file (header rows not counted). */
  readonly row: number
  readonly value: T
  /** The row's text as read (for progress by bytes, and for tracing a record to its source). */
  readonly raw: string
}

/** A row that could not be converted: where it is, why, and the raw text (for the dead letters). */
export interface RowRejected {
  readonly ok: false
  readonly file: string
  readonly row: number
  /** Names the field and the problem, e.g. `price: "abc" is not a decimal`. */
  readonly reason: string
  /** The row's text as read (without the line break). */
  readonly raw: string
}

/** The result of converting one CSV row: bad rows are data, never exceptions. */
export type RowResult<T> = RowAccepted<T> | RowRejected

/** The outcome of converting the fields of one row, before the file and row are attached. */
export type Conversion<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string }

/** A rejected conversion. */
export function reject(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason }
}

/** The message of an error thrown by a record builder (`CoreError` names the field). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
