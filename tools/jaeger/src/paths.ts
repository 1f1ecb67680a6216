import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Repository root, derived from this file's location (tools/jaeger/src) rather than the cwd, so the
 * tool finds the same `.k2/` whether it runs from `npm run`, vitest or an e2e setup in a subfolder.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')

/** Jaeger release built by the tool; must match the `require` in `tools/jaeger/go/go.mod`. */
export const JAEGER_VERSION = 'v1.76.0'

/** Go package of the Jaeger v2 binary (module tags v1.x are Jaeger v2). */
export const JAEGER_PACKAGE = 'github.com/jaegertracing/jaeger/cmd/jaeger'

/** Wrapper Go module (go.mod + go.sum) that pins the Jaeger build list. */
export const GO_MODULE_DIR = join(REPO_ROOT, 'tools', 'jaeger', 'go')

/** Everything the tool writes lives under here; `.k2/` is git-ignored. */
export const JAEGER_HOME = join(REPO_ROOT, '.k2', 'jaeger')

/** GOBIN of the build: one directory per Jaeger version, reused by every later start. */
export const BIN_DIR = join(JAEGER_HOME, 'bin', JAEGER_VERSION)

/** The built binary. */
export const JAEGER_BINARY = join(BIN_DIR, 'jaeger')

/** Held while a build runs, so concurrent starts build once. */
export const BUILD_LOCK_PATH = join(JAEGER_HOME, 'build.lock')

/** Held while a start on `queryPort` is in progress. */
export function startLockPath(queryPort: number): string {
  return join(JAEGER_HOME, `jaeger-${queryPort}.lock`)
}

/** PID file of the instance whose query API is on `queryPort` (the port keys an instance). */
export function pidFilePath(queryPort: number): string {
  return join(JAEGER_HOME, `jaeger-${queryPort}.pid`)
}

/** JSON state (ports, pid, endpoints) next to the PID file. */
export function stateFilePath(queryPort: number): string {
  return join(JAEGER_HOME, `jaeger-${queryPort}.json`)
}

/** Per-run directory (generated config and log), recreated at each start. */
export function runDir(queryPort: number): string {
  return join(JAEGER_HOME, `run-${queryPort}`)
}

/** Files inside a run directory. */
export function runFiles(dir: string): { configFile: string; logFile: string } {
  return { configFile: join(dir, 'config.yaml'), logFile: join(dir, 'jaeger.log') }
}
