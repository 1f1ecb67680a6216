import { loadConfig } from '@k2/config'
import { describe, expect, it } from 'vitest'

import {
  COMMIT_POLICY_DEFAULTS,
  commitPolicyFromConfig,
  validateCommitPolicy,
} from './commit-policy.js'

describe('commit policy', () => {
  it('defaults to the commit section of the configuration: 2 s, 200,000 rows, 8 MiB', () => {
    expect(COMMIT_POLICY_DEFAULTS).toEqual({
      maxAgeMs: 2_000,
      maxRows: 200_000,
      maxBytes: 8 * 1024 * 1024,
    })
  })

  it('takes K2_COMMIT_INTERVAL_MS, _MAX_ROWS and _MAX_BYTES from a loaded configuration', () => {
    const config = loadConfig({
      K2_COMMIT_INTERVAL_MS: '1500',
      K2_COMMIT_MAX_ROWS: '1000',
      K2_COMMIT_MAX_BYTES: '65536',
    })
    expect(commitPolicyFromConfig(config)).toEqual({
      maxAgeMs: 1_500,
      maxRows: 1_000,
      maxBytes: 65_536,
    })
    expect(commitPolicyFromConfig(loadConfig({})).maxBytes).toBe(COMMIT_POLICY_DEFAULTS.maxBytes)
  })

  it.each([
    [{ maxRows: 0 }, 'policy.maxRows'],
    [{ maxBytes: -1 }, 'policy.maxBytes'],
    [{ maxAgeMs: 1.5 }, 'policy.maxAgeMs'],
    [{ maxRows: Number.NaN }, 'policy.maxRows'],
  ])('refuses %j naming %s', (policy, option) => {
    expect(() => validateCommitPolicy(policy)).toThrow(
      expect.objectContaining({ code: 'ACTORS_INVALID_OPTIONS', context: { option } }),
    )
  })
})
