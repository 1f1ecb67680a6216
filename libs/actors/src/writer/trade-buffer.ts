import type { TradeV2 } from '@k2/core'

import { estimateTradeBytes } from './trade-size.js'

/** The trades a writer holds between commits, with the measures its commit policy looks at. */
export class TradeBuffer {
  private rows: TradeV2[] = []
  private bytes = 0
  private oldest: number | undefined

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

  /** Appends `trades`, buffered at `now` (ms). */
  push(trades: readonly TradeV2[], now: number): void {
    if (trades.length === 0) return
    for (const t of trades) {
      this.rows.push(t)
      this.bytes += estimateTradeBytes(t)
    }
    this.oldest ??= now
  }

  /** Empties the buffer and returns what it held. */
  take(): TradeV2[] {
    const rows = this.rows
    this.rows = []
    this.bytes = 0
    this.oldest = undefined
    return rows
  }

  /** Puts rows of a failed commit back in front of what arrived since, keeping their age. */
  restore(rows: readonly TradeV2[], oldestAt: number): void {
    if (rows.length === 0) return
    this.rows = [...rows, ...this.rows]
    this.bytes += rows.reduce((n, t) => n + estimateTradeBytes(t), 0)
    this.oldest = this.oldest === undefined ? oldestAt : Math.min(this.oldest, oldestAt)
  }
}
