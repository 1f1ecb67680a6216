import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPython } from '../testing/find-python.js'

/**
 * Test harness for `tools/oracles/parquet_oracle.py`: pyarrow's Parquet reader, which shares no
 * code with DuckDB, behind one JSON request on stdin and one JSON response on stdout.
 */

/** Workspace root (this file is `libs/iceberg/src/parquet/`). */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'parquet_oracle.py')

/** What the oracle reports about one file (see the script's docstring). */
export interface OracleFile {
  readonly num_rows: number
  readonly num_row_groups: number
  readonly field_ids: Record<string, number | null>
  readonly arrow_types: Record<string, string>
  readonly columns: readonly {
    path: string
    physical_type: string
    logical_type: string
    field_id: number | null
  }[]
  readonly row_groups: readonly {
    num_rows: number
    columns: readonly {
      path: string
      num_values: number
      null_count: number | null
      total_compressed_size: number
      dictionary_page_offset: number | null
      data_page_offset: number
    }[]
  }[]
  readonly rows?: Record<string, unknown[]>
}

/** Reads Parquet files with pyarrow; throws with the oracle's message if it fails. */
export function readWithPyarrow(files: readonly string[], rows: boolean): OracleFile[] {
  const python = findPython()
  const res = spawnSync(python, [ORACLE], {
    input: JSON.stringify({ files, rows }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  if (res.error !== undefined) {
    throw new Error(
      `cannot run ${python}: ${res.error.message}. Set up the oracles with ` +
        '`python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt`.',
    )
  }
  let response: { error?: string; files?: OracleFile[] }
  try {
    response = JSON.parse(res.stdout) as typeof response
  } catch {
    throw new Error(`parquet oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0 || response.files === undefined) {
    throw new Error(`parquet oracle failed: ${response.error ?? res.stderr}`)
  }
  return response.files
}
