import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { SUPERVISOR_NODE_FLAGS } from '@k2/config'

const ROOT = new URL('../../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8')

/** The words of the command that starts `apps/supervisor/src/main.ts`, up to that path. */
function flagsBeforeMain(words: readonly string[]): string[] {
  const main = words.indexOf('apps/supervisor/src/main.ts')
  expect(main).toBeGreaterThan(0)
  return words.slice(0, main).filter((w) => w.startsWith('--'))
}

describe('SUPERVISOR_NODE_FLAGS', () => {
  it('are on the command of `nx serve supervisor`', () => {
    const project = JSON.parse(read('apps/supervisor/project.json')) as {
      targets: { serve: { options: { command: string } } }
    }
    const words = project.targets.serve.options.command.split(/\s+/)
    expect(flagsBeforeMain(words)).toEqual([...SUPERVISOR_NODE_FLAGS])
  })

  it("are on the Dockerfile's CMD", () => {
    const cmd = read('Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '))
    expect(cmd).toBeDefined()
    const words = JSON.parse(cmd!.slice(4)) as string[]
    expect(flagsBeforeMain(words)).toEqual([...SUPERVISOR_NODE_FLAGS])
  })

  it('are accepted by this Node', () => {
    const run = spawnSync(process.execPath, [...SUPERVISOR_NODE_FLAGS, '-e', 'process.exit(0)'])
    expect(run.stderr.toString()).toBe('')
    expect(run.status).toBe(0)
  })
})
