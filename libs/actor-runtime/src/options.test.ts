import { describe, expect, it } from 'vitest'

import { SUPERVISOR_DEFAULTS, validateSupervisorOptions } from './options.js'

describe('validateSupervisorOptions', () => {
  it('fills the metrics defaults: a 2 s snapshot wait, refreshed every 5 s', () => {
    const options = validateSupervisorOptions()
    expect(options.metricsTimeoutMs).toBe(2_000)
    expect(options.metricsRefreshMs).toBe(5_000)
    expect(SUPERVISOR_DEFAULTS).toMatchObject({ metricsTimeoutMs: 2_000, metricsRefreshMs: 5_000 })
    expect(validateSupervisorOptions({ metricsRefreshMs: 0 }).metricsRefreshMs).toBe(0)
  })

  it.each([
    ['metricsTimeoutMs', { metricsTimeoutMs: 0 }],
    ['metricsTimeoutMs', { metricsTimeoutMs: 1.5 }],
    ['metricsRefreshMs', { metricsRefreshMs: -1 }],
  ])('names %s when it is invalid', (option, input) => {
    expect(() => validateSupervisorOptions(input)).toThrow(
      expect.objectContaining({ code: 'ACTOR_INVALID_OPTIONS', context: { option } }),
    )
  })
})
