import { describe, expect, it } from 'vitest'

import {
  JSON_MEDIA_TYPE,
  SCHEMA_REGISTRY_JSON,
  SCHEMA_REGISTRY_V1_JSON,
  isConsumedType,
  negotiateResponseType,
} from './media-types.js'

describe('negotiateResponseType', () => {
  it.each([
    [undefined, SCHEMA_REGISTRY_V1_JSON],
    ['', SCHEMA_REGISTRY_V1_JSON],
    ['*/*', SCHEMA_REGISTRY_V1_JSON],
    ['application/*', SCHEMA_REGISTRY_V1_JSON],
    [SCHEMA_REGISTRY_V1_JSON, SCHEMA_REGISTRY_V1_JSON],
    [SCHEMA_REGISTRY_JSON, SCHEMA_REGISTRY_JSON],
    ['application/json', JSON_MEDIA_TYPE],
    ['Application/JSON; charset=utf-8', JSON_MEDIA_TYPE],
    // What Confluent's Java client sends.
    [
      'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json',
      SCHEMA_REGISTRY_V1_JSON,
    ],
    ['application/json, */*;q=0.1', JSON_MEDIA_TYPE],
    ['text/html, */*;q=0.8', SCHEMA_REGISTRY_V1_JSON],
    ['text/plain', undefined],
    ['application/json;q=0', undefined],
  ])('Accept %j -> %j', (accept, expected) => {
    expect(negotiateResponseType(accept)).toBe(expected)
  })
})

describe('isConsumedType', () => {
  it.each([
    [undefined, true],
    [SCHEMA_REGISTRY_V1_JSON, true],
    [SCHEMA_REGISTRY_JSON, true],
    ['application/json; charset=utf-8', true],
    ['application/octet-stream', true],
    ['application/x-www-form-urlencoded', false],
    ['text/plain', false],
  ])('Content-Type %j -> %j', (contentType, expected) => {
    expect(isConsumedType(contentType)).toBe(expected)
  })
})
