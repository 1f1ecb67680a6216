import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { ENV_VARS } from '@k2/config'

import {
  bindMountsOf,
  dependenciesOf,
  environmentOf,
  portsOf,
  readComposeFile,
  readYaml,
  REPO_ROOT,
  type ComposeService,
} from './compose-file.js'
import { validateComposeDocument } from './compose-schema.js'

const compose = readComposeFile()
const services = compose.services

function service(name: string): ComposeService {
  const s = services[name]
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`)
  return s
}

const k2Env = environmentOf(service('k2'))

/** `host:port` of a URL or of a `host:port` string. */
function hostPort(value: string): { host: string; port: number } {
  const url = new URL(value.includes('://') ? value : `tcp://${value}`)
  return { host: url.hostname, port: Number(url.port) }
}

/** The container path a service mounts a repository path at (bind mount sources as written). */
function mountTarget(s: ComposeService, repoPath: string): string | undefined {
  return bindMountsOf(s).find((m) => resolve(REPO_ROOT, m.source) === resolve(REPO_ROOT, repoPath))
    ?.target
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const problems = validateComposeDocument(compose)
    expect(problems, problems.join('\n')).toEqual([])
  })

  it('has the user stack: Kafka, schema registry, Jaeger, Prometheus, Grafana and K2', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['kafka', 'schema-registry', 'jaeger', 'prometheus', 'grafana', 'k2']),
    )
  })

  it('pins every image to a version', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build !== undefined) continue
      expect(s.image, name).toMatch(/^[\w./-]+:v?\d+(\.\d+)+$/)
    }
  })

  it('builds K2 from the Dockerfile at the repository root', () => {
    const build = service('k2').build
    const context = typeof build === 'string' ? build : (build?.context ?? '.')
    const dockerfile = typeof build === 'object' ? (build.dockerfile ?? 'Dockerfile') : 'Dockerfile'
    expect(resolve(REPO_ROOT, context)).toBe(REPO_ROOT)
    expect(existsSync(join(REPO_ROOT, context, dockerfile))).toBe(true)
  })

  it('bind-mounts only files and folders that exist in the repository', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const m of bindMountsOf(s)) {
        expect(existsSync(resolve(REPO_ROOT, m.source)), `${name}: ${m.source}`).toBe(true)
      }
    }
  })
})

