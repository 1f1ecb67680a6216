import { type StopKafkaOptions, resolveStopOptions } from './options.js'
import { isKafkaBrokerProcess, terminateProcess } from './process.js'
import { readPid, removeRunState } from './run-state.js'

/**
 * Stops the broker recorded in the PID file of `port`: SIGTERM, then SIGKILL after `timeoutMs`
 * (default 20 s), then removes the PID and state files. Succeeds quietly if it is not running
 * (no PID file, or a stale one, which is removed). The data dir is kept for post-mortems; the
 * next start wipes it.
 */
export async function stopKafka(options: StopKafkaOptions = {}): Promise<void> {
  const { port, timeoutMs, log } = resolveStopOptions(options)
  const pid = readPid(port)
  if (pid === undefined) {
    log(`not running on port ${port} (no PID file)`)
    return
  }
  if (!isKafkaBrokerProcess(pid)) {
    // Also covers a recycled PID now used by another program: never signal that one.
    log(`not running on port ${port} (process ${pid} is gone); removed its PID file`)
    removeRunState(port)
    return
  }
  const began = Date.now()
  log(`stopping the broker on port ${port} (pid ${pid})...`)
  const signal = await terminateProcess(pid, timeoutMs)
  removeRunState(port)
  const seconds = ((Date.now() - began) / 1000).toFixed(1)
  log(`stopped the broker on port ${port} (pid ${pid}, ${signal}, ${seconds} s)`)
}
