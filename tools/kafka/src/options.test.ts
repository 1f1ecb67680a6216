import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { KafkaToolError } from './errors.js'
import { DEFAULTS, resolveStartOptions, resolveStopOptions } from './options.js'
import { defaultDataDir } from './paths.js'

function invalidOption(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaToolError)
    expect((error as KafkaToolError).code).toBe('KAFKA_TOOL_INVALID_OPTION')
    return (error as Error).message
  }
  throw new Error('expected KAFKA_TOOL_INVALID_OPTION')
}

describe('resolveStartOptions', () => {
  it('applies DEFAULTS', () => {
    const opts = resolveStartOptions()
    expect(opts).toMatchObject({
      port: 9092,
      controllerPort: 9093,
      host: '127.0.0.1',
      dataDir: defaultDataDir(9092),
      timeoutMs: DEFAULTS.timeoutMs,
    })
  })

  it('derives controllerPort and dataDir from port', () => {
    const opts = resolveStartOptions({ port: 19092 })
    expect(opts.controllerPort).toBe(19093)
    expect(opts.dataDir).toBe(defaultDataDir(19092))
  })

  it('makes dataDir absolute', () => {
    expect(resolveStartOptions({ dataDir: 'tmp/kafka' }).dataDir).toBe(resolve('tmp/kafka'))
  })

  it('names the bad option', () => {
    expect(invalidOption(() => resolveStartOptions({ port: 0 }))).toMatch(/invalid option port:/)
    expect(invalidOption(() => resolveStartOptions({ port: 1.5 }))).toMatch(/option port:/)
    expect(invalidOption(() => resolveStartOptions({ port: 65535 }))).toMatch(
      /option controllerPort: .*65536/,
    )
    expect(invalidOption(() => resolveStartOptions({ port: 9000, controllerPort: 9000 }))).toMatch(
      /option controllerPort: must differ/,
    )
    expect(invalidOption(() => resolveStartOptions({ timeoutMs: -1 }))).toMatch(/option timeoutMs/)
    expect(invalidOption(() => resolveStartOptions({ dataDir: ' ' }))).toMatch(/option dataDir/)
  })

  it('rejects unknown keys from untyped callers', () => {
    const options = { prot: 19092 } as unknown as Parameters<typeof resolveStartOptions>[0]
    expect(invalidOption(() => resolveStartOptions(options))).toMatch(/invalid option prot:/)
  })
})

describe('resolveStopOptions', () => {
  it('defaults to port 9092 and a 20 s grace period', () => {
    expect(resolveStopOptions()).toMatchObject({ port: 9092, timeoutMs: 20_000 })
  })

  it('names the bad option', () => {
    expect(invalidOption(() => resolveStopOptions({ port: 70000 }))).toMatch(/option port:/)
  })
})
