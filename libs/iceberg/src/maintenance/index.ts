export { expireSnapshots } from './expire-snapshots.js'
export type { ExpireResult } from './expire-snapshots.js'
export { compactTable } from './compact-table.js'
export type { CompactionResult } from './compact-table.js'
export { planCompaction } from './compaction-planner.js'
export type {
  CompactionCandidate,
  CompactionGroup,
  CompactionPlanOptions,
} from './compaction-planner.js'
export {
  COMPACTION_DEFAULTS,
  DEFAULT_TARGET_FILE_SIZE_BYTES,
  EXPIRY_DEFAULTS,
  validateCompactionOptions,
  validateExpireOptions,
} from './maintenance-options.js'
export type { CompactionOptions, ExpireOptions } from './maintenance-options.js'
