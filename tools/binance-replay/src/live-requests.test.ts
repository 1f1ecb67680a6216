import { describe, expect, it } from 'vitest'

import { answerRequest, type SubscriptionTarget } from './live-requests.js'

function target(): SubscriptionTarget & { list: string[] } {
  const list: string[] = []
  return {
    list,
    combined: false,
    subscribe: (streams) => list.push(...streams.filter((s) => !list.includes(s))),
    unsubscribe: (streams) => {
      for (const s of streams) if (list.includes(s)) list.splice(list.indexOf(s), 1)
    },
    subscriptions: () => list,
  }
}

describe('answerRequest', () => {
  it('subscribes, lists and unsubscribes, echoing the id', () => {
    const t = target()
    const ask = (request: unknown) => JSON.parse(answerRequest(JSON.stringify(request), t))
    expect(ask({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@trade'], id: 1 })).toEqual(
      {
        result: null,
        id: 1,
      },
    )
    expect(ask({ method: 'LIST_SUBSCRIPTIONS', id: 'a' })).toEqual({
      result: ['btcusdt@trade', 'ethusdt@trade'],
      id: 'a',
    })
    expect(ask({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: null })).toEqual({
      result: null,
      id: null,
    })
    expect(t.list).toEqual(['ethusdt@trade'])
  })

  it('sets and gets the combined property', () => {
    const t = target()
    const ask = (request: unknown) => JSON.parse(answerRequest(JSON.stringify(request), t))
    expect(ask({ method: 'SET_PROPERTY', params: ['combined', true], id: 5 })).toEqual({
      result: null,
      id: 5,
    })
    expect(t.combined).toBe(true)
    expect(ask({ method: 'GET_PROPERTY', params: ['combined'], id: 2 })).toEqual({
      result: true,
      id: 2,
    })
  })

  it.each([
    ['{"method":', 3, undefined],
    ['[1]', 3, undefined],
    ['{"method":"SUBSCRIBE","params":["a@trade"]}', 2, null],
    ['{"method":"SUBSCRIBE","params":["a@trade"],"id":-1}', 2, null],
    ['{"params":[],"id":3}', 2, 3],
    ['{"method":"PLEASE","id":4}', 2, 4],
    ['{"method":"SUBSCRIBE","params":"a@trade","id":6}', 2, 6],
    ['{"method":"SUBSCRIBE","params":[1],"id":7}', 2, 7],
    ['{"method":"SET_PROPERTY","params":["colour",true],"id":8}', 0, 8],
    ['{"method":"SET_PROPERTY","params":["combined","yes"],"id":9}', 1, 9],
    ['{"method":"SET_PROPERTY","params":[1,true],"id":10}', 2, 10],
    ['{"method":"GET_PROPERTY","params":["combined","x"],"id":11}', 2, 11],
  ])('answers %s with error code %d', (text, code, id) => {
    const t = target()
    const answer = JSON.parse(answerRequest(text, t)) as { code: number; msg: string; id?: unknown }
    expect(answer.code).toBe(code)
    expect(answer.msg).toEqual(expect.any(String))
    expect(answer.id).toBe(id)
    expect(t.list).toEqual([])
  })
})
