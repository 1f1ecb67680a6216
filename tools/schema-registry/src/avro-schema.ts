import avsc from 'avsc'

import { canonicalForm } from './canonical-form.js'
import { invalidSchema } from './errors.js'

/** A schema that parsed: the text as sent, its avsc type, and its identity for id assignment. */
export interface ParsedSchema {
  readonly text: string
  readonly type: avsc.Type
  readonly canonical: string
}

/**
 * Parses Avro schema JSON text, or throws a 422 42201 naming the problem. The registry only cares
 * about structure, so logical types are not interpreted (no custom classes, `assertLogicalTypes`
 * off): `{"type":"bytes","logicalType":"decimal",...}` parses as bytes, and its attributes live on
 * in `text` and `canonical`. Unions are always wrapped so that any valid union parses.
 */
export function parseAvroSchema(text: string): ParsedSchema {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw invalidSchemaError(`not JSON: ${(cause as Error).message}`)
  }
  let type: avsc.Type
  try {
    type = avsc.Type.forSchema(json as avsc.Schema, {
      assertLogicalTypes: false,
      wrapUnions: 'always',
    })
  } catch (cause) {
    throw invalidSchemaError((cause as Error).message)
  }
  return { text, type, canonical: canonicalForm(json) }
}

function invalidSchemaError(details: string) {
  return invalidSchema(`Invalid schema of type AVRO, details: ${details}`)
}
