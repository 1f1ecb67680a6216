import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { TradeChecksums } from './trade-checksums.js'

/** Workspace root (this file is `tools/bench/src/`). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** The pyiceberg side of the benchmark. */
export const BENCH_ORACLE = join(REPO_ROOT, 'tools', 'oracles', 'bench_pyiceberg_append.py')

/**
 * The Python that runs the oracles, as the tests find it: `K2_PYTHON` if set, else the workspace
 * `.venv` (`pip install -r tools/oracles/requirements.txt`), else `python3`.
 */
export function findPython(): string {
  const fromEnv = process.env['K2_PYTHON']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python')
  return existsSync(venv) ? venv : 'python3'
}

/** Reply of `prepare`: the Arrow input was built and holds these checksums. */
export interface PrepareReply {
  readonly rows: number
  readonly seconds: number
  readonly checksums: TradeChecksums
}

/** Reply of `append`: one timed `table.append`. Seconds are wall-clock; memory in bytes. */
export interface PyAppendReply {
  readonly seconds: number
  readonly write_seconds: number
  readonly commit_seconds: number
  readonly cpu_seconds: number
  readonly main_thread_seconds: number
  readonly files: number
  readonly total_records: number
  readonly rss_before_bytes: number
  readonly peak_rss_bytes: number
  readonly versions: {
    readonly python: string
    readonly pyiceberg: string
    readonly pyarrow: string
    readonly pyicebergCore: string
  }
}

/** Reply of `verify`: the table as pyiceberg reads it back. */
export interface VerifyReply {
  readonly scan_count: number
  readonly summary: Readonly<Record<string, string>>
  readonly checksums: TradeChecksums
}

/** Runs `bench_pyiceberg_append.py prepare`. */
export function oraclePrepare(python: string, warehouse: string, ndjson: string, out: string) {
  return runOracle<PrepareReply>(python, [
    'prepare',
    '--warehouse',
    warehouse,
    '--ndjson',
    ndjson,
    '--out',
    out,
  ])
}

/** Runs `bench_pyiceberg_append.py append` in a fresh Python process. */
export function oracleAppend(python: string, warehouse: string, input: string) {
  return runOracle<PyAppendReply>(python, ['append', '--warehouse', warehouse, '--input', input])
}

/** Runs `bench_pyiceberg_append.py verify`. */
export function oracleVerify(python: string, warehouse: string) {
  return runOracle<VerifyReply>(python, ['verify', '--warehouse', warehouse])
}

/** Runs one subcommand; its stderr goes to ours, its one JSON line is the reply. */
function runOracle<T>(python: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      [BENCH_ORACLE, ...args],
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout) => {
        const line = stdout.trim().split('\n').pop() ?? ''
        let reply: unknown
        try {
          reply = JSON.parse(line)
        } catch {
          reply = undefined
        }
        const error = (reply as { error?: string } | undefined)?.error
        if (error !== undefined) {
          reject(new Error(`bench oracle ${args[0]}: ${error}`))
        } else if (err !== null || reply === undefined) {
          reject(
            new Error(
              `bench oracle ${args[0]} failed (${python} ${BENCH_ORACLE}): ${err?.message ?? `no JSON reply: ${line}`}. ` +
                'Install the oracles with `python3 -m venv .venv && .venv/bin/pip install -r ' +
                'tools/oracles/requirements.txt`, or set K2_PYTHON.',
            ),
          )
        } else {
          resolve(reply as T)
        }
      },
    )
    child.stderr?.pipe(process.stderr)
  })
}
