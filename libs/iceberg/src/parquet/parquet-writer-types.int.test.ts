import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { ExactDecimal } from '@k2/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { decodeSingleValue } from '../spec/single-value.js'
import type { PrimitiveType, StructType } from '../spec/types.js'
import { createParquetWriter, type ParquetWriter } from './parquet-writer.js'
import { quoteString } from './sql.js'

/** A control character that the old DuckDB staging used as a separator: kept as a value test. */
const TEXT_SEPARATOR = '\u001f'
/** Rows per row group in the multi-group test. */
const CHUNK_ROWS = 65_536
import { makeTrades, TRADES_SCHEMA } from './trades-fixture.js'

/** Every type the writer supports, read back exactly, with bounds, NaN counts and failures. */
const ALL_TYPES: StructType = {
  type: 'struct',
  fields: [
    { id: 1, name: 'id', required: true, type: 'int' },
    { id: 2, name: 'flag', required: false, type: 'boolean' },
    { id: 3, name: 'big', required: false, type: 'long' },
    { id: 4, name: 'f32', required: false, type: 'float' },
    { id: 5, name: 'f64', required: false, type: 'double' },
    { id: 6, name: 'day', required: false, type: 'date' },
    { id: 7, name: 'tod', required: false, type: 'time' },
    { id: 8, name: 'local', required: false, type: 'timestamp' },
    { id: 9, name: 'utc', required: false, type: 'timestamptz' },
    { id: 10, name: 'text', required: false, type: 'string' },
    { id: 11, name: 'uid', required: false, type: 'uuid' },
    { id: 12, name: 'bytes', required: false, type: 'binary' },
    { id: 13, name: 'small_dec', required: false, type: 'decimal(9,2)' },
    { id: 14, name: 'wide_dec', required: false, type: 'decimal(38,10)' },
    {
      id: 15,
      name: 'longs',
      required: false,
      type: { type: 'list', 'element-id': 16, element: 'long', 'element-required': false },
    },
    {
      id: 17,
      name: 'decs',
      required: false,
      type: { type: 'list', 'element-id': 18, element: 'decimal(18,8)', 'element-required': true },
    },
    {
      id: 19,
      name: 'times',
      required: false,
      type: {
        type: 'map',
        'key-id': 20,
        key: 'string',
        'value-id': 21,
        value: 'timestamptz',
        'value-required': false,
      },
    },
  ],
}

const D = (text: string) => new ExactDecimal(text)
const ROWS = [
  {
    id: 1,
    flag: true,
    big: 2n ** 62n,
    f32: 1.5,
    f64: Number.NaN,
    day: 20_000,
    tod: 3_723_000_001,
    local: 1_764_000_000_123_456,
    utc: -1,
    text: 'plain',
    uid: '6d9f0f8e-1234-4a6b-9c2d-111111111111',
    bytes: Uint8Array.of(0, 1, 255),
    small_dec: D('-1234567.89'),
    wide_dec: D('1234567890123456789012345678.0123456789'),
    longs: [1, null, 2n ** 60n],
    decs: [D('0.00000001'), D('99999999.99999999')],
    times: { a: 5, b: null },
  },
  {
    id: 2,
    flag: false,
    big: -(2n ** 63n),
    f32: -0.25,
    f64: -0,
    day: -1,
    tod: 0,
    local: 0,
    utc: 1_764_000_000_000_001,
    text: `tab\tquote"newline\nsep${TEXT_SEPARATOR}nul\u0000 😀`,
    uid: Uint8Array.from({ length: 16 }, (_, i) => 255 - i),
    bytes: new Uint8Array(0),
    small_dec: D('0.01'),
    wide_dec: D('-0.0000000001'),
    longs: [],
    decs: [],
    times: {},
  },
  {
    id: 3,
    flag: null,
    big: null,
    f32: null,
    f64: 2.5,
    day: null,
    tod: null,
    local: null,
    utc: null,
    text: null,
    uid: null,
    bytes: null,
    small_dec: null,
    wide_dec: null,
    longs: null,
    decs: null,
    times: null,
  },
  { id: 4, f64: Number.POSITIVE_INFINITY },
  { id: 5, f64: Number.NaN, text: 'x'.repeat(40) },
]

