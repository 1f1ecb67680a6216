export { compactorProtocol, COMPACTOR_ACTOR_URL } from './compactor.protocol.js'
export type { CompactorInit, CompactorMethods, MaintenanceRound } from './compactor.protocol.js'
