export {
  compiledEntryOf,
  compiledWorkerExecArgv,
  registerCompiledEntries,
} from './compiled-entries.js'
