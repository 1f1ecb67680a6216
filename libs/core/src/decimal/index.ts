export {
  ExactDecimal,
  DECIMAL_18_8,
  parseDecimal,
  decimalToUnscaled,
  decimalFromUnscaled,
  formatDecimal,
} from './exact-decimal.js'
export { decimalUnscaled } from './decimal-unscaled.js'
export type { DecimalLimits } from './exact-decimal.js'
