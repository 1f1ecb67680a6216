/**
 * Messages between the multi-process commit test (`sql-catalog.int.test.ts`) and its worker
 * processes (`commit-worker.ts`): the request travels as JSON in argv[2], the result as a JSON file.
 */

/** What one worker process does. */
export interface CommitWorkerRequest {
  /** The shared SQLite catalog file. */
  readonly dbPath: string
  /** The table all workers commit to, e.g. `market_data.trades_v2`. */
  readonly table: string
  /** This worker's name; part of every location it commits. */
  readonly worker: string
  /** How many successful commits to make. */
  readonly commits: number
  /** Directory of the (never written) metadata files: `<prefix>/<worker>-<i>.metadata.json`. */
  readonly locationPrefix: string
  /** Created by the worker once its catalog is open. */
  readonly readyFile: string
  /** Created by the test when every worker is ready, so that all start at once. */
  readonly goFile: string
  /** Where the worker writes its {@link CommitWorkerResult}. */
  readonly resultFile: string
}

/** One successful compare-and-swap: the location it replaced and the one it installed. */
export interface CommitRecord {
  readonly from: string
  readonly to: string
}

/** What a worker reports after all its commits succeeded. */
export interface CommitWorkerResult {
  readonly worker: string
  /** Successful commits in the order they happened. */
  readonly commits: readonly CommitRecord[]
  /** Retries by error code (`ICEBERG_COMMIT_CONFLICT`, `ICEBERG_CATALOG_UNAVAILABLE`). */
  readonly retries: Readonly<Record<string, number>>
}
