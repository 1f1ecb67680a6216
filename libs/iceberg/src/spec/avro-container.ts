import { randomBytes } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'

import avsc from 'avsc'

import { IcebergError } from '../errors.js'
import { bigintLongTypeHook } from './avro-long.js'
import type { AvroSchema } from './avro-schema.js'

/**
 * Block codecs we write and read (Avro spec, "Object Container Files": `null` and `deflate` are the
 * two every implementation must support; Java and pyiceberg write `deflate` by default).
 */
export type AvroCodec = 'null' | 'deflate'

/** What {@link writeAvroContainer} writes. */
export interface AvroContainerInput {
  /** Writer schema; its JSON text goes into `avro.schema` verbatim, with every extra attribute. */
  readonly schema: AvroSchema
  /** Records as avsc takes them (plain objects, bigints for longs, Buffers for bytes and fixed). */
  readonly records: readonly unknown[]
  /** File metadata (Iceberg's keys such as `schema`, `format-version`); `avro.*` keys are ours. */
  readonly metadata: Readonly<Record<string, string>>
  /** Block codec; `deflate` unless told. */
  readonly codec?: AvroCodec
  /** Uncompressed bytes after which a block is closed (default 1 MiB). */
  readonly blockBytes?: number
}

/** A decoded Avro object container file. */
export interface AvroContainer {
  /** The writer schema from the header, parsed from JSON (with its extra attributes). */
  readonly schema: AvroSchema
  /** File metadata as UTF-8 strings, `avro.schema` and `avro.codec` included. */
  readonly metadata: Readonly<Record<string, string>>
  /** The block codec the file used. */
  readonly codec: AvroCodec
  /** Records decoded with the writer schema (longs as bigints). */
  readonly records: readonly unknown[]
}

const MAGIC = Buffer.from('Obj\x01', 'latin1')
const SYNC_SIZE = 16
const DEFAULT_BLOCK_BYTES = 1 << 20

// Avro spec, "Object Container Files": the header is this record, then each block is a long count,
// a long byte size, the (compressed) serialized records and the file's 16-byte sync marker.
const HEADER_TYPE = avsc.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: SYNC_SIZE } },
  ],
})
const COUNT_TYPE = avsc.Type.forSchema('long')

/** Parses an Avro schema into an avsc type whose longs are bigints. */
export function avroTypeOf(schema: AvroSchema): avsc.Type {
  return avsc.Type.forSchema(schema as avsc.Schema, {
    typeHook: bigintLongTypeHook,
    wrapUnions: false,
  })
}

/**
 * Writes an Avro object container file in memory (Avro spec 1.11, "Object Container Files").
 * The header schema is the caller's JSON as given, so Iceberg's `field-id`, `element-id`, `key-id`
 * and `value-id` attributes reach the file (avsc would drop field-level attributes on export).
 */
export function writeAvroContainer(input: AvroContainerInput): Uint8Array {
  const codec = input.codec ?? 'deflate'
  const type = avroTypeOf(input.schema)
  const sync = randomBytes(SYNC_SIZE)
  const meta: Record<string, Buffer> = {}
  for (const [key, value] of Object.entries(input.metadata)) meta[key] = Buffer.from(value, 'utf8')
  meta['avro.schema'] = Buffer.from(JSON.stringify(input.schema), 'utf8')
  meta['avro.codec'] = Buffer.from(codec, 'utf8')

  const parts: Buffer[] = [HEADER_TYPE.toBuffer({ magic: MAGIC, meta, sync })]
  const limit = input.blockBytes ?? DEFAULT_BLOCK_BYTES
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = () => {
    if (pending.length === 0) return
    const raw = Buffer.concat(pending)
    const data = codec === 'deflate' ? deflateRawSync(raw) : raw
    parts.push(COUNT_TYPE.toBuffer(pending.length), COUNT_TYPE.toBuffer(data.length), data, sync)
    pending = []
    pendingBytes = 0
  }
  input.records.forEach((record, index) => {
    const encoded = encodeRecord(type, record, index)
    pending.push(encoded)
    pendingBytes += encoded.length
    if (pendingBytes >= limit) flush()
  })
  flush()
  return Buffer.concat(parts)
}

