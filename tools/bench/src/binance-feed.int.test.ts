import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import type { FeedBenchResults } from './binance-feed-results.js'
import { REPO_ROOT } from './bench-oracle.js'

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx')
const SCRIPT = join(REPO_ROOT, 'tools', 'bench', 'src', 'binance-feed.ts')

describe('bench:binance-feed (replay exchange and consumer in child processes)', () => {
  it('runs every mode on a small stream, verifies each run and writes the results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k2-bench-feed-int-'))
    try {
      const out = join(dir, 'results.json')
      const res = spawnSync(
        TSX,
        [
          SCRIPT,
          '--frames',
          '3000',
          '--warmup',
          '500',
          '--runs',
          '1',
          '--symbols',
          '3',
          '--out',
          out,
        ],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
      )
      expect(res.status, res.stderr).toBe(0)
      expect(res.stdout).toMatch(/^\+ conversion to TradeV2 \(full feed path\) +[\d,]+ /m)
      expect(res.stdout).toMatch(
        /goal \(issue 4\): >= 200,000 trades\/s per core: [\d,]+ \((met|NOT met)\)/,
      )
      const results = JSON.parse(await readFile(out, 'utf8')) as FeedBenchResults
      expect(results.command).toBe(
        'npm run bench:binance-feed -- --frames 3000 --warmup 500 --runs 1 --symbols 3',
      )
      expect(results.data.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
      expect(
        results.runs.map((r) => [r.mode, r.frames, r.trades, r.invalid, r.sequenceBreaks]),
      ).toEqual([
        ['receive', 3000, 0, 0, 0],
        ['json', 3000, 0, 0, 0],
        ['validate', 3000, 3000, 0, 0],
        ['full', 3000, 3000, 0, 0],
      ])
      for (const run of results.runs) {
        expect(run.threadCpuSeconds).toBeGreaterThan(0)
        expect(run.processCpuSeconds).toBeGreaterThan(0)
        expect(run.framesPerCpuSecond).toBeCloseTo(run.frames / run.threadCpuSeconds)
      }
      expect(Object.keys(results.stepMicros)).toEqual(['parse', 'validate', 'convert'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)

  it('rejects a bad flag with exit status 2 and the usage', () => {
    const res = spawnSync(TSX, [SCRIPT, '--modes', 'fast'], { cwd: REPO_ROOT, encoding: 'utf8' })
    expect(res.status).toBe(2)
    expect(res.stderr).toContain('--modes must be a comma list')
    expect(res.stderr).toContain('Usage: npm run bench:binance-feed')
  })
})
