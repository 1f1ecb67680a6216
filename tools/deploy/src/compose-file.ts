import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { parse } from 'yaml'

/** The repository root: `docker-compose.yml`, `Dockerfile` and `deploy/` live there. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** One service of a Compose file, as far as the checks read it (Compose Specification names). */
export interface ComposeService {
  readonly image?: string
  readonly build?: string | { readonly context?: string; readonly dockerfile?: string }
  readonly environment?: Readonly<Record<string, string | number | boolean | null>> | string[]
  readonly ports?: readonly (string | number | ComposePortLong)[]
  readonly volumes?: readonly (string | ComposeVolumeLong)[]
  readonly depends_on?:
    | readonly string[]
    | Readonly<Record<string, { readonly condition?: string }>>
  readonly healthcheck?: { readonly test?: string | readonly string[] }
}

interface ComposePortLong {
  readonly target: number | string
  readonly published?: number | string
}

interface ComposeVolumeLong {
  readonly type: string
  readonly source?: string
  readonly target: string
  readonly read_only?: boolean
}

/** A Compose file: the keys the checks read; the schema check covers the rest. */
export interface ComposeFile {
  readonly name?: string
  readonly services: Readonly<Record<string, ComposeService>>
  readonly volumes?: Readonly<Record<string, unknown>>
}

/** Reads and parses a YAML file (relative paths from the repository root). */
export function readYaml(path: string): unknown {
  return parse(readFileSync(resolve(REPO_ROOT, path), 'utf8'))
}

/** The repository's `docker-compose.yml`, parsed (not interpolated: `${VAR:-x}` stays as text). */
export function readComposeFile(path = 'docker-compose.yml'): ComposeFile {
  return readYaml(path) as ComposeFile
}

/**
 * Compose's interpolation with every variable unset, i.e. what `docker compose up` uses when the
 * user sets nothing: `${VAR:-default}` and `${VAR-default}` give the default, `${VAR}` and `$VAR`
 * give '' and `$$` is a literal `$`.
 */
export function interpolateUnset(value: string): string {
  return value.replace(
    /\$\$|\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*/g,
    (match, fallback: string | undefined) => (match === '$$' ? '$' : (fallback ?? '')),
  )
}

/** A service's environment as a map (the list form `KEY=value` too), values interpolated. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {}
  const entries = Array.isArray(env)
    ? env.map((line) => {
        const eq = line.indexOf('=')
        return eq < 0 ? [line, ''] : [line.slice(0, eq), line.slice(eq + 1)]
      })
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)])
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolateUnset(v!)]))
}

/** A published port: `published` on the host -> `target` in the container. */
export interface PortMapping {
  readonly published: number | undefined
  readonly target: number
}

/** A service's ports, short (`[ip:]host:container[/proto]`) and long syntax alike. */
export function portsOf(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        target: Number(p.target),
        published: p.published === undefined ? undefined : Number(p.published),
      }
    }
    const parts = String(p)
      .replace(/\/(tcp|udp)$/, '')
      .split(':')
    const target = Number(parts.at(-1))
    return { target, published: parts.length > 1 ? Number(parts.at(-2)) : undefined }
  })
}

/** A bind mount: a file or folder of the repository (`source`, relative) at `target`. */
export interface BindMount {
  readonly source: string
  readonly target: string
  readonly readOnly: boolean
}

/** A service's bind mounts (short syntax `./src:/dst[:ro]` and long `type: bind`). */
export function bindMountsOf(service: ComposeService): BindMount[] {
  const mounts: BindMount[] = []
  for (const v of service.volumes ?? []) {
    if (typeof v === 'object') {
      if (v.type === 'bind' && v.source !== undefined) {
        mounts.push({ source: v.source, target: v.target, readOnly: v.read_only === true })
      }
      continue
    }
    const [source = '', target = '', mode = ''] = v.split(':')
    if (source.startsWith('.') || source.startsWith('/')) {
      mounts.push({ source, target, readOnly: mode.split(',').includes('ro') })
    }
  }
  return mounts
}

/** The services a service depends on, with their condition (`service_started` when not given). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? []
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']))
  return Object.fromEntries(
    Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']),
  )
}
