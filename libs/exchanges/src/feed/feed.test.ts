import { describe, expect, it } from 'vitest'

import { FeedError } from './errors.js'
import {
  FEED_STATUSES,
  FEED_STATUS_TRANSITIONS,
  checkFeedTransition,
  type FeedStatus,
} from './feed-status.js'
import { UrlRotation } from './url-rotation.js'

describe('UrlRotation', () => {
  it('goes round-robin from the primary and wraps', () => {
    const r = new UrlRotation(['wss://a/stream', 'wss://b/stream', 'wss://c/stream'])
    expect(r.current).toBe('wss://a/stream')
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual([
      'wss://b/stream',
      'wss://c/stream',
      'wss://a/stream',
      'wss://b/stream',
    ])
    expect(r.reset()).toBe('wss://a/stream')
  })

  it('stays on a single URL', () => {
    const r = new UrlRotation(['wss://a'])
    expect([r.next(), r.next()]).toEqual(['wss://a', 'wss://a'])
  })

  it('drops duplicates so no URL gets extra attempts', () => {
    expect(new UrlRotation(['wss://a', 'wss://b', 'wss://a']).urls).toEqual(['wss://a', 'wss://b'])
  })

  it('refuses an empty list', () => {
    expect(() => new UrlRotation([])).toThrow(FeedError)
    expect(() => new UrlRotation([])).toThrow(
      expect.objectContaining({ code: 'FEED_INVALID_OPTIONS' }),
    )
  })
})

describe('feed statuses', () => {
  it('has a transition row for every status', () => {
    expect(Object.keys(FEED_STATUS_TRANSITIONS).sort()).toEqual([...FEED_STATUSES].sort())
  })

  it.each([
    ['connecting', 'connected'],
    ['connected', 'reconnecting'],
    ['reconnecting', 'connected'],
    ['reconnecting', 'failed'],
    ['failed', 'stopped'],
    ['connected', 'stopped'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(checkFeedTransition(from, to)).toBe(to)
  })

  it.each([
    ['stopped', 'connecting'],
    ['failed', 'connected'],
    ['connected', 'connecting'],
    ['connected', 'connected'],
  ] as ReadonlyArray<readonly [FeedStatus, FeedStatus]>)('refuses %s -> %s', (from, to) => {
    expect(() => checkFeedTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'FEED_ILLEGAL_TRANSITION', context: { from, to } }),
    )
  })
})