/** Reads an Avro object container file written by any Avro implementation (codec null/deflate). */
export function readAvroContainer(bytes: Uint8Array): AvroContainer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw invalid('not an Avro object container file (no "Obj\\x01" magic)')
  }
  const header = HEADER_TYPE.decode(buf, 0) as {
    value: { meta: Record<string, Buffer>; sync: Buffer }
    offset: number
  }
  if (header.offset < 0) throw invalid('Avro file header is truncated')
  const metadata: Record<string, string> = {}
  for (const [key, value] of Object.entries(header.value.meta)) {
    metadata[key] = value.toString('utf8')
  }
  const codecName = metadata['avro.codec'] ?? 'null'
  if (codecName !== 'null' && codecName !== 'deflate') {
    throw invalid(`unsupported Avro codec ${JSON.stringify(codecName)} (null and deflate are read)`)
  }
  const schemaText = metadata['avro.schema']
  if (schemaText === undefined) throw invalid('Avro file header has no avro.schema')
  let schema: AvroSchema
  let type: avsc.Type
  try {
    schema = JSON.parse(schemaText) as AvroSchema
    type = avroTypeOf(schema)
  } catch (cause) {
    throw invalid(`Avro file header has an unusable schema: ${(cause as Error).message}`, cause)
  }

  const records: unknown[] = []
  let pos = header.offset
  while (pos < buf.length) {
    const count = readCount(buf, pos)
    const size = readCount(buf, count.offset)
    const start = size.offset
    const end = start + size.value
    if (end + SYNC_SIZE > buf.length) throw invalid(`Avro block at byte ${pos} is truncated`)
    if (!buf.subarray(end, end + SYNC_SIZE).equals(header.value.sync)) {
      throw invalid(`Avro block at byte ${pos} does not end with the file's sync marker`)
    }
    const raw = buf.subarray(start, end)
    const data = codecName === 'deflate' ? inflate(raw, pos) : raw
    let offset = 0
    for (let i = 0; i < count.value; i++) {
      const decoded = type.decode(data, offset)
      if (decoded.offset < 0) throw invalid(`Avro block at byte ${pos} ends inside record ${i}`)
      records.push(decoded.value)
      offset = decoded.offset
    }
    if (offset !== data.length) {
      throw invalid(`Avro block at byte ${pos} has ${data.length - offset} bytes after its records`)
    }
    pos = end + SYNC_SIZE
  }
  return { schema, metadata, codec: codecName, records }
}

function encodeRecord(type: avsc.Type, record: unknown, index: number): Buffer {
  try {
    return type.toBuffer(record)
  } catch (cause) {
    const paths: string[] = []
    type.isValid(record, { errorHook: (path: string[]) => paths.push(path.join('.')) })
    const where = paths.length > 0 ? ` at ${paths.join(', ')}` : ''
    throw invalid(`record ${index} does not fit the Avro schema${where}`, cause)
  }
}

function readCount(buf: Buffer, pos: number): { value: number; offset: number } {
  const res = COUNT_TYPE.decode(buf, pos) as { value: number; offset: number }
  if (res.offset < 0 || !Number.isSafeInteger(res.value) || res.value < 0) {
    throw invalid(`Avro block header at byte ${pos} is truncated or negative`)
  }
  return res
}

function inflate(raw: Buffer, pos: number): Buffer {
  try {
    // Raw deflate (RFC 1951) per the Avro spec; bytes after the deflate stream's end are ignored,
    // which pyiceberg relies on (it writes zlib output minus the header and the last checksum byte).
    return inflateRawSync(raw)
  } catch (cause) {
    throw invalid(`Avro block at byte ${pos} is not valid deflate data`, cause)
  }
}

function invalid(message: string, cause?: unknown): IcebergError {
  return new IcebergError('ICEBERG_INVALID_MANIFEST', message, { cause })
}
