import type avsc from 'avsc'

import type { CompatibilityLevel } from './compatibility-level.js'

/** An earlier version of a subject, as the compatibility check needs it. */
export interface PreviousVersion {
  readonly version: number
  readonly text: string
  readonly type: avsc.Type
}

/**
 * Why `candidate` may not follow `previous` (oldest first) under `level`; empty when it may.
 * BACKWARD: the candidate can read data written with the old schema; FORWARD: the old schema can
 * read data written with the candidate; FULL: both. Plain levels compare with the latest version
 * only, *_TRANSITIVE ones with every version. Like upstream, the check stops at the first (newest)
 * incompatible version and reports it as `{oldSchemaVersion: N}`, `{oldSchema: '...'}` and
 * `{compatibility: '...'}` entries after the reasons.
 */
export function compatibilityErrors(
  level: CompatibilityLevel,
  candidate: avsc.Type,
  previous: readonly PreviousVersion[],
): string[] {
  if (level === 'NONE') return []
  const against = level.endsWith('_TRANSITIVE') ? [...previous].reverse() : previous.slice(-1)
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL')
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL')
  for (const old of against) {
    const reasons: string[] = []
    if (backward) {
      const problem = readProblem(candidate, old.type)
      if (problem !== undefined) reasons.push(reason('the new schema', 'the old schema', problem))
    }
    if (forward) {
      const problem = readProblem(old.type, candidate)
      if (problem !== undefined) reasons.push(reason('the old schema', 'the new schema', problem))
    }
    if (reasons.length > 0) {
      return [
        ...reasons,
        `{oldSchemaVersion: ${old.version}}`,
        `{oldSchema: '${old.text}'}`,
        `{compatibility: '${level}'}`,
      ]
    }
  }
  return []
}

/**
 * Undefined when `reader` can read what `writer` wrote (Avro schema resolution), else avsc's reason.
 * Namespaces are ignored when matching named types because Avro's Java `SchemaCompatibility`,
 * which upstream uses, compares unqualified names too.
 */
export function readProblem(reader: avsc.Type, writer: avsc.Type): string | undefined {
  try {
    reader.createResolver(writer, { ignoreNamespaces: true })
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}

function reason(reader: string, writer: string, problem: string): string {
  return `{description:'${reader} cannot read data written with ${writer}: ${problem}'}`
}