let root: string
let writer: ParquetWriter
let db: DuckDBInstance
let conn: DuckDBConnection

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-parquet-types-'))
  writer = await createParquetWriter({ threads: 2 })
  db = await DuckDBInstance.create(':memory:')
  conn = await db.connect()
  await conn.run("SET TimeZone = 'UTC'")
})

afterAll(async () => {
  await writer.close()
  conn.closeSync()
  db.closeSync()
  await rm(root, { recursive: true, force: true })
})

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
}

async function failure(promise: Promise<unknown>): Promise<IcebergError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(IcebergError)
  return err as IcebergError
}

describe('Parquet writer: every supported type', () => {
  it('writes the Parquet types the Iceberg spec requires, with field ids', async () => {
    const [file] = await writer.write({
      rows: ROWS,
      schema: ALL_TYPES,
      directory: join(root, 'types'),
    })
    const schema = await query(
      `SELECT name, field_id, type, converted_type, logical_type FROM parquet_schema(${quoteString(file!.path)})`,
    )
    const by = Object.fromEntries(schema.map((r) => [r['name'], r]))
    expect(by['small_dec']).toMatchObject({
      type: 'INT32',
      converted_type: 'DECIMAL',
      field_id: '13',
    })
    expect(by['wide_dec']).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      converted_type: 'DECIMAL',
    })
    expect(by['uid']).toMatchObject({ type: 'FIXED_LEN_BYTE_ARRAY', logical_type: 'UUIDType()' })
    expect(by['day']).toMatchObject({ type: 'INT32', converted_type: 'DATE' })
    expect(String(by['tod']!['logical_type'])).toMatch(/TimeType\(isAdjustedToUTC=0.*MICROS/)
    expect(String(by['local']!['logical_type'])).toMatch(/isAdjustedToUTC=0.*MICROS/)
    expect(String(by['utc']!['logical_type'])).toMatch(/isAdjustedToUTC=1.*MICROS/)
    expect(by['f32']).toMatchObject({ type: 'FLOAT' })
    expect(by['bytes']).toMatchObject({ type: 'BYTE_ARRAY' })
    const ids = schema.filter((r) => r['field_id'] !== null).map((r) => Number(r['field_id']))
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))

    const rows = await query(
      `SELECT id, flag, big::VARCHAR AS big, f32, f64::VARCHAR AS f64, signbit(f64) AS neg,
        day::VARCHAR AS day, tod::VARCHAR AS tod, epoch_us(local) AS local, epoch_us(utc) AS utc,
        text, uid::VARCHAR AS uid, hex(bytes) AS bytes, small_dec::VARCHAR AS small_dec,
        wide_dec::VARCHAR AS wide_dec, longs::VARCHAR AS longs, decs::VARCHAR AS decs,
        times::VARCHAR AS times
       FROM read_parquet(${quoteString(file!.path)}) ORDER BY id`,
    )
    expect(rows[0]).toEqual({
      id: 1,
      flag: true,
      big: String(2n ** 62n),
      f32: 1.5,
      f64: 'nan',
      neg: false,
      day: '2024-10-04',
      tod: '01:02:03.000001',
      local: '1764000000123456',
      utc: '-1',
      text: 'plain',
      uid: '6d9f0f8e-1234-4a6b-9c2d-111111111111',
      bytes: '0001FF',
      small_dec: '-1234567.89',
      wide_dec: '1234567890123456789012345678.0123456789',
      longs: '[1, NULL, 1152921504606846976]',
      decs: '[0.00000001, 99999999.99999999]',
      times: "{a='1970-01-01 00:00:00.000005+00', b=NULL}",
    })
    expect(rows[1]).toMatchObject({
      flag: false,
      big: String(-(2n ** 63n)),
      f32: -0.25,
      f64: '-0.0',
      neg: true,
      day: '1969-12-31',
      tod: '00:00:00',
      local: '0',
      utc: '1764000000000001',
      text: ROWS[1]!.text,
      uid: 'fffefdfc-fbfa-f9f8-f7f6-f5f4f3f2f1f0',
      bytes: '',
      small_dec: '0.01',
      wide_dec: '-0.0000000001',
      longs: '[]',
      decs: '[]',
      times: '{}',
    })
    expect(
      Object.entries(rows[2]!)
        .filter(([, v]) => v !== null)
        .map(([k]) => k),
    ).toEqual(['id', 'f64', 'neg'])
    expect(rows[3]).toMatchObject({ f64: 'inf' })
  })

  it('computes typed bounds (NaN excluded) and NaN counts', async () => {
    const [file] = await writer.write({
      rows: ROWS,
      schema: ALL_TYPES,
      directory: join(root, 'bounds'),
    })
    const bounds = (id: number, type: PrimitiveType) => [
      decodeSingleValue(type, file!.lowerBounds.get(id)!),
      decodeSingleValue(type, file!.upperBounds.get(id)!),
    ]
    expect(bounds(1, 'int')).toEqual([1, 5])
    expect(bounds(2, 'boolean')).toEqual([false, true])
    expect(bounds(3, 'long')).toEqual([-(2n ** 63n), 2n ** 62n])
    expect(bounds(4, 'float')).toEqual([-0.25, 1.5])
    expect(bounds(5, 'double')).toEqual([-0, Number.POSITIVE_INFINITY])
    expect(bounds(6, 'date')).toEqual([-1, 20_000])
    expect(bounds(7, 'time')).toEqual([0n, 3_723_000_001n])
    expect(bounds(8, 'timestamp')).toEqual([0n, 1_764_000_000_123_456n])
    expect(bounds(9, 'timestamptz')).toEqual([-1n, 1_764_000_000_000_001n])
    expect(bounds(10, 'string')).toEqual(['plain', 'xxxxxxxxxxxxxxxy'])
    expect(bounds(11, 'uuid')).toEqual([
      '6d9f0f8e-1234-4a6b-9c2d-111111111111',
      'fffefdfc-fbfa-f9f8-f7f6-f5f4f3f2f1f0',
    ])
    expect(bounds(12, 'binary')).toEqual([new Uint8Array(0), Uint8Array.of(0, 1, 255)])
    expect(bounds(13, 'decimal(9,2)')).toEqual([-123456789n, 1n])
    expect(bounds(14, 'decimal(38,10)')).toEqual([-1n, 12345678901234567890123456780123456789n])
    expect(file!.nanValueCounts).toEqual(
      new Map([
        [4, 0n],
        [5, 2n],
      ]),
    )
    expect(file!.nullValueCounts.get(5)).toBe(0n)
    expect(file!.valueCounts.get(16)).toBe(3n + 1n + 1n + 2n) // 3 elements, [] , null, 2 missing
  })

  it('keeps values that contain the text separator and splits nothing', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      id: i,
      text: i % 1000 === 7 ? `a${TEXT_SEPARATOR}b${TEXT_SEPARATOR}` : `v${i}`,
    }))
    const [file] = await writer.write({
      rows,
      schema: ALL_TYPES,
      directory: join(root, 'sep'),
      sortOrder: ['id'],
    })
    expect(file!.recordCount).toBe(5000n)
    const back = await query(`SELECT text FROM read_parquet(${quoteString(file!.path)})`)
    expect(back.map((r) => r['text'])).toEqual(rows.map((r) => r.text))
  })
})

