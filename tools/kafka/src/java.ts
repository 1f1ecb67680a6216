import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Heap and GC of the broker JVM: enough for tests and local runs, small enough for a laptop. */
export const BROKER_JVM_OPTIONS = ['-Xms256m', '-Xmx768m', '-XX:+UseG1GC'] as const

/** `java` from JAVA_HOME when set (how most JDK installs are selected), else from the PATH. */
export function javaExecutable(): string {
  const javaHome = process.env['JAVA_HOME']
  const binary = process.platform === 'win32' ? 'java.exe' : 'java'
  return javaHome ? join(javaHome, 'bin', binary) : binary
}

/** Class path with every jar of `libsDir` (a JVM wildcard entry, expanded by java itself). */
export function kafkaClasspath(libsDir: string): string {
  return join(libsDir, '*')
}

/** Paths the broker JVM is started with. */
export interface BrokerJavaInput {
  libsDir: string
  logsDir: string
  log4jProperties: string
  serverProperties: string
}

/** Arguments of `java` that run the broker (`kafka.Kafka <server.properties>`). */
export function brokerJavaArgs(input: BrokerJavaInput): string[] {
  return [
    ...BROKER_JVM_OPTIONS,
    // Kafka's own start scripts set this too: the broker never needs a display.
    '-Djava.awt.headless=true',
    // Read by log4j.properties (${kafka.logs.dir}) so the logs land in the per-run data dir.
    `-Dkafka.logs.dir=${input.logsDir}`,
    // A file: URL (not a bare path) is what log4j 1.x expects; pathToFileURL also escapes spaces.
    `-Dlog4j.configuration=${pathToFileURL(input.log4jProperties).href}`,
    '-cp',
    kafkaClasspath(input.libsDir),
    'kafka.Kafka',
    input.serverProperties,
  ]
}
