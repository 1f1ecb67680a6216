import { describe, expect, it } from 'vitest'

import { isJaegerToolError } from './errors.js'
import { DEFAULTS, resolveStartOptions, resolveStopOptions } from './options.js'

describe('resolveStartOptions', () => {
  it('defaults to the standard Jaeger ports on loopback', () => {
    expect(resolveStartOptions()).toMatchObject({
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      queryPort: 16686,
      queryGrpcPort: 16685,
      host: '127.0.0.1',
      timeoutMs: DEFAULTS.timeoutMs,
    })
  })

  it('derives each gRPC port from its HTTP port unless given', () => {
    expect(resolveStartOptions({ otlpHttpPort: 14318, queryPort: 26686 })).toMatchObject({
      otlpGrpcPort: 14317,
      queryGrpcPort: 26685,
    })
    expect(
      resolveStartOptions({ otlpHttpPort: 14318, otlpGrpcPort: 5000, queryGrpcPort: 5001 }),
    ).toMatchObject({ otlpGrpcPort: 5000, queryGrpcPort: 5001, queryPort: 16686 })
  })

  it.each([
    [{ queryPort: 0 }, 'queryPort'],
    [{ otlpHttpPort: 70000 }, 'otlpHttpPort'],
    [{ otlpHttpPort: 1 }, 'otlpGrpcPort'], // derived 0 is invalid too
    [{ timeoutMs: -1 }, 'timeoutMs'],
    [{ queryPort: 4318 }, 'queryPort'],
    [{ otlpHttpPort: 16687 }, 'queryPort'], // its derived gRPC port 16686 clashes with the query port
    [{ prot: 1 }, 'prot'],
    [{ log: 'yes' }, 'log'],
  ])('rejects %j naming %s', (options, name) => {
    let caught: unknown
    try {
      resolveStartOptions(options as never)
    } catch (error) {
      caught = error
    }
    expect(isJaegerToolError(caught, 'JAEGER_TOOL_INVALID_OPTION')).toBe(true)
    expect((caught as Error).message).toContain(`invalid option ${name}`)
  })
})

describe('resolveStopOptions', () => {
  it('defaults and validates', () => {
    expect(resolveStopOptions()).toMatchObject({ queryPort: 16686, timeoutMs: 10_000 })
    expect(() => resolveStopOptions({ queryPort: -5 })).toThrow(/invalid option queryPort/)
    expect(() => resolveStopOptions({ otlpHttpPort: 1 } as never)).toThrow(/otlpHttpPort/)
  })
})
