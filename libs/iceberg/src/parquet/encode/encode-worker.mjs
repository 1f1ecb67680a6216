// Entry of every Parquet encoding worker (see encode-pool.ts). Node 20 does not apply
// `--import tsx` to workers and does not pass the main thread's loader hooks on, so the worker
// registers tsx itself before importing any TypeScript. This file must stay JavaScript.
import { register } from 'tsx/esm/api'

register()
await import('./encode-worker-main.ts')
