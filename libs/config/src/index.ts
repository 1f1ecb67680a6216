/**
 * `@k2/config`: the only reader of `process.env` (D10). Typed options with defaults, validated
 * eagerly with errors that name the variable.
 */
export { loadConfig } from './k2-config.js'
export type { K2Config, Env } from './k2-config.js'
export { ENV_VARS } from './env-vars.js'
export type { EnvVar } from './env-vars.js'
export { renderEnvExample } from './env-example.js'
export { childEnvironment } from './child-env.js'
export { SUPERVISOR_NODE_FLAGS } from './node-flags.js'
export { ConfigError, CONFIG_ERROR_CODES } from './errors.js'
export type { ConfigErrorCode } from './errors.js'
