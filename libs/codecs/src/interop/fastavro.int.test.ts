import { join } from 'node:path'

import type { DataType } from '@k2/core'
import { beforeAll, describe, expect, it } from 'vitest'

import { createAvroDecoder, createAvroEncoder } from '../codec/index.js'
import { unframeConfluent, unframeSingleObject } from '../framing/index.js'
import {
  SCHEMAS_DIR,
  SCHEMA_FILES,
  canonicalForm,
  fingerprintOf,
  parseAvroType,
  readerSchemaOf,
} from '../schemas/index.js'
import { FakeSchemaRegistry } from '../testing/fake-schema-registry.js'
import { randomTrades } from '../testing/random-records.js'
import {
  SAMPLE_QUOTES,
  SAMPLE_REFERENCE_DATA,
  SAMPLE_TRADES,
  toPlain,
} from '../testing/sample-records.js'
import { callAvroOracle, findPython, requireFastavro, toOracleJson } from './fastavro-oracle.js'

/**
 * Interop with fastavro, an independent Avro implementation (tools/oracles/avro_oracle.py). Not
 * skipped when Python or fastavro is missing: CI installs tools/oracles/requirements.txt, and a
 * silent skip would hide a wire-format break. One oracle call per test and direction, all records
 * batched.
 */

type Framing = 'single-object' | 'confluent'

interface DataSet {
  readonly name: string
  readonly dataType: DataType
  readonly records: readonly object[]
}

const DATA_SETS: readonly DataSet[] = [
  { name: 'sample trades', dataType: 'trades', records: SAMPLE_TRADES.map((c) => c.record) },
  { name: 'sample quotes', dataType: 'quotes', records: SAMPLE_QUOTES.map((c) => c.record) },
  {
    name: 'sample reference data',
    dataType: 'reference_data',
    records: SAMPLE_REFERENCE_DATA.map((c) => c.record),
  },
  { name: '300 random trades', dataType: 'trades', records: randomTrades(0x6b32, 300) },
]

const CASES = DATA_SETS.flatMap((set) =>
  (['single-object', 'confluent'] as const).map((framing) => ({ ...set, framing })),
)

let python = ''

beforeAll(() => {
  python = findPython()
  requireFastavro(python)
})

function schemaPath(dataType: DataType): string {
  return join(SCHEMAS_DIR, SCHEMA_FILES[dataType])
}

function littleEndianHex(fp: bigint): string {
  const buf = Buffer.alloc(8)
  buf.writeBigUInt64LE(fp)
  return buf.toString('hex')
}

/**
 * Our encoder and decoder for `dataType` in `framing`. Confluent: registered in a fresh fake
 * registry whose ids start at 0x01020304, so a byte-order mistake in the header would show.
 */
async function ourCodec(dataType: DataType, framing: Framing) {
  const registry = new FakeSchemaRegistry(0x01020304)
  const encoder = createAvroEncoder(
    dataType,
    framing === 'single-object'
      ? { framing: { kind: 'single-object' } }
      : { framing: { kind: 'confluent', registry, subject: `market.test.${dataType}.k2-value` } },
  )
  await encoder.init()
  const decoder = createAvroDecoder(dataType, { registry })
  const schemaId =
    framing === 'confluent'
      ? (registry.subjects.get(`market.test.${dataType}.k2-value`)?.[0] ?? -1)
      : undefined
  return { encoder, decoder, schemaId }
}

function fastavroEncode(
  dataType: DataType,
  framing: Framing,
  records: readonly object[],
  schemaId?: number,
): Buffer[] {
  const res = callAvroOracle<{ messages: string[] }>(python, {
    mode: 'encode',
    schema: schemaPath(dataType),
    framing,
    ...(schemaId === undefined ? {} : { schema_id: schemaId }),
    records: records.map(toOracleJson),
  })
  return res.messages.map((hex) => Buffer.from(hex, 'hex'))
}

describe('schemas: our canonical form and fingerprint equal fastavro', () => {
  it.each(['trades', 'quotes', 'reference_data'] as const)('%s', (dataType) => {
    const theirs = callAvroOracle<{ canonical: string; fingerprint: string }>(python, {
      mode: 'canonical',
      schema: schemaPath(dataType),
    })
    const type = parseAvroType(readerSchemaOf(dataType))
    expect(canonicalForm(type)).toBe(theirs.canonical)
    expect(littleEndianHex(fingerprintOf(type))).toBe(theirs.fingerprint)
  })
})

describe.each(CASES)('$name, $framing framing', ({ dataType, framing, records }) => {
  it('fastavro decodes what we encode to the same values', async () => {
    const { encoder, schemaId } = await ourCodec(dataType, framing)
    const ours = records.map((r) => encoder.encode(r as never))
    const res = callAvroOracle<{ messages: Array<{ record: unknown; schema_id?: number }> }>(
      python,
      {
        mode: 'decode',
        schema: schemaPath(dataType),
        framing,
        messages: ours.map((b) => b.toString('hex')),
      },
    )
    expect(res.messages).toHaveLength(records.length)
    res.messages.forEach((m, i) => {
      expect(m.record).toEqual(toPlain(records[i]))
      if (framing === 'confluent') expect(m.schema_id).toBe(schemaId)
    })
  })

  it('we decode what fastavro encodes to the same values', async () => {
    const { decoder, schemaId } = await ourCodec(dataType, framing)
    const theirs = fastavroEncode(dataType, framing, records, schemaId)
    expect(theirs).toHaveLength(records.length)
    for (const [i, bytes] of theirs.entries()) {
      expect(toPlain(await decoder.decode(bytes))).toEqual(toPlain(records[i]))
    }
  })

  it('our bytes equal fastavro bytes, header and body', async () => {
    const { encoder, schemaId } = await ourCodec(dataType, framing)
    const theirs = fastavroEncode(dataType, framing, records, schemaId)
    for (const [i, record] of records.entries()) {
      const ours = encoder.encode(record as never)
      const their = theirs[i] as Buffer
      const [ourBody, theirBody] =
        framing === 'single-object'
          ? [unframeSingleObject(ours).body, unframeSingleObject(their).body]
          : [unframeConfluent(ours).body, unframeConfluent(their).body]
      expect(ourBody.toString('hex')).toBe(theirBody.toString('hex'))
      expect(ours.toString('hex')).toBe(their.toString('hex'))
    }
  })
})

describe('values only fastavro can write', () => {
  it('a timestamp beyond 2^53 µs is refused on read (CODECS_MALFORMED_BODY), not rounded', async () => {
    const base = toOracleJson((SAMPLE_TRADES[0] as (typeof SAMPLE_TRADES)[number]).record) as object
    const [bytes] = fastavroEncode('trades', 'single-object', [
      { ...base, timestamp: 9_007_199_254_740_993n },
    ])
    await expect(createAvroDecoder('trades').decode(bytes as Buffer)).rejects.toMatchObject({
      code: 'CODECS_MALFORMED_BODY',
    })
  })
})
