/**
 * Where a fetched batch of one partition stands against the partition's expected next offset
 * (D6 continuity rule; this, not timing, makes Kafka-mode ingest exactly-once):
 * - `contiguous`: the batch reaches the expected offset without a hole before it; its first
 *   `skip` records are below the expected offset (already in the table or already buffered) and
 *   are skipped, the rest are taken.
 * - `behind`: every record is below the expected offset; nothing to take.
 * - `gap`: the batch starts above the expected offset (records between are missing from what
 *   this member saw, e.g. the group's committed offset was ahead of the table): take nothing and
 *   re-seek to `expected`.
 */
export type BatchPlacement =
  | { readonly kind: 'contiguous'; readonly skip: number }
  | { readonly kind: 'behind' }
  | { readonly kind: 'gap'; readonly expected: bigint; readonly first: bigint }

/**
 * Places a batch whose record offsets are `offsets` (ascending) against `expected`. Holes between
 * records after the expected offset are legal (compacted topics, filtered control records); only
 * the start matters.
 */
export function placeBatch(offsets: readonly bigint[], expected: bigint): BatchPlacement {
  const first = offsets[0]
  if (first === undefined) return { kind: 'behind' }
  if (first > expected) return { kind: 'gap', expected, first }
  let skip = 0
  while (skip < offsets.length && (offsets[skip] as bigint) < expected) skip++
  return skip === offsets.length ? { kind: 'behind' } : { kind: 'contiguous', skip }
}
