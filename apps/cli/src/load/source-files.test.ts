import type { IcebergTable } from '@k2/iceberg'
import { describe, expect, it } from 'vitest'

import { loadedFiles, SOURCE_FILES_PROPERTY } from './source-files.js'

const snap = (marks: unknown) =>
  ({
    summary: marks === undefined ? {} : { [SOURCE_FILES_PROPERTY]: JSON.stringify(marks) },
  }) as never

describe('loadedFiles', () => {
  it('merges the marks of every snapshot: highest row, complete once any commit says so', () => {
    const table = {
      metadata: {
        snapshots: [
          snap([{ file: 'a', sha256: 'A', rows_through: 50_000, complete: false }]),
          snap(undefined), // e.g. a compaction
          snap([{ file: 'b', sha256: 'B', rows_through: 10, complete: true }]),
          snap([{ file: 'a', sha256: 'A', rows_through: 80_000, complete: false }]),
          { summary: { [SOURCE_FILES_PROPERTY]: 'not json' } },
        ],
      },
    } as unknown as IcebergTable
    expect(loadedFiles(table)).toEqual(
      new Map([
        ['A', { rowsThrough: 80_000, complete: false }],
        ['B', { rowsThrough: 10, complete: true }],
      ]),
    )
  })
})
