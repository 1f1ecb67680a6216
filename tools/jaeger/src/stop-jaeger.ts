import { type StopJaegerOptions, resolveStopOptions } from './options.js'
import { isJaegerProcess, terminateProcess } from './process.js'
import { readPid, removeRunState } from './run-state.js'

/**
 * Stops the instance recorded in the PID file of `queryPort`: SIGTERM, then SIGKILL after
 * `timeoutMs` (default 10 s), then removes the PID and state files. Succeeds quietly if it is not
 * running (no PID file, or a stale one, which is removed). The run dir (config, log) is kept.
 */
export async function stopJaeger(options: StopJaegerOptions = {}): Promise<void> {
  const { queryPort, timeoutMs, log } = resolveStopOptions(options)
  const pid = readPid(queryPort)
  if (pid === undefined) {
    log(`not running on query port ${queryPort} (no PID file)`)
    return
  }
  if (!isJaegerProcess(pid)) {
    // Also covers a recycled PID now used by another program: never signal that one.
    log(`not running on query port ${queryPort} (process ${pid} is gone); removed its PID file`)
    removeRunState(queryPort)
    return
  }
  const began = Date.now()
  const signal = await terminateProcess(pid, timeoutMs)
  removeRunState(queryPort)
  const seconds = ((Date.now() - began) / 1000).toFixed(1)
  log(`stopped Jaeger on query port ${queryPort} (pid ${pid}, ${signal}, ${seconds} s)`)
}
