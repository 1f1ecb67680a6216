// Entry of every actor worker. With bundles (`buildWorkerBundles`), the worker imports the bundled
// worker-main directly. Otherwise it registers tsx first: Node 20 does not apply `--import tsx`
// given in a Worker's `execArgv` (the worker fails with ERR_UNKNOWN_FILE_EXTENSION for .ts), and
// loader hooks of the main thread are not inherited by workers on Node 20. This file must stay
// JavaScript for that reason.
import { workerData } from 'node:worker_threads'

if (typeof workerData?.workerMainUrl === 'string') {
  await import(workerData.workerMainUrl)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./worker-main.ts')
}
