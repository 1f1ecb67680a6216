import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { DATA_DIR_MARKER, prepareDataDir } from './data-dir.js'
import { isKafkaToolError } from './errors.js'

const roots: string[] = []
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'k2-kafka-data-dir-'))
  roots.push(root)
  return root
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

describe('prepareDataDir', () => {
  it('creates the dir with its logs subdir and marker', () => {
    const dataDir = join(tempRoot(), 'run')
    const files = prepareDataDir(dataDir)
    expect(existsSync(files.logsDir)).toBe(true)
    expect(existsSync(join(dataDir, DATA_DIR_MARKER))).toBe(true)
  })

  it('wipes a dir it created before', () => {
    const dataDir = join(tempRoot(), 'run')
    prepareDataDir(dataDir)
    writeFileSync(join(dataDir, 'old-topic-data'), 'x')
    prepareDataDir(dataDir)
    expect(existsSync(join(dataDir, 'old-topic-data'))).toBe(false)
  })

  it('refuses to wipe a non-empty dir it did not create', () => {
    const dataDir = tempRoot()
    writeFileSync(join(dataDir, 'precious.txt'), 'keep me')
    let caught: unknown
    try {
      prepareDataDir(dataDir)
    } catch (error) {
      caught = error
    }
    expect(isKafkaToolError(caught, 'KAFKA_TOOL_INVALID_OPTION')).toBe(true)
    expect(existsSync(join(dataDir, 'precious.txt'))).toBe(true)
  })
})
