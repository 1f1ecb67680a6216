import { describe, expect, it } from 'vitest'

import { planColumns } from './column-plan.js'
import { PARQUET_WRITER_DEFAULTS, validateParquetWriterOptions } from './parquet-writer-options.js'
import { TRADES_SCHEMA } from './trades-fixture.js'
import { checkPartitionPath, orderByClause } from './write-request.js'

const columns = planColumns(TRADES_SCHEMA)

describe('orderByClause', () => {
  it('defaults to Iceberg null orders: asc nulls first, desc nulls last', () => {
    expect(orderByClause(undefined, columns)).toBe('')
    expect(orderByClause(['symbol', { column: 'timestamp', direction: 'desc' }], columns)).toBe(
      ' ORDER BY "symbol" ASC NULLS FIRST, "timestamp" DESC NULLS LAST',
    )
    expect(orderByClause([{ column: 'source_sequence', nullOrder: 'nulls-last' }], columns)).toBe(
      ' ORDER BY "source_sequence" ASC NULLS LAST',
    )
  })

  it.each(['nope', 'trade_conditions', 'vendor_data'])('refuses to sort by %s', (column) => {
    expect(() => orderByClause([column], columns)).toThrowError(
      expect.objectContaining({ code: 'ICEBERG_INVALID_ARGUMENT' }),
    )
  })
})

describe('checkPartitionPath', () => {
  it.each(['', 'timestamp_day=2025-11-26', 'a=1/b=2'])('accepts %j', (path) => {
    expect(checkPartitionPath(path)).toBe(path)
  })
  it.each(['/abs', 'a/../b', 'a//b', './a', 'a/', 'a\\b'])('refuses %j', (path) => {
    expect(() => checkPartitionPath(path)).toThrowError(
      expect.objectContaining({ code: 'ICEBERG_INVALID_ARGUMENT' }),
    )
  })
})

describe('validateParquetWriterOptions', () => {
  it('fills in defaults', () => {
    expect(validateParquetWriterOptions()).toEqual(PARQUET_WRITER_DEFAULTS)
    expect(validateParquetWriterOptions({ compression: 'gzip', threads: undefined })).toEqual({
      ...PARQUET_WRITER_DEFAULTS,
      compression: 'gzip',
    })
    // Encoding workers: the cores but one, at least one.
    expect(PARQUET_WRITER_DEFAULTS.encodeWorkers).toBeGreaterThanOrEqual(1)
    expect(validateParquetWriterOptions({ encodeWorkers: 0 }).encodeWorkers).toBe(0)
    expect(validateParquetWriterOptions({ memoryLimit: '256MB' }).memoryLimit).toBe('256MB')
    expect(validateParquetWriterOptions({ memoryLimit: '1.5 GiB' }).memoryLimit).toBe('1.5 GiB')
  })
  it.each([
    ['compression', { compression: 'lzo' }],
    ['compressionLevel', { compressionLevel: 23 }],
    ['rowGroupSize', { rowGroupSize: 10 }],
    ['truncateLength', { truncateLength: 0 }],
    ['threads', { threads: 1.5 }],
    ['encodeWorkers', { encodeWorkers: -1 }],
    ['parallelMinRows', { parallelMinRows: 0 }],
    ['memoryLimit', { memoryLimit: 'lots' }],
  ])('names the bad option %s', (option, options) => {
    expect(() => validateParquetWriterOptions(options as never)).toThrowError(
      expect.objectContaining({ code: 'ICEBERG_INVALID_ARGUMENT', context: { option } }),
    )
  })
})
