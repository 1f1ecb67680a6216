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
 * Forwarding of the embedded feeds: the defaults, but at most 8 unanswered batches per writer
 * (pause at 6, resume at 2) instead of 32. A writer admits a batch only while it has room (see
 * `TradeBatchWriter.whenRoom`), so a deeper window only queues transferred batches (~1 MB each)
 * in the writer's port without adding throughput.
 */
export const EMBEDDED_FEED_FORWARDING = Object.freeze({
  ...FEED_FORWARDING_DEFAULTS,
  maxInFlightBatches: 8,
})
