// Entry of every actor worker. Node 20 does not apply `--import tsx` given in a Worker's
// `execArgv` (the worker fails with ERR_UNKNOWN_FILE_EXTENSION for .ts), and loader hooks of the
// main thread are not inherited by workers on Node 20, so each worker registers tsx itself before
// importing any TypeScript. This file must stay JavaScript for that reason.
import { register } from 'tsx/esm/api'

register()
await import('./worker-main.ts')
