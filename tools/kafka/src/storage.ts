import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'

import { KafkaToolError } from './errors.js'
import { javaExecutable, kafkaClasspath } from './java.js'
import { REPO_ROOT } from './paths.js'
import { runCommand } from './run-command.js'

/**
 * A fresh KRaft cluster id: 16 random bytes, base64url without padding (Kafka's Uuid format,
 * what `StorageTool random-uuid` prints). Like Kafka we skip ids starting with '-', which the
 * StorageTool command line would parse as an option.
 */
export function generateClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}

/** Inputs of {@link formatStorage}. */
export interface FormatStorageInput {
  libsDir: string
  serverProperties: string
  toolsLog4jProperties: string
  clusterId: string
}

/**
 * Formats the KRaft metadata log dir (`StorageTool format`), which a KRaft node requires before
 * its first start. `--ignore-formatted` keeps it harmless if the dir was formatted already.
 */
export async function formatStorage(input: FormatStorageInput): Promise<void> {
  const java = javaExecutable()
  const args = [
    // A short-lived CLI: keep its heap small instead of the JVM default (1/4 of RAM).
    '-Xmx256m',
    `-Dlog4j.configuration=${pathToFileURL(input.toolsLog4jProperties).href}`,
    '-cp',
    kafkaClasspath(input.libsDir),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    input.clusterId,
    '-c',
    input.serverProperties,
    '--ignore-formatted',
  ]
  const result = await runCommand(java, args, { cwd: REPO_ROOT }).catch((error: unknown) => {
    throw new KafkaToolError(
      'KAFKA_TOOL_JAVA_FAILED',
      `cannot run ${java} (${(error as Error).message}); install a JDK 17+ or set JAVA_HOME`,
      { cause: error },
    )
  })
  if (result.exitCode !== 0) {
    throw new KafkaToolError(
      'KAFKA_TOOL_STORAGE_FORMAT_FAILED',
      `kafka.tools.StorageTool format failed (exit ${result.exitCode ?? result.signal}):\n` +
        result.output.trim(),
    )
  }
}
