import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Workspace root (this file is `libs/query/src/testing/`). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** One expected daily summary (see tools/oracles/asx_bars_oracle.py). */
export interface OracleSummary {
  readonly symbol: string
  readonly tz: string
  readonly date: string
  readonly start: number
  readonly end: number
  readonly open: string
  readonly high: string
  readonly low: string
  readonly close: string
  readonly volume: string
  readonly trade_count: number
  readonly vwap: string
  readonly buy_volume: string
  readonly sell_volume: string
}

/** One expected bar. */
export type OracleBar = Omit<OracleSummary, 'symbol' | 'tz' | 'date'>

/** The oracle's answer: summaries, and bars by `SYMBOL|tz|date`. */
export interface OracleAnswer {
  readonly summaries: readonly OracleSummary[]
  readonly bars: Readonly<Record<string, readonly OracleBar[]>>
}

/**
 * Runs `tools/oracles/asx_bars_oracle.py` (standard library only) with the Python the other
 * oracles use: `K2_PYTHON`, else the workspace `.venv`, else `python3` (tools/oracles/README.md).
 */
export function runBarsOracle(
  sampleDir: string,
  zones: readonly string[],
  intervalSeconds: number,
): OracleAnswer {
  // eslint-disable-next-line no-restricted-properties -- test harness, not library config (D10)
  const fromEnv = process.env['K2_PYTHON']
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  const python = fromEnv ? fromEnv : existsSync(venv) ? venv : 'python3'
  const script = join(REPO_ROOT, 'tools', 'oracles', 'asx_bars_oracle.py')
  const result = spawnSync(python, [script], {
    input: JSON.stringify({ sample_dir: sampleDir, zones, interval_seconds: intervalSeconds }),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  if (result.status !== 0) {
    throw new Error(`${script} failed (${result.status}): ${result.stderr || result.error}`)
  }
  return JSON.parse(result.stdout) as OracleAnswer
}
