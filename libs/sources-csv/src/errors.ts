import { codedErrorClass } from '@k2/core'

/**
 * Error codes of `@k2/sources-csv` with their retriable flag (STYLE.md habit 5). Bad rows are not
 * errors: they come back as {@link RowRejected} results. These codes are for whole files.
 */
export const SOURCES_CSV_ERROR_CODES = {
  /** A file cannot be used at all: missing header, missing required column, unreadable. */
  SOURCES_CSV_INVALID_FILE: { retriable: false },
  /** A vendor file names a company id that `company_info.csv` does not list. */
  SOURCES_CSV_UNKNOWN_COMPANY: { retriable: false },
} as const satisfies Record<string, { retriable: boolean }>

/** A code from {@link SOURCES_CSV_ERROR_CODES}. */
export type SourcesCsvErrorCode = keyof typeof SOURCES_CSV_ERROR_CODES

/** An error raised by `@k2/sources-csv`. */
export class SourcesCsvError extends codedErrorClass('SourcesCsvError', SOURCES_CSV_ERROR_CODES) {}
