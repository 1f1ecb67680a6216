export {
  MICROS_THRESHOLD,
  toMicros,
  parseIsoMicros,
  microsToIso,
  nowMicros,
  microsToEpochDay,
} from './micros.js'
export type { Micros } from './micros.js'
