import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'

const require = createRequire(import.meta.url)

/**
 * Where the Compose Specification JSON schema comes from: the copy that the `dclint` package (a
 * Compose linter, pinned in package.json) ships as `schemas/compose.schema.json`, taken from
 * compose-spec/compose-spec's `schema/compose-spec.json`. A registry package keeps the check
 * offline and needs no Docker engine; Debian's `docker-compose` (1.29) is too old for this file
 * (it rejects the top-level `name`).
 */
export const COMPOSE_SCHEMA_SOURCE = (() => {
  const pkg = require.resolve('dclint/package.json')
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }
  return { package: 'dclint', version, path: join(dirname(pkg), 'schemas/compose.schema.json') }
})()

let validator: ValidateFunction | undefined

/** The compiled schema, built once (draft-07, as `docker compose` itself loads it). */
function composeValidator(): ValidateFunction {
  if (validator) return validator
  const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA_SOURCE.path, 'utf8')) as Record<
    string,
    unknown
  >
  // The file names its meta-schema by an https URL that Ajv does not know; Ajv's default is draft-07.
  delete schema['$schema']
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, logger: false })
  validator = ajv.compile(schema)
  return validator
}

/**
 * Validates a parsed Compose file against the Compose Specification schema: one line per
 * violation (`/services/k2/ports/0: must be ...`), none when the file is valid.
 */
export function validateComposeDocument(doc: unknown): string[] {
  const validate = composeValidator()
  if (validate(doc)) return []
  return (validate.errors ?? []).map(describe)
}

function describe(e: ErrorObject): string {
  const extra =
    e.keyword === 'additionalProperties'
      ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
      : ''
  return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`
}
