import type { KafkaOffsetRange } from '../writer/index.js'

/**
 * The Kafka offsets a buffered batch covers, per `topic:partition` key: the first offset taken
 * and the offset after the last one. Every record taken counts, including those that wrote no
 * row (dead letters, source duplicates): their offsets are consumed too and must be committed.
 */
export class OffsetRanges {
  private readonly ranges = new Map<string, { first: bigint; next: bigint }>()

  /** Number of partitions covered. */
  get size(): number {
    return this.ranges.size
  }

  /** Records `offset` of `key`, which must follow the key's previous offset. */
  take(key: string, offset: bigint): void {
    const r = this.ranges.get(key)
    if (r === undefined) this.ranges.set(key, { first: offset, next: offset + 1n })
    else r.next = offset + 1n
  }

  /** A copy of the ranges. */
  snapshot(): Map<string, KafkaOffsetRange> {
    return new Map([...this.ranges].map(([k, r]) => [k, { first: r.first, next: r.next }]))
  }

  clear(): void {
    this.ranges.clear()
  }
}
