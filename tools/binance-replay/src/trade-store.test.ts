import { describe, expect, it } from 'vitest'

import type { ReplayTrade } from './trade.js'
import { TradeStore } from './trade-store.js'

const trade = (id: number): ReplayTrade => ({
  id,
  price: id * 100,
  quantity: id,
  time: 1000 + id,
  eventTime: 1001 + id,
  isBuyerMaker: id % 2 === 0,
})

const ids = (trades: ReplayTrade[]) => trades.map((t) => t.id)

describe('TradeStore', () => {
  it('serves ranges by fromId and the newest trades, ascending', () => {
    const store = new TradeStore(10_000)
    for (let id = 1; id <= 3000; id++) store.append(trade(id))
    expect(store.size).toBe(3000)
    expect(store.lastId).toBe(3000)
    expect(ids(store.from(1, 3))).toEqual([1, 2, 3])
    expect(ids(store.from(2999, 10))).toEqual([2999, 3000])
    expect(store.from(3001, 10)).toEqual([])
    expect(ids(store.latest(3))).toEqual([2998, 2999, 3000])
    expect(store.from(1500, 1)[0]).toEqual(trade(1500))
  })

  it('keeps only the newest `retain` trades once full', () => {
    const store = new TradeStore(5)
    for (let id = 1; id <= 12; id++) store.append(trade(id))
    expect(store.size).toBe(5)
    expect(ids(store.from(0, 100))).toEqual([8, 9, 10, 11, 12])
    expect(ids(store.from(10, 100))).toEqual([10, 11, 12])
    expect(ids(store.latest(2))).toEqual([11, 12])
  })

  it('keeps order across growth and wrap-around', () => {
    const store = new TradeStore(3000)
    for (let id = 1; id <= 7000; id++) store.append(trade(id))
    expect(ids(store.from(0, 3000))).toEqual(Array.from({ length: 3000 }, (_, i) => 4001 + i))
  })

  it('accepts holes but refuses ids that do not increase', () => {
    const store = new TradeStore(100)
    expect(store.append(trade(5))).toBe(true)
    expect(store.append(trade(9))).toBe(true)
    expect(store.append(trade(9))).toBe(false)
    expect(store.append(trade(7))).toBe(false)
    expect(ids(store.from(6, 10))).toEqual([9])
    expect(ids(store.from(0, 10))).toEqual([5, 9])
  })
})