describe('K2 service', () => {
  it('sets only variables libs/config knows, each with a value it accepts', () => {
    const known = new Map(Object.values(ENV_VARS).map((v) => [v.name, v.schema]))
    const k2Vars = Object.entries(k2Env).filter(([name]) => name.startsWith('K2_'))
    expect(k2Vars.length).toBeGreaterThan(0)
    for (const [name, value] of k2Vars) {
      const schema = known.get(name)
      expect(schema, `${name} is not a libs/config variable`).toBeDefined()
      const parsed = schema!.safeParse(value)
      expect(parsed.success, `${name}=${value}: ${parsed.error?.message ?? ''}`).toBe(true)
    }
  })

  it('uses the Kafka transport against the compose broker, once it is healthy', () => {
    expect(k2Env.K2_TRANSPORT).toBe('kafka')
    const advertised = environmentOf(service('kafka')).KAFKA_ADVERTISED_LISTENERS ?? ''
    const brokers = (k2Env.K2_KAFKA_BROKERS ?? '').split(',')
    expect(brokers.length).toBeGreaterThan(0)
    for (const broker of brokers) {
      const { host, port } = hostPort(broker)
      expect(host).toBe('kafka')
      // The broker must advertise the same host:port, or clients are sent elsewhere after bootstrap.
      expect(advertised.split(',').map((l) => l.replace(/^\w+:\/\//, ''))).toContain(
        `${host}:${port}`,
      )
    }
    expect(dependenciesOf(service('k2')).kafka).toBe('service_healthy')
  })

  it('registers its schemas in the compose schema registry', () => {
    const { host, port } = hostPort(k2Env.K2_SCHEMA_REGISTRY_URL ?? '')
    expect(host).toBe('schema-registry')
    const listeners = environmentOf(service('schema-registry')).SCHEMA_REGISTRY_LISTENERS ?? ''
    expect(listeners.split(',').map((l) => hostPort(l).port)).toContain(port)
    expect(dependenciesOf(service('k2'))).toHaveProperty('schema-registry')
  })

  it('sends traces over OTLP/HTTP to Jaeger', () => {
    const { host, port } = hostPort(k2Env.K2_OTEL_EXPORTER_OTLP_ENDPOINT ?? '')
    expect(host).toBe('jaeger')
    expect(port).toBe(4318) // OTLP/HTTP, the protocol of K2's exporter (libs/config)
    expect(portsOf(service('jaeger')).map((p) => p.target)).toEqual(
      expect.arrayContaining([4318, 16686]),
    )
    expect(dependenciesOf(service('k2'))).toHaveProperty('jaeger')
  })

  it('publishes the API port, keeps the warehouse in a volume and checks its own health', () => {
    const apiPort = Number(k2Env.K2_API_PORT ?? ENV_VARS.apiPort.default)
    expect(portsOf(service('k2'))).toContainEqual({ published: apiPort, target: apiPort })
    const warehouse = k2Env.K2_WAREHOUSE ?? ''
    const volume = (service('k2').volumes ?? [])
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.split(':'))
      .find(([, target]) => warehouse.startsWith(`${target}/`))
    expect(volume, `no volume holds ${warehouse}`).toBeDefined()
    expect(compose.volumes).toHaveProperty(volume![0]!)
    expect(JSON.stringify(service('k2').healthcheck?.test)).toContain(
      `127.0.0.1:${apiPort}/health/live`,
    )
  })
})

describe('Prometheus', () => {
  const configTarget = mountTarget(service('prometheus'), 'deploy/prometheus/prometheus.yml')
  const config = readYaml('deploy/prometheus/prometheus.yml') as {
    scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[]
  }

  it('reads deploy/prometheus/prometheus.yml as its configuration', () => {
    expect(configTarget).toBe('/etc/prometheus/prometheus.yml')
  })

  it("scrapes K2's /metrics on the k2 service's API port", () => {
    const apiPort = Number(k2Env.K2_API_PORT ?? ENV_VARS.apiPort.default)
    const k2Jobs = config.scrape_configs.filter((job) =>
      job.static_configs.some((c) => c.targets.includes(`k2:${apiPort}`)),
    )
    expect(k2Jobs).toHaveLength(1)
    expect(k2Jobs[0]!.metrics_path ?? '/metrics').toBe('/metrics')
  })
})

describe('Grafana', () => {
  const grafana = service('grafana')
  const provisioning = 'deploy/grafana/provisioning'

  it('is provisioned from deploy/grafana/provisioning', () => {
    expect(mountTarget(grafana, provisioning)).toBe('/etc/grafana/provisioning')
  })

  it('has the prometheus service as its datasource', () => {
    const file = readYaml(`${provisioning}/datasources/prometheus.yml`) as {
      datasources: { type: string; url: string; uid: string }[]
    }
    const [ds, ...others] = file.datasources.filter((d) => d.type === 'prometheus')
    expect(others).toHaveLength(0)
    const { host, port } = hostPort(ds!.url)
    expect(host).toBe('prometheus')
    expect(portsOf(service('prometheus')).map((p) => p.target)).toContain(port)
    expect(dependenciesOf(grafana)).toHaveProperty('prometheus')
  })

  it('loads deploy/grafana/dashboards, with the K2 dashboard as home', () => {
    const file = readYaml(`${provisioning}/dashboards/k2.yml`) as {
      providers: { type: string; options: { path: string } }[]
    }
    const dashboardsTarget = mountTarget(grafana, 'deploy/grafana/dashboards')
    expect(dashboardsTarget).toBeDefined()
    expect(file.providers.map((p) => p.options.path)).toContain(dashboardsTarget)
    expect(environmentOf(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(
      `${dashboardsTarget}/k2.json`,
    )
    expect(existsSync(join(REPO_ROOT, 'deploy/grafana/dashboards/k2.json'))).toBe(true)
  })
})

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')

  it('builds on pinned base images', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!)
    expect(bases.length).toBeGreaterThan(0)
    for (const base of bases) expect(base).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/)
  })

  it("installs with npm ci and runs the supervisor's serve command", () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m)
    const project = JSON.parse(
      readFileSync(join(REPO_ROOT, 'apps/supervisor/project.json'), 'utf8'),
    ) as { targets: { serve: { options: { command: string } } } }
    const [runner, ...args] = project.targets.serve.options.command.split(' ')
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)
    expect(cmd).not.toBeNull()
    expect(JSON.parse(cmd![1]!)).toEqual([`node_modules/.bin/${runner}`, ...args])
  })

  it('leaves node_modules and local data out of the build context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n')
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'data', '.git']))
  })
})
