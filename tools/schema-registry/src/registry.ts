import { parseAvroSchema, type ParsedSchema } from './avro-schema.js'
import { parseCompatibilityLevel, type CompatibilityLevel } from './compatibility-level.js'
import { compatibilityErrors, type PreviousVersion } from './compatibility.js'
import {
  ERROR_CODES,
  RegistryError,
  incompatibleSchema,
  invalidCompatibilityLevel,
  schemaNotFound,
  subjectCompatibilityNotConfigured,
  subjectNotFound,
  versionNotFound,
} from './errors.js'
import { parseConfigRequest, parseSchemaRequest } from './request-body.js'
import { SchemaStore, type StoredSchema, type SubjectVersion } from './store.js'
import { LATEST_VERSION, parseVersionId } from './version-id.js'

/** Upstream's `Schema` entity for Avro (`schemaType` and empty `references` are omitted). */
export interface SchemaVersionResponse {
  subject: string
  version: number
  id: number
  schema: string
}

/** Upstream's `CompatibilityCheckResponse`; `messages` only when `verbose=true` was asked. */
export interface CompatibilityResponse {
  is_compatible: boolean
  messages?: string[]
}

/**
 * The registry operations behind the REST endpoints, with upstream's semantics and errors
 * ({@link RegistryError}). Bodies come in as parsed JSON and are validated here, so the HTTP
 * layer only routes.
 */
export class SchemaRegistry {
  constructor(private readonly store: SchemaStore = new SchemaStore()) {}

  /**
   * `POST /subjects/{subject}/versions`. A schema already registered under the subject returns its
   * id without a new version (and without a compatibility check, as upstream); otherwise it must
   * be compatible with the subject's versions, then becomes the next version.
   */
  register(subject: string, body: unknown): { id: number } {
    const parsed = parseAvroSchema(parseSchemaRequest(body).schema)
    const versions = this.store.versions(subject)
    const existing = versions.find((schema) => schema.canonical === parsed.canonical)
    if (existing !== undefined) return { id: existing.id }
    const level = this.store.effectiveLevel(subject)
    const errors = compatibilityErrors(level, parsed.type, previousVersions(versions))
    if (errors.length > 0) throw incompatibleSchema(subject, errors)
    const stored = this.store.intern(parsed)
    this.store.addVersion(subject, stored)
    return { id: stored.id }
  }

  /** `POST /subjects/{subject}`: the version of `subject` holding this schema, else 404 40403. */
  lookup(subject: string, body: unknown): SchemaVersionResponse {
    const request = parseSchemaRequest(body)
    const versions = this.store.versions(subject)
    if (versions.length === 0) throw subjectNotFound(subject)
    const parsed = parseAvroSchema(request.schema)
    const index = versions.findIndex((schema) => schema.canonical === parsed.canonical)
    if (index < 0) throw schemaNotFound()
    return versionResponse(subject, index + 1, versions[index] as StoredSchema)
  }

  /** `GET /schemas/ids/{id}`. */
  schemaById(id: number): { schema: string } {
    return { schema: this.requireSchema(id).text }
  }

  /** `GET /schemas/ids/{id}/versions`: every subject version using the schema. */
  versionsOfSchema(id: number): SubjectVersion[] {
    this.requireSchema(id)
    return this.store.usesOf(id)
  }

  /** `GET /subjects`. */
  subjects(): string[] {
    return this.store.subjects()
  }

  /** `GET /subjects/{subject}/versions`. */
  versions(subject: string): number[] {
    const versions = this.store.versions(subject)
    if (versions.length === 0) throw subjectNotFound(subject)
    return versions.map((_, index) => index + 1)
  }

