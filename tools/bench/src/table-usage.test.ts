import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { tableUsage } from './table-usage.js'

describe('tableUsage', () => {
  it('counts .parquet files under data/ (any depth) and every file under metadata/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2-bench-usage-'))
    try {
      await mkdir(join(dir, 'data', 'timestamp_day=2025-11-24'), { recursive: true })
      await mkdir(join(dir, 'metadata'), { recursive: true })
      await writeFile(join(dir, 'data', 'timestamp_day=2025-11-24', 'a.parquet'), 'x'.repeat(10))
      await writeFile(join(dir, 'data', 'b.parquet'), 'x'.repeat(5))
      await writeFile(join(dir, 'data', 'not-data.crc'), 'x')
      await writeFile(join(dir, 'metadata', '00000-u.metadata.json'), 'x'.repeat(7))
      await writeFile(join(dir, 'metadata', 'snap-1.avro'), 'x'.repeat(3))
      expect(await tableUsage(dir)).toEqual({
        dataFiles: 2,
        dataBytes: 15,
        metadataFiles: 2,
        metadataBytes: 10,
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('reads a missing table as empty', async () => {
    expect(await tableUsage(join(tmpdir(), 'k2-bench-no-such-table'))).toEqual({
      dataFiles: 0,
      dataBytes: 0,
      metadataFiles: 0,
      metadataBytes: 0,
    })
  })
})
