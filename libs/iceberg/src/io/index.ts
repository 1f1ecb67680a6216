export type { FileIO, WriteOptions } from './file-io.js'
export { createLocalFileIO, TEMP_FILE_PREFIX } from './local-file-io.js'
export { toLocalPath } from './local-path.js'
