import { defineProtocol } from '@k2/actor-runtime'

/** What one maintenance round did to one table. */
export interface MaintenanceRound {
  readonly table: string
  readonly compaction: 'compacted' | 'nothing-to-do' | 'conflict' | 'failed'
  readonly filesRewritten: number
  readonly filesAdded: number
  readonly expiredSnapshots: number
  readonly deletedDataFiles: number
  /** The error message when a step failed (the next round tries again). */
  readonly error: string | null
}

/** The methods of the compactor actor (D5: maintenance on a schedule). */
export type CompactorMethods = {
  /** Runs a round now (after any round in progress) and returns it. */
  runNow: { req: null; res: readonly MaintenanceRound[] }
  stats: {
    req: null
    res: { readonly rounds: number; readonly last: readonly MaintenanceRound[] | null }
  }
}

/** What the compactor is spawned with. */
export interface CompactorInit {
  readonly warehouse: string
  readonly catalogUri: string
  /** Time between rounds (ms); a round starts after the previous one ended. */
  readonly intervalMs: number
  /** Snapshots older than this (ms) are expired (the newest one always stays). */
  readonly snapshotRetentionMs: number
  readonly logLevel: string
  /** DuckDB worker threads of the compaction rewrites (`K2_DUCKDB_THREADS`); DuckDB's default when absent. */
  readonly duckdbThreads?: number
  /** DuckDB memory limit of the compaction rewrites (`K2_DUCKDB_MEMORY_LIMIT`, e.g. '256MB'). */
  readonly duckdbMemoryLimit?: string
}

export const compactorProtocol = defineProtocol<CompactorMethods, CompactorInit>({
  name: 'k2.compactor',
  version: 1,
})

/** The compactor actor module, for `supervisor.spawn({ moduleUrl })`. */
export const COMPACTOR_ACTOR_URL = new URL('./compactor.actor.ts', import.meta.url)
