import { resolve } from 'node:path'

import { KafkaToolError } from './errors.js'
import { defaultDataDir } from './paths.js'

/** Receives one human-readable progress line; the CLI prints them, the API is silent by default. */
export type KafkaToolLogger = (line: string) => void

/** Options of {@link startKafka}; every field is optional, see {@link DEFAULTS}. */
export interface StartKafkaOptions {
  /** PLAINTEXT (client) port on 127.0.0.1. */
  port?: number
  /** KRaft controller port on 127.0.0.1; defaults to `port + 1`. */
  controllerPort?: number
  /** Per-run directory (config, KRaft log, broker logs); wiped at each start. */
  dataDir?: string
  /** How long to wait for the broker to answer the admin API. */
  timeoutMs?: number
  /** Progress output; silent when omitted. */
  log?: KafkaToolLogger
}

/** Options of {@link stopKafka}. */
export interface StopKafkaOptions {
  /** Port the broker was started on (the PID file is keyed by it). */
  port?: number
  /** How long to wait after SIGTERM before sending SIGKILL. */
  timeoutMs?: number
  /** Progress output; silent when omitted. */
  log?: KafkaToolLogger
}

/** Default values of the start/stop options and of the fixed knobs behind them. */
export const DEFAULTS = {
  port: 9092,
  /** Bind loopback only: a dev broker with PLAINTEXT and no auth must not be reachable from the LAN. */
  host: '127.0.0.1',
  timeoutMs: 60_000,
  readinessIntervalMs: 500,
  stopTimeoutMs: 20_000,
} as const

/** {@link StartKafkaOptions} after defaults and validation. */
export interface ResolvedStartOptions {
  port: number
  controllerPort: number
  host: string
  dataDir: string
  timeoutMs: number
  log: KafkaToolLogger
}

/** {@link StopKafkaOptions} after defaults and validation. */
export interface ResolvedStopOptions {
  port: number
  timeoutMs: number
  log: KafkaToolLogger
}

const START_KEYS = ['port', 'controllerPort', 'dataDir', 'timeoutMs', 'log'] as const
const STOP_KEYS = ['port', 'timeoutMs', 'log'] as const
const silent: KafkaToolLogger = () => undefined

/** Applies {@link DEFAULTS} and validates; throws `KAFKA_TOOL_INVALID_OPTION` naming the bad option. */
export function resolveStartOptions(options: StartKafkaOptions = {}): ResolvedStartOptions {
  rejectUnknownKeys(options, START_KEYS)
  const port = checkPort('port', options.port ?? DEFAULTS.port)
  const controllerPort = checkPort('controllerPort', options.controllerPort ?? port + 1)
  if (controllerPort === port) {
    throw invalid('controllerPort', `must differ from port (both are ${port})`)
  }
  return {
    port,
    controllerPort,
    host: DEFAULTS.host,
    dataDir: resolve(checkPath('dataDir', options.dataDir ?? defaultDataDir(port))),
    timeoutMs: checkPositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs),
    log: checkLogger(options.log),
  }
}

/** Applies {@link DEFAULTS} and validates; throws `KAFKA_TOOL_INVALID_OPTION` naming the bad option. */
export function resolveStopOptions(options: StopKafkaOptions = {}): ResolvedStopOptions {
  rejectUnknownKeys(options, STOP_KEYS)
  return {
    port: checkPort('port', options.port ?? DEFAULTS.port),
    timeoutMs: checkPositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULTS.stopTimeoutMs),
    log: checkLogger(options.log),
  }
}

// JS callers and JSON-driven test setups bypass the type checker: a typo such as `prot` would
// otherwise silently start a broker on the default port.
function rejectUnknownKeys(options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new KafkaToolError('KAFKA_TOOL_INVALID_OPTION', 'options must be an object')
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw invalid(key, `is not a known option (expected one of: ${known.join(', ')})`)
    }
  }
}

function checkPort(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid(name, `must be an integer between 1 and 65535 (got ${show(value)})`)
  }
  return value
}

function checkPositiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid(name, `must be a positive integer number of milliseconds (got ${show(value)})`)
  }
  return value
}

function checkPath(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(name, `must be a non-empty path (got ${show(value)})`)
  }
  return value
}

function checkLogger(value: unknown): KafkaToolLogger {
  if (value === undefined) return silent
  if (typeof value !== 'function') throw invalid('log', `must be a function (got ${show(value)})`)
  return value as KafkaToolLogger
}

function invalid(name: string, problem: string): KafkaToolError {
  return new KafkaToolError('KAFKA_TOOL_INVALID_OPTION', `invalid option ${name}: ${problem}`)
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
