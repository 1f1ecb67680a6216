import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import type { ActorHandle } from '@k2/actor-runtime'
import type { Logger } from '@k2/core'

/** An actor as the admin endpoint sees it: its handle and, if it has one, a `stats` call. */
export interface AdminActor {
  readonly handle: ActorHandle
  readonly stats?: () => Promise<unknown>
}

/** A running admin endpoint. */
export interface AdminServer {
  readonly port: number
  close(): Promise<void>
}

const KILL_PATH = /^\/admin\/actors\/([A-Za-z0-9._-]+)\/kill$/

/**
 * The operator endpoint of the supervisor, on 127.0.0.1 only (`K2_ADMIN_PORT`):
 * - `GET /admin/actors`: every actor's state and restarts, and its `stats` when running;
 * - `POST /admin/actors/{name}/kill`: terminates that actor's worker at once (no cleanup), as a
 *   crash would; the supervisor restarts it. For crash drills and the exactly-once tests.
 * Not the public API (D7): no auth, never bound to other interfaces.
 */
export async function startAdminServer(
  port: number,
  actors: () => readonly AdminActor[],
  logger: Logger,
): Promise<AdminServer> {
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (req.method === 'GET' && path === '/admin/actors') {
      const out = await Promise.all(
        actors().map(async ({ handle, stats }) => ({
          name: handle.name,
          state: handle.state,
          restarts: handle.restarts,
          stats:
            handle.state === 'running' && stats !== undefined
              ? await stats().catch((err: unknown) => ({ error: (err as Error).message }))
              : null,
        })),
      )
      return reply(res, 200, { actors: out })
    }
    const kill = KILL_PATH.exec(path)
    if (req.method === 'POST' && kill !== null) {
      const actor = actors().find((a) => a.handle.name === kill[1])
      if (actor === undefined) {
        return reply(res, 404, { error: { code: 'NOT_FOUND', message: `no actor ${kill[1]}` } })
      }
      if (actor.handle.state !== 'running') {
        return reply(res, 409, {
          error: { code: 'NOT_RUNNING', message: `actor ${kill[1]} is ${actor.handle.state}` },
        })
      }
      logger.warn({ event: 'admin_kill', actor: kill[1] }, `admin: killing ${kill[1]}`)
      await actor.handle.kill()
      return reply(res, 202, { killed: kill[1] })
    }
    return reply(res, 404, { error: { code: 'NOT_FOUND', message: `${req.method} ${path}` } })
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      reply(res, 500, { error: { code: 'INTERNAL', message: (err as Error).message } }),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const bound = (server.address() as AddressInfo).port
  logger.info({ port: bound }, `admin endpoint on http://127.0.0.1:${bound}/admin/actors`)
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
