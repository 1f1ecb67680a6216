export { apiProtocol, API_ACTOR_URL } from './api.protocol.js'
export type { ApiActorStats, ApiInit, ApiMethods } from './api.protocol.js'
