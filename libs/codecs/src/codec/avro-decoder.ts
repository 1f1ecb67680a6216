import type avsc from 'avsc'

import type { DataType } from '@k2/core'

import { CodecsError } from '../errors.js'
import {
  isConfluent,
  isSingleObject,
  unframeConfluent,
  unframeSingleObject,
} from '../framing/index.js'
import type { SchemaRegistryClient } from '../registry/index.js'
import {
  allSchemaFiles,
  fingerprintOf,
  logicalForm,
  parseAvroType,
  readerSchemaOf,
} from '../schemas/index.js'
import { decodeBody } from './encode-body.js'
import type { RecordFor } from './record-types.js'

/** Decodes framed Avro of one data type, resolving any known writer schema to the reader schema. */
export interface AvroDecoder<D extends DataType> {
  readonly dataType: D
  /** Decodes one message in either framing (D3); fetches unknown Confluent schema ids once. */
  decode(bytes: Uint8Array): Promise<RecordFor<D>>
  /**
   * Adds a writer schema that single-object messages may name by fingerprint. Throws
   * `CODECS_INVALID_SCHEMA` if a known schema has the same fingerprint but different logical types
   * (e.g. another decimal scale): single-object messages could not tell the two apart.
   */
  addWriterSchema(schema: unknown): void
}

/** Options of {@link createAvroDecoder}. */
export interface AvroDecoderOptions {
  /** Needed to read Confluent-framed messages. */
  readonly registry?: SchemaRegistryClient
  /** Reader schema; defaults to the data type's current schema from `schemas/`. */
  readonly readerSchema?: unknown
  /** Extra writer schemas known by fingerprint (every `.avsc` in `schemas/` is known already). */
  readonly writerSchemas?: readonly unknown[]
}

interface WriterPlan {
  readonly resolver: avsc.Resolver | undefined
}

/**
 * Creates a decoder for `dataType`. Writer -> reader resolution follows the Avro spec ("Schema
 * Resolution"): a writer schema equal to the reader (same canonical form and logical types) reads
 * directly; another one goes through an avsc resolver, or fails with `CODECS_INCOMPATIBLE_SCHEMA`.
 */
export function createAvroDecoder<D extends DataType>(
  dataType: D,
  options: AvroDecoderOptions = {},
): AvroDecoder<D> {
  const reader = parseAvroType(options.readerSchema ?? readerSchemaOf(dataType))
  // Not the canonical form alone: it drops logical types, and a decimal(18,6) writer read as
  // decimal(18,8) would silently scale every value by 100.
  const readerForm = logicalForm(reader)
  const byFingerprint = new Map<bigint, WriterPlan | CodecsError>()
  const byId = new Map<number, Promise<WriterPlan>>()
  const writerTypes = new Map<bigint, avsc.Type>()

  function planFor(writer: avsc.Type): WriterPlan {
    if (logicalForm(writer) === readerForm) return { resolver: undefined }
    try {
      return { resolver: reader.createResolver(writer) }
    } catch (cause) {
      throw new CodecsError(
        'CODECS_INCOMPATIBLE_SCHEMA',
        `writer schema ${writer.name ?? '?'} cannot be read as ${reader.name ?? '?'}: ${(cause as Error).message}`,
        { cause, context: { writer: writer.name, reader: reader.name } },
      )
    }
  }

  function addWriterType(type: avsc.Type): void {
    const fingerprint = fingerprintOf(type)
    const known = writerTypes.get(fingerprint)
    if (known !== undefined && logicalForm(known) !== logicalForm(type)) {
      throw new CodecsError(
        'CODECS_INVALID_SCHEMA',
        `writer schema ${type.name ?? '?'} has the fingerprint ${fingerprint.toString(16).padStart(16, '0')} of a known schema but other logical types; single-object messages cannot tell them apart`,
        { context: { fingerprint: fingerprint.toString(16), writer: type.name } },
      )
    }
    writerTypes.set(fingerprint, type)
  }

  function addWriterSchema(schema: unknown): void {
    addWriterType(parseAvroType(schema))
  }

  for (const schema of allSchemaFiles()) addWriterSchema(schema)
  for (const schema of options.writerSchemas ?? []) addWriterSchema(schema)
  addWriterType(reader)

  function singleObjectPlan(fingerprint: bigint): WriterPlan {
    let plan = byFingerprint.get(fingerprint)
    if (plan === undefined) {
      const writer = writerTypes.get(fingerprint)
      if (writer === undefined) {
        throw new CodecsError(
          'CODECS_UNKNOWN_FINGERPRINT',
          `no known schema has fingerprint ${fingerprint.toString(16).padStart(16, '0')}`,
          {
            context: { fingerprint: fingerprint.toString(16) },
          },
        )
      }
      try {
        plan = planFor(writer)
      } catch (err) {
        plan = err as CodecsError
      }
      byFingerprint.set(fingerprint, plan)
    }
    if (plan instanceof CodecsError) throw plan
    return plan
  }

  function confluentPlan(schemaId: number): Promise<WriterPlan> {
    let plan = byId.get(schemaId)
    if (plan === undefined) {
      const registry = options.registry
      if (registry === undefined) {
        return Promise.reject(
          new CodecsError(
            'CODECS_UNKNOWN_SCHEMA_ID',
            `Confluent-framed message with schema id ${schemaId} but no schema registry is configured`,
            {
              context: { schemaId },
            },
          ),
        )
      }
      plan = registry.getSchemaById(schemaId).then((text) => planFor(parseAvroType(text)))
      // Transient registry failures are retried by the next message, not cached.
      plan.catch(() => byId.delete(schemaId))
      byId.set(schemaId, plan)
    }
    return plan
  }

  return {
    dataType,
    addWriterSchema,
    async decode(bytes) {
      if (isSingleObject(bytes)) {
        const { fingerprint, body } = unframeSingleObject(bytes)
        return decodeBody<RecordFor<D>>(reader, body, singleObjectPlan(fingerprint).resolver)
      }
      if (isConfluent(bytes)) {
        const { schemaId, body } = unframeConfluent(bytes)
        const plan = await confluentPlan(schemaId)
        return decodeBody<RecordFor<D>>(reader, body, plan.resolver)
      }
      throw new CodecsError(
        'CODECS_UNKNOWN_FRAMING',
        `message of ${bytes.length} bytes has neither Confluent (0x00) nor single-object (C3 01) framing`,
        {
          context: {
            length: bytes.length,
            firstBytes: Buffer.from(bytes.subarray(0, 4)).toString('hex'),
          },
        },
      )
    },
  }
}
