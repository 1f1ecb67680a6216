import { describe, expect, it } from 'vitest'

import { parseAvroSchema } from './avro-schema.js'
import { parseCompatibilityLevel, type CompatibilityLevel } from './compatibility-level.js'
import { compatibilityErrors, readProblem, type PreviousVersion } from './compatibility.js'

const fields = (...list: Array<Record<string, unknown>>) =>
  JSON.stringify({ type: 'record', name: 'Trade', fields: list })
const A = { name: 'a', type: 'int' }
const B_DEFAULT = { name: 'b', type: 'string', default: '' }
const B_REQUIRED = { name: 'b', type: 'string' }

const V1 = fields(A) // a
const ADD_WITH_DEFAULT = fields(A, B_DEFAULT) // a, b=""
const ADD_REQUIRED = fields(A, B_REQUIRED) // a, b
const DROP_A = fields() // nothing
const A_AS_LONG = fields({ name: 'a', type: 'long' })

function previous(...texts: string[]): PreviousVersion[] {
  return texts.map((text, index) => ({
    version: index + 1,
    text,
    type: parseAvroSchema(text).type,
  }))
}

function compatible(level: CompatibilityLevel, candidate: string, before: string[]): boolean {
  return (
    compatibilityErrors(level, parseAvroSchema(candidate).type, previous(...before)).length === 0
  )
}

describe('compatibilityErrors', () => {
  it.each<[CompatibilityLevel, string, string, string[], boolean]>([
    ['BACKWARD', 'add a field with a default', ADD_WITH_DEFAULT, [V1], true],
    ['BACKWARD', 'add a field without a default', ADD_REQUIRED, [V1], false],
    ['BACKWARD', 'remove a field', DROP_A, [V1], true],
    ['BACKWARD', 'promote int to long', A_AS_LONG, [V1], true],
    ['BACKWARD', 'demote long to int', V1, [A_AS_LONG], false],
    ['FORWARD', 'add a field without a default', ADD_REQUIRED, [V1], true],
    ['FORWARD', 'remove a field without a default', DROP_A, [V1], false],
    ['FORWARD', 'remove a field with a default', V1, [ADD_WITH_DEFAULT], true],
    ['FULL', 'add a field with a default', ADD_WITH_DEFAULT, [V1], true],
    ['FULL', 'add a field without a default', ADD_REQUIRED, [V1], false],
    ['FULL', 'remove a field without a default', DROP_A, [V1], false],
    ['NONE', 'change a type incompatibly', fields({ name: 'a', type: 'string' }), [V1], true],
    ['BACKWARD', 'anything as the first version', ADD_REQUIRED, [], true],
    // Each pair below has the same history; only the transitive level also checks the oldest.
    ['BACKWARD', 'only the latest counts', ADD_REQUIRED, [V1, ADD_WITH_DEFAULT], true],
    ['BACKWARD_TRANSITIVE', 'every version counts', ADD_REQUIRED, [V1, ADD_WITH_DEFAULT], false],
    ['FORWARD', 'only the latest counts', DROP_A, [V1, DROP_A], true],
    ['FORWARD_TRANSITIVE', 'every version counts', DROP_A, [V1, DROP_A], false],
    ['FULL', 'only the latest counts', ADD_WITH_DEFAULT, [A_AS_LONG, V1], true],
    ['FULL_TRANSITIVE', 'every version counts', ADD_WITH_DEFAULT, [A_AS_LONG, V1], false],
  ])('%s: %s', (level, _, candidate, before, expected) => {
    expect(compatible(level, candidate, before)).toBe(expected)
  })

  it('reports the reason, then the failing version, its text and the level, like upstream', () => {
    const errors = compatibilityErrors(
      'BACKWARD_TRANSITIVE',
      parseAvroSchema(ADD_REQUIRED).type,
      previous(V1, ADD_REQUIRED),
    )
    expect(errors).toEqual([
      expect.stringMatching(
        /^\{description:'the new schema cannot read data written with the old schema: .*b.*'\}$/,
      ),
      '{oldSchemaVersion: 1}',
      `{oldSchema: '${V1}'}`,
      "{compatibility: 'BACKWARD_TRANSITIVE'}",
    ])
  })

  it('reports both directions under FULL', () => {
    const errors = compatibilityErrors('FULL', parseAvroSchema(A_AS_LONG).type, previous(V1))
    expect(errors.filter((e) => e.startsWith('{description:'))).toEqual([
      expect.stringContaining('the old schema cannot read data written with the new schema'),
    ])
    const both = compatibilityErrors(
      'FULL',
      parseAvroSchema(fields({ name: 'a', type: 'string' })).type,
      previous(V1),
    )
    expect(both.filter((e) => e.startsWith('{description:'))).toHaveLength(2)
  })
})

describe('readProblem', () => {
  const parse = (schema: unknown) => parseAvroSchema(JSON.stringify(schema)).type

  it.each([
    [
      'a renamed record',
      { type: 'record', name: 'U', fields: [] },
      { type: 'record', name: 'T', fields: [] },
      false,
    ],
    [
      'a record alias',
      { type: 'record', name: 'U', aliases: ['T'], fields: [] },
      { type: 'record', name: 'T', fields: [] },
      true,
    ],
    [
      'a changed namespace (ignored, as in Java Avro)',
      { type: 'record', name: 'x.T', fields: [] },
      { type: 'record', name: 'y.T', fields: [] },
      true,
    ],
    [
      'an enum symbol the reader lacks',
      { type: 'enum', name: 'E', symbols: ['A'] },
      { type: 'enum', name: 'E', symbols: ['A', 'B'] },
      false,
    ],
    [
      'an enum symbol the reader lacks, with a reader default',
      { type: 'enum', name: 'E', symbols: ['A'], default: 'A' },
      { type: 'enum', name: 'E', symbols: ['A', 'B'] },
      true,
    ],
    ['a union read as one of its branches', 'int', ['null', 'int'], false],
    ['a value read as a union containing it', ['null', 'int'], 'int', true],
    [
      'a decimal read as bytes',
      'bytes',
      { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 8 },
      true,
    ],
    ['string read as bytes', 'bytes', 'string', true],
  ])('%s', (_, reader, writer, readable) => {
    expect(readProblem(parse(reader), parse(writer)) === undefined).toBe(readable)
  })
})

describe('parseCompatibilityLevel', () => {
  it.each([
    ['BACKWARD', 'BACKWARD'],
    ['full_transitive', 'FULL_TRANSITIVE'],
    ['None', 'NONE'],
    ['BACKWARDS', undefined],
    ['', undefined],
    [null, undefined],
    [1, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(parseCompatibilityLevel(input)).toBe(expected)
  })
})
