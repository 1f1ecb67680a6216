import { JaegerToolError } from './errors.js'

/** Receives one human-readable progress line; the CLI prints them, the API is silent by default. */
export type JaegerToolLogger = (line: string) => void

/** Options of {@link startJaeger}; every field is optional, see {@link DEFAULTS}. */
export interface StartJaegerOptions {
  /** OTLP/HTTP receiver (`POST /v1/traces`) on 127.0.0.1. */
  otlpHttpPort?: number
  /** OTLP/gRPC receiver on 127.0.0.1; defaults to `otlpHttpPort - 1` (4317 next to 4318). */
  otlpGrpcPort?: number
  /** Query HTTP API (`GET /api/traces`) on 127.0.0.1; keys the PID file. */
  queryPort?: number
  /** Query gRPC API on 127.0.0.1; defaults to `queryPort - 1` (16685 next to 16686). */
  queryGrpcPort?: number
  /** How long to wait for a started process to answer (the build is not included). */
  timeoutMs?: number
  /** Progress output (build progress included); silent when omitted. */
  log?: JaegerToolLogger
}

/** Options of {@link stopJaeger}. */
export interface StopJaegerOptions {
  /** Query port the instance was started with (the PID file is keyed by it). */
  queryPort?: number
  /** How long to wait after SIGTERM before sending SIGKILL. */
  timeoutMs?: number
  /** Progress output; silent when omitted. */
  log?: JaegerToolLogger
}

/** Default values of the start/stop options and of the fixed knobs behind them. */
export const DEFAULTS = {
  otlpHttpPort: 4318,
  queryPort: 16686,
  /** Loopback only: a dev collector without auth must not be reachable from the LAN. */
  host: '127.0.0.1',
  timeoutMs: 30_000,
  readinessIntervalMs: 200,
  stopTimeoutMs: 10_000,
} as const

/** The four listeners of a started instance. */
export interface JaegerPorts {
  otlpHttpPort: number
  otlpGrpcPort: number
  queryPort: number
  queryGrpcPort: number
}

/** {@link StartJaegerOptions} after defaults and validation. */
export interface ResolvedStartOptions extends JaegerPorts {
  host: string
  timeoutMs: number
  log: JaegerToolLogger
}

/** {@link StopJaegerOptions} after defaults and validation. */
export interface ResolvedStopOptions {
  queryPort: number
  timeoutMs: number
  log: JaegerToolLogger
}

const START_KEYS = [
  'otlpHttpPort',
  'otlpGrpcPort',
  'queryPort',
  'queryGrpcPort',
  'timeoutMs',
  'log',
] as const
const STOP_KEYS = ['queryPort', 'timeoutMs', 'log'] as const
const silent: JaegerToolLogger = () => undefined

/** Applies {@link DEFAULTS} and validates; throws `JAEGER_TOOL_INVALID_OPTION` naming the bad option. */
export function resolveStartOptions(options: StartJaegerOptions = {}): ResolvedStartOptions {
  rejectUnknownKeys(options, START_KEYS)
  const otlpHttpPort = checkPort('otlpHttpPort', options.otlpHttpPort ?? DEFAULTS.otlpHttpPort)
  const queryPort = checkPort('queryPort', options.queryPort ?? DEFAULTS.queryPort)
  const ports: JaegerPorts = {
    otlpHttpPort,
    otlpGrpcPort: checkPort('otlpGrpcPort', options.otlpGrpcPort ?? otlpHttpPort - 1),
    queryPort,
    queryGrpcPort: checkPort('queryGrpcPort', options.queryGrpcPort ?? queryPort - 1),
  }
  const entries = Object.entries(ports)
  for (const [i, [name, port]] of entries.entries()) {
    const clash = entries.slice(0, i).find(([, other]) => other === port)
    if (clash) throw invalid(name, `must differ from ${clash[0]} (both are ${port})`)
  }
  return {
    ...ports,
    host: DEFAULTS.host,
    timeoutMs: checkPositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs),
    log: checkLogger(options.log),
  }
}

/** Applies {@link DEFAULTS} and validates; throws `JAEGER_TOOL_INVALID_OPTION` naming the bad option. */
export function resolveStopOptions(options: StopJaegerOptions = {}): ResolvedStopOptions {
  rejectUnknownKeys(options, STOP_KEYS)
  return {
    queryPort: checkPort('queryPort', options.queryPort ?? DEFAULTS.queryPort),
    timeoutMs: checkPositiveInteger('timeoutMs', options.timeoutMs ?? DEFAULTS.stopTimeoutMs),
    log: checkLogger(options.log),
  }
}

// JS callers bypass the type checker: a typo such as `queryprot` would otherwise silently start an
// instance on the default port.
function rejectUnknownKeys(options: object, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new JaegerToolError('JAEGER_TOOL_INVALID_OPTION', 'options must be an object')
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

function checkLogger(value: unknown): JaegerToolLogger {
  if (value === undefined) return silent
  if (typeof value !== 'function') throw invalid('log', `must be a function (got ${show(value)})`)
  return value as JaegerToolLogger
}

function invalid(name: string, problem: string): JaegerToolError {
  return new JaegerToolError('JAEGER_TOOL_INVALID_OPTION', `invalid option ${name}: ${problem}`)
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
