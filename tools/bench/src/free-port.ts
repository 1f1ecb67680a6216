import { createServer } from 'node:net'

const HOST = '127.0.0.1'

/** A TCP port on 127.0.0.1 that nothing listened on a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port assigned')),
      )
    })
  })
}

/** Two distinct free ports (e.g. a broker's client and controller ports). */
export async function freePortPair(): Promise<[number, number]> {
  const first = await freePort()
  for (;;) {
    const second = await freePort()
    if (second !== first) return [first, second]
  }
}
