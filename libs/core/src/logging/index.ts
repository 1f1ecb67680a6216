export { NOOP_LOGGER } from './logger.js'
export type { Logger } from './logger.js'