  /** `GET /subjects/{subject}/versions/{version}`, `version` being a number, -1 or "latest". */
  version(subject: string, versionSegment: string): SchemaVersionResponse {
    const requested = parseVersionId(versionSegment)
    const versions = this.store.versions(subject)
    if (versions.length === 0) throw subjectNotFound(subject)
    const version = requested === LATEST_VERSION ? versions.length : requested
    const schema = versions[version - 1]
    if (schema === undefined) throw versionNotFound(requested)
    return versionResponse(subject, version, schema)
  }

  /**
   * `POST /compatibility/subjects/{subject}/versions[/{version}]`: with a version, checks against
   * that version only (in the direction of the subject's level); without one, exactly the check a
   * registration would make. As upstream, "latest" of a subject without versions is compatible,
   * a numbered version of it is 404 40402, and with `verbose` an invalid schema is reported in
   * `messages` instead of as a 422.
   */
  testCompatibility(
    subject: string,
    versionSegment: string | undefined,
    body: unknown,
    verbose: boolean,
  ): CompatibilityResponse {
    const versions = this.store.versions(subject)
    let previous = previousVersions(versions)
    if (versionSegment !== undefined) {
      const requested = parseVersionId(versionSegment)
      const version = requested === LATEST_VERSION ? versions.length : requested
      const target = previous[version - 1]
      if (target === undefined && requested !== LATEST_VERSION) throw versionNotFound(requested)
      previous = target === undefined ? [] : [target]
    }
    let parsed: ParsedSchema
    try {
      parsed = parseAvroSchema(parseSchemaRequest(body).schema)
    } catch (error) {
      const invalid =
        error instanceof RegistryError && error.errorCode === ERROR_CODES.INVALID_SCHEMA
      if (verbose && invalid) return { is_compatible: false, messages: [error.message] }
      throw error
    }
    const errors = compatibilityErrors(this.store.effectiveLevel(subject), parsed.type, previous)
    const response: CompatibilityResponse = { is_compatible: errors.length === 0 }
    if (verbose) response.messages = errors
    return response
  }

  /** `GET /config`. */
  globalConfig(): { compatibilityLevel: CompatibilityLevel } {
    return { compatibilityLevel: this.store.globalLevel() }
  }

  /** `PUT /config`; answers with the request as sent, as upstream does. */
  setGlobalConfig(body: unknown): { compatibility: unknown } {
    const request = parseConfigRequest(body)
    this.store.setGlobalLevel(requireLevel(request.compatibility))
    return { compatibility: request.compatibility }
  }

  /**
   * `GET /config/{subject}`: the subject's own level, else 404 40408 unless `defaultToGlobal`
   * asks for the level that applies.
   */
  subjectConfig(subject: string, defaultToGlobal: boolean): { compatibilityLevel: string } {
    const level = defaultToGlobal
      ? this.store.effectiveLevel(subject)
      : this.store.subjectLevel(subject)
    if (level === undefined) throw subjectCompatibilityNotConfigured(subject)
    return { compatibilityLevel: level }
  }

  /** `PUT /config/{subject}`; works for subjects without versions too. */
  setSubjectConfig(subject: string, body: unknown): { compatibility: unknown } {
    const request = parseConfigRequest(body)
    this.store.setSubjectLevel(subject, requireLevel(request.compatibility))
    return { compatibility: request.compatibility }
  }

  private requireSchema(id: number): StoredSchema {
    const schema = this.store.schemaById(id)
    if (schema === undefined) throw schemaNotFound(id)
    return schema
  }
}

function previousVersions(versions: readonly StoredSchema[]): PreviousVersion[] {
  return versions.map((schema, index) => ({
    version: index + 1,
    text: schema.text,
    type: schema.type,
  }))
}

function versionResponse(
  subject: string,
  version: number,
  schema: StoredSchema,
): SchemaVersionResponse {
  return { subject, version, id: schema.id, schema: schema.text }
}

function requireLevel(value: unknown): CompatibilityLevel {
  const level = parseCompatibilityLevel(value)
  if (level === undefined) throw invalidCompatibilityLevel()
  return level
}
