// Public API of @k2/tools-kafka for e2e and test setups. Re-exports only: importing this module
// must never start or stop anything (the CLI entry points are start.ts and stop.ts).
export { startKafka, type StartKafkaResult } from './start-kafka.js'
export { stopKafka } from './stop-kafka.js'
export { waitForKafka, type WaitForKafkaOptions } from './readiness.js'
export {
  DEFAULTS,
  type KafkaToolLogger,
  type StartKafkaOptions,
  type StopKafkaOptions,
} from './options.js'
export {
  KAFKA_TOOL_ERROR_CODES,
  KafkaToolError,
  isKafkaToolError,
  type KafkaToolErrorCode,
} from './errors.js'
export { readKafkaVersion } from './resolve-jars.js'
export { KAFKA_HOME, LIBS_DIR, defaultDataDir, pidFilePath, stateFilePath } from './paths.js'
