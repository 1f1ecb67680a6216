export { encodeTradeBatch, decodeTradeBatch } from './trade-batch-wire.js'
export { writerIndexFor } from './writer-routing.js'
