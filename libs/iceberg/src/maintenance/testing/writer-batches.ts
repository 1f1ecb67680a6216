import type { Logger, TradeV2 } from '@k2/core'

import { generateTrades } from '../../interop/market-data-generator.js'

/** What the maintenance test asks one writer process to do. */
export interface WriterRequest {
  readonly worker: string
  readonly warehouse: string
  readonly appends: number
  readonly rowsPerAppend: number
  readonly symbols: readonly string[]
  readonly days: readonly string[]
  /** Longest random pause between two appends, in ms. */
  readonly maxPauseMs: number
  readonly readyFile: string
  readonly goFile: string
  readonly resultFile: string
}

/** What one writer process reports. */
export interface WriterResult {
  readonly worker: string
  /** Snapshot id of each append, in order. */
  readonly snapshotIds: readonly string[]
  /** Commit attempts that lost the race (swap failed, or base cleaned up) and were retried. */
  readonly conflicts: number
}

/** The rows of append `i` of a writer: the test regenerates them to check every row. */
export function writerBatch(request: WriterRequest, i: number): TradeV2[] {
  const seed = [...request.worker].reduce((n, c) => n * 31 + c.charCodeAt(0), 17) * 1000 + i
  return generateTrades({
    seed,
    count: request.rowsPerAppend,
    symbols: request.symbols,
    days: request.days,
    idPrefix: `${request.worker}-${i}`,
  })
}

/** A logger that only counts the commit retries `commitTable` reports. */
export function conflictCounter(): { logger: Logger; count: () => number } {
  let conflicts = 0
  const logger: Logger = {
    debug: (_obj, msg) => {
      if (msg === 'commit conflict; retrying') conflicts++
    },
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  }
  return { logger, count: () => conflicts }
}