describe('Parquet writer: pipeline and lifecycle', () => {
  it('loads a partition of several chunks and writes it unpartitioned, unsorted', async () => {
    const trades = makeTrades(CHUNK_ROWS * 2 + 123, 1)
    const files = await writer.write({
      rows: trades,
      schema: TRADES_SCHEMA,
      directory: join(root, 'big'),
    })
    expect(files).toHaveLength(1)
    expect(files[0]!.partitionKey).toBeNull()
    expect(files[0]!.recordCount).toBe(BigInt(trades.length))
    const [stats] = await query(
      `SELECT count(DISTINCT message_id) AS ids, sum(price)::VARCHAR AS total FROM read_parquet(${quoteString(files[0]!.path)})`,
    )
    const total = trades.reduce((s, t) => s.plus(t.price), new ExactDecimal(0))
    expect(stats).toEqual({ ids: String(trades.length), total: total.toFixed(8) })
  })

  it('returns no files for no rows, and runs concurrent writes one after the other', async () => {
    expect(
      await writer.write({ rows: [], schema: TRADES_SCHEMA, directory: join(root, 'none') }),
    ).toEqual([])
    const [a, b] = await Promise.all([
      writer.write({ rows: makeTrades(100), schema: TRADES_SCHEMA, directory: join(root, 'c1') }),
      writer.write({ rows: makeTrades(200), schema: TRADES_SCHEMA, directory: join(root, 'c2') }),
    ])
    expect([a![0]!.recordCount, b![0]!.recordCount]).toEqual([100n, 200n])
  })

  it('rejects a bad value with its column and leaves no file behind', async () => {
    const trades = makeTrades(3000)
    const bad = [...trades, { ...trades[0]!, price: new ExactDecimal('1.123456789') }]
    const dir = join(root, 'bad')
    const err = await failure(
      writer.write({
        rows: bad,
        schema: TRADES_SCHEMA,
        directory: dir,
        partition: { keyOf: (t) => t.symbol, pathOf: (k) => `symbol=${k}` },
      }),
    )
    expect(err.code).toBe('ICEBERG_INVALID_VALUE')
    expect(err.message).toMatch(/column price: 1.123456789 is not a valid decimal\(18, 8\) value/)
    const left = await readdir(dir, { recursive: true }).catch(() => [])
    expect(left.filter((f) => String(f).endsWith('.parquet'))).toEqual([])
    const missing = [...trades.slice(0, 10), { ...trades[0]!, trade_id: null }]
    expect(
      (await failure(writer.write({ rows: missing, schema: TRADES_SCHEMA, directory: dir }))).code,
    ).toBe('ICEBERG_INVALID_VALUE')
    // The writer is still usable afterwards.
    const ok = await writer.write({
      rows: trades.slice(0, 10),
      schema: TRADES_SCHEMA,
      directory: dir,
    })
    expect(ok[0]!.recordCount).toBe(10n)
  })

  it('rejects bad requests before writing', async () => {
    const rows = makeTrades(10)
    const code = async (request: Parameters<ParquetWriter['write']>[0]) =>
      (await failure(writer.write(request))).code
    expect(await code({ rows, schema: TRADES_SCHEMA, directory: 's3://bucket/t' })).toBe(
      'ICEBERG_INVALID_ARGUMENT',
    )
    expect(await code({ rows, schema: TRADES_SCHEMA, directory: root, sortOrder: ['nope'] })).toBe(
      'ICEBERG_INVALID_ARGUMENT',
    )
    expect(
      await code({
        rows,
        schema: TRADES_SCHEMA,
        directory: root,
        partition: { keyOf: () => 'k', pathOf: () => '../up' },
      }),
    ).toBe('ICEBERG_INVALID_ARGUMENT')
    const struct: StructType = {
      type: 'struct',
      fields: [{ id: 1, name: 's', required: false, type: { type: 'struct', fields: [] } }],
    }
    expect(await code({ rows, schema: struct, directory: root })).toBe('ICEBERG_INVALID_ARGUMENT')
  })

  it('refuses writes after close', async () => {
    const other = await createParquetWriter()
    await other.close()
    await other.close()
    const err = await failure(
      other.write({ rows: makeTrades(1), schema: TRADES_SCHEMA, directory: root }),
    )
    expect(err.code).toBe('ICEBERG_INVALID_ARGUMENT')
  })
})
