// Public API of @k2/tools-jaeger for e2e and test setups. Re-exports only: importing this module
// must never build, start or stop anything (the CLI entry points are start.ts and stop.ts).
export { startJaeger, type JaegerInstance } from './start-jaeger.js'
export { stopJaeger } from './stop-jaeger.js'
export { ensureJaegerBinary, BUILD_LOG, type JaegerBinary } from './build.js'
export { waitForJaeger, type JaegerEndpoints, type WaitForJaegerOptions } from './readiness.js'
export { buildJaegerConfig } from './config.js'
export {
  DEFAULTS,
  type JaegerPorts,
  type JaegerToolLogger,
  type StartJaegerOptions,
  type StopJaegerOptions,
} from './options.js'
export {
  JAEGER_TOOL_ERROR_CODES,
  JaegerToolError,
  isJaegerToolError,
  type JaegerToolErrorCode,
} from './errors.js'
export {
  JAEGER_BINARY,
  JAEGER_HOME,
  JAEGER_VERSION,
  pidFilePath,
  runDir,
  stateFilePath,
} from './paths.js'
