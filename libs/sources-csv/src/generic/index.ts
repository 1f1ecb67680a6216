export { readGenericCsv, GENERIC_TRADE_COLUMNS, GENERIC_QUOTE_COLUMNS } from './generic-csv.js'
export type { GenericDefaults } from './generic-csv.js'
