import { pino } from 'pino'

import type { Logger } from '@k2/core'

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'
  /** Human-readable lines (pino-pretty) instead of JSON; defaults to "stdout is a terminal". */
  readonly pretty?: boolean
  /** Bound to every line, e.g. `{ service: 'k2' }`. */
  readonly base?: Record<string, unknown>
}

/**
 * K2's logger (D8): pino JSON lines with a `component` per child logger; human-readable in a
 * terminal. Returned as the library-facing {@link Logger} surface of `@k2/core`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true
  return pino({
    level: options.level,
    base: { service: 'k2', ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
          },
        }
      : {}),
  }) as unknown as Logger
}
