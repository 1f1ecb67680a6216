export { RETRY_DEFAULTS, createRetryPolicy, validateRetryOptions } from './retry-policy.js'
export type { RetryOptions, RetryPolicy } from './retry-policy.js'
