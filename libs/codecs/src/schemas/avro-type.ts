import avsc from 'avsc'

import { CodecsError } from '../errors.js'
import { crc64Avro } from '../framing/index.js'
import { DecimalType, TimestampMicrosType, exactLongTypeHook } from '../logical-types/index.js'

/** The logical types K2 maps to exact values (decimal -> ExactDecimal, timestamp-micros -> µs). */
export const LOGICAL_TYPES = {
  decimal: DecimalType,
  'timestamp-micros': TimestampMicrosType,
} as const

const LONG_TYPE_HOOK = exactLongTypeHook(new Set(Object.keys(LOGICAL_TYPES)))

/**
 * Parses an Avro schema (object or JSON text) into an avsc type with K2's logical types and exact
 * longs (`EXACT_LONG_TYPE`: every safe integer exact). Unions of null and one type read as the bare
 * value or null.
 */
export function parseAvroType(schema: unknown): avsc.Type {
  try {
    const parsed = typeof schema === 'string' ? (JSON.parse(schema) as unknown) : schema
    return avsc.Type.forSchema(parsed as avsc.Schema, {
      logicalTypes: LOGICAL_TYPES as unknown as avsc.ForSchemaOptions['logicalTypes'],
      assertLogicalTypes: true,
      wrapUnions: 'auto',
      typeHook: LONG_TYPE_HOOK,
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

// Canonical-form attributes (Avro spec, "[STRIP]") plus those of the logical types K2 reads.
const LOGICAL_FORM_KEYS = new Set([
  'name',
  'type',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
  'logicalType',
  'precision',
  'scale',
])

function keepLogicalFormKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keepLogicalFormKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => LOGICAL_FORM_KEYS.has(key))
      .map(([key, v]) => [key, keepLogicalFormKeys(v)]),
  )
}

/**
 * The canonical form with the logical-type attributes kept. The spec's canonical form (and so the
 * fingerprint) drops them, but they change what the bytes mean: `decimal(18,8)` and
 * `decimal(18,6)` have the same canonical form and read values 100x apart. Two schemas with the
 * same logical form read the same bytes as the same values.
 */
export function logicalForm(type: avsc.Type): string {
  return JSON.stringify(keepLogicalFormKeys(type.schema({ exportAttrs: true })))
}

/** CRC-64-AVRO fingerprint of the schema's canonical form (single-object encoding). */
export function fingerprintOf(type: avsc.Type): bigint {
  return crc64Avro(canonicalForm(type))
}

/** The schema as JSON text with its attributes (logical types, docs, defaults) for a registry. */
export function schemaText(type: avsc.Type): string {
  return JSON.stringify(type.schema({ exportAttrs: true }))
}
