export { createSchemaRegistryClient } from './schema-registry-client.js'
export type {
  CompatibilityLevel,
  SchemaRegistryClient,
  SchemaRegistryClientOptions,
} from './schema-registry-client.js'
