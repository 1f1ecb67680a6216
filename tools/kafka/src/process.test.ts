import { spawn } from 'node:child_process'

import { describe, expect, it } from 'vitest'

import { isKafkaBrokerProcess, isProcessAlive, terminateProcess } from './process.js'

function spawnNode(script: string): number {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
  if (child.pid === undefined) throw new Error('spawn failed')
  return child.pid
}

describe('process helpers', () => {
  it('tells a live process from a Kafka broker (recycled PIDs must not be killed)', () => {
    expect(isProcessAlive(process.pid)).toBe(true)
    expect(isKafkaBrokerProcess(process.pid)).toBe(false)
  })

  it('stops a well-behaved process with SIGTERM', async () => {
    const pid = spawnNode('setInterval(() => {}, 1000)')
    expect(await terminateProcess(pid, 5_000)).toBe('SIGTERM')
    expect(isProcessAlive(pid)).toBe(false)
  })

  it('falls back to SIGKILL when SIGTERM is ignored', async () => {
    const pid = spawnNode("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)")
    // Let the child install its handler, otherwise SIGTERM would simply kill it.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await terminateProcess(pid, 300)).toBe('SIGKILL')
    expect(isProcessAlive(pid)).toBe(false)
  })
})
