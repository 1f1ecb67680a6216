import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

import type { TableDefinition } from '@k2/iceberg'

import { REPO_ROOT } from './supervisor-process.js'

/** What pyiceberg reads of one symbol of a market table. */
export interface SymbolView {
  readonly count: number
  /** Distinct `source_sequence` values (an ASX row number per file). */
  readonly distinctSequences: number
  /** Exact sums of the decimal columns, as text with the column's scale. */
  readonly sums: Readonly<Record<string, string>>
  /** Canonical rows without `ingestion_timestamp` (the one column that differs per load), sorted. */
  readonly rows: readonly string[]
}

/** A market table as pyiceberg reads it: all rows, and per symbol asked for. */
export interface TableView {
  readonly count: number
  readonly symbols: Readonly<Record<string, SymbolView>>
}

interface ScanResult {
  readonly count: number
  readonly sums: Record<string, string>
  readonly rows?: string[]
}

/** `K2_PYTHON`, else the workspace `.venv` (filled from tools/oracles/requirements.txt), else python3. */
function python(): string {
  const fromEnv = process.env['K2_PYTHON']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  return existsSync(venv) ? venv : 'python3'
}

/**
 * Reads `table` of `warehouse` with pyiceberg (`tools/oracles/iceberg_table_oracle.py`,
 * `read-pyiceberg`): the whole table's count, and for each symbol its count, distinct sequences,
 * exact decimal sums and canonical rows, so a test can compare two loads row for row.
 */
export function readTable(
  warehouse: string,
  table: TableDefinition,
  symbols: readonly string[],
): TableView {
  const request = {
    mode: 'read-pyiceberg',
    catalog: {
      uri: `sqlite:///${join(warehouse, 'catalog.db')}`,
      warehouse: `file://${warehouse}`,
      name: 'k2',
    },
    table: [...table.identifier.namespace, table.identifier.name].join('.'),
    scans: [{}, ...symbols.map((s) => ({ row_filter: `symbol == '${s}'`, rows: true }))],
  }
  const script = join(REPO_ROOT, 'tools', 'oracles', 'iceberg_table_oracle.py')
  const res = spawnSync(python(), [script], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  let response: { error?: string; scans?: ScanResult[] }
  try {
    response = JSON.parse(res.stdout) as typeof response
  } catch {
    throw new Error(`iceberg_table_oracle printed no JSON (${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0 || response.scans === undefined) {
    throw new Error(`iceberg_table_oracle failed: ${response.error ?? res.stderr}`)
  }
  const names = table.schema.fields.map((f) => f.name)
  const ingestion = names.indexOf('ingestion_timestamp')
  const sequence = names.indexOf('source_sequence')
  const [all, ...perSymbol] = response.scans
  return {
    count: all!.count,
    symbols: Object.fromEntries(
      symbols.map((symbol, i) => {
        const scan = perSymbol[i]!
        const parsed = (scan.rows ?? []).map((r) => JSON.parse(r) as unknown[])
        return [
          symbol,
          {
            count: scan.count,
            distinctSequences: new Set(parsed.map((r) => r[sequence])).size,
            sums: scan.sums,
            rows: parsed.map((r) => JSON.stringify(r.filter((_, c) => c !== ingestion))).sort(),
          },
        ]
      }),
    ),
  }
}
