import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findPython } from '../../testing/find-python.js'

export { findPython }

/**
 * Test harness for `tools/oracles/iceberg_catalog_oracle.py`: pyiceberg's SqlCatalog (PyPI), an
 * implementation of the JDBC catalog layout that shares no code with ours, run against the same
 * SQLite file with one JSON request on stdin and one JSON response on stdout.
 */

/** Workspace root (this file is `libs/iceberg/src/catalog/testing/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))
/** The oracle script. */
export const CATALOG_ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'iceberg_catalog_oracle.py')

const INSTALL_HINT =
  'Install it with `python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt` ' +
  'at the workspace root, or point K2_PYTHON at a Python that has it.'

/** The pyiceberg version `python` imports; throws a message saying how to install it if none. */
export function requirePyiceberg(python: string): string {
  const res = spawnSync(python, ['-c', 'import pyiceberg; print(pyiceberg.__version__)'], {
    encoding: 'utf8',
  })
  if (res.error !== undefined) {
    throw new Error(
      `cannot run Python ${JSON.stringify(python)}: ${res.error.message}. ${INSTALL_HINT}`,
    )
  }
  if (res.status !== 0) {
    const last = res.stderr.trim().split('\n').pop() ?? ''
    throw new Error(`pyiceberg is not importable by ${python}: ${last}. ${INSTALL_HINT}`)
  }
  return res.stdout.trim()
}

/** One operation of a request (see the oracle's docstring for the list). */
export type CatalogOracleOp = { readonly op: string } & Readonly<Record<string, unknown>>

/** The outcome of one operation: its value, or the pyiceberg exception it raised. */
export type CatalogOracleResult =
  | { readonly ok: unknown }
  | { readonly error: { readonly type: string; readonly message: string } }

/** Where pyiceberg finds the catalog. */
export interface CatalogOracleTarget {
  /** Absolute path of the SQLite file. */
  readonly dbPath: string
  /** The warehouse directory (absolute path). */
  readonly warehouse: string
  /** The catalog name; default `k2`. */
  readonly name?: string
}

/** Runs `ops` in one pyiceberg SqlCatalog session and returns one result per op. */
export function callCatalogOracle(
  python: string,
  target: CatalogOracleTarget,
  ops: readonly CatalogOracleOp[],
): CatalogOracleResult[] {
  const request = {
    // SQLAlchemy: three slashes, then the absolute path (which starts with a fourth).
    uri: `sqlite:///${target.dbPath}`,
    warehouse: `file://${target.warehouse}`,
    name: target.name ?? 'k2',
    ops,
  }
  const res = spawnSync(python, [CATALOG_ORACLE], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (res.error !== undefined) throw res.error
  let response: { error?: string; results?: CatalogOracleResult[] }
  try {
    response = JSON.parse(res.stdout) as typeof response
  } catch {
    throw new Error(`catalog oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0 || response.results === undefined) {
    throw new Error(`catalog oracle failed: ${response.error ?? res.stderr}`)
  }
  return response.results
}

/** The value of a result; throws with pyiceberg's exception when the op failed. */
export function okValue<T>(result: CatalogOracleResult | undefined): T {
  if (result === undefined) throw new Error('catalog oracle returned too few results')
  if ('error' in result) throw new Error(`pyiceberg ${result.error.type}: ${result.error.message}`)
  return result.ok as T
}
