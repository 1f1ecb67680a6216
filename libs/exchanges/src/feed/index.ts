export { FeedError, FEED_ERROR_CODES } from './errors.js'
export type { FeedErrorCode } from './errors.js'
export { FEED_STATUSES, FEED_STATUS_TRANSITIONS, checkFeedTransition } from './feed-status.js'
export type { FeedStatus } from './feed-status.js'
export type { FeedTrade, SequenceSemantics } from './feed-trade.js'
export { FEED_ERROR_REASONS } from './feed-events.js'
export type {
  FeedErrorReason,
  FeedErrorEvent,
  FeedStatusChange,
  FeedEvents,
} from './feed-events.js'
export type { FeedFrame, FeedFrameKind } from './feed-frame.js'
export type {
  ExchangeAdapter,
  BackfillRequest,
  RateLimitInfo,
  ExchangeLimits,
  HeaderLookup,
} from './exchange-adapter.js'
export { UrlRotation } from './url-rotation.js'
export { createFeed } from './create-feed.js'
export type { CreateFeedArgs, Feed, FeedStartOptions } from './create-feed.js'
export { FEED_DEFAULTS, defaultRotationAgeMs, resolveFeedOptions } from './feed-options.js'
export type { FeedOptions } from './feed-options.js'
export type { FeedStats, FeedSymbolStats } from './feed-stats.js'
export type { FeedPauseStats } from './feed-pause.js'
export type { RepairHoldStats } from './repair-hold.js'
export {
  NOOP_FEED_OBSERVER,
  RECONNECT_REASONS,
  completeObserver,
  gapSeverity,
} from './feed-observer.js'
export type { FeedObserver, GapSeverity, ReconnectReason } from './feed-observer.js'
export {
  BREAKER_DEFAULTS,
  BREAKER_STATES,
  BREAKER_STATE_VALUES,
  BREAKER_TRANSITIONS,
  CircuitBreaker,
} from './circuit-breaker.js'
export type { BreakerState, CircuitBreakerOptions, BreakerListener } from './circuit-breaker.js'
export { CONNECTION_ERROR_TYPES, classifyConnectionError } from './connection-errors.js'
export type { ConnectionErrorType } from './connection-errors.js'
export { SYSTEM_CLOCK } from './feed-clock.js'
export type { FeedClock, FeedTimer } from './feed-clock.js'
export type { FetchFn } from './backfill-client.js'
export { fullJitterDelay } from './backoff.js'
export { RestWeightBudget } from './rest-budget.js'
export { SilenceWatchdog, silenceTimeoutMs } from './silence-watchdog.js'
export type { SilencePolicy } from './silence-watchdog.js'
export { MAX_FRAME_BYTES, websocketOptions } from './websocket-options.js'
export { createFeedMetricsObserver } from './metrics-observer.js'
