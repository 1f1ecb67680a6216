import type { ResourceLimits } from 'node:worker_threads'

import { FEED_FORWARDING_DEFAULTS } from '@k2/actors'

/**
 * Heap caps of the embedded pipeline's workers (issue 5: supervisor RSS under 1 GB). V8 lets a
 * heap grow far past its live set before it collects (a feed with ~26 MB of live objects had
 * 200-290 MB of heap at the ceiling run); a cap makes it collect sooner.
 *
 * Writers keep the cap they had (768 MB): their commit batches are bounded by
 * `K2_COMMIT_MAX_BYTES` (~170 MB of heap at the ceiling), but `@k2/iceberg`'s shared manifest
 * cache keeps the manifest list of every parent snapshot a writer appended to (up to 2,000 lists,
 * each listing every manifest), which grows with the square of the snapshots: ~240 MB per writer
 * after 650 snapshots (10 minutes). A 256 MB cap turned that into OOM restarts.
 */
export const WRITER_RESOURCE_LIMITS: ResourceLimits = Object.freeze({
  maxOldGenerationSizeMb: 768,
})

/**
 * A feed: ~26 MB live (pending batches, connections, parsers, code) measured by a heap snapshot at
 * the ceiling. 64 MB was too tight (feeds died of OOM in bursts); 128 MB keeps ~100 MB of heap.
 */
export const FEED_RESOURCE_LIMITS: ResourceLimits = Object.freeze({
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 16,
})

/**
 * Heap of one producer record on a Kafka feed's queue: the record and its Buffer's JS objects
 * (the encoded bytes themselves are off-heap). Measured: 100,000 queued records + 60,000 held
 * trades in `worker-limits.int.test.ts`.
 */
const QUEUED_RECORD_HEAP_BYTES = 200

/**
 * A Kafka feed: a feed's limits plus room for its producer's full queue (`K2_PRODUCER_QUEUE_MAX`
 * encoded trades). Without a cap the Kafka feeds' heaps grew to 330-345 MB each at the ceiling
 * (2026-11-27), most of it garbage V8 had not collected yet.
 */
export function kafkaFeedResourceLimits(producerQueueMax: number): ResourceLimits {
  const queueMb = Math.ceil((producerQueueMax * QUEUED_RECORD_HEAP_BYTES) / 2 ** 20)
  return Object.freeze({
    ...FEED_RESOURCE_LIMITS,
    maxOldGenerationSizeMb: FEED_RESOURCE_LIMITS.maxOldGenerationSizeMb! + queueMb,
  })
}

/**
 * Live trades a feed worker holds (over all its symbols) while gaps are repaired over REST; past
 * it the feed leaves them to REST. A held trade is ~970 bytes (measured: 30,000 converted trades,
 * 27.8 MB), so the feed's own default, 100,000 per symbol, is ~93 MB per symbol: feeds of two
 * symbols starting from `earliest` at full speed died of OOM at the 128 MB cap while their first
 * backfill ran (ceiling runs, 2026-11-27). 60,000 take ~56 MB next to the ~26 MB live set
 * (`worker-limits.int.test.ts` holds them in a worker with the feed's limits). Smaller bounds
 * send more of a burst to REST, whose rate limit then stalls the feed for a minute (30,000 did).
 */
export const FEED_MAX_BUFFERED_TRADES = 60_000

/**
 * Forwarding of the embedded feeds: the defaults, but at most 8 unanswered batches per writer
 * (pause at 6, resume at 2) instead of 32. A writer admits a batch only while it has room (see
 * `TradeBatchWriter.whenRoom`), so a deeper window only queues transferred batches (~1 MB each)
 * in the writer's port without adding throughput.
 */
export const EMBEDDED_FEED_FORWARDING = Object.freeze({
  ...FEED_FORWARDING_DEFAULTS,
  maxInFlightBatches: 8,
})
