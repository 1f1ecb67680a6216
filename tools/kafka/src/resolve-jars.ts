import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { KafkaToolError } from './errors.js'
import { tailLines } from './log-tail.js'
import type { KafkaToolLogger } from './options.js'
import { LIBS_DIR, POM_PATH, REPO_ROOT } from './paths.js'
import { runCommand } from './run-command.js'

/** Pinned so resolution is reproducible and does not depend on the Maven version installed. */
export const DEPENDENCY_PLUGIN =
  'org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy-dependencies'

/** Kafka version declared by the `<kafka.version>` property of the pom. */
export function readKafkaVersion(pomPath: string = POM_PATH): string {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(
    readFileSync(pomPath, 'utf8'),
  )
  if (!match?.[1]) {
    throw new KafkaToolError(
      'KAFKA_TOOL_MAVEN_FAILED',
      `${pomPath} has no <kafka.version> property`,
    )
  }
  return match[1]
}

/** Path of the broker jar of `version` inside `libsDir`; its presence means "already resolved". */
export function kafkaJarPath(libsDir: string, version: string): string {
  return join(libsDir, `kafka_2.13-${version}.jar`)
}

/** Result of {@link resolveKafkaJars}. */
export interface ResolvedJars {
  libsDir: string
  kafkaVersion: string
  /** False when the jars were already there and Maven was not run. */
  downloaded: boolean
}

/**
 * Makes sure `libsDir` holds the broker and its runtime dependencies, running Maven only when the
 * kafka_2.13 jar of the pom's version is missing (first run, or after a version bump). Maven
 * writes into a temporary sibling that is renamed into place at the end, so an interrupted
 * download never leaves a half-filled dir that the presence check would accept.
 */
export async function resolveKafkaJars(
  options: { libsDir?: string; pomPath?: string; log?: KafkaToolLogger } = {},
): Promise<ResolvedJars> {
  const { libsDir = LIBS_DIR, pomPath = POM_PATH, log = () => undefined } = options
  const kafkaVersion = readKafkaVersion(pomPath)
  if (existsSync(kafkaJarPath(libsDir, kafkaVersion))) {
    return { libsDir, kafkaVersion, downloaded: false }
  }

  log(`resolving Kafka ${kafkaVersion} jars with Maven into ${libsDir} (first run only)...`)
  const tmpDir = `${libsDir}.tmp-${process.pid}`
  rmSync(tmpDir, { recursive: true, force: true })
  try {
    await runMaven(pomPath, tmpDir)
    if (!existsSync(kafkaJarPath(tmpDir, kafkaVersion))) {
      throw new KafkaToolError(
        'KAFKA_TOOL_MAVEN_FAILED',
        `Maven succeeded but ${kafkaJarPath(tmpDir, kafkaVersion)} is missing; check ${pomPath}`,
      )
    }
    installDir(tmpDir, libsDir, kafkaVersion)
  } finally {
    rmSync(tmpDir, { recursive: true, force: true })
  }
  return { libsDir, kafkaVersion, downloaded: true }
}

async function runMaven(pomPath: string, outputDir: string): Promise<void> {
  const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn'
  const args = [
    '-q',
    '-B',
    '-f',
    pomPath,
    DEPENDENCY_PLUGIN,
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`,
  ]
  const result = await runCommand(mvn, args, { cwd: REPO_ROOT }).catch((error: unknown) => {
    throw new KafkaToolError(
      'KAFKA_TOOL_MAVEN_FAILED',
      `cannot run ${mvn} (${(error as Error).message}); install Maven 3.8+ and put it on the PATH`,
      { cause: error },
    )
  })
  if (result.exitCode !== 0) {
    throw new KafkaToolError(
      'KAFKA_TOOL_MAVEN_FAILED',
      `${mvn} ${args.join(' ')} failed (exit ${result.exitCode ?? result.signal}):\n` +
        (tailLines(result.output, 40).join('\n') || '(no output)'),
    )
  }
}

// Replaces libsDir with the freshly resolved dir. Another process may have resolved the same
// version concurrently (parallel test suites): then its result is kept and ours is dropped.
function installDir(tmpDir: string, libsDir: string, kafkaVersion: string): void {
  if (existsSync(kafkaJarPath(libsDir, kafkaVersion))) return
  rmSync(libsDir, { recursive: true, force: true })
  try {
    renameSync(tmpDir, libsDir)
  } catch (error) {
    if (!existsSync(kafkaJarPath(libsDir, kafkaVersion))) throw error
  }
}
