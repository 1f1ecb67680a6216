import type { ParsedSchema } from './avro-schema.js'
import { DEFAULT_COMPATIBILITY_LEVEL, type CompatibilityLevel } from './compatibility-level.js'

/** A schema with its global id; `text` is the text of its first registration, kept verbatim. */
export interface StoredSchema extends ParsedSchema {
  readonly id: number
}

/** Where a schema id is used: one version of one subject. */
export interface SubjectVersion {
  readonly subject: string
  readonly version: number
}

/**
 * The registry's state, in memory only (a test double starts empty every time). Ids are global
 * and start at 1; a schema gets one id whatever subject it is registered under. A subject exists
 * once it has a version; versions run 1..n in registration order (no deletes, so no gaps).
 */
export class SchemaStore {
  readonly #schemasById = new Map<number, StoredSchema>()
  readonly #idsByCanonical = new Map<string, number>()
  readonly #versionsBySubject = new Map<string, StoredSchema[]>()
  readonly #levelsBySubject = new Map<string, CompatibilityLevel>()
  #globalLevel: CompatibilityLevel = DEFAULT_COMPATIBILITY_LEVEL
  #nextId = 1

  /** The schema with this id, if any. */
  schemaById(id: number): StoredSchema | undefined {
    return this.#schemasById.get(id)
  }

  /** The stored schema with the same canonical form as `schema`, adding it under a new id if none. */
  intern(schema: ParsedSchema): StoredSchema {
    const existing = this.#idsByCanonical.get(schema.canonical)
    if (existing !== undefined) return this.#schemasById.get(existing) as StoredSchema
    const stored: StoredSchema = { ...schema, id: this.#nextId++ }
    this.#schemasById.set(stored.id, stored)
    this.#idsByCanonical.set(stored.canonical, stored.id)
    return stored
  }

  /** Subjects with at least one version, sorted. */
  subjects(): string[] {
    return [...this.#versionsBySubject.keys()].sort()
  }

  /** The schemas of `subject` by version (index 0 is version 1); empty for an unknown subject. */
  versions(subject: string): readonly StoredSchema[] {
    return this.#versionsBySubject.get(subject) ?? []
  }

  /** Appends `schema` as the next version of `subject` and returns that version number. */
  addVersion(subject: string, schema: StoredSchema): number {
    const versions = this.#versionsBySubject.get(subject) ?? []
    versions.push(schema)
    this.#versionsBySubject.set(subject, versions)
    return versions.length
  }

  /** Every subject version that uses schema `id`, sorted by subject then version. */
  usesOf(id: number): SubjectVersion[] {
    const uses: SubjectVersion[] = []
    for (const subject of this.subjects()) {
      this.versions(subject).forEach((schema, index) => {
        if (schema.id === id) uses.push({ subject, version: index + 1 })
      })
    }
    return uses
  }

  /** The global compatibility level. */
  globalLevel(): CompatibilityLevel {
    return this.#globalLevel
  }

  /** Sets the global compatibility level. */
  setGlobalLevel(level: CompatibilityLevel): void {
    this.#globalLevel = level
  }

  /** The level set for `subject` itself, if any (no fallback to the global level). */
  subjectLevel(subject: string): CompatibilityLevel | undefined {
    return this.#levelsBySubject.get(subject)
  }

  /** Sets the level of `subject`; allowed before the subject has any version, as upstream. */
  setSubjectLevel(subject: string, level: CompatibilityLevel): void {
    this.#levelsBySubject.set(subject, level)
  }

  /** The level that applies to `subject`: its own, else the global one. */
  effectiveLevel(subject: string): CompatibilityLevel {
    return this.subjectLevel(subject) ?? this.#globalLevel
  }
}
