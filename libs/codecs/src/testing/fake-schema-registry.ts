import { CodecsError } from '../errors.js'
import type { CompatibilityLevel, SchemaRegistryClient } from '../registry/index.js'

/** Calls a {@link FakeSchemaRegistry} has answered, by method, for assertions on caching. */
export interface FakeRegistryCalls {
  register: number
  getSchemaById: number
  setCompatibility: number
}

/**
 * An in-memory Confluent-compatible schema registry for unit tests: global ids from 1, the same
 * schema text under the same subject keeps its id, unknown ids fail with
 * `CODECS_UNKNOWN_SCHEMA_ID` like the REST client does on a 404. Counts every call and can be told
 * to fail the next lookups, to test that the decoder caches ids and does not cache failures.
 */
export class FakeSchemaRegistry implements SchemaRegistryClient {
  readonly calls: FakeRegistryCalls = { register: 0, getSchemaById: 0, setCompatibility: 0 }
  /** Compatibility level set per subject. */
  readonly compatibility = new Map<string, CompatibilityLevel>()
  /** Registered schema ids per subject, in registration order. */
  readonly subjects = new Map<string, number[]>()
  private readonly schemas = new Map<number, string>()
  private nextId: number
  private failures: Error[] = []

  /** `firstId`: the id of the first registered schema (a real registry starts at 1). */
  constructor(firstId = 1) {
    this.nextId = firstId
  }

  async register(subject: string, schema: string): Promise<number> {
    this.calls.register++
    const ids = this.subjects.get(subject) ?? []
    const existing = ids.find((id) => this.schemas.get(id) === schema)
    if (existing !== undefined) return existing
    const id = this.nextId++
    this.schemas.set(id, schema)
    this.subjects.set(subject, [...ids, id])
    return id
  }

  async getSchemaById(id: number): Promise<string> {
    this.calls.getSchemaById++
    const failure = this.failures.shift()
    if (failure !== undefined) throw failure
    const schema = this.schemas.get(id)
    if (schema === undefined) {
      throw new CodecsError('CODECS_UNKNOWN_SCHEMA_ID', `schema id ${id} not found`, {
        context: { schemaId: id },
      })
    }
    return schema
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    this.calls.setCompatibility++
    this.compatibility.set(subject, level)
  }

  /** Stores `schema` under a chosen id, as if another producer had registered it. */
  put(id: number, schema: string): void {
    this.schemas.set(id, schema)
    this.nextId = Math.max(this.nextId, id + 1)
  }

  /** Makes the next `getSchemaById` calls throw these errors, one per call. */
  failNextLookups(...errors: Error[]): void {
    this.failures.push(...errors)
  }
}
