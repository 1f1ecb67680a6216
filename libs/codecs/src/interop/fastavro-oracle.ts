import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { ExactDecimal } from '@k2/core'

/**
 * Test harness for `tools/oracles/avro_oracle.py`: fastavro (PyPI), an Avro implementation that
 * shares no code with ours, behind one JSON request on stdin and one JSON response on stdout.
 */

/** Workspace root (this file is `libs/codecs/src/interop/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
/** The oracle script. */
export const AVRO_ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'avro_oracle.py')

/**
 * The Python that runs the oracles: `K2_PYTHON` if set, else the workspace `.venv` (what
 * `pip install -r tools/oracles/requirements.txt` fills in CI and locally), else `python3`.
 */
export function findPython(): string {
  // eslint-disable-next-line no-restricted-properties -- test harness, not library config (D10)
  const fromEnv = process.env['K2_PYTHON']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  return existsSync(venv) ? venv : 'python3'
}

const INSTALL_HINT =
  'Install it with `python3 -m venv .venv && .venv/bin/pip install -r tools/oracles/requirements.txt` ' +
  'at the workspace root, or point K2_PYTHON at a Python that has it.'

/** The fastavro version `python` imports; throws a message saying how to install it if none. */
export function requireFastavro(python: string): string {
  const res = spawnSync(python, ['-c', 'import fastavro; print(fastavro.__version__)'], {
    encoding: 'utf8',
  })
  if (res.error !== undefined) {
    throw new Error(
      `cannot run Python ${JSON.stringify(python)}: ${res.error.message}. ${INSTALL_HINT}`,
    )
  }
  if (res.status !== 0) {
    throw new Error(
      `fastavro is not importable by ${python}: ${res.stderr.trim().split('\n').pop() ?? ''}. ${INSTALL_HINT}`,
    )
  }
  return res.stdout.trim()
}

const BIGINT_MARK = '\u0000bigint:'

/** JSON text in which bigints are plain integers (Python reads them exactly, any size). */
function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `${BIGINT_MARK}${v.toString()}` : v,
  ).replace(/"\\u0000bigint:(-?\d+)"/g, '$1')
}

/** Sends one request to the oracle and returns its response; throws the oracle's error. */
export function callAvroOracle<T>(python: string, request: Record<string, unknown>): T {
  const res = spawnSync(python, [AVRO_ORACLE], {
    input: toJsonText(request),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  if (res.error !== undefined) throw res.error
  let response: { error?: string } & T
  try {
    response = JSON.parse(res.stdout) as { error?: string } & T
  } catch {
    throw new Error(`avro oracle printed no JSON (status ${res.status}): ${res.stderr}`)
  }
  if (response.error !== undefined || res.status !== 0) {
    throw new Error(
      `avro oracle (${String(request['mode'])}) failed: ${response.error ?? res.stderr}`,
    )
  }
  return response
}

/**
 * A record in the oracle's JSON representation for writing: decimals as their shortest exact
 * text (fastavro scales them itself), µs timestamps as integers, everything else unchanged.
 */
export function toOracleJson(value: unknown): unknown {
  if (ExactDecimal.isDecimal(value)) return (value as ExactDecimal).toFixed()
  if (Array.isArray(value)) return value.map(toOracleJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOracleJson(v)]))
  }
  return value
}
