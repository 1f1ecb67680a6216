import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Repository root, derived from this file's location (tools/kafka/src) rather than the cwd, so the
 * tool finds the same `.k2/` whether it runs from `npm run`, vitest or an e2e setup in a subfolder.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..')

/** The checked-in pom that lists the broker jars. */
export const POM_PATH = join(REPO_ROOT, 'tools', 'kafka', 'pom.xml')

/** Everything the tool writes lives under here; `.k2/` is git-ignored. */
export const KAFKA_HOME = join(REPO_ROOT, '.k2', 'kafka')

/** Resolved broker jars (shared by all runs; resolved once per Kafka version). */
export const LIBS_DIR = join(KAFKA_HOME, 'libs')

/** Held while a start on `port` is in progress (see lock.ts). */
export function lockFilePath(port: number): string {
  return join(KAFKA_HOME, `kafka-${port}.lock`)
}

/** Default per-run data dir for a broker on `port` (wiped at each start). */
export function defaultDataDir(port: number): string {
  return join(KAFKA_HOME, `run-${port}`)
}

/** PID file of the broker on `port`; the port is the key, so several brokers can coexist. */
export function pidFilePath(port: number): string {
  return join(KAFKA_HOME, `kafka-${port}.pid`)
}

/** JSON state (port, pid, dataDir, brokers) of the broker on `port`, next to its PID file. */
export function stateFilePath(port: number): string {
  return join(KAFKA_HOME, `kafka-${port}.json`)
}

/** Files inside a per-run data dir. */
export function runFiles(dataDir: string): {
  serverProperties: string
  log4jProperties: string
  toolsLog4jProperties: string
  logsDir: string
  stdoutLog: string
  serverLog: string
  kraftDir: string
} {
  const logsDir = join(dataDir, 'logs')
  return {
    serverProperties: join(dataDir, 'server.properties'),
    log4jProperties: join(dataDir, 'log4j.properties'),
    toolsLog4jProperties: join(dataDir, 'tools-log4j.properties'),
    logsDir,
    stdoutLog: join(logsDir, 'stdout.log'),
    serverLog: join(logsDir, 'server.log'),
    kraftDir: join(dataDir, 'kraft'),
  }
}
