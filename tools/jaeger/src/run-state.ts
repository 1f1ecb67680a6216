import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import type { JaegerPorts } from './options.js'
import { pidFilePath, stateFilePath } from './paths.js'

/** What the tool records about an instance it started (`.k2/jaeger/jaeger-<queryPort>.json`). */
export interface JaegerRunState extends JaegerPorts {
  pid: number
  otlpEndpoint: string
  queryUrl: string
  runDir: string
  jaegerVersion: string
  startedAt: string
}

/** Writes the PID file (just the number, for shell scripts) and the JSON state next to it. */
export function writeRunState(state: JaegerRunState): void {
  mkdirSync(dirname(pidFilePath(state.queryPort)), { recursive: true })
  writeFileSync(pidFilePath(state.queryPort), `${state.pid}\n`)
  writeFileSync(stateFilePath(state.queryPort), `${JSON.stringify(state, null, 2)}\n`)
}

/** PID recorded for `queryPort`, or undefined if there is no (valid) PID file. */
export function readPid(queryPort: number): number | undefined {
  const text = readOptional(pidFilePath(queryPort))?.trim()
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined
}

/** JSON state recorded for `queryPort`, or undefined if missing or unreadable. */
export function readRunState(queryPort: number): JaegerRunState | undefined {
  const text = readOptional(stateFilePath(queryPort))
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as JaegerRunState
  } catch {
    return undefined
  }
}

/**
 * Removes the PID and state files of `queryPort`; with `onlyIfPid`, only if they still name that
 * process (a failed start must not delete the files of an instance another caller started).
 */
export function removeRunState(queryPort: number, onlyIfPid?: number): void {
  if (onlyIfPid !== undefined && readPid(queryPort) !== onlyIfPid) return
  rmSync(pidFilePath(queryPort), { force: true })
  rmSync(stateFilePath(queryPort), { force: true })
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
