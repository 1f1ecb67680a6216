export { localToUtcMs, zoneOffsetMs } from './zoned-time.js'
export { ASX_TIME_ZONE, asxLocalToMicros, parseUsDate } from './asx-time.js'
