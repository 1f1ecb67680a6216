export { expireSnapshots } from './expire-snapshots.js'
export type { ExpireOptions, ExpireResult } from './expire-snapshots.js'
