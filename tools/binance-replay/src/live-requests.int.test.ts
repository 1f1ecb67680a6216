import { describe, expect, it } from 'vitest'

import { connect, exchange, sleep, waitFor } from './test-support.js'

describe('live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS over a socket', () => {
  it('subscribes, lists, unsubscribes, and the trades follow', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT', 'ETHUSDT'], rate: 400 })
    const client = await connect(`${ex.url}/stream`)
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'], id: 1 })
    await waitFor('the answer', () => client.json().some((m) => (m as { id?: unknown }).id === 1))
    expect(client.json()[0]).toEqual({ result: null, id: 1 })
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 2 })
    await waitFor('the list', () => client.json().some((m) => (m as { id?: unknown }).id === 2))
    expect(client.json().find((m) => (m as { id?: unknown }).id === 2)).toEqual({
      result: ['btcusdt@trade', 'ethusdt@trade'],
      id: 2,
    })
    const streams = () =>
      new Set(
        client
          .json()
          .map((m) => (m as { stream?: string }).stream)
          .filter((s) => s !== undefined),
      )
    await waitFor('trades of both', () => streams().size === 2)
    expect(ex.stats().symbols.ETHUSDT?.connections).toBe(1)

    client.send({ method: 'UNSUBSCRIBE', params: ['ethusdt@trade'], id: 3 })
    await waitFor('the answer', () => client.json().some((m) => (m as { id?: unknown }).id === 3))
    const afterUnsubscribe = client.frames.length
    expect(ex.stats().symbols.ETHUSDT?.connections).toBe(0)
    await waitFor('more BTC trades', () => client.frames.length > afterUnsubscribe + 10)
    const later = client
      .json()
      .slice(afterUnsubscribe)
      .map((m) => (m as { stream?: string }).stream)
    expect(later.every((stream) => stream === 'btcusdt@trade')).toBe(true)
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 4 })
    await waitFor('the list', () => client.json().some((m) => (m as { id?: unknown }).id === 4))
    expect(client.json().find((m) => (m as { id?: unknown }).id === 4)).toEqual({
      result: ['btcusdt@trade'],
      id: 4,
    })
  })

  it('switches a raw connection to combined frames with SET_PROPERTY', async () => {
    const ex = await exchange({ symbols: ['BTCUSDT'], rate: 200 })
    const client = await connect(`${ex.url}/ws/btcusdt@trade`)
    await waitFor('a bare trade', () => client.tradeIds().length > 0)
    expect(client.json()[0]).toMatchObject({ e: 'trade' })
    client.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 7 })
    await waitFor('the answer', () => client.json().some((m) => (m as { id?: unknown }).id === 7))
    const at = client.json().findIndex((m) => (m as { id?: unknown }).id === 7)
    await waitFor('a combined trade', () => client.json().length > at + 1)
    expect(client.json()[at + 1]).toMatchObject({ stream: 'btcusdt@trade', data: { e: 'trade' } })
    // No trade is lost across the switch.
    expect(client.tradeIds()).toEqual(
      Array.from({ length: client.tradeIds().length }, (_, i) => i + 1),
    )
  })

  it('answers a bad request with a Binance error and keeps the connection', async () => {
    const ex = await exchange()
    const client = await connect(`${ex.url}/stream`)
    client.send({ method: 'SUBSCRIBE', params: 'btcusdt@trade', id: 9 })
    client.ws.send('not json')
    await waitFor('two answers', () => client.frames.length === 2)
    expect(client.json()[0]).toMatchObject({ code: 2, id: 9 })
    expect(client.json()[1]).toMatchObject({ code: 3 })
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 10 })
    await waitFor('the list', () => client.frames.length === 3)
    expect(client.json()[2]).toEqual({ result: [], id: 10 })
  })

  it('closes with 1008 a client that sends more than 5 messages in a second', async () => {
    const ex = await exchange({ maxIncomingMessagesPerSecond: 5 })
    const client = await connect(`${ex.url}/stream`)
    // Aligned to the start of a second so all 8 fall into one window.
    await sleep(1000 - (Date.now() % 1000) + 5)
    for (let id = 1; id <= 8; id++) client.send({ method: 'LIST_SUBSCRIPTIONS', id })
    expect((await client.closed).code).toBe(1008)
    await waitFor('the count', () => ex.stats().totals.disconnects['too-many-messages'] === 1)
  })
})
