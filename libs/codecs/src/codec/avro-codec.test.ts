import { ExactDecimal, createTrade, type DataType } from '@k2/core'
import { describe, expect, it } from 'vitest'

import { frameConfluent, frameSingleObject, unframeSingleObject } from '../framing/index.js'
import { fingerprintOf, parseAvroType, readerSchemaOf } from '../schemas/index.js'
import { FakeSchemaRegistry } from '../testing/fake-schema-registry.js'
import {
  SAMPLE_QUOTES,
  SAMPLE_REFERENCE_DATA,
  SAMPLE_TRADES,
  toPlain,
} from '../testing/sample-records.js'
import { createAvroDecoder } from './avro-decoder.js'
import { createAvroEncoder } from './avro-encoder.js'
import type { RecordFor } from './record-types.js'

async function rejectionOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (err) {
    return err as { code?: string; message: string }
  }
  throw new Error('expected a rejection')
}

const DECIMAL_FIELDS: Record<DataType, readonly string[]> = {
  trades: ['price', 'quantity'],
  quotes: ['bid_price', 'bid_quantity', 'ask_price', 'ask_quantity'],
  reference_data: [],
}

const CASES = [
  ...SAMPLE_TRADES.map((c) => ({ dataType: 'trades' as const, ...c })),
  ...SAMPLE_QUOTES.map((c) => ({ dataType: 'quotes' as const, ...c })),
  ...SAMPLE_REFERENCE_DATA.map((c) => ({ dataType: 'reference_data' as const, ...c })),
]

describe('encode -> decode round trip', () => {
  it.each(CASES)('$dataType: $name (single-object)', async ({ dataType, record }) => {
    const encoder = createAvroEncoder(dataType, { framing: { kind: 'single-object' } })
    const decoder = createAvroDecoder(dataType)
    const bytes = encoder.encode(record as never)
    const back = (await decoder.decode(bytes)) as RecordFor<typeof dataType>
    expect(toPlain(back)).toEqual(toPlain(record))
    for (const field of DECIMAL_FIELDS[dataType]) {
      const value = (back as unknown as Record<string, unknown>)[field]
      expect(value).toBeInstanceOf(ExactDecimal)
      const original = (record as unknown as Record<string, ExactDecimal>)[field] as ExactDecimal
      expect((value as ExactDecimal).toFixed(8)).toBe(original.toFixed(8))
    }
  })

  it.each(CASES)('$dataType: $name (Confluent)', async ({ dataType, record }) => {
    const registry = new FakeSchemaRegistry()
    const subject = `market.test.${dataType}.k2-value`
    const encoder = createAvroEncoder(dataType, {
      framing: { kind: 'confluent', registry, subject },
    })
    await encoder.init()
    const decoder = createAvroDecoder(dataType, { registry })
    const back = await decoder.decode(encoder.encode(record as never))
    expect(toPlain(back)).toEqual(toPlain(record))
  })

  it('keeps null and empty vendor_data and empty trade_conditions apart', async () => {
    const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
    const decoder = createAvroDecoder('trades')
    const base = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record
    const variants: Array<Record<string, string> | null> = [null, {}, { a: '' }]
    for (const vendor_data of variants) {
      const record = createTrade({ ...base, trade_conditions: [], vendor_data })
      const back = await decoder.decode(encoder.encode(record))
      expect(back.vendor_data).toEqual(vendor_data)
      expect(back.trade_conditions).toEqual([])
    }
  })

  it('writes the fingerprint of the current schema in the single-object header', () => {
    const encoder = createAvroEncoder('quotes', { framing: { kind: 'single-object' } })
    const bytes = encoder.encode((SAMPLE_QUOTES[0] as (typeof SAMPLE_QUOTES)[number]).record)
    expect(unframeSingleObject(bytes).fingerprint).toBe(
      fingerprintOf(parseAvroType(readerSchemaOf('quotes'))),
    )
  })
})

describe('timestamps', () => {
  const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
  const decoder = createAvroDecoder('trades')
  const base = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record

  it.each([
    { name: 'largest safe µs', micros: 2 ** 53 - 1 },
    { name: 'second largest', micros: 2 ** 53 - 2 },
    { name: 'smallest safe µs', micros: -(2 ** 53 - 1) },
    { name: 'just below -2^52', micros: -(2 ** 52) - 1 },
    { name: 'an odd value below -2^52', micros: -6_463_171_138_812_367 },
    { name: 'the epoch', micros: 0 },
    { name: '1 µs before the epoch', micros: -1 },
    { name: '1969-07-20T20:17:40.000001Z', micros: -14_182_939_999_999 },
  ])('round-trips $name ($micros) exactly', async ({ micros }) => {
    const record = { ...base, timestamp: micros, ingestion_timestamp: micros }
    const back = await decoder.decode(encoder.encode(record))
    expect(back.timestamp).toBe(micros)
    expect(back.ingestion_timestamp).toBe(micros)
  })

  it.each([2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n), 10n ** 17n])(
    'core rejects %s µs instead of rounding it',
    (micros) => {
      expect(() => createTrade({ ...base, timestamp: micros })).toThrow(
        expect.objectContaining({ code: 'CORE_INVALID_TIMESTAMP' }),
      )
    },
  )

  it.each([2 ** 53, -(2 ** 53), 1.5])(
    'the encoder rejects %s µs naming the field, never rounds it',
    (micros) => {
      expect(() => encoder.encode({ ...base, timestamp: micros })).toThrow(
        expect.objectContaining({
          code: 'CODECS_INVALID_RECORD',
          message: expect.stringContaining('timestamp'),
        }),
      )
    },
  )
})

