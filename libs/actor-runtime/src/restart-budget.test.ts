import { describe, expect, it } from 'vitest'

import { createRestartBudget } from './restart-budget.js'

describe('restart budget and backoff', () => {
  const options = {
    initialDelayMs: 100,
    maxDelayMs: 350,
    budget: { maxRestarts: 4, windowMs: 1_000 },
  }

  it('doubles the delay per restart in the window, capped at maxDelayMs', () => {
    const budget = createRestartBudget(options)
    expect([0, 1, 2, 3].map((t) => budget.onDeath(t))).toEqual([
      { restart: true, attempt: 1, delayMs: 100 },
      { restart: true, attempt: 2, delayMs: 200 },
      { restart: true, attempt: 3, delayMs: 350 },
      { restart: true, attempt: 4, delayMs: 350 },
    ])
  })

  it('refuses the restart past maxRestarts within the window', () => {
    const budget = createRestartBudget(options)
    for (let t = 0; t < 4; t++) budget.onDeath(t)
    expect(budget.onDeath(999)).toEqual({ restart: false, restartsInWindow: 4 })
  })

  it('forgets restarts older than the window, so the delay falls back', () => {
    const budget = createRestartBudget(options)
    budget.onDeath(0)
    budget.onDeath(10)
    expect(budget.onDeath(1_005)).toEqual({ restart: true, attempt: 2, delayMs: 200 })
    expect(budget.onDeath(5_000)).toEqual({ restart: true, attempt: 1, delayMs: 100 })
  })

  it('with maxRestarts 0 never restarts', () => {
    const budget = createRestartBudget({ ...options, budget: { maxRestarts: 0, windowMs: 1 } })
    expect(budget.onDeath(0)).toMatchObject({ restart: false })
  })
})
