/**
 * `@k2/sources-csv`: CSV sources (D9). A small streaming RFC 4180 reader (`csv/`), the ASX vendor
 * files (`asx/`: trades, quotes, company_info.csv -> v2 records, Sydney time -> UTC), and the
 * generic header-based formats of the old loader (`generic/`). Bad rows come back as
 * {@link RowRejected} results with file, row and reason, never as exceptions. Imports only core.
 */
export { SourcesCsvError, SOURCES_CSV_ERROR_CODES } from './errors.js'
export type { SourcesCsvErrorCode } from './errors.js'
export type { RowResult, RowAccepted, RowRejected, Conversion } from './row-result.js'
export * from './csv/index.js'
export * from './time/index.js'
export * from './asx/index.js'
export * from './generic/index.js'
