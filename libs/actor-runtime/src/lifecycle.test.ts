import { describe, expect, it } from 'vitest'

import { ACTOR_STATES, ACTOR_TRANSITIONS, createLifecycle, type ActorState } from './lifecycle.js'

describe('actor lifecycle table', () => {
  it('starts in starting; stopped and failed are final', () => {
    expect(createLifecycle('a').state).toBe('starting')
    expect(ACTOR_TRANSITIONS.stopped).toEqual([])
    expect(ACTOR_TRANSITIONS.failed).toEqual([])
  })

  it('follows a start, a death, a restart and a stop', () => {
    const lc = createLifecycle('a')
    const path: ActorState[] = [
      'running',
      'restarting',
      'starting',
      'running',
      'stopping',
      'stopped',
    ]
    for (const to of path) lc.transitionTo(to)
    expect(lc.state).toBe('stopped')
  })

  const illegal: ReadonlyArray<readonly [ActorState[], ActorState]> = [
    [[], 'stopped'],
    [['running'], 'starting'],
    [['running', 'restarting'], 'running'],
    [['running', 'stopping'], 'running'],
    [['running', 'stopping', 'stopped'], 'starting'],
    [['failed'], 'starting'],
  ]

  it.each(illegal)('after %j refuses -> %s with ACTOR_ILLEGAL_TRANSITION', (before, to) => {
    const lc = createLifecycle('a')
    for (const s of before) lc.transitionTo(s)
    const from = lc.state
    expect(lc.can(to)).toBe(false)
    expect(() => lc.transitionTo(to)).toThrow(
      expect.objectContaining({
        code: 'ACTOR_ILLEGAL_TRANSITION',
        context: { actor: 'a', from, to },
      }),
    )
    expect(lc.state).toBe(from)
  })

  it('names only known states in the table', () => {
    for (const [from, tos] of Object.entries(ACTOR_TRANSITIONS)) {
      expect(ACTOR_STATES).toContain(from)
      for (const to of tos) expect(ACTOR_STATES).toContain(to)
    }
  })
})
