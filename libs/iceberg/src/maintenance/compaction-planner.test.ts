import { describe, expect, it } from 'vitest'

import type { DataFile } from '../spec/data-file.js'
import { planCompaction, type CompactionCandidate } from './compaction-planner.js'

const MB = 1024 * 1024

function file(name: string, sizeMb: number, rows = 10): DataFile {
  return {
    content: 0,
    file_path: `file:///wh/data/${name}.parquet`,
    file_format: 'PARQUET',
    partition: new Map(),
    record_count: BigInt(rows),
    file_size_in_bytes: BigInt(Math.round(sizeMb * MB)),
  }
}

const at = (partition: string, ...files: DataFile[]): CompactionCandidate[] =>
  files.map((f) => ({ partition, file: f }))

const names = (files: readonly DataFile[]) =>
  files.map((f) => f.file_path.slice('file:///wh/data/'.length, -'.parquet'.length))

const options = {
  targetFileSizeBytes: 128 * MB,
  smallFileThresholdBytes: 96 * MB,
  minInputFiles: 2,
  maxGroups: Number.POSITIVE_INFINITY,
}

describe('planCompaction (bin-packing of small files per partition)', () => {
  it('puts all small files of a partition in one group when they fit the target', () => {
    const groups = planCompaction(
      at('d=1', file('a', 1, 5), file('b', 3, 7), file('c', 2, 11)),
      options,
    )
    expect(groups).toHaveLength(1)
    expect(groups[0]).toMatchObject({ partition: 'd=1', bytes: BigInt(6 * MB), rows: 23n })
    expect(names(groups[0]!.files)).toEqual(['b', 'c', 'a'])
  })

  it('never mixes partitions', () => {
    const groups = planCompaction(
      [...at('d=2', file('x', 1), file('y', 1)), ...at('d=1', file('a', 1), file('b', 1))],
      options,
    )
    expect(groups.map((g) => [g.partition, names(g.files)])).toEqual([
      ['d=1', ['a', 'b']],
      ['d=2', ['x', 'y']],
    ])
  })

  it('leaves files at or above the threshold alone', () => {
    const groups = planCompaction(
      at('d=1', file('big', 96), file('huge', 200), file('s1', 10), file('s2', 10)),
      options,
    )
    expect(groups.map((g) => names(g.files))).toEqual([['s1', 's2']])
  })

  it('packs first-fit decreasing into groups of at most the target size', () => {
    // MiB, target 128: 90 | 70 | 70+50 | 40 | 90+30 | 40+30 | 40+30+20 | 40+30+20+10.
    const groups = planCompaction(
      at('d=1', ...[90, 70, 50, 40, 30, 30, 20, 10].map((mb, i) => file(`f${i}-${mb}`, mb))),
      options,
    )
    for (const g of groups) expect(Number(g.bytes)).toBeLessThanOrEqual(128 * MB)
    expect(groups.map((g) => names(g.files))).toEqual([
      ['f3-40', 'f5-30', 'f6-20', 'f7-10'],
      ['f0-90', 'f4-30'],
      ['f1-70', 'f2-50'],
    ])
    const all = groups.flatMap((g) => names(g.files)).sort()
    expect(all).toHaveLength(8)
  })

  it('drops groups with fewer than minInputFiles files', () => {
    expect(planCompaction(at('d=1', file('only', 5)), options)).toEqual([])
    // 90 and 60 do not fit together: two groups of one file each, both dropped.
    expect(planCompaction(at('d=1', file('a', 90), file('b', 60)), options)).toEqual([])
    const three = { ...options, minInputFiles: 3 }
    expect(planCompaction(at('d=1', file('a', 1), file('b', 1)), three)).toEqual([])
    expect(planCompaction(at('d=1', file('a', 1), file('b', 1), file('c', 1)), three)).toHaveLength(
      1,
    )
  })

  it('keeps the groups with the most files when maxGroups bounds the run', () => {
    const candidates = [
      ...at('d=1', file('a', 1), file('b', 1)),
      ...at('d=2', file('c', 1), file('d', 1), file('e', 1), file('f', 1)),
      ...at('d=3', file('g', 1), file('h', 1), file('i', 1)),
    ]
    const groups = planCompaction(candidates, { ...options, maxGroups: 2 })
    expect(groups.map((g) => g.partition)).toEqual(['d=2', 'd=3'])
  })

  it('is deterministic: equal sizes are ordered by path', () => {
    const candidates = at('d=1', file('c', 1), file('a', 1), file('b', 1))
    expect(names(planCompaction(candidates, options)[0]!.files)).toEqual(['a', 'b', 'c'])
    expect(planCompaction([...candidates].reverse(), options)).toEqual(
      planCompaction(candidates, options),
    )
  })

  it('returns nothing for no candidates', () => {
    expect(planCompaction([], options)).toEqual([])
  })
})
