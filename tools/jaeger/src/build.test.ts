import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { assertGoAvailable, goInstallCommand } from './build.js'
import { isJaegerToolError } from './errors.js'
import {
  GO_MODULE_DIR,
  JAEGER_BINARY,
  JAEGER_HOME,
  JAEGER_PACKAGE,
  JAEGER_VERSION,
} from './paths.js'

describe('Jaeger build pinning', () => {
  const goMod = readFileSync(join(GO_MODULE_DIR, 'go.mod'), 'utf8')

  it('builds the version that go.mod pins, as a tool of the wrapper module', () => {
    const required = new RegExp(
      `^\\s*github\\.com/jaegertracing/jaeger ${JAEGER_VERSION.replace(/\./g, '\\.')}\\b`,
      'm',
    )
    expect(goMod).toMatch(required)
    expect(goMod).toContain(`tool ${JAEGER_PACKAGE}`)
    // Jaeger's own replace directive, without which its build list would differ from the release.
    expect(goMod).toMatch(
      /^replace github\.com\/Shopify\/sarama => github\.com\/Shopify\/sarama v1\.33\.0$/m,
    )
    expect(readFileSync(join(GO_MODULE_DIR, 'go.sum'), 'utf8')).toContain(
      `github.com/jaegertracing/jaeger ${JAEGER_VERSION} h1:`,
    )
  })

  it('caches the binary per version under .k2/jaeger', () => {
    expect(JAEGER_BINARY).toBe(join(JAEGER_HOME, 'bin', JAEGER_VERSION, 'jaeger'))
  })

  it('installs the package (not pkg@version, which Jaeger refuses) niced, stripped', () => {
    const { command, args } = goInstallCommand()
    const line = [command, ...args].join(' ')
    expect(line).toContain(`go install -v -trimpath -ldflags=-s -w ${JAEGER_PACKAGE}`)
    expect(line).not.toContain('@')
    if (process.platform !== 'win32') expect(line.startsWith('nice -n 10 go ')).toBe(true)
  })

  it('names the missing Go toolchain instead of failing obscurely', () => {
    expect(() => assertGoAvailable()).not.toThrow() // Go is a requirement of this tool
    const path = process.env['PATH']
    process.env['PATH'] = '/nonexistent'
    try {
      expect(() => assertGoAvailable()).toThrow(
        expect.toSatisfy(
          (error) =>
            isJaegerToolError(error, 'JAEGER_TOOL_GO_MISSING') && /ENOENT/.test(error.message),
        ),
      )
    } finally {
      process.env['PATH'] = path
    }
  })
})
