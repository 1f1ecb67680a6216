export * from './market-data-tables.js'
