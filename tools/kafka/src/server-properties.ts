import { join } from 'node:path'

/** Inputs of {@link buildServerProperties}. */
export interface ServerPropertiesInput {
  host: string
  port: number
  controllerPort: number
  dataDir: string
}

/**
 * Ordered key/value pairs of a single-node KRaft broker+controller bound to `host`.
 * Every replication factor / ISR is 1 because there is exactly one broker: anything higher makes
 * the internal topics unavailable and consumers hang in group coordination forever.
 */
export function serverPropertyEntries(input: ServerPropertiesInput): Array<[string, string]> {
  const { host, port, controllerPort, dataDir } = input
  return [
    ['process.roles', 'broker,controller'],
    ['node.id', '1'],
    ['controller.quorum.voters', `1@${host}:${controllerPort}`],
    ['listeners', `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${host}:${port}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', join(dataDir, 'kraft')],
    ['offsets.topic.replication.factor', '1'],
    // One partition instead of 50 makes the first consumer-group join fast on a dev machine.
    ['offsets.topic.num.partitions', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    // Tests start one consumer and expect it to get partitions immediately, not after 3 s.
    ['group.initial.rebalance.delay.ms', '0'],
    // Topics are part of the design (created explicitly with their config), never by a typo.
    ['auto.create.topics.enable', 'false'],
    ['num.partitions', '1'],
  ]
}

/** Contents of the per-run `server.properties`. */
export function buildServerProperties(input: ServerPropertiesInput): string {
  return renderProperties(
    serverPropertyEntries(input),
    'Single-node KRaft broker written by tools/kafka at each start; edits are lost on restart.',
  )
}

/**
 * Contents of the per-run `log4j.properties`: INFO to `${kafka.logs.dir}/server.log` (size-capped,
 * it is what the tool tails on failure), WARN and above also to stdout, which the tool redirects
 * to `logs/stdout.log` together with anything the JVM prints before log4j is up.
 */
export function buildLog4jProperties(): string {
  return renderProperties(
    [
      ['log4j.rootLogger', 'INFO, kafkaAppender, stdout'],
      ['log4j.appender.stdout', 'org.apache.log4j.ConsoleAppender'],
      ['log4j.appender.stdout.Threshold', 'WARN'],
      ['log4j.appender.stdout.layout', 'org.apache.log4j.PatternLayout'],
      ['log4j.appender.stdout.layout.ConversionPattern', '[%d] %p %m (%c)%n'],
      ['log4j.appender.kafkaAppender', 'org.apache.log4j.RollingFileAppender'],
      ['log4j.appender.kafkaAppender.File', '${kafka.logs.dir}/server.log'],
      ['log4j.appender.kafkaAppender.MaxFileSize', '50MB'],
      ['log4j.appender.kafkaAppender.MaxBackupIndex', '2'],
      ['log4j.appender.kafkaAppender.layout', 'org.apache.log4j.PatternLayout'],
      ['log4j.appender.kafkaAppender.layout.ConversionPattern', '[%d] %p %m (%c)%n'],
      // Per-request and state-change logging is very chatty and never useful for a dev broker.
      ['log4j.logger.kafka.request.logger', 'WARN'],
      ['log4j.logger.state.change.logger', 'WARN'],
      ['log4j.logger.org.apache.zookeeper', 'WARN'],
    ],
    'log4j 1.x (reload4j) config written by tools/kafka at each start.',
  )
}

/**
 * log4j config of the short-lived `StorageTool format` run: WARN and above to stderr, which the
 * tool captures and shows only on failure. A separate file keeps its output out of server.log,
 * whose tail must describe the broker when start-up fails.
 */
export function buildToolsLog4jProperties(): string {
  return renderProperties(
    [
      ['log4j.rootLogger', 'WARN, stderr'],
      ['log4j.appender.stderr', 'org.apache.log4j.ConsoleAppender'],
      ['log4j.appender.stderr.Target', 'System.err'],
      ['log4j.appender.stderr.layout', 'org.apache.log4j.PatternLayout'],
      ['log4j.appender.stderr.layout.ConversionPattern', '[%d] %p %m (%c)%n'],
    ],
    'log4j 1.x (reload4j) config of kafka.tools.StorageTool, written by tools/kafka.',
  )
}

/** Renders `key=value` lines in the java.util.Properties text format. */
export function renderProperties(entries: Array<[string, string]>, comment?: string): string {
  const header = comment === undefined ? '' : `# ${comment}\n`
  return header + entries.map(([key, value]) => `${key}=${escapeValue(value)}`).join('\n') + '\n'
}

// java.util.Properties treats `\` as an escape and a line break as the end of the value; escape
// both so a Windows path or an odd dataDir cannot corrupt the file.
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n')
}
