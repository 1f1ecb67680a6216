import { serve, type ServerType } from '@hono/node-server'

import type { ApiApp } from './app.js'

/** A running API server. */
export interface ApiServer {
  /** The port it listens on (the real one when asked for port 0). */
  readonly port: number
  /** Stops accepting connections and resolves when open ones are closed. */
  close(): Promise<void>
}

/** Serves `app` on `host:port` (Node's HTTP server through `@hono/node-server`). */
export function startApiServer(
  app: ApiApp,
  options: { readonly port: number; readonly host?: string },
): Promise<ApiServer> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    const server: ServerType = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host ?? '0.0.0.0' },
      (info) => {
        server.off('error', onError)
        resolve({
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((err) => (err ? fail(err) : done()))
              // Keep-alive connections would hold close() open until they time out.
              const http = server as { closeIdleConnections?: () => void }
              http.closeIdleConnections?.()
            }),
        })
      },
    )
    server.once('error', onError)
  })
}
