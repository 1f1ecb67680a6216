import { describe, expect, it } from 'vitest'

import { CodecsError } from '../errors.js'
import { unframeConfluent } from '../framing/index.js'
import { canonicalForm, parseAvroType, readerSchemaOf } from '../schemas/index.js'
import { FakeSchemaRegistry } from '../testing/fake-schema-registry.js'
import { SAMPLE_QUOTES, SAMPLE_TRADES, toPlain } from '../testing/sample-records.js'
import { createAvroDecoder } from './avro-decoder.js'
import { createAvroEncoder } from './avro-encoder.js'

const SUBJECT = 'market.crypto.trades.binance-value'
const trade = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record

async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (err) {
    return err as { code?: string; message: string }
  }
  throw new Error('expected a rejection')
}

async function encodedTrade(registry: FakeSchemaRegistry): Promise<Buffer> {
  const encoder = createAvroEncoder('trades', {
    framing: { kind: 'confluent', registry, subject: SUBJECT },
  })
  await encoder.init()
  return encoder.encode(trade)
}

describe('Confluent encoder', () => {
  it('init() sets the subject to BACKWARD and registers the schema under it', async () => {
    const registry = new FakeSchemaRegistry()
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'confluent', registry, subject: SUBJECT },
    })
    await encoder.init()
    expect(registry.compatibility.get(SUBJECT)).toBe('BACKWARD')
    expect(registry.subjects.get(SUBJECT)).toEqual([1])
    expect(registry.calls).toMatchObject({ register: 1, setCompatibility: 1 })
    const bytes = encoder.encode(trade)
    expect(bytes.subarray(0, 5).toString('hex')).toBe('0000000001')
  })

  it('registers the full schema text: logical types survive the registry', async () => {
    const registry = new FakeSchemaRegistry()
    await encodedTrade(registry)
    const text = await registry.getSchemaById(1)
    expect(JSON.parse(text)).toMatchObject({ name: 'com.k2.marketdata.TradeV2', type: 'record' })
    expect(text).toContain('"doc":"Aggressor side."')
    expect(text).toContain('"logicalType":"decimal","precision":18,"scale":8')
    expect(text).toContain('"logicalType":"timestamp-micros"')
    expect(canonicalForm(parseAvroType(text))).toBe(
      canonicalForm(parseAvroType(readerSchemaOf('trades'))),
    )
  })

  it('honours another compatibility level when asked', async () => {
    const registry = new FakeSchemaRegistry()
    const encoder = createAvroEncoder('quotes', {
      framing: {
        kind: 'confluent',
        registry,
        subject: 'q-value',
        compatibility: 'FULL_TRANSITIVE',
      },
    })
    await encoder.init()
    expect(registry.compatibility.get('q-value')).toBe('FULL_TRANSITIVE')
  })

  it('refuses to encode before init()', () => {
    const registry = new FakeSchemaRegistry()
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'confluent', registry, subject: SUBJECT },
    })
    expect(() => encoder.encode(trade)).toThrow(
      expect.objectContaining({
        code: 'CODECS_INVALID_SCHEMA',
        message: expect.stringContaining('init()'),
      }),
    )
    expect(registry.calls.register).toBe(0)
  })

  it('two encoders of the same schema and subject share its id', async () => {
    const registry = new FakeSchemaRegistry()
    const a = await encodedTrade(registry)
    const b = await encodedTrade(registry)
    expect(unframeConfluent(a).schemaId).toBe(unframeConfluent(b).schemaId)
  })
})

describe('Confluent decoder', () => {
  it('fetches an unknown schema id once and caches it', async () => {
    const registry = new FakeSchemaRegistry()
    const bytes = await encodedTrade(registry)
    const decoder = createAvroDecoder('trades', { registry })
    for (let i = 0; i < 3; i++) {
      expect(toPlain(await decoder.decode(bytes))).toEqual(toPlain(trade))
    }
    expect(registry.calls.getSchemaById).toBe(1)
  })

  it('concurrent decodes of a new id share one lookup', async () => {
    const registry = new FakeSchemaRegistry()
    const bytes = await encodedTrade(registry)
    const decoder = createAvroDecoder('trades', { registry })
    const records = await Promise.all(Array.from({ length: 10 }, () => decoder.decode(bytes)))
    expect(records).toHaveLength(10)
    expect(registry.calls.getSchemaById).toBe(1)
  })

  it('does not cache a registry failure: the next message retries the lookup', async () => {
    const registry = new FakeSchemaRegistry()
    const bytes = await encodedTrade(registry)
    const decoder = createAvroDecoder('trades', { registry })
    registry.failNextLookups(
      new CodecsError('CODECS_REGISTRY_UNAVAILABLE', 'schema registry GET -> 503'),
    )
    const err = await rejectionOf(decoder.decode(bytes))
    expect(err).toMatchObject({ code: 'CODECS_REGISTRY_UNAVAILABLE', retriable: true })
    expect((await decoder.decode(bytes)).trade_id).toBe(trade.trade_id)
    expect(registry.calls.getSchemaById).toBe(2)
    await decoder.decode(bytes)
    expect(registry.calls.getSchemaById).toBe(2)
  })

  it('an id the registry does not know -> CODECS_UNKNOWN_SCHEMA_ID, asked again next time', async () => {
    const registry = new FakeSchemaRegistry()
    const bytes = await encodedTrade(registry)
    const unknown = Buffer.concat([Buffer.from([0, 0, 0, 0x30, 0x39]), bytes.subarray(5)])
    const decoder = createAvroDecoder('trades', { registry })
    expect((await rejectionOf(decoder.decode(unknown))).code).toBe('CODECS_UNKNOWN_SCHEMA_ID')
    // A schema registered meanwhile by another producer is found on the next message.
    registry.put(12345, await registry.getSchemaById(1))
    expect((await decoder.decode(unknown)).trade_id).toBe(trade.trade_id)
  })

  it('reads single-object and Confluent messages side by side', async () => {
    const registry = new FakeSchemaRegistry()
    const confluent = await encodedTrade(registry)
    const singleObject = createAvroEncoder('trades', { framing: { kind: 'single-object' } }).encode(
      trade,
    )
    const decoder = createAvroDecoder('trades', { registry })
    const [a, b] = [await decoder.decode(confluent), await decoder.decode(singleObject)]
    expect(toPlain(a)).toEqual(toPlain(b))
  })

  it('a schema id of another record type -> CODECS_INCOMPATIBLE_SCHEMA', async () => {
    const registry = new FakeSchemaRegistry()
    const quotes = createAvroEncoder('quotes', {
      framing: { kind: 'confluent', registry, subject: 'market.crypto.quotes.binance-value' },
    })
    await quotes.init()
    const bytes = quotes.encode((SAMPLE_QUOTES[0] as (typeof SAMPLE_QUOTES)[number]).record)
    const decoder = createAvroDecoder('trades', { registry })
    expect((await rejectionOf(decoder.decode(bytes))).code).toBe('CODECS_INCOMPATIBLE_SCHEMA')
  })
})
