// Helpers shared by this tool's tests only (not exported from index.ts).
import { type Server, createServer } from 'node:net'

import { isPortFree } from './port.js'

/**
 * First port >= `preferred` such that it and the one below it (the matching gRPC port) are both
 * free on 127.0.0.1, so the integration test can use its well-known ports but still runs next to a
 * developer's Jaeger or a CI neighbour that took them.
 */
export async function findFreePortPair(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 200; port += 2) {
    if ((await isPortFree('127.0.0.1', port)) && (await isPortFree('127.0.0.1', port - 1))) {
      return port
    }
  }
  throw new Error(`no free port pair found in ${preferred}..${preferred + 200}`)
}

/** Listens on an OS-assigned port of 127.0.0.1, to simulate "something else has the port". */
export async function occupyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('unexpected address')
  return {
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
