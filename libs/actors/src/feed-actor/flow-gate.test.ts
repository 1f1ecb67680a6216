import { afterEach, describe, expect, it, vi } from 'vitest'

import { FlowGate } from './flow-gate.js'

function gateAt(options: { pauseAt: number; resumeAt: number; maxPauseMs?: number }) {
  let level = 0
  const log: string[] = []
  const gate = new FlowGate({ maxPauseMs: 1_000, ...options }, () => level, {
    pause: () => log.push(`pause@${level}`),
    resume: () => log.push(`resume@${level}`),
    expired: () => log.push('expired'),
  })
  const set = (n: number) => {
    level = n
    gate.update()
  }
  return { gate, log, set }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('FlowGate', () => {
  it('pauses at the high watermark and resumes at the low one, once each (hysteresis)', () => {
    const { gate, log, set } = gateAt({ pauseAt: 3, resumeAt: 1 })
    for (const n of [1, 2, 3, 4, 3, 2, 2, 1, 0, 2, 3]) set(n)
    expect(log).toEqual(['pause@3', 'resume@1', 'pause@3'])
    expect(gate.paused).toBe(true)
    expect(gate.stats()).toMatchObject({ pauses: 2, pauseTimeouts: 0 })
  })

  it('a pause past maxPauseMs expires once and holds until release', () => {
    vi.useFakeTimers()
    const { gate, log, set } = gateAt({ pauseAt: 2, resumeAt: 0, maxPauseMs: 500 })
    set(2)
    vi.advanceTimersByTime(500)
    expect(log).toEqual(['pause@2', 'expired'])
    set(0) // held: no resume while the sink skips and resyncs
    expect(log).toHaveLength(2)
    vi.advanceTimersByTime(5_000)
    expect(gate.stats()).toMatchObject({ pauses: 1, pauseTimeouts: 1, pausedMs: 5_500 })
    gate.release()
    expect(log).toEqual(['pause@2', 'expired', 'resume@0'])
    expect(gate.paused).toBe(false)
    set(2) // working again after the release
    expect(log.at(-1)).toBe('pause@2')
  })

  it('refuses watermarks that cross and a bad maxPauseMs', () => {
    expect(() => gateAt({ pauseAt: 2, resumeAt: 2 })).toThrow(/pauseAt/)
    expect(() => gateAt({ pauseAt: 2, resumeAt: -1 })).toThrow(/resumeAt/)
    expect(() => gateAt({ pauseAt: 2, resumeAt: 0, maxPauseMs: 0 })).toThrow(/maxPauseMs/)
  })
})
