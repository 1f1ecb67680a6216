import kafkajs from 'kafkajs'
import { describe, expect, it } from 'vitest'

import { kafkaLogLevel } from './kafkajs-log-level.js'

const { logLevel } = kafkajs

describe('kafkaLogLevel', () => {
  it("keeps kafkajs's own levels", () => {
    expect(kafkaLogLevel('Consumer', logLevel.ERROR, 'Crash: x', {})).toBe('error')
    expect(kafkaLogLevel('Connection', logLevel.WARN, 'x', {})).toBe('warn')
    expect(kafkaLogLevel('ConsumerGroup', logLevel.INFO, 'Consumer has joined the group', {})).toBe(
      'info',
    )
    expect(kafkaLogLevel('Connection', logLevel.DEBUG, 'Request Fetch', {})).toBe('debug')
  })

  it('moves routine error responses (rebalance, coordinator, leader election) to debug', () => {
    const rebalancing = { error: 'The group is rebalancing, so a rejoin is needed' }
    expect(
      kafkaLogLevel(
        'Connection',
        logLevel.ERROR,
        'Response Heartbeat(key: 12, version: 3)',
        rebalancing,
      ),
    ).toBe('debug')
    const election = {
      error:
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
    }
    expect(kafkaLogLevel('Connection', logLevel.ERROR, 'Response Metadata(key: 3)', election)).toBe(
      'debug',
    )
  })

  it('keeps other error responses, and the same text from elsewhere, at error', () => {
    const denied = { error: 'Not authorized to access topics: [Topic authorization failed.]' }
    expect(kafkaLogLevel('Connection', logLevel.ERROR, 'Response Produce(key: 0)', denied)).toBe(
      'error',
    )
    const rebalancing = { error: 'The group is rebalancing, so a rejoin is needed' }
    expect(kafkaLogLevel('Consumer', logLevel.ERROR, 'Crash', rebalancing)).toBe('error')
  })

  it('drops the idempotent producer retry warning', () => {
    expect(
      kafkaLogLevel(
        'Producer',
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
        {},
      ),
    ).toBe('drop')
  })
})
