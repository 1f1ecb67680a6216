/** The compatibility levels of the Confluent API, in upstream's order. */
export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const

/** One of {@link COMPATIBILITY_LEVELS}. */
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number]

/** Upstream's default global level (`schema.compatibility.level`). */
export const DEFAULT_COMPATIBILITY_LEVEL: CompatibilityLevel = 'BACKWARD'

/**
 * The level named by `value`, case-insensitively like upstream's `CompatibilityLevel.forName`, or
 * undefined for anything else (including a missing or non-string value).
 */
export function parseCompatibilityLevel(value: unknown): CompatibilityLevel | undefined {
  if (typeof value !== 'string') return undefined
  const upper = value.toUpperCase()
  return COMPATIBILITY_LEVELS.find((level) => level === upper)
}
