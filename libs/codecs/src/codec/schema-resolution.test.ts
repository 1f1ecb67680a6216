import { describe, expect, it } from 'vitest'

import { readerSchemaOf } from '../schemas/index.js'
import { FakeSchemaRegistry } from '../testing/fake-schema-registry.js'
import { SAMPLE_TRADES, toPlain } from '../testing/sample-records.js'
import { createAvroDecoder } from './avro-decoder.js'
import { createAvroEncoder } from './avro-encoder.js'

type Field = { name: string; type: unknown; default?: unknown }
type RecordSchema = { fields: Field[] } & Record<string, unknown>

/** The current trade schema with its fields edited: a hand-made older or newer version. */
function tradeSchemaWith(edit: (fields: Field[]) => Field[]): RecordSchema {
  const current = readerSchemaOf('trades') as RecordSchema
  return { ...current, fields: edit(structuredClone(current.fields)) }
}

/** v2 as first released, before `platform_sequence` was added. */
const OLDER = tradeSchemaWith((fields) => fields.filter((f) => f.name !== 'platform_sequence'))

/** A later version with an extra field (with a default) in the middle of the record. */
const NEWER = tradeSchemaWith((fields) => {
  const at = fields.findIndex((f) => f.name === 'currency') + 1
  return [
    ...fields.slice(0, at),
    { name: 'venue_hint', type: 'string', default: '' },
    ...fields.slice(at),
  ]
})

/** A writer that changed the type of `price`: no Avro resolution rule reads a string as decimal. */
const PRICE_AS_STRING = tradeSchemaWith((fields) =>
  fields.map((f) => (f.name === 'price' ? { name: 'price', type: 'string' } : f)),
)

/** A writer with decimal(18,6) prices: same bytes, different scale, so not resolvable. */
const PRICE_SCALE_6 = tradeSchemaWith((fields) =>
  fields.map((f) =>
    f.name === 'price'
      ? { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 6 } }
      : f,
  ),
)

const trade = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record

async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (err) {
    return err as { code?: string; message: string }
  }
  throw new Error('expected a rejection')
}

describe('writer -> reader schema resolution (single-object)', () => {
  it('an older writer without platform_sequence: the field reads as its default, null', async () => {
    expect(trade.platform_sequence).not.toBeNull()
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'single-object' },
      schema: OLDER,
    })
    const decoder = createAvroDecoder('trades', { writerSchemas: [OLDER] })
    const back = await decoder.decode(encoder.encode(trade))
    expect(back.platform_sequence).toBeNull()
    expect(toPlain(back)).toEqual(toPlain({ ...trade, platform_sequence: null }))
  })

  it('an older writer is unknown until the decoder is told its schema', async () => {
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'single-object' },
      schema: OLDER,
    })
    const decoder = createAvroDecoder('trades')
    const bytes = encoder.encode(trade)
    expect((await rejectionOf(decoder.decode(bytes))).code).toBe('CODECS_UNKNOWN_FINGERPRINT')
    decoder.addWriterSchema(OLDER)
    expect((await decoder.decode(bytes)).trade_id).toBe(trade.trade_id)
  })

  it('a newer writer with an extra venue_hint field: the current reader skips it', async () => {
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'single-object' },
      schema: NEWER,
    })
    const decoder = createAvroDecoder('trades', { writerSchemas: [NEWER] })
    const withHint = { ...trade, venue_hint: 'XASX-CXA' }
    const back = await decoder.decode(encoder.encode(withHint))
    expect(back).not.toHaveProperty('venue_hint')
    expect(toPlain(back)).toEqual(toPlain(trade))
  })

  it('a newer reader reads current records, filling venue_hint from its default', async () => {
    const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
    const decoder = createAvroDecoder('trades', { readerSchema: NEWER })
    const back = (await decoder.decode(encoder.encode(trade))) as unknown as Record<string, unknown>
    expect(back['venue_hint']).toBe('')
    expect(toPlain(back)).toEqual(toPlain({ ...trade, venue_hint: '' }))
  })

  it('an incompatible writer (price as string) -> CODECS_INCOMPATIBLE_SCHEMA', async () => {
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'single-object' },
      schema: PRICE_AS_STRING,
    })
    const decoder = createAvroDecoder('trades', { writerSchemas: [PRICE_AS_STRING] })
    const bytes = encoder.encode({ ...trade, price: '67432.15' } as unknown as typeof trade)
    const first = await rejectionOf(decoder.decode(bytes))
    expect(first.code).toBe('CODECS_INCOMPATIBLE_SCHEMA')
    expect(first.message).toContain('TradeV2')
    // The verdict is cached per fingerprint and stays the same.
    expect((await rejectionOf(decoder.decode(bytes))).code).toBe('CODECS_INCOMPATIBLE_SCHEMA')
  })

  it('a writer differing only in decimal scale is refused up front: same fingerprint', () => {
    // The canonical form drops logical types, so decimal(18,6) and decimal(18,8) prices share a
    // fingerprint; reading one as the other would scale every price by 100 without an error.
    expect(() => createAvroDecoder('trades', { writerSchemas: [PRICE_SCALE_6] })).toThrow(
      expect.objectContaining({ code: 'CODECS_INVALID_SCHEMA' }),
    )
    const decoder = createAvroDecoder('trades')
    expect(() => decoder.addWriterSchema(PRICE_SCALE_6)).toThrow(
      expect.objectContaining({ code: 'CODECS_INVALID_SCHEMA' }),
    )
  })

  it('a writer differing only in docs or defaults shares the fingerprint and is accepted', async () => {
    const redocumented = tradeSchemaWith((fields) =>
      fields.map((f) => (f.name === 'price' ? { ...f, doc: 'Exact price.' } : f)),
    )
    const decoder = createAvroDecoder('trades', { writerSchemas: [redocumented] })
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'single-object' },
      schema: redocumented,
    })
    expect(toPlain(await decoder.decode(encoder.encode(trade)))).toEqual(toPlain(trade))
  })
})

describe('writer -> reader schema resolution (Confluent)', () => {
  it('an older writer registered by another producer reads with the default', async () => {
    const registry = new FakeSchemaRegistry()
    const older = createAvroEncoder('trades', {
      framing: { kind: 'confluent', registry, subject: 'market.crypto.trades.binance-value' },
      schema: OLDER,
    })
    await older.init()
    const decoder = createAvroDecoder('trades', { registry })
    const back = await decoder.decode(older.encode(trade))
    expect(back.platform_sequence).toBeNull()
    expect(back.price.toFixed(8)).toBe(trade.price.toFixed(8))
  })

  it.each([
    { name: 'price as string', schema: PRICE_AS_STRING },
    // Same canonical form as the reader: only the logical types tell them apart.
    { name: 'price as decimal(18,6)', schema: PRICE_SCALE_6 },
  ])(
    'an incompatible registered writer ($name) -> CODECS_INCOMPATIBLE_SCHEMA',
    async ({ schema }) => {
      const registry = new FakeSchemaRegistry()
      const encoder = createAvroEncoder('trades', {
        framing: { kind: 'confluent', registry, subject: 'market.crypto.trades.binance-value' },
        schema,
      })
      await encoder.init()
      const bytes = encoder.encode({ ...trade, price: '67432.15' } as unknown as typeof trade)
      const decoder = createAvroDecoder('trades', { registry })
      expect((await rejectionOf(decoder.decode(bytes))).code).toBe('CODECS_INCOMPATIBLE_SCHEMA')
    },
  )
})
