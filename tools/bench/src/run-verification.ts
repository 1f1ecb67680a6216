import type { VerifyReply } from './bench-oracle.js'
import { checksumMismatches, type TradeChecksums } from './trade-checksums.js'

/** What the benchmark knows about a run besides pyiceberg's read-back. */
export interface RunFacts {
  /** e.g. `k2 run 2`, for messages. */
  readonly label: string
  readonly rows: number
  readonly expected: TradeChecksums
  /** Data files the appending side says it committed. */
  readonly committedFiles: number
  /** `.parquet` files found under the table's `data/`. */
  readonly filesOnDisk: number
}

/**
 * Refuses a run whose table is not exactly the generated trades, so a broken writer cannot report
 * a fast number: pyiceberg's `scan().count()` and the snapshot's `total-records` must both be
 * the row count, the checksums of every row read back must equal the generated ones, and the
 * files on disk must be the files committed (no orphans from a failed attempt). Throws an
 * `Error` listing what is wrong; returns `total-records`.
 */
export function verifyRun(facts: RunFacts, verified: VerifyReply): number {
  const problems: string[] = []
  const totalRecords = Number(verified.summary['total-records'])
  if (verified.scan_count !== facts.rows) {
    problems.push(`scan().count() is ${verified.scan_count}, expected ${facts.rows}`)
  }
  if (totalRecords !== facts.rows) {
    problems.push(`total-records is ${verified.summary['total-records']}, expected ${facts.rows}`)
  }
  problems.push(...checksumMismatches(facts.expected, verified.checksums))
  if (facts.committedFiles !== facts.filesOnDisk) {
    problems.push(`${facts.committedFiles} data files committed, ${facts.filesOnDisk} on disk`)
  }
  if (problems.length > 0) {
    throw new Error(`${facts.label} failed verification:\n  ${problems.join('\n  ')}`)
  }
  return totalRecords
}
