import { describe, expect, it } from 'vitest'

import {
  buildLog4jProperties,
  buildServerProperties,
  renderProperties,
  serverPropertyEntries,
} from './server-properties.js'

const input = {
  host: '127.0.0.1',
  port: 19092,
  controllerPort: 19093,
  dataDir: '/tmp/k2/run-19092',
}

/** Minimal java.util.Properties reader: enough to check what the broker will see. */
function parse(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line): [string, string] => {
      const at = line.indexOf('=')
      return [line.slice(0, at), line.slice(at + 1)]
    })
  return new Map(entries)
}

describe('buildServerProperties', () => {
  it('configures a single-node KRaft broker+controller on loopback', () => {
    const props = parse(buildServerProperties(input))
    expect(Object.fromEntries(props)).toEqual({
      'process.roles': 'broker,controller',
      'node.id': '1',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:19092',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'PLAINTEXT',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      'log.dirs': '/tmp/k2/run-19092/kraft',
      'offsets.topic.replication.factor': '1',
      'offsets.topic.num.partitions': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
      'auto.create.topics.enable': 'false',
      'num.partitions': '1',
    })
  })

  it('keeps every replication factor and ISR at 1 (anything else hangs consumers)', () => {
    const replication = serverPropertyEntries(input).filter(([key]) =>
      /replication\.factor|min\.isr/.test(key),
    )
    expect(replication.length).toBeGreaterThan(0)
    expect(replication.every(([, value]) => value === '1')).toBe(true)
  })

  it('follows the given ports', () => {
    const props = parse(buildServerProperties({ ...input, port: 9092, controllerPort: 29093 }))
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:29093')
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:29093')
  })

  it('has unique keys, a comment header and a trailing newline', () => {
    const text = buildServerProperties(input)
    const keys = serverPropertyEntries(input).map(([key]) => key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(text.startsWith('# ')).toBe(true)
    expect(text.endsWith('num.partitions=1\n')).toBe(true)
  })
})

describe('renderProperties', () => {
  it('escapes backslashes and line breaks so Windows paths survive', () => {
    expect(renderProperties([['log.dirs', 'C:\\k2\\kraft']])).toBe('log.dirs=C:\\\\k2\\\\kraft\n')
    expect(renderProperties([['a', 'x\ny']])).toBe('a=x\\ny\n')
  })
})

describe('buildLog4jProperties', () => {
  it('logs to ${kafka.logs.dir}/server.log and WARN+ to stdout', () => {
    const props = parse(buildLog4jProperties())
    expect(props.get('log4j.rootLogger')).toBe('INFO, kafkaAppender, stdout')
    expect(props.get('log4j.appender.kafkaAppender.File')).toBe('${kafka.logs.dir}/server.log')
    expect(props.get('log4j.appender.stdout.Threshold')).toBe('WARN')
  })
})
