import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Workspace root (this file is `libs/iceberg/src/testing/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/** Path of a script in `tools/oracles/`. */
export function oracleScript(name: string): string {
  return join(REPO_ROOT, 'tools', 'oracles', name)
}

/**
 * The Python that runs the test oracles (tools/oracles/README.md): `K2_PYTHON`, else the
 * workspace `.venv`, else `python3`. One rule for every oracle of this lib.
 */
export function findPython(): string {
  // eslint-disable-next-line no-restricted-properties -- test harness, not library config (D10)
  const fromEnv = process.env['K2_PYTHON']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  return existsSync(venv) ? venv : 'python3'
}
