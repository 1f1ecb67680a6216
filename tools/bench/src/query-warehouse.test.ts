import { describe, expect, it } from 'vitest'

import { queryWarehouseDirName } from './query-warehouse.js'

describe('queryWarehouseDirName', () => {
  it('keys the cache by trades, seed and rows per row group', () => {
    const base = { trades: 10_000_000, seed: 20251124, rowGroupSize: 16384 }
    expect(queryWarehouseDirName(base)).toBe('query-warehouse-10000000-20251124-rg16384')
    // A build of another row group size must not be reused for this one.
    expect(queryWarehouseDirName({ ...base, rowGroupSize: 122880 })).not.toBe(
      queryWarehouseDirName(base),
    )
  })
})
