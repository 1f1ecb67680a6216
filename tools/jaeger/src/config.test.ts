import { describe, expect, it } from 'vitest'

import { buildJaegerConfig } from './config.js'

const ports = { otlpHttpPort: 14318, otlpGrpcPort: 14317, queryPort: 26686, queryGrpcPort: 26685 }

describe('buildJaegerConfig', () => {
  const yaml = buildJaegerConfig({ ...ports, host: '127.0.0.1' })

  it('binds exactly the four requested listeners, on the given host', () => {
    const endpoints = [...yaml.matchAll(/endpoint: (\S+)/g)].map((match) => match[1])
    expect(endpoints.sort()).toEqual(
      ['127.0.0.1:14317', '127.0.0.1:14318', '127.0.0.1:26685', '127.0.0.1:26686'].sort(),
    )
    // OTLP HTTP and gRPC sit under the receiver, query HTTP and gRPC under the extension.
    expect(yaml).toMatch(
      /grpc:\n\s+endpoint: 127\.0\.0\.1:14317\n\s+http:\n\s+endpoint: 127\.0\.0\.1:14318/,
    )
    expect(yaml).toMatch(
      /http:\n\s+endpoint: 127\.0\.0\.1:26686\n\s+grpc:\n\s+endpoint: 127\.0\.0\.1:26685/,
    )
  })

  it('has no self-metrics listener and no self-tracing into another instance', () => {
    expect(yaml).toMatch(/metrics:\n\s+level: none/)
    expect(yaml).toContain('enable_tracing: false')
    expect(yaml).not.toMatch(/\D(8888|4317|4318|16685|16686)\b/) // no default port left
  })

  it('wires the OTLP pipeline into in-memory storage that the query extension reads', () => {
    expect(yaml).toMatch(/receivers: \[otlp\]/)
    expect(yaml).toMatch(/exporters: \[jaeger_storage_exporter\]/)
    expect(yaml).toMatch(/memstore:\n\s+memory:\n\s+max_traces: 100000/)
    expect(yaml).toMatch(/traces: memstore/)
    expect(yaml).toMatch(/trace_storage: memstore/)
    expect(yaml).not.toContain('\t') // YAML forbids tabs for indentation
  })
})
