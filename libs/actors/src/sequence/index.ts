export { createSequenceTracker } from './sequence-tracker.js'
export type { SequenceTracker, SequencedTrade, StreamSequenceState } from './sequence-tracker.js'
export { SEQUENCE_RESULTS } from './sequence-result.js'
export type { SequenceCheck, SequenceCounts, SequenceResult } from './sequence-result.js'
export {
  SEQUENCE_TRACKER_DEFAULTS,
  validateSequenceThresholds,
} from './sequence-tracker-options.js'
export type { SequenceThresholds, SequenceTrackerOptions } from './sequence-tracker-options.js'
export { sequenceLogObserver } from './sequence-observer.js'
export type { SequenceEvent, SequenceObserver } from './sequence-observer.js'
