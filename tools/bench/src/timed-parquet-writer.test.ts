import type { ParquetWriter, WrittenDataFile } from '@k2/iceberg'
import { describe, expect, it } from 'vitest'

import { timeParquetWriter } from './timed-parquet-writer.js'

describe('timeParquetWriter', () => {
  it('adds up the time of every write, failed ones included, and delegates', async () => {
    let clock = 0
    const calls: string[] = []
    const inner: ParquetWriter = {
      async write(request) {
        calls.push(request.directory)
        clock += 5
        if (request.directory === 'bad') throw new Error('boom')
        return [] as WrittenDataFile[]
      },
      async close() {
        calls.push('close')
      },
    }
    const timed = timeParquetWriter(inner, () => clock)
    const schema = { type: 'struct' as const, fields: [] }
    expect(await timed.write({ rows: [], schema, directory: 'a' })).toEqual([])
    clock += 100 // time outside write does not count
    await expect(timed.write({ rows: [], schema, directory: 'bad' })).rejects.toThrow('boom')
    await timed.close()
    expect(timed.writeMillis()).toBe(10)
    expect(calls).toEqual(['a', 'bad', 'close'])
  })
})
