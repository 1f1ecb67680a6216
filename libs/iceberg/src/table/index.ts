export type { TableContext } from './table-context.js'
export type { IcebergTable } from './iceberg-table.js'
export { loadTable } from './iceberg-table.js'
export { ensureTable } from './create-table.js'
export { commitTable, COMMIT_RETRY_DEFAULTS, isCommitConflict } from './commit-table.js'
export type { AttemptResult } from './commit-table.js'
export { appendFiles } from './append-files.js'
export type { AppendOptions } from './append-files.js'
export { replaceFiles } from './replace-files.js'
export type { ReplaceOptions } from './replace-files.js'
export {
  ManifestCache,
  MANIFEST_CACHE_LIMITS,
  SHARED_MANIFEST_CACHE,
  liveDataFiles,
  isLive,
  type ManifestCacheLimits,
} from './snapshot-files.js'
export { tableLocation, dataDirectory } from './table-locations.js'
export { writeDataFiles, toDataFile, TableColumns } from './data-files.js'
export { appendColumns, appendRows, type ColumnsPart } from './append-rows.js'