describe('decode errors have stable codes', () => {
  const trade = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record
  const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })
  const good = encoder.encode(trade)

  it.each([
    { name: 'empty message', bytes: Buffer.alloc(0) },
    { name: 'JSON text', bytes: Buffer.from('{"symbol":"BTCUSDT"}') },
    { name: 'single byte', bytes: Buffer.from([0xc3]) },
    { name: 'Confluent magic byte without an id', bytes: Buffer.from([0x00, 0x00]) },
    { name: 'single-object header cut short', bytes: good.subarray(0, 9) },
  ])('$name -> CODECS_UNKNOWN_FRAMING', async ({ bytes }) => {
    const err = await rejectionOf(createAvroDecoder('trades').decode(bytes))
    expect(err.code).toBe('CODECS_UNKNOWN_FRAMING')
  })

  it.each([
    { name: 'body cut in half', bytes: good.subarray(0, 10 + Math.floor((good.length - 10) / 2)) },
    { name: 'last byte missing', bytes: good.subarray(0, good.length - 1) },
    { name: 'header only', bytes: good.subarray(0, 10) },
    { name: 'one trailing byte', bytes: Buffer.concat([good, Buffer.from([0])]) },
    { name: 'a second record appended', bytes: Buffer.concat([good, good.subarray(10)]) },
  ])('$name -> CODECS_MALFORMED_BODY', async ({ bytes }) => {
    const err = await rejectionOf(createAvroDecoder('trades').decode(bytes))
    expect(err.code).toBe('CODECS_MALFORMED_BODY')
  })

  it('a truncated Confluent body -> CODECS_MALFORMED_BODY', async () => {
    const registry = new FakeSchemaRegistry()
    const encoder = createAvroEncoder('trades', {
      framing: { kind: 'confluent', registry, subject: 't-value' },
    })
    await encoder.init()
    const bytes = encoder.encode(trade)
    const decoder = createAvroDecoder('trades', { registry })
    const err = await rejectionOf(decoder.decode(bytes.subarray(0, bytes.length - 3)))
    expect(err.code).toBe('CODECS_MALFORMED_BODY')
  })

  it('an unknown fingerprint -> CODECS_UNKNOWN_FINGERPRINT naming it', async () => {
    const bytes = frameSingleObject(0x0123456789abcdefn, good.subarray(10))
    const err = await rejectionOf(createAvroDecoder('trades').decode(bytes))
    expect(err.code).toBe('CODECS_UNKNOWN_FINGERPRINT')
    expect(err.message).toContain('0123456789abcdef')
  })

  it('a Confluent message without a registry -> CODECS_UNKNOWN_SCHEMA_ID', async () => {
    const err = await rejectionOf(
      createAvroDecoder('trades').decode(frameConfluent(17, good.subarray(10))),
    )
    expect(err.code).toBe('CODECS_UNKNOWN_SCHEMA_ID')
    expect(err.message).toContain('17')
  })

  it('a record of another type (a quote on the trades decoder) -> CODECS_INCOMPATIBLE_SCHEMA', async () => {
    const quote = (SAMPLE_QUOTES[0] as (typeof SAMPLE_QUOTES)[number]).record
    const bytes = createAvroEncoder('quotes', { framing: { kind: 'single-object' } }).encode(quote)
    const err = await rejectionOf(createAvroDecoder('trades').decode(bytes))
    expect(err.code).toBe('CODECS_INCOMPATIBLE_SCHEMA')
  })

  it('errors say they are not retriable', async () => {
    const err = await rejectionOf(createAvroDecoder('trades').decode(Buffer.from('x')))
    expect(err).toMatchObject({ code: 'CODECS_UNKNOWN_FRAMING', retriable: false })
  })
})

describe('encode errors', () => {
  const trade = (SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record
  const encoder = createAvroEncoder('trades', { framing: { kind: 'single-object' } })

  it.each([
    { field: 'side', value: 'SHORT' },
    { field: 'asset_class', value: 'bonds' },
    { field: 'symbol', value: 42 },
    { field: 'trade_conditions', value: 'XT' },
    { field: 'vendor_data', value: { venue: 1 } },
    { field: 'source_sequence', value: 1.5 },
    { field: 'currency', value: undefined },
  ])('a bad $field -> CODECS_INVALID_RECORD naming it', ({ field, value }) => {
    expect(() => encoder.encode({ ...trade, [field]: value } as typeof trade)).toThrow(
      expect.objectContaining({
        code: 'CODECS_INVALID_RECORD',
        message: expect.stringContaining(field),
      }),
    )
  })
})
