import type { ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'

import { ensureJaegerBinary } from './build.js'
import { buildJaegerConfig } from './config.js'
import { JaegerToolError } from './errors.js'
import { withFileLock } from './lock.js'
import { formatLogTail } from './log-tail.js'
import {
  type JaegerPorts,
  type ResolvedStartOptions,
  type StartJaegerOptions,
  resolveStartOptions,
} from './options.js'
import { JAEGER_VERSION, runDir, runFiles, startLockPath } from './paths.js'
import { isPortFree } from './port.js'
import { isJaegerProcess, isProcessAlive, spawnDetached, terminateProcess } from './process.js'
import { type JaegerEndpoints, waitForJaeger } from './readiness.js'
import { readPid, readRunState, removeRunState, writeRunState } from './run-state.js'
import { stopJaeger } from './stop-jaeger.js'

/** A running Jaeger instance, as returned by {@link startJaeger}. */
export interface JaegerInstance extends JaegerPorts, Required<JaegerEndpoints> {
  /** OTLP/HTTP traces URL (`otlpEndpoint` + `/v1/traces`), for exporters that want the full URL. */
  otlpTracesUrl: string
  pid: number
  /** Generated `config.yaml` and `jaeger.log` live here. */
  runDir: string
  logFile: string
  jaegerVersion: string
  /** True when an instance from an earlier start was already running (nothing was started). */
  alreadyRunning: boolean
  /** From spawning the process to readiness (excludes the build). */
  startupMs: number
  /** Wall time of the `go install` this call ran; 0 when the cached binary was used. */
  buildMs: number
  /** Stops this instance (same as `stopJaeger({ queryPort })`). */
  stop: (options?: { timeoutMs?: number }) => Promise<void>
}

/** How long a start waits for a concurrent start on the same query port. */
const START_LOCK_WAIT_MS = 120_000
const FAILED_START_STOP_MS = 5_000

/**
 * Starts Jaeger v2 (all-in-one, in-memory storage) on 127.0.0.1 in the background and resolves
 * once its query API and OTLP receivers answer. Builds the binary first when it is not cached
 * (minutes on a cold Go cache; progress goes to `log`). Idempotent: if the PID file of `queryPort`
 * names a live Jaeger started with the same ports, waits for that one instead. Throws a
 * {@link JaegerToolError} on failure, after killing a process that did not become ready.
 */
export async function startJaeger(options: StartJaegerOptions = {}): Promise<JaegerInstance> {
  const opts = resolveStartOptions(options)
  const binary = await ensureJaegerBinary({ log: opts.log })
  const what = `Jaeger start on query port ${opts.queryPort}`
  const lock = { waitMs: START_LOCK_WAIT_MS, log: opts.log }
  return withFileLock(startLockPath(opts.queryPort), what, lock, async () => {
    const running = await attachToRunning(opts)
    if (running) return running
    await assertPortsFree(opts)
    return { ...(await launch(opts, binary.path)), buildMs: binary.buildMs }
  })
}

function endpointsOf(host: string, ports: JaegerPorts): Required<JaegerEndpoints> {
  return {
    queryUrl: `http://${host}:${ports.queryPort}`,
    otlpEndpoint: `http://${host}:${ports.otlpHttpPort}`,
    otlpGrpcEndpoint: `${host}:${ports.otlpGrpcPort}`,
  }
}

function instance(
  opts: ResolvedStartOptions,
  fields: Omit<JaegerInstance, keyof JaegerEndpoints | 'otlpTracesUrl' | 'stop' | 'logFile'>,
): JaegerInstance {
  const endpoints = endpointsOf(opts.host, fields)
  const { queryPort } = fields
  return {
    ...fields,
    ...endpoints,
    otlpTracesUrl: `${endpoints.otlpEndpoint}/v1/traces`,
    logFile: runFiles(fields.runDir).logFile,
    stop: (stopOptions = {}) => stopJaeger({ queryPort, log: opts.log, ...stopOptions }),
  }
}

async function attachToRunning(opts: ResolvedStartOptions): Promise<JaegerInstance | undefined> {
  const began = Date.now()
  const pid = readPid(opts.queryPort)
  if (pid === undefined) return undefined
  if (!isJaegerProcess(pid)) {
    opts.log(`removing stale PID file of query port ${opts.queryPort} (process ${pid} is gone)`)
    removeRunState(opts.queryPort)
    return undefined
  }
  const state = readRunState(opts.queryPort)
  const ports: JaegerPorts = state ?? opts
  const differing = (['otlpHttpPort', 'otlpGrpcPort', 'queryGrpcPort'] as const).filter(
    (key) => ports[key] !== opts[key],
  )
  if (differing.length > 0) {
    throw new JaegerToolError(
      'JAEGER_TOOL_PORT_IN_USE',
      `a Jaeger (pid ${pid}) already runs on query port ${opts.queryPort} with other ports ` +
        `(${differing.map((key) => `${key} ${ports[key]}, not ${opts[key]}`).join('; ')}); ` +
        `stop it first (npm run jaeger:stop -- --query-port ${opts.queryPort})`,
    )
  }
  opts.log(`already running on query port ${opts.queryPort} (pid ${pid})`)
  // It may still be booting (a concurrent start); callers expect a usable instance either way.
  const watch = watchPid(pid)
  try {
    await waitForJaeger(endpointsOf(opts.host, ports), opts.timeoutMs, { signal: watch.signal })
  } finally {
    watch.dispose()
  }
  return instance(opts, {
    ...ports,
    pid,
    runDir: state?.runDir ?? runDir(opts.queryPort),
    jaegerVersion: state?.jaegerVersion ?? 'unknown',
    alreadyRunning: true,
    startupMs: Date.now() - began,
    buildMs: 0,
  })
}

// Checked up front: a collector that cannot bind only says so in its log, and some listeners bind
// after others, so the error would otherwise surface late and vaguely.
async function assertPortsFree(opts: ResolvedStartOptions): Promise<void> {
  const flags = {
    otlpHttpPort: '--otlp-http-port',
    otlpGrpcPort: '--otlp-grpc-port',
    queryPort: '--query-port',
    queryGrpcPort: '--query-grpc-port',
  } as const
  for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
    if (!(await isPortFree(opts.host, opts[key]))) {
      throw new JaegerToolError(
        'JAEGER_TOOL_PORT_IN_USE',
        `${key} ${opts.host}:${opts[key]} is already in use by another process; ` +
          `stop it or pick another with ${flag}`,
      )
    }
  }
}

