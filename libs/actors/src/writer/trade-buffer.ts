import type { TradeV2 } from '@k2/core'

import { estimateTradeBytes } from './trade-size.js'

/** The records a writer holds between commits, with the measures its commit policy looks at. */
export class RecordBuffer<R> {
  private rows: R[] = []
  private bytes = 0
  private oldest: number | undefined

  /** `estimate`: a record's estimated encoded bytes (e.g. `estimateTradeBytes`). */
  constructor(private readonly estimate: (record: R) => number) {}

  /** Buffered rows. */
  get size(): number {
    return this.rows.length
  }

  /** Estimated encoded bytes of the buffered rows. */
  get estimatedBytes(): number {
    return this.bytes
  }

  /** When the oldest buffered row was buffered (ms), undefined when empty. */
  get oldestAt(): number | undefined {
    return this.oldest
  }

  /** Appends `records`, buffered at `now` (ms). */
  push(records: readonly R[], now: number): void {
    if (records.length === 0) return
    for (const r of records) {
      this.rows.push(r)
      this.bytes += this.estimate(r)
    }
    this.oldest ??= now
  }

  /** Empties the buffer and returns what it held. */
  take(): R[] {
    const rows = this.rows
    this.rows = []
    this.bytes = 0
    this.oldest = undefined
    return rows
  }

  /** Puts rows of a failed commit back in front of what arrived since, keeping their age. */
  restore(rows: readonly R[], oldestAt: number): void {
    if (rows.length === 0) return
    this.rows = [...rows, ...this.rows]
    this.bytes += rows.reduce((n, r) => n + this.estimate(r), 0)
    this.oldest = this.oldest === undefined ? oldestAt : Math.min(this.oldest, oldestAt)
  }
}

/** The trades a writer holds between commits (sized by {@link estimateTradeBytes}). */
export class TradeBuffer extends RecordBuffer<TradeV2> {
  constructor() {
    super(estimateTradeBytes)
  }
}
