export { feedProtocol, FEED_ACTOR_URL, FEED_FORWARDING_DEFAULTS } from './feed.protocol.js'
export type { FeedActorStats, FeedInit, FeedMethods } from './feed.protocol.js'
export { TradeForwarder } from './trade-forwarder.js'
export type {
  ForwarderEvents,
  ForwarderOptions,
  ForwarderStats,
  SendBatch,
} from './trade-forwarder.js'
