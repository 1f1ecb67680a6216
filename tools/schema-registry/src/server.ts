import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { createRequestHandler } from './handler.js'
import { SchemaRegistry } from './registry.js'

/** Options of {@link startSchemaRegistry}. */
export interface SchemaRegistryOptions {
  /** TCP port; 0 (the default) picks a free one, which tests want. The CLI defaults to 8081. */
  readonly port?: number
  /** Interface to listen on; default 127.0.0.1 so a test double is never exposed on the LAN. */
  readonly host?: string
}

/** A running registry. */
export interface RunningSchemaRegistry {
  /** Base URL for clients, e.g. `http://127.0.0.1:8081` (no trailing slash). */
  readonly url: string
  /** The port actually bound (useful with port 0). */
  readonly port: number
  /** Stops listening and drops open connections; state is lost. Safe to call twice. */
  close(): Promise<void>
}

/** Default host of the API and the CLI. */
export const DEFAULT_HOST = '127.0.0.1'

/**
 * Starts an empty in-memory Confluent-compatible schema registry on `host:port`. Each call is an
 * independent registry (own ids, subjects and config), so tests can run one each.
 */
export async function startSchemaRegistry(
  options: SchemaRegistryOptions = {},
): Promise<RunningSchemaRegistry> {
  const host = options.host ?? DEFAULT_HOST
  const server = createServer(createRequestHandler(new SchemaRegistry()))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        // fetch keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections()
      })
      return closing
    },
  }
}
