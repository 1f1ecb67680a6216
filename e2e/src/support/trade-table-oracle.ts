import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { REPO_ROOT } from './supervisor-process.js'

/** Per symbol, what pyiceberg reads from `market_data.trades_v2`. */
export interface SymbolSequences {
  readonly rows: number
  readonly distinct: number
  readonly min: number
  readonly max: number
  readonly missing: number
}

/** The oracle's answer for a whole table. */
export interface TradeTableView {
  readonly snapshots: number
  readonly files: number
  readonly symbols: Readonly<Record<string, SymbolSequences>>
}

/** `K2_PYTHON`, else the workspace `.venv` (filled from tools/oracles/requirements.txt), else python3. */
function python(): string {
  const fromEnv = process.env['K2_PYTHON']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  return existsSync(venv) ? venv : 'python3'
}

/**
 * Reads the trades table of `warehouse` with pyiceberg (tools/oracles/trade_sequences_oracle.py):
 * an independent reader decides whether every trade landed exactly once.
 */
export function readTradeSequences(warehouse: string): TradeTableView {
  const script = join(REPO_ROOT, 'tools', 'oracles', 'trade_sequences_oracle.py')
  const res = spawnSync(python(), [script, warehouse], { encoding: 'utf8' })
  if (res.status !== 0) {
    throw new Error(`trade_sequences_oracle failed (${res.status}): ${res.stderr || res.error}`)
  }
  return JSON.parse(res.stdout) as TradeTableView
}
