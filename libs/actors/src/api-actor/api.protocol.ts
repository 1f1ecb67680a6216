import { defineProtocol } from '@k2/actor-runtime'

/** What the api actor reports. */
export interface ApiActorStats {
  /** The port it serves on; null while it cannot bind (it keeps retrying). */
  readonly port: number | null
  readonly listening: boolean
  /** The last bind error (e.g. EADDRINUSE), null once listening. */
  readonly bindError: string | null
}

/** The methods of the api actor (D5: the host of the Hono app). */
export type ApiMethods = {
  stats: { req: null; res: ApiActorStats }
}

/** What the api actor is spawned with (plain data: it crosses a thread boundary). */
export interface ApiInit {
  readonly warehouse: string
  readonly catalogUri: string
  readonly port: number
  readonly host: string
  readonly keys: readonly string[]
  readonly rateLimitPerMinute: number
  readonly corsOrigins: readonly string[]
  readonly maxBodyBytes: number
  readonly logLevel: string
  /** How long to wait before trying again to bind a port that is in use (ms). */
  readonly bindRetryMs: number
  /** Settings of the query engine's DuckDB (`K2_DUCKDB_*`); DuckDB's defaults when absent. */
  readonly duckdb?: { readonly memoryLimit: string; readonly threads: number }
}

export const apiProtocol = defineProtocol<ApiMethods, ApiInit>({
  name: 'k2.api',
  version: 1,
})

/** The api actor module, for `supervisor.spawn({ moduleUrl })`. */
export const API_ACTOR_URL = new URL('./api.actor.ts', import.meta.url)
