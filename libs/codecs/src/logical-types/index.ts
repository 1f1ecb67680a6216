export { DecimalType, bytesToBigInt, bigIntToBytes } from './decimal-type.js'
export { TimestampMicrosType } from './timestamp-micros-type.js'
export { EXACT_LONG_TYPE, exactLongTypeHook } from './exact-long-type.js'
