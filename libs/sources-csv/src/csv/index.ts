export { parseCsvRecord } from './parse-csv-record.js'
export { csvRecords } from './csv-records.js'
export type { CsvRecord } from './csv-records.js'
export { fileLines } from './file-lines.js'
