import { createServer } from 'node:net'

/**
 * True if nothing listens on `host:port`, tested by binding it briefly. Binding (rather than
 * connecting) also catches a listener on 0.0.0.0 or one that does not accept connections yet.
 */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolvePromise(false)
      else reject(error)
    })
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolvePromise(true))
    })
  })
}
