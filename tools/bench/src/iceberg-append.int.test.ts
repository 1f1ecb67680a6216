import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { REPO_ROOT } from './bench-oracle.js'
import type { BenchResults } from './bench-results.js'
import { generateTrades } from './trade-generator.js'
import { tradeChecksums } from './trade-checksums.js'

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx')
const SCRIPT = join(REPO_ROOT, 'tools', 'bench', 'src', 'iceberg-append.ts')

describe('bench:iceberg-append (real writers, SQLite catalog, pyiceberg)', () => {
  it('runs every side on a small input, verifies every table and writes the results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2-bench-int-'))
    try {
      const out = join(dir, 'results.json')
      const res = spawnSync(TSX, [SCRIPT, '--rows', '3000', '--runs', '1', '--out', out], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
      expect(res.status, res.stderr).toBe(0)
      expect(res.stdout).toMatch(
        /K2 from rows \(1 run\) +K2 from columns \(1 run\) +pyiceberg 0\.12\.0 \(1 run\)/,
      )
      expect(res.stdout).toMatch(/K2 from rows \/ pyiceberg throughput: \d+\.\d\dx/)
      expect(res.stdout).toMatch(/K2 from columns \/ pyiceberg throughput: \d+\.\d\dx/)
      expect(res.stdout).toMatch(/reading the batches into columns, before timing: \d+\.\d{3} s/)
      const results = JSON.parse(await readFile(out, 'utf8')) as BenchResults
      expect(results.command).toBe('npm run bench:iceberg-append -- --rows 3000 --runs 1')
      expect(results.data.checksums).toEqual(tradeChecksums(generateTrades({ rows: 3000 })))
      expect(results.runs.map((r) => [r.side, r.scanCount, r.totalRecords, r.dataFiles])).toEqual([
        ['k2', 3000, 3000, 3],
        ['k2-columns', 3000, 3000, 3],
        ['pyiceberg', 3000, 3000, 3],
      ])
      const [rows, columns, py] = results.runs
      expect(rows!.readSeconds).toBeUndefined()
      expect(columns!.readSeconds).toBeGreaterThan(0)
      expect(py!.readSeconds).toBeUndefined()
      expect(results.summary.k2Columns?.readSeconds?.median).toBe(columns!.readSeconds)
      for (const run of results.runs) {
        expect(run.seconds).toBeGreaterThan(0)
        expect(run.writeSeconds).toBeLessThanOrEqual(run.seconds)
        expect(run.dataBytes).toBeGreaterThan(0)
        expect(run.metadataBytes).toBeGreaterThan(0)
        expect(run.peakRssBytes).toBeGreaterThanOrEqual(run.rssBeforeBytes)
      }
      expect(results.ratio?.median).toBeGreaterThan(0)
      expect(results.columnsRatio?.median).toBeGreaterThan(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('rejects a bad flag with exit status 2 and the usage', () => {
    const res = spawnSync(TSX, [SCRIPT, '--rows', 'many'], { cwd: REPO_ROOT, encoding: 'utf8' })
    expect(res.status).toBe(2)
    expect(res.stderr).toContain('--rows must be a non-negative integer')
    expect(res.stderr).toContain('Usage: npm run bench:iceberg-append')
  })
})
