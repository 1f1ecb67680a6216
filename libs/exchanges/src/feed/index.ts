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
