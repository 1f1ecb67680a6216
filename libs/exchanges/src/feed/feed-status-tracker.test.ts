import { NOOP_LOGGER } from '@k2/core'
import { describe, expect, it } from 'vitest'

import type { FeedStatusChange } from './feed-events.js'
import { FeedStatusTracker } from './feed-status-tracker.js'
import { observerLog } from './testing/feed-harness.js'

function tracker() {
  const changes: FeedStatusChange[] = []
  const log: string[] = []
  const t = new FeedStatusTracker(
    { onStatus: (c) => changes.push(c) },
    observerLog(log),
    NOOP_LOGGER,
  )
  return { t, changes, log }
}

describe('FeedStatusTracker', () => {
  it('reports each change once, with the previous status, reason and URL', async () => {
    const { t, changes, log } = tracker()
    const settled = t.settled()
    t.set('connecting')
    t.set('reconnecting', 'connect_failed', 'ws://b')
    t.set('reconnecting', 'connect_failed', 'ws://c') // no change
    t.set('connected', undefined, 'ws://c')
    expect(changes).toEqual([
      { status: 'connecting', previous: null },
      { status: 'reconnecting', previous: 'connecting', reason: 'connect_failed', url: 'ws://b' },
      { status: 'connected', previous: 'reconnecting', url: 'ws://c' },
    ])
    expect(log).toEqual(['status:connecting', 'status:reconnecting', 'status:connected'])
    expect(await settled).toBe('connected')
    expect(t.current).toBe('connected')
  })

  it('throws on a change the table does not allow', () => {
    const { t } = tracker()
    t.set('connecting')
    t.set('failed')
    expect(() => t.set('connected')).toThrow(
      expect.objectContaining({ code: 'FEED_ILLEGAL_TRANSITION' }),
    )
  })
})
