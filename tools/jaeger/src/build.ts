import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

import { JaegerToolError } from './errors.js'
import { withFileLock } from './lock.js'
import { LOG_TAIL_LINES } from './log-tail.js'
import type { JaegerToolLogger } from './options.js'
import {
  BIN_DIR,
  BUILD_LOCK_PATH,
  GO_MODULE_DIR,
  JAEGER_BINARY,
  JAEGER_HOME,
  JAEGER_PACKAGE,
  JAEGER_VERSION,
} from './paths.js'

/** What {@link ensureJaegerBinary} found or built. */
export interface JaegerBinary {
  /** Absolute path of the `jaeger` executable. */
  path: string
  version: string
  /** False when the cached binary was reused. */
  built: boolean
  /** Wall time of the `go install` (0 when reused). */
  buildMs: number
  sizeBytes: number
}

/** Build log of the last `go install` (kept for post-mortems). */
export const BUILD_LOG = join(JAEGER_HOME, 'build.log')

/** A build of a cold cache takes minutes on 2 cores; waiting for another one gets this long. */
const BUILD_LOCK_WAIT_MS = 30 * 60_000
const PROGRESS_EVERY_MS = 15_000
/** Packages a cold build of v1.76.0 compiles (2,325 counted), for the progress line. */
const APPROX_PACKAGES = 2_300

/**
 * The `go install` command line (run with `cwd` = {@link GO_MODULE_DIR}). A plain
 * `go install github.com/jaegertracing/jaeger/cmd/jaeger@v1.76.0` is refused because Jaeger's
 * go.mod has a `replace` directive, so the package is installed from the wrapper module whose
 * go.mod/go.sum pin Jaeger's build list. `-v` lists each compiled package (progress), `-s -w`
 * drops the symbol table and DWARF (smaller binary), `nice` keeps a shared machine usable.
 */
export function goInstallCommand(): { command: string; args: string[] } {
  const goArgs = ['install', '-v', '-trimpath', '-ldflags=-s -w', JAEGER_PACKAGE]
  return process.platform === 'win32'
    ? { command: 'go', args: goArgs }
    : { command: 'nice', args: ['-n', '10', 'go', ...goArgs] }
}

/**
 * Returns the cached Jaeger binary (`.k2/jaeger/bin/<version>/jaeger`), building it first with
 * `go install` (GOBIN = that directory) when missing. Concurrent callers build once (file lock).
 * The build goes to a temporary GOBIN that is renamed into place, so a killed build never leaves
 * a half-written binary that later starts would trust. Throws `JAEGER_TOOL_GO_MISSING` or
 * `JAEGER_TOOL_BUILD_FAILED` (with the tail of the Go output).
 */
export async function ensureJaegerBinary(
  options: { log?: JaegerToolLogger } = {},
): Promise<JaegerBinary> {
  const log = options.log ?? (() => undefined)
  const cached = cachedBinary()
  if (cached) return cached
  const lock = { waitMs: BUILD_LOCK_WAIT_MS, log }
  // Re-checked under the lock: a concurrent caller may have built it while this one waited.
  return withFileLock(
    BUILD_LOCK_PATH,
    'Jaeger build',
    lock,
    async () => cachedBinary() ?? build(log),
  )
}

function cachedBinary(): JaegerBinary | undefined {
  if (!existsSync(JAEGER_BINARY)) return undefined
  const sizeBytes = statSync(JAEGER_BINARY).size
  return { path: JAEGER_BINARY, version: JAEGER_VERSION, built: false, buildMs: 0, sizeBytes }
}

async function build(log: JaegerToolLogger): Promise<JaegerBinary> {
  assertGoAvailable()
  const began = Date.now()
  const tmpBin = `${BIN_DIR}.tmp-${process.pid}`
  rmSync(tmpBin, { recursive: true, force: true })
  mkdirSync(tmpBin, { recursive: true })
  const { command, args } = goInstallCommand()
  log(
    `building Jaeger ${JAEGER_VERSION} with Go (first time only, takes minutes on a cold Go ` +
      `cache; output in ${BUILD_LOG})`,
  )
  const { code, tail } = await runGo(command, args, tmpBin, log, began).catch((error: unknown) => {
    rmSync(tmpBin, { recursive: true, force: true })
    throw error
  })
  const built = join(tmpBin, 'jaeger')
  if (code !== 0 || !existsSync(built)) {
    rmSync(tmpBin, { recursive: true, force: true })
    throw new JaegerToolError(
      'JAEGER_TOOL_BUILD_FAILED',
      `go install ${JAEGER_PACKAGE} (in ${GO_MODULE_DIR}) exited with code ${code}\n` +
        `--- last lines of ${BUILD_LOG} ---\n${tail.join('\n')}`,
    )
  }
  rmSync(BIN_DIR, { recursive: true, force: true })
  mkdirSync(dirname(BIN_DIR), { recursive: true })
  renameSync(tmpBin, BIN_DIR)
  const buildMs = Date.now() - began
  const sizeBytes = statSync(JAEGER_BINARY).size
  log(
    `built ${JAEGER_BINARY} in ${(buildMs / 1000).toFixed(0)} s ` +
      `(${(sizeBytes / 1024 / 1024).toFixed(0)} MiB)`,
  )
  return { path: JAEGER_BINARY, version: JAEGER_VERSION, built: true, buildMs, sizeBytes }
}

/** Throws `JAEGER_TOOL_GO_MISSING` unless `go version` runs. */
export function assertGoAvailable(): void {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' })
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim()
    throw new JaegerToolError(
      'JAEGER_TOOL_GO_MISSING',
      `cannot run \`go version\` (${why}); Jaeger is built from source with Go 1.24.6 or newer, ` +
        `which must be on the PATH`,
    )
  }
}

function runGo(
  command: string,
  args: string[],
  gobin: string,
  log: JaegerToolLogger,
  began: number,
): Promise<{ code: number | null; tail: string[] }> {
  const tail: string[] = []
  mkdirSync(JAEGER_HOME, { recursive: true })
  const logFile = createWriteStream(BUILD_LOG)
  const child = spawn(command, args, {
    cwd: GO_MODULE_DIR,
    // GOWORK=off: a go.work further up must not change the pinned build list.
    env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0', GOWORK: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let compiled = 0
  let downloaded = 0
  const onLine = (line: string): void => {
    logFile.write(`${line}\n`)
    tail.push(line)
    if (tail.length > LOG_TAIL_LINES) tail.shift()
    if (line.startsWith('go: downloading ')) downloaded += 1
    else if (/^[\w.-]+(\/[\w.~-]+)*$/.test(line)) compiled += 1
  }
  createInterface({ input: child.stdout }).on('line', onLine)
  createInterface({ input: child.stderr }).on('line', onLine)
  const timer = setInterval(() => {
    const seconds = ((Date.now() - began) / 1000).toFixed(0)
    log(
      `building Jaeger: ${seconds} s, ${downloaded} modules downloaded, ` +
        `${compiled} of ~${APPROX_PACKAGES} packages compiled`,
    )
  }, PROGRESS_EVERY_MS)
  return new Promise((resolvePromise, reject) => {
    child.once('error', (error) => {
      clearInterval(timer)
      logFile.end()
      reject(
        new JaegerToolError('JAEGER_TOOL_GO_MISSING', `cannot run ${command}: ${error.message}`, {
          cause: error,
        }),
      )
    })
    child.once('close', (code) => {
      clearInterval(timer)
      logFile.end()
      resolvePromise({ code, tail })
    })
  })
}
