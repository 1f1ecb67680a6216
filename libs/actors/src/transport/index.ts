export {
  encodeTradeBatch,
  decodeTradeBatch,
  decodeTracedTradeBatch,
  TradeBatchEncoder,
} from './trade-batch-wire.js'
export type { DecodedTradeBatch } from './trade-batch-wire.js'
export { writerIndexFor } from './writer-routing.js'
