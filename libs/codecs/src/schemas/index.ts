export {
  SCHEMA_FILES,
  SCHEMAS_DIR,
  readSchemaFile,
  readerSchemaOf,
  allSchemaFiles,
} from './schema-files.js'
export {
  LOGICAL_TYPES,
  parseAvroType,
  canonicalForm,
  logicalForm,
  fingerprintOf,
  schemaText,
} from './avro-type.js'
