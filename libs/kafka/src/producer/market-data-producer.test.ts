import { describe, expect, it } from 'vitest'

import { createAvroDecoder } from '@k2/codecs'
import { createReferenceData, createTrade } from '@k2/core'

import { createMarketDataProducer } from './market-data-producer.js'
import type { OutgoingRecord, RecordProducer } from './record-producer.js'

function capturingProducer(room = true): RecordProducer & { sent: OutgoingRecord[] } {
  const sent: OutgoingRecord[] = []
  return {
    sent,
    hasRoom: room,
    connect: async () => {},
    send: async (r) => {
      sent.push(r)
    },
    offer: (r) => {
      sent.push(r)
      return true
    },
    flush: async () => {},
    disconnect: async () => {},
    pending: 0,
    failure: undefined,
  }
}

const trade = createTrade({
  trade_id: 'BINANCE-1',
  symbol: 'ETHBTC',
  exchange: 'BINANCE',
  asset_class: 'crypto',
  timestamp: 1_700_000_000_000,
  price: '0.05123000',
  quantity: '1.50000000',
  currency: 'BTC',
  side: 'BUY',
})

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'

describe('createMarketDataProducer', () => {
  it('routes a trade to market.crypto.trades.binance keyed by symbol, single-object encoded', async () => {
    const producer = capturingProducer()
    const md = createMarketDataProducer({ producer })
    await md.send('trades', trade, {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
    const [r] = producer.sent
    expect(r?.topic).toBe('market.crypto.trades.binance')
    expect(r?.key).toBe('ETHBTC')
    expect(r?.headers).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    })
    expect(r?.value.subarray(0, 2)).toEqual(Buffer.from([0xc3, 0x01]))
    const back = await createAvroDecoder('trades').decode(r!.value)
    expect(back.price.toFixed(8)).toBe('0.05123000')
  })

  it('offers a record synchronously once the encoder is ready and the producer has room', async () => {
    const producer = capturingProducer()
    const md = createMarketDataProducer({ producer })
    expect(md.offer('trades', trade)).toBe(false) // encoder not ready yet: prepared meanwhile
    await md.prepare([{ dataType: 'trades', topic: 'market.crypto.trades.binance' }])
    expect(md.offer('trades', trade, { traceparent: TRACEPARENT })).toBe(true)
    expect(producer.sent).toHaveLength(1)
    expect(producer.sent[0]).toMatchObject({
      topic: 'market.crypto.trades.binance',
      key: 'ETHBTC',
      headers: { traceparent: TRACEPARENT },
    })
    const back = await createAvroDecoder('trades').decode(producer.sent[0]!.value)
    expect(back.trade_id).toBe('BINANCE-1')

    const full = capturingProducer(false)
    const md2 = createMarketDataProducer({ producer: full })
    await md2.prepare([{ dataType: 'trades', topic: 'market.crypto.trades.binance' }])
    expect(md2.offer('trades', trade)).toBe(false) // no room: nothing encoded or queued
    expect(full.sent).toEqual([])
  })

  it('keys reference data by company_id (compacted topic) and omits headers when untraced', async () => {
    const producer = capturingProducer()
    const md = createMarketDataProducer({ producer })
    const ref = createReferenceData({
      company_id: '7078',
      symbol: 'BHP',
      exchange: 'ASX',
      asset_class: 'equities',
      company_name: 'BHP Billiton',
      listing_date: '1885-08-13',
    })
    await md.send('reference_data', ref)
    expect(producer.sent[0]).toMatchObject({
      topic: 'market.equities.reference_data.asx',
      key: '7078',
    })
    expect(producer.sent[0]?.headers).toBeUndefined()
  })

  it('registers each topic subject once with a registry and frames Confluent-style', async () => {
    const producer = capturingProducer()
    const registered: string[] = []
    const registry = {
      register: async (subject: string) => {
        registered.push(subject)
        return 42
      },
      getSchemaById: async () => '',
      setCompatibility: async () => {},
    }
    const md = createMarketDataProducer({ producer, registry })
    await md.prepare([{ dataType: 'trades', topic: 'market.crypto.trades.binance' }])
    await md.send('trades', trade)
    await md.send('trades', trade)
    expect(registered).toEqual(['market.crypto.trades.binance-value'])
    expect(producer.sent[1]?.value.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 42]))
  })
})
