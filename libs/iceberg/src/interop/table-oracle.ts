import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPython } from '../testing/find-python.js'

export { findPython }

/**
 * Test harness for `tools/oracles/iceberg_table_oracle.py`: pyiceberg (SqlCatalog on our catalog
 * file) and DuckDB's iceberg extension read our tables, and pyiceberg appends to them, behind one
 * JSON request on stdin and one JSON response on stdout (see the script's docstring).
 */

/** Workspace root (this file is `libs/iceberg/src/interop/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
/** The oracle script. */
export const TABLE_ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'iceberg_table_oracle.py')

const INSTALL_HINT =
  'Install the oracles with `python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt` ' +
  'at the workspace root (pyiceberg[pyarrow,sql-sqlite], pyiceberg-core for partitioned appends, ' +
  'duckdb with duckdb-extension-iceberg and duckdb-extension-avro of the same version), ' +
  'or point K2_PYTHON at a Python that has them.'

/** Versions the oracle runs with. */
export interface OracleVersions {
  readonly pyiceberg: string
  readonly pyarrow: string
  readonly duckdb: string
  /** Null when missing; only pyiceberg's appends need it. */
  readonly pyiceberg_core: string | null
}

/**
 * Checks that `python` can run the oracle's read modes (and its `append-pyiceberg` mode when
 * `append` is set); throws how to install what is missing.
 */
export function requireTableOracle(
  python: string,
  options: { append?: boolean } = {},
): OracleVersions {
  let versions: OracleVersions
  try {
    versions = callTableOracle<OracleVersions>(python, { mode: 'versions' })
  } catch (err) {
    throw new Error(
      `the Iceberg table oracle cannot run: ${(err as Error).message}. ${INSTALL_HINT}`,
    )
  }
  if (options.append === true && versions.pyiceberg_core === null) {
    throw new Error(
      'pyiceberg-core is not installed: pyiceberg needs it to append to a table partitioned by ' +
        `day(timestamp) (pip install "pyiceberg[pyiceberg-core]==${versions.pyiceberg}"). ${INSTALL_HINT}`,
    )
  }
  return versions
}

/** Sends one request to the oracle and returns its response; throws the oracle's error. */
export function callTableOracle<T>(python: string, request: Record<string, unknown>): T {
  const res = spawnSync(python, [TABLE_ORACLE], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  if (res.error !== undefined) {
    throw new Error(`cannot run Python ${JSON.stringify(python)}: ${res.error.message}`)
  }
  let response: { error?: string } & T
  try {
    response = JSON.parse(res.stdout) as { error?: string } & T
  } catch {
    throw new Error(`table oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0) {
    throw new Error(
      `table oracle (${String(request['mode'])}) failed: ${response.error ?? res.stderr}`,
    )
  }
  return response
}

/** Where pyiceberg finds the catalog: the SQLite file `<warehouse>/catalog.db`, catalog `k2`. */
export interface OracleCatalog {
  readonly uri: string
  readonly warehouse: string
  readonly name: string
}

/** The pyiceberg catalog of a local warehouse directory, as `createCatalog({ warehouse })` opens it. */
export function oracleCatalog(warehouse: string): OracleCatalog {
  // SQLAlchemy: three slashes, then the absolute path (which starts with a fourth).
  return {
    uri: `sqlite:///${join(warehouse, 'catalog.db')}`,
    warehouse: `file://${warehouse}`,
    name: 'k2',
  }
}

/** One scan of a read request. */
export interface OracleScan {
  readonly snapshot_id?: string
  /** pyiceberg only: a row filter expression (`symbol == 'BTCUSDT'`). */
  readonly row_filter?: string
  /** DuckDB only: an SQL condition. */
  readonly where?: string
  /** Return the canonical rows. */
  readonly rows?: boolean
  /** pyiceberg only: return the data files its planner picks. */
  readonly files?: boolean
}

/** What a scan returned (see the oracle's docstring). */
export interface OracleScanResult {
  readonly count: number
  readonly sums: Readonly<Record<string, string>>
  readonly min: Readonly<Record<string, string | null>>
  readonly max: Readonly<Record<string, string | null>>
  readonly rows?: string[]
  readonly files?: string[]
}

/** A snapshot as pyiceberg reads it; integers as decimal strings. */
export interface OracleSnapshot {
  readonly snapshot_id: string
  readonly parent_snapshot_id: string | null
  readonly sequence_number: string
  readonly timestamp_ms: string
  readonly operation: string
  readonly summary: Readonly<Record<string, string>>
}

/** The response of `read-pyiceberg`. */
export interface PyicebergRead {
  readonly metadata_location: string
  readonly current_snapshot_id: string | null
  readonly snapshots: OracleSnapshot[]
  readonly scans: OracleScanResult[]
}

/** The response of `read-duckdb`. */
export interface DuckdbRead {
  readonly snapshots: Array<{ snapshot_id: string; sequence_number: string; operation: string }>
  readonly scans: OracleScanResult[]
}

/** The response of `append-pyiceberg`. */
export interface PyicebergAppend {
  readonly snapshot_id: string
  readonly parent_snapshot_id: string | null
  readonly sequence_number: string
  readonly metadata_location: string
  readonly summary: Readonly<Record<string, string>>
  readonly added_files: Array<{ path: string; record_count: string; partition: (string | null)[] }>
}

/** Reads a table with pyiceberg. */
export function readWithPyiceberg(
  python: string,
  warehouse: string,
  table: string,
  scans: readonly OracleScan[],
): PyicebergRead {
  return callTableOracle(python, {
    mode: 'read-pyiceberg',
    catalog: oracleCatalog(warehouse),
    table,
    scans,
  })
}

/** Reads a table's metadata file with DuckDB's iceberg extension. */
export function readWithDuckdbIceberg(
  python: string,
  metadataLocation: string,
  scans: readonly OracleScan[],
): DuckdbRead {
  return callTableOracle(python, {
    mode: 'read-duckdb',
    metadata_location: metadataLocation,
    scans,
  })
}

/** Appends rows (oracle JSON form, see {@link toOracleRow}) with pyiceberg's `Table.append`. */
export function appendWithPyiceberg(
  python: string,
  warehouse: string,
  table: string,
  rows: readonly unknown[],
): PyicebergAppend {
  return callTableOracle(python, {
    mode: 'append-pyiceberg',
    catalog: oracleCatalog(warehouse),
    table,
    rows,
  })
}

/**
 * A K2 record in the oracle's request form: decimals as their exact text (decimal.js instances
 * serialise to text through `toJSON`), µs and sequences as JSON numbers (all below 2^53),
 * lists, maps as objects and nulls unchanged.
 */
export function toOracleRow(row: object): unknown {
  return JSON.parse(JSON.stringify(row)) as unknown
}
