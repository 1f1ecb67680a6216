/** The registry's own media type, which answers get unless the client prefers plain JSON. */
export const SCHEMA_REGISTRY_V1_JSON = 'application/vnd.schemaregistry.v1+json'

/** Versionless form of the registry media type, also accepted and produced upstream. */
export const SCHEMA_REGISTRY_JSON = 'application/vnd.schemaregistry+json'

/** Plain JSON, accepted and produced (at a lower server preference) upstream. */
export const JSON_MEDIA_TYPE = 'application/json'

// What upstream's resources produce, with their server-side quality (`qs`) from
// `io.confluent.kafka.schemaregistry.client.rest.Versions`: the registry types win over plain
// JSON when the client has no preference.
const PRODUCED: ReadonlyArray<readonly [string, number]> = [
  [SCHEMA_REGISTRY_V1_JSON, 0.9],
  [SCHEMA_REGISTRY_JSON, 0.9],
  [JSON_MEDIA_TYPE, 0.5],
]

// What upstream's resources consume; `application/octet-stream` is its "generic request" type,
// which is also what a body without Content-Type counts as.
const CONSUMED = new Set([
  SCHEMA_REGISTRY_V1_JSON,
  SCHEMA_REGISTRY_JSON,
  JSON_MEDIA_TYPE,
  'application/octet-stream',
])

/**
 * The media type to answer with for this `Accept` header, or undefined when none is acceptable
 * (upstream then answers 406). Each produced type is scored by the client's q for the most
 * specific matching range times its server quality; the best score wins.
 */
export function negotiateResponseType(accept: string | undefined): string | undefined {
  if (accept === undefined || accept.trim() === '') return SCHEMA_REGISTRY_V1_JSON
  const ranges = accept.split(',').map(parseRange)
  let best: { type: string; score: number } | undefined
  for (const [type, qs] of PRODUCED) {
    const q = clientQuality(ranges, type)
    if (q > 0 && (best === undefined || q * qs > best.score)) best = { type, score: q * qs }
  }
  return best?.type
}

/** True when a request body with this `Content-Type` is one upstream would read (else 415). */
export function isConsumedType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true
  return CONSUMED.has(essence(contentType))
}

interface MediaRange {
  readonly type: string
  readonly q: number
}

function parseRange(part: string): MediaRange {
  const [type = '', ...params] = part.split(';')
  let q = 1
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim())
    if (name?.toLowerCase() === 'q' && value !== undefined) {
      const parsed = Number(value)
      q = Number.isFinite(parsed) ? parsed : 0
    }
  }
  return { type: type.trim().toLowerCase(), q }
}

// RFC 9110 12.5.1: the most specific range that matches decides the quality.
function clientQuality(ranges: readonly MediaRange[], type: string): number {
  const major = type.slice(0, type.indexOf('/'))
  const exact = ranges.find((range) => range.type === type)
  if (exact !== undefined) return exact.q
  const sub = ranges.find((range) => range.type === `${major}/*`)
  if (sub !== undefined) return sub.q
  return ranges.find((range) => range.type === '*/*')?.q ?? 0
}

function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}
