import { describe, expect, it } from 'vitest'

import {
  BREAKER_DEFAULTS,
  BREAKER_STATES,
  BREAKER_STATE_VALUES,
  BREAKER_TRANSITIONS,
  CircuitBreaker,
  type BreakerState,
} from './circuit-breaker.js'
import { ManualClock } from './testing/manual-clock.js'

function breaker(clock = new ManualClock()) {
  const changes: string[] = []
  const b = new CircuitBreaker('binance_websocket', BREAKER_DEFAULTS, clock, (state, previous) =>
    changes.push(`${previous}->${state}`),
  )
  return { b, clock, changes }
}

describe('CircuitBreaker (D9: open after 3 failures, half-open after 30 s, closed after 2 successes)', () => {
  it('has a transition row per state and documents the metric encoding 0/1/2', () => {
    expect(Object.keys(BREAKER_TRANSITIONS).sort()).toEqual([...BREAKER_STATES].sort())
    expect(BREAKER_STATE_VALUES).toEqual({ closed: 0, open: 1, 'half-open': 2 })
    expect(BREAKER_DEFAULTS).toEqual({
      failureThreshold: 3,
      halfOpenAfterMs: 30_000,
      successThreshold: 2,
    })
  })

  it('opens on the 3rd consecutive failure and refuses attempts while open', () => {
    const { b, changes } = breaker()
    b.recordFailure()
    b.recordFailure()
    expect(b.state).toBe('closed')
    expect(b.canAttempt()).toBe(true)
    b.recordFailure()
    expect(b.state).toBe('open')
    expect(b.canAttempt()).toBe(false)
    expect(b.msUntilHalfOpen()).toBe(30_000)
    expect(changes).toEqual(['closed->open'])
  })

  it('a success in closed resets the failure count', () => {
    const { b } = breaker()
    b.recordFailure()
    b.recordFailure()
    b.recordSuccess()
    b.recordFailure()
    b.recordFailure()
    expect(b.state).toBe('closed')
  })

  it('half-opens after 30 s, closes after 2 successes', async () => {
    const { b, clock, changes } = breaker()
    for (let i = 0; i < 3; i++) b.recordFailure()
    await clock.advance(29_999)
    expect(b.canAttempt()).toBe(false)
    expect(b.msUntilHalfOpen()).toBe(1)
    await clock.advance(1)
    expect(b.canAttempt()).toBe(true)
    expect(b.state).toBe('half-open')
    b.recordSuccess()
    expect(b.state).toBe('half-open')
    b.recordSuccess()
    expect(b.state).toBe('closed')
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed'])
  })

  it('a failure in half-open opens it again for another full wait', async () => {
    const { b, clock, changes } = breaker()
    for (let i = 0; i < 3; i++) b.recordFailure()
    await clock.advance(30_000)
    b.canAttempt()
    b.recordSuccess()
    b.recordFailure()
    expect(b.state).toBe('open')
    expect(b.msUntilHalfOpen()).toBe(30_000)
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->open'])
  })

  it('ignores outcomes that arrive while open', () => {
    const { b, changes } = breaker()
    for (let i = 0; i < 3; i++) b.recordFailure()
    b.recordFailure()
    b.recordSuccess()
    expect(b.state).toBe('open')
    expect(changes).toEqual(['closed->open'])
  })

  it.each([
    ['closed', 'half-open'],
    ['open', 'closed'],
  ] as [BreakerState, BreakerState][])('the table refuses %s -> %s', (from, to) => {
    expect(BREAKER_TRANSITIONS[from]).not.toContain(to)
  })
})
