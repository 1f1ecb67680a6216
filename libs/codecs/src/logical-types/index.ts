export { DecimalType, bytesToBigInt, bigIntToBytes } from './decimal-type.js'
export { TimestampMicrosType } from './timestamp-micros-type.js'
