import { describe, expect, it } from 'vitest'

import { countLogEvents } from './log-events.js'

describe('countLogEvents', () => {
  it('counts events and warn/error lines, skipping what is not JSON', () => {
    const text = [
      '{"level":30,"msg":"running"}',
      '{"level":40,"event":"slow_write","ms":300}',
      '{"level":40,"event":"slow_write","ms":400}',
      '{"level":50,"event":"gap_unrepaired"}',
      'Debugger attached.',
      '{"level":40,"event":"feed_resync"',
      '',
    ].join('\n')
    expect(countLogEvents(text)).toEqual({
      '(error lines)': 1,
      '(warn lines)': 2,
      gap_unrepaired: 1,
      slow_write: 2,
    })
  })
})
