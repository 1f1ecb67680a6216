import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { pidFilePath, stateFilePath } from './paths.js'

/** What the tool records about a broker it started (`.k2/kafka/kafka-<port>.json`). */
export interface KafkaRunState {
  port: number
  controllerPort: number
  pid: number
  dataDir: string
  brokers: string
  kafkaVersion: string
  startedAt: string
}

/**
 * Writes the PID file (just the number, for shell scripts: `kill $(cat .k2/kafka/kafka-9092.pid)`)
 * and the JSON state next to it.
 */
export function writeRunState(state: KafkaRunState): void {
  mkdirSync(dirname(pidFilePath(state.port)), { recursive: true })
  writeFileSync(pidFilePath(state.port), `${state.pid}\n`)
  writeFileSync(stateFilePath(state.port), `${JSON.stringify(state, null, 2)}\n`)
}

/** PID recorded for `port`, or undefined if there is no (valid) PID file. */
export function readPid(port: number): number | undefined {
  const text = readOptional(pidFilePath(port))?.trim()
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined
}

/** JSON state recorded for `port`, or undefined if missing or unreadable. */
export function readRunState(port: number): KafkaRunState | undefined {
  const text = readOptional(stateFilePath(port))
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as KafkaRunState
  } catch {
    return undefined
  }
}

/**
 * Removes the PID and state files of `port`. With `onlyIfPid`, only if they still name that
 * process: a failed start must not delete the files of a broker another caller started meanwhile.
 */
export function removeRunState(port: number, onlyIfPid?: number): void {
  if (onlyIfPid !== undefined && readPid(port) !== onlyIfPid) return
  rmSync(pidFilePath(port), { force: true })
  rmSync(stateFilePath(port), { force: true })
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