async function launch(opts: ResolvedStartOptions, binary: string): Promise<JaegerInstance> {
  const began = Date.now()
  const dir = runDir(opts.queryPort)
  const files = runFiles(dir)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(files.configFile, buildJaegerConfig(opts))

  const child = spawnDetached(binary, ['--config', files.configFile], {
    cwd: dir,
    logFile: files.logFile,
  })
  const exited = abortOnExit(child)
  const pid = child.pid
  if (pid === undefined) {
    exited.dispose()
    throw new JaegerToolError('JAEGER_TOOL_EXITED_EARLY', `cannot start ${binary}`)
  }
  const endpoints = endpointsOf(opts.host, opts)
  writeRunState({
    otlpHttpPort: opts.otlpHttpPort,
    otlpGrpcPort: opts.otlpGrpcPort,
    queryPort: opts.queryPort,
    queryGrpcPort: opts.queryGrpcPort,
    pid,
    otlpEndpoint: endpoints.otlpEndpoint,
    queryUrl: endpoints.queryUrl,
    runDir: dir,
    jaegerVersion: JAEGER_VERSION,
    startedAt: new Date().toISOString(),
  })
  opts.log(`started Jaeger ${JAEGER_VERSION} (pid ${pid}); waiting up to ${opts.timeoutMs} ms`)
  try {
    await waitForJaeger(endpoints, opts.timeoutMs, { signal: exited.signal })
  } catch (error) {
    // Never leave a half-started process (and a PID file claiming the port) behind.
    if (isProcessAlive(pid)) {
      await terminateProcess(pid, FAILED_START_STOP_MS).catch(() => undefined)
    }
    removeRunState(opts.queryPort, pid)
    if (!(error instanceof JaegerToolError)) throw error
    throw new JaegerToolError(error.code, `${error.message}\n${formatLogTail(files.logFile)}`, {
      cause: error,
    })
  } finally {
    exited.dispose()
  }
  return instance(opts, {
    otlpHttpPort: opts.otlpHttpPort,
    otlpGrpcPort: opts.otlpGrpcPort,
    queryPort: opts.queryPort,
    queryGrpcPort: opts.queryGrpcPort,
    pid,
    runDir: dir,
    jaegerVersion: JAEGER_VERSION,
    alreadyRunning: false,
    startupMs: Date.now() - began,
    buildMs: 0,
  })
}

/** Aborts when our own child exits or fails to spawn, so readiness fails fast with the reason. */
function abortOnExit(child: ChildProcess): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController()
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`
    controller.abort(
      new JaegerToolError(
        'JAEGER_TOOL_EXITED_EARLY',
        `Jaeger (pid ${child.pid}) ${how} before it was ready`,
      ),
    )
  }
  const onError = (error: Error): void => {
    controller.abort(
      new JaegerToolError('JAEGER_TOOL_EXITED_EARLY', `cannot start Jaeger: ${error.message}`, {
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
        new JaegerToolError('JAEGER_TOOL_EXITED_EARLY', `Jaeger (pid ${pid}) exited`),
      )
    }
  }, 500)
  timer.unref()
  return { signal: controller.signal, dispose: () => clearInterval(timer) }
}
