import { describe, expect, it } from 'vitest'

import { CoreError } from '../errors/index.js'
import { deriveMessageId } from '../ids/index.js'
import { nowMicros } from '../time/index.js'
import { createReferenceData, type ReferenceDataInput } from './reference-data.js'

const VALID: ReferenceDataInput = {
  company_id: '7078',
  symbol: 'BHP',
  exchange: 'asx',
  asset_class: 'equities',
  company_name: 'BHP Group Ltd',
  listing_date: '1885-08-13',
}

/** Runs `fn` and returns the CoreError it throws (fails the test when it does not throw one). */
function thrown(fn: () => unknown): CoreError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(CoreError)
    return err as CoreError
  }
  throw new Error('expected a CoreError, nothing was thrown')
}

describe('createReferenceData', () => {
  it('builds a normalised, frozen ReferenceDataV2 with defaults', () => {
    const r = createReferenceData(VALID)
    expect(Object.keys(r)).toEqual([
      'message_id',
      'company_id',
      'symbol',
      'exchange',
      'asset_class',
      'company_name',
      'isin',
      'currency',
      'listing_date',
      'delisting_date',
      'is_active',
      'ingestion_timestamp',
      'vendor_data',
    ])
    expect(Object.isFrozen(r)).toBe(true)
    expect(r.exchange).toBe('ASX')
    expect(r.message_id).toBe(deriveMessageId('ASX', 'BHP', '7078'))
    expect(r.listing_date).toBe(Date.UTC(1885, 7, 13) * 1000)
    expect(r.isin).toBeNull()
    expect(r.currency).toBeNull()
    expect(r.delisting_date).toBeNull()
    expect(r.is_active).toBe(true)
    expect(r.vendor_data).toBeNull()
  })

  it('keeps optional fields', () => {
    const r = createReferenceData({
      ...VALID,
      isin: 'AU000000BHP4',
      currency: 'AUD',
      delisting_date: 1_704_067_200_000,
      is_active: false,
      ingestion_timestamp: 1_704_067_200_000_001n,
      vendor_data: { gics: '15104020' },
    })
    expect(r.isin).toBe('AU000000BHP4')
    expect(r.currency).toBe('AUD')
    expect(r.delisting_date).toBe(1_704_067_200_000_000)
    expect(r.is_active).toBe(false)
    expect(r.ingestion_timestamp).toBe(1_704_067_200_000_001)
    expect(r.vendor_data).toEqual({ gics: '15104020' })
    expect(Object.isFrozen(r.vendor_data)).toBe(true)
  })

  it('defaults ingestion_timestamp to now (µs)', () => {
    const before = nowMicros()
    const r = createReferenceData(VALID)
    const after = nowMicros()
    expect(r.ingestion_timestamp).toBeGreaterThanOrEqual(before)
    expect(r.ingestion_timestamp).toBeLessThanOrEqual(after)
  })

  it.each([
    ['message_id', { message_id: '' }, 'CORE_INVALID_FIELD'],
    ['company_id', { company_id: '' }, 'CORE_INVALID_FIELD'],
    ['company_id', { company_id: 7078 }, 'CORE_INVALID_FIELD'],
    ['symbol', { symbol: '' }, 'CORE_INVALID_FIELD'],
    ['exchange', { exchange: '' }, 'CORE_INVALID_FIELD'],
    ['asset_class', { asset_class: 'equity' }, 'CORE_INVALID_FIELD'],
    ['company_name', { company_name: '' }, 'CORE_INVALID_FIELD'],
    ['isin', { isin: '' }, 'CORE_INVALID_FIELD'],
    ['currency', { currency: 36 }, 'CORE_INVALID_FIELD'],
    ['listing_date', { listing_date: '2014-02-30' }, 'CORE_INVALID_TIMESTAMP'],
    ['listing_date', { listing_date: undefined }, 'CORE_INVALID_TIMESTAMP'],
    ['delisting_date', { delisting_date: 'never' }, 'CORE_INVALID_TIMESTAMP'],
    ['is_active', { is_active: 'yes' }, 'CORE_INVALID_FIELD'],
    ['is_active', { is_active: 1 }, 'CORE_INVALID_FIELD'],
    ['ingestion_timestamp', { ingestion_timestamp: 0.5 }, 'CORE_INVALID_TIMESTAMP'],
    ['vendor_data', { vendor_data: [] }, 'CORE_INVALID_FIELD'],
    ['vendor_data.gics', { vendor_data: { gics: 15104020 } }, 'CORE_INVALID_FIELD'],
  ])('rejects a bad %s (%o)', (field, patch, code) => {
    const err = thrown(() => createReferenceData({ ...VALID, ...patch } as never))
    expect(err.code).toBe(code)
    expect(err.retriable).toBe(false)
    expect(err.message.startsWith(`${field}: `)).toBe(true)
    expect(err.context).toMatchObject({ field })
  })
})
