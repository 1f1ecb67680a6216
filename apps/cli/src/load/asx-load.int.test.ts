import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, copyFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  createCatalog,
  createLocalFileIO,
  createParquetWriter,
  loadTable,
  TRADES_V2_TABLE,
} from '@k2/iceberg'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadAsxDirectory } from './asx-load.js'
import { openDeadLetters } from './dead-letters.js'
import type { Progress } from './progress.js'

const SAMPLE =
  [
    fileURLToPath(new URL('../../../../../shared/data/asx-2014-03', import.meta.url)),
    '/work/shared/data/asx-2014-03', // the machines' shared folder, for clones elsewhere
  ].find((dir) => existsSync(`${dir}/trades`)) ?? '../shared/data/asx-2014-03'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-asx-load-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadAsxDirectory', () => {
  it('resumes a file interrupted between batch commits after its last committed row', async () => {
    const sample = join(dir, 'sample')
    for (const sub of ['reference', 'trades', 'quotes']) {
      await mkdir(join(sample, sub), { recursive: true })
    }
    for (const f of ['reference/company_info.csv', 'trades/3153.csv']) {
      await copyFile(join(SAMPLE, f), join(sample, f))
    }
    const warehouse = join(dir, 'wh')
    const catalog = await createCatalog({ warehouse })
    const parquet = await createParquetWriter()
    const tables = { catalog, io: createLocalFileIO(), parquet }
    const run = async (stopAfterRows?: number) => {
      const controller = new AbortController()
      let rows = 0
      const progress: Progress = {
        advance: (_bytes, n) => {
          rows += n
          // Rows 1..4 are the company info; then trades/3153.csv in batches of 5.
          if (rows === stopAfterRows) controller.abort('test')
        },
        line: () => undefined,
        done: () => undefined,
      }
      return loadAsxDirectory({
        dir: sample,
        warehouse,
        tables,
        deadLetters: openDeadLetters(join(dir, 'dlq.jsonl')),
        progress: () => progress,
        batchRows: 5,
        signal: controller.signal,
      })
    }
    try {
      // Stop after the 7th trade row is read: rows 1-5 are committed, 6-7 are in the open batch,
      // which an interrupt commits as well (marked incomplete, rows_through 7).
      const first = await run(4 + 7)
      expect(first).toMatchObject({ aborted: true, ok: 4 + 7, commits: 3 })
      const second = await run()
      expect(second).toMatchObject({ aborted: false, ok: 4, filesSkipped: 1, filesLoaded: 1 })
      const table = await loadTable(tables, TRADES_V2_TABLE.identifier)
      const snapshot = table.metadata.snapshots.at(-1)!
      expect(snapshot.summary['total-records']).toBe('11')
      expect(JSON.parse(snapshot.summary['k2.source-files']!)).toEqual([
        { file: 'trades/3153.csv', sha256: expect.any(String), rows_through: 11, complete: true },
      ])
    } finally {
      await parquet.close()
      await catalog.close()
    }
  }, 60_000)
})
