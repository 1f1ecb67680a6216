import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'

import { connect, exchange, sleep, waitFor } from './test-support.js'

describe('ping/pong and connection age', () => {
  // The pong timeout leaves room for a loaded machine (CI runs many test processes at once): a
  // client whose event loop stalls past it is dropped, and the pings this test counts stop.
  it(
    'pings at the configured interval and keeps a client that answers',
    { timeout: 15_000 },
    async () => {
      const ex = await exchange({ pingIntervalMs: 40, pongTimeoutMs: 600 })
      const client = await connect(`${ex.url}/ws/btcusdt@trade`) // ws answers pings by itself
      await waitFor('5 pings', () => client.pings.length >= 5)
      await sleep(1_200) // twice the pong timeout
      expect(client.ws.readyState).toBe(WebSocket.OPEN)
      // Each ping carries a payload, echoed by the client's pong.
      expect(client.pings.every((payload) => payload !== '')).toBe(true)
      expect(ex.stats().totals.disconnects).toEqual({})
    },
  )

  it('drops a client that does not pong after pongTimeoutMs, without a close frame', async () => {
    const ex = await exchange({ pingIntervalMs: 30, pongTimeoutMs: 150 })
    const silent = await connect(`${ex.url}/ws/btcusdt@trade`, { autoPong: false })
    const polite = await connect(`${ex.url}/ws/btcusdt@trade`)
    const { code } = await silent.closed
    expect(code).toBe(1006) // abnormal closure: the TCP connection was cut
    expect(silent.pings.length).toBeGreaterThan(1)
    expect(polite.ws.readyState).toBe(WebSocket.OPEN)
    await waitFor('the count', () => ex.stats().totals.disconnects['pong-timeout'] === 1)
  })

  it('does not count unsolicited pongs', async () => {
    const ex = await exchange({
      pingIntervalMs: 1000,
      pongTimeoutMs: 200,
      maxIncomingMessagesPerSecond: 0,
    })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`, { autoPong: false })
    const timer = setInterval(() => client.ws.pong('unsolicited'), 20)
    try {
      expect((await client.closed).code).toBe(1006)
    } finally {
      clearInterval(timer)
    }
  })

  it('closes a connection at maxConnectionAgeMs', async () => {
    const ex = await exchange({ maxConnectionAgeMs: 100 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    expect((await client.closed).code).toBe(1001)
    await waitFor('the count', () => ex.stats().totals.disconnects['max-age'] === 1)
  })
})
