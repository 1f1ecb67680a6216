import avsc from 'avsc'

import { CodecsError } from '../errors.js'
import { crc64Avro } from '../framing/index.js'
import { DecimalType, TimestampMicrosType } from '../logical-types/index.js'

/** The logical types K2 maps to exact values (decimal -> ExactDecimal, timestamp-micros -> µs). */
export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-micros': TimestampMicrosType,
} as const

/**
 * Parses an Avro schema (object or JSON text) into an avsc type with K2's logical types.
 * Unions of null and one type read as the bare value or null.
 */
export function parseAvroType(schema: unknown): avsc.Type {
  try {
    const parsed = typeof schema === 'string' ? (JSON.parse(schema) as unknown) : schema
    return avsc.Type.forSchema(parsed as avsc.Schema, {
      logicalTypes: LOGICAL_TYPES as unknown as avsc.ForSchemaOptions['logicalTypes'],
      assertLogicalTypes: true,
      wrapUnions: 'auto',
    })
  } catch (cause) {
    if (cause instanceof CodecsError) throw cause
    throw new CodecsError(
      'CODECS_INVALID_SCHEMA',
      `invalid Avro schema: ${(cause as Error).message}`,
      { cause },
    )
  }
}

/**
 * The schema's Parsing Canonical Form (Avro spec, "Parsing Canonical Form for Schemas"): full names,
 * only the attributes that matter for parsing, no whitespace. avsc's attribute-free export is
 * exactly that form (checked against fastavro in the interop test).
 */
export function canonicalForm(type: avsc.Type): string {
  return JSON.stringify(type.schema())
}

/** CRC-64-AVRO fingerprint of the schema's canonical form (single-object encoding). */
export function fingerprintOf(type: avsc.Type): bigint {
  return crc64Avro(canonicalForm(type))
}

/** The schema as JSON text with its attributes (logical types, docs, defaults) for a registry. */
export function schemaText(type: avsc.Type): string {
  return JSON.stringify(type.schema({ exportAttrs: true }))
}
