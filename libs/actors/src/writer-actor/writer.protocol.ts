import { defineProtocol } from '@k2/actor-runtime'

import type { CommitPolicy } from '../writer/index.js'

/** Counters of one writer actor since it started. */
export interface WriterActorStats {
  /** Trades received over `write` (before duplicate suppression). */
  readonly received: number
  /** Rows committed to Iceberg by this incarnation. */
  readonly committedRows: number
  readonly commits: number
  readonly bufferedRows: number
}

/** The methods of a writer actor (D5: one per writer partition). */
export type WriterMethods = {
  /**
   * Buffers a batch of trades (`encodeTradeBatch`, transferred). Resolves once buffered, or, when
   * the batch fills the buffer, once that commit is done: the caller's back-pressure.
   * Continuity (nothing of a refused batch is kept; the feed then resyncs from `accepted`):
   * - `session` is the writer session the feed got from `accepted`; a writer restarted since (it
   *   lost what it had buffered) refuses the batch with `ACTORS_STALE_SESSION`;
   * - `after` claims, per stream, the sequence just before the batch's first trade; a writer that
   *   holds less refuses it with `ACTORS_STREAM_GAP`.
   */
  write: {
    req: { batch: ArrayBuffer; session: number; after: Readonly<Record<string, number>> }
    res: { buffered: number }
  }
  /**
   * Per stream (`EXCHANGE:SYMBOL`), the highest sequence this writer holds, committed or buffered
   * (where a feed resumes so that nothing is lost or repeated), and the session to send with.
   */
  accepted: { req: null; res: { session: number; positions: Record<string, number> } }
  /** Commits what is buffered now. */
  flush: { req: null; res: { rows: number } }
  stats: { req: null; res: WriterActorStats }
}

/** What a writer actor is spawned with (structured-clone data only). */
export interface WriterInit {
  /** Warehouse directory and catalog URI (`K2Config.iceberg`). */
  readonly warehouse: string
  readonly catalogUri: string
  readonly policy: CommitPolicy
  readonly logLevel: string
}

export const writerProtocol = defineProtocol<WriterMethods, WriterInit>({
  name: 'k2.writer',
  version: 1,
})

/** The writer actor module, for `supervisor.spawn({ moduleUrl })`. */
export const WRITER_ACTOR_URL = new URL('./writer.actor.ts', import.meta.url)
