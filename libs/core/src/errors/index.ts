export { K2Error, isRetriable, errorCode } from './k2-error.js'
export type { SerializedK2Error, K2ErrorOptions } from './k2-error.js'
export { CoreError, CORE_ERROR_CODES } from './core-errors.js'
export type { CoreErrorCode } from './core-errors.js'
