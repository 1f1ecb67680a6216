import type { ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'

import { prepareDataDir } from './data-dir.js'
import { KafkaToolError } from './errors.js'
import { brokerJavaArgs, javaExecutable } from './java.js'
import { withStartLock } from './lock.js'
import { formatLogTails } from './log-tail.js'
import {
  type ResolvedStartOptions,
  type StartKafkaOptions,
  resolveStartOptions,
} from './options.js'
import { isPortFree } from './port.js'
import { isKafkaBrokerProcess, isProcessAlive, spawnDetached, terminateProcess } from './process.js'
import { waitForKafka } from './readiness.js'
import { resolveKafkaJars } from './resolve-jars.js'
import { readPid, readRunState, removeRunState, writeRunState } from './run-state.js'
import {
  buildLog4jProperties,
  buildServerProperties,
  buildToolsLog4jProperties,
} from './server-properties.js'
import { formatStorage, generateClusterId } from './storage.js'

/** What {@link startKafka} started (or found already running). */
export interface StartKafkaResult {
  /** Bootstrap address for clients, e.g. `127.0.0.1:9092`. */
  brokers: string
  pid: number
  port: number
  controllerPort: number
  dataDir: string
  kafkaVersion: string
  /** True when a broker from an earlier start was already running on `port` (nothing started). */
  alreadyRunning: boolean
  /** From writing the config to the first successful describeCluster (excludes jar download). */
  startupMs: number
}

/** How long a broker that failed to become ready gets to shut down before SIGKILL. */
const FAILED_START_STOP_MS = 5_000

/**
 * Starts a single-node KRaft broker on 127.0.0.1 in the background and resolves once it answers
 * the admin API. Idempotent: if the PID file of `port` names a live broker, waits for that one
 * instead. Throws a {@link KafkaToolError} (`KAFKA_TOOL_PORT_IN_USE`, `KAFKA_TOOL_MAVEN_FAILED`,
 * `KAFKA_TOOL_START_TIMEOUT`, ...) on failure, after killing a broker that did not become ready.
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<StartKafkaResult> {
  const opts = resolveStartOptions(options)
  // Serialised per port: two concurrent starts (parallel test workers) would otherwise both pass
  // the checks below and wipe each other's data dir.
  return withStartLock(opts.port, opts.log, async () => {
    const running = await attachToRunning(opts)
    if (running) return running

    await assertPortsFree(opts)
    const { libsDir, kafkaVersion } = await resolveKafkaJars({ log: opts.log })
    return launch(opts, libsDir, kafkaVersion)
  })
}

/** The broker recorded for `opts.port`, once ready; undefined (after cleaning up) if none. */
async function attachToRunning(opts: ResolvedStartOptions): Promise<StartKafkaResult | undefined> {
  const began = Date.now()
  const pid = readPid(opts.port)
  if (pid === undefined) return undefined
  if (!isKafkaBrokerProcess(pid)) {
    opts.log(`removing stale PID file of port ${opts.port} (process ${pid} is gone)`)
    removeRunState(opts.port)
    return undefined
  }
  const state = readRunState(opts.port)
  const brokers = state?.brokers ?? `${opts.host}:${opts.port}`
  opts.log(`already running on ${brokers} (pid ${pid})`)
  // It may still be booting (a concurrent start); callers expect a usable broker either way.
  const watch = watchPid(pid)
  try {
    await waitForKafka(brokers, opts.timeoutMs, { signal: watch.signal })
  } finally {
    watch.dispose()
  }
  return {
    brokers,
    pid,
    port: opts.port,
    controllerPort: state?.controllerPort ?? opts.controllerPort,
    dataDir: state?.dataDir ?? opts.dataDir,
    kafkaVersion: state?.kafkaVersion ?? 'unknown',
    alreadyRunning: true,
    startupMs: Date.now() - began,
  }
}

// Checked up front because a JVM that fails to bind only reports it in its log, seconds later.
async function assertPortsFree(opts: ResolvedStartOptions): Promise<void> {
  const ports = [
    { port: opts.port, what: 'port', flag: '--port' },
    { port: opts.controllerPort, what: 'controller port', flag: '--controller-port' },
  ]
  for (const { port, what, flag } of ports) {
    if (!(await isPortFree(opts.host, port))) {
      throw new KafkaToolError(
        'KAFKA_TOOL_PORT_IN_USE',
        `${what} ${opts.host}:${port} is already in use by another process; ` +
          `stop it or pick another with ${flag}`,
      )
    }
  }
}

async function launch(
  opts: ResolvedStartOptions,
  libsDir: string,
  kafkaVersion: string,
): Promise<StartKafkaResult> {
  const began = Date.now()
  const { port, controllerPort, host, dataDir } = opts
  const brokers = `${host}:${port}`
  const files = prepareDataDir(dataDir)
  writeFileSync(
    files.serverProperties,
    buildServerProperties({ host, port, controllerPort, dataDir }),
  )
  writeFileSync(files.log4jProperties, buildLog4jProperties())
  writeFileSync(files.toolsLog4jProperties, buildToolsLog4jProperties())
  opts.log(`formatting KRaft storage in ${files.kraftDir}`)
  await formatStorage({ ...files, libsDir, clusterId: generateClusterId() })

  const child = spawnDetached(javaExecutable(), brokerJavaArgs({ ...files, libsDir }), {
    cwd: dataDir,
    logFile: files.stdoutLog,
  })
  const exited = abortOnExit(child)
  const pid = child.pid
  if (pid === undefined) {
    // spawn() reports ENOENT/EACCES asynchronously; the pid is the synchronous sign of failure.
    throw new KafkaToolError('KAFKA_TOOL_JAVA_FAILED', `cannot start ${javaExecutable()}`)
  }
  writeRunState({
    port,
    controllerPort,
    pid,
    dataDir,
    brokers,
    kafkaVersion,
    startedAt: new Date().toISOString(),
  })
  opts.log(`started Kafka ${kafkaVersion} (pid ${pid}); waiting up to ${opts.timeoutMs} ms for it`)

  try {
    await waitForKafka(brokers, opts.timeoutMs, { signal: exited.signal })
  } catch (error) {
    // Never leave a half-started broker (and a PID file claiming the port) behind.
    if (isProcessAlive(pid)) {
      await terminateProcess(pid, FAILED_START_STOP_MS).catch(() => undefined)
    }
    removeRunState(port, pid)
    throw withLogTails(error, [files.serverLog, files.stdoutLog])
  } finally {
    exited.dispose()
  }
  return {
    brokers,
    pid,
    port,
    controllerPort,
    dataDir,
    kafkaVersion,
    alreadyRunning: false,
    startupMs: Date.now() - began,
  }
}

/** Aborts when our own child exits or fails to spawn, so readiness fails fast with the reason. */
function abortOnExit(child: ChildProcess): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`
    controller.abort(
      new KafkaToolError(
        'KAFKA_TOOL_EXITED_EARLY',
        `the Kafka broker (pid ${child.pid}) ${how} before it was ready`,
      ),
    )
  }
  const onError = (error: Error): void => {
    controller.abort(
      new KafkaToolError('KAFKA_TOOL_JAVA_FAILED', `cannot start java: ${error.message}`, {
        cause: error,
      }),
    )
  }
  child.once('exit', onExit)
  child.once('error', onError)
  return {
    signal: controller.signal,
    dispose: () => {
      child.off('exit', onExit)
      child.off('error', onError)
    },
  }
}

/** Aborts when a process we did not spawn (found through its PID file) goes away. */
function watchPid(pid: number): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const timer = setInterval(() => {
    if (!isProcessAlive(pid)) {
      controller.abort(
        new KafkaToolError('KAFKA_TOOL_EXITED_EARLY', `the Kafka broker (pid ${pid}) exited`),
      )
    }
  }, 500)
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}

function withLogTails(error: unknown, logFiles: string[]): unknown {
  if (!(error instanceof KafkaToolError)) return error
  return new KafkaToolError(error.code, `${error.message}\n${formatLogTails(logFiles)}`, {
    cause: error,
  })
}
