import type { DataType } from '@k2/core'

import { CodecsError } from '../errors.js'
import { frameConfluent, frameSingleObject } from '../framing/index.js'
import type { CompatibilityLevel, SchemaRegistryClient } from '../registry/index.js'
import { fingerprintOf, parseAvroType, readerSchemaOf, schemaText } from '../schemas/index.js'
import { encodeBody } from './encode-body.js'
import type { RecordFor } from './record-types.js'

/** How encoded records are framed (D3). */
export type EncoderFraming =
  | { readonly kind: 'single-object' }
  | {
      readonly kind: 'confluent'
      readonly registry: SchemaRegistryClient
      /** Registry subject, `{topic}-value` on Kafka. */
      readonly subject: string
      /** Set on the subject at start-up; BACKWARD by default (D3). */
      readonly compatibility?: CompatibilityLevel
    }

/** Encodes v2 records of one data type into framed Avro binary. */
export interface AvroEncoder<D extends DataType> {
  readonly dataType: D
  /** Registers the schema (Confluent framing); a no-op for single-object. Call once at start-up. */
  init(): Promise<void>
  /** Framed bytes of one record; throws `CODECS_INVALID_RECORD` naming the bad field. */
  encode(record: RecordFor<D>): Buffer
}

/** Options of {@link createAvroEncoder}. */
export interface AvroEncoderOptions {
  readonly framing: EncoderFraming
  /** Writer schema; defaults to the data type's current schema from `schemas/`. */
  readonly schema?: unknown
}

/** Creates an encoder that writes `dataType` records with the chosen framing. */
export function createAvroEncoder<D extends DataType>(
  dataType: D,
  options: AvroEncoderOptions,
): AvroEncoder<D> {
  const type = parseAvroType(options.schema ?? readerSchemaOf(dataType))
  const framing = options.framing
  if (framing.kind === 'single-object') {
    const fingerprint = fingerprintOf(type)
    return {
      dataType,
      init: async () => {},
      encode: (record) => frameSingleObject(fingerprint, encodeBody(type, record)),
    }
  }
  let schemaId: number | undefined
  return {
    dataType,
    async init() {
      await framing.registry.setCompatibility(framing.subject, framing.compatibility ?? 'BACKWARD')
      schemaId = await framing.registry.register(framing.subject, schemaText(type))
    },
    encode(record) {
      if (schemaId === undefined) {
        throw new CodecsError(
          'CODECS_INVALID_SCHEMA',
          `encoder for ${framing.subject} used before init() registered its schema`,
        )
      }
      return frameConfluent(schemaId, encodeBody(type, record))
    },
  }
}
