// Public API of @k2/tools-schema-registry for e2e and test setups. Re-exports only: importing this
// module never starts anything (the CLI entry point is main.ts).
export {
  DEFAULT_HOST,
  startSchemaRegistry,
  type RunningSchemaRegistry,
  type SchemaRegistryOptions,
} from './server.js'
export {
  COMPATIBILITY_LEVELS,
  DEFAULT_COMPATIBILITY_LEVEL,
  type CompatibilityLevel,
} from './compatibility-level.js'
export { ERROR_CODES, type ErrorBody } from './errors.js'
export { JSON_MEDIA_TYPE, SCHEMA_REGISTRY_V1_JSON } from './media-types.js'
