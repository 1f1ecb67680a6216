import { existsSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import {
  WORKSPACE_ROOT,
  computeProjectGraph,
  createLintProbe,
  type LintFinding,
  type LintProbe,
} from './lint-probe.js'

/**
 * The workspace's lint rules really enforce DESIGN.md D1: the dependency arrows between our
 * projects (Nx module boundaries on project tags), the confinement of each third-party client to
 * the one lib that owns it, and "only libs/config reads process.env". Each case lints a virtual
 * file placed in a project folder with the real `eslint.config.mjs`.
 */

const BOUNDARIES = '@nx/enforce-module-boundaries'
const RESTRICTED_IMPORTS = 'no-restricted-imports'
const RESTRICTED_PROPERTIES = 'no-restricted-properties'

/** The virtual file of a project folder that each case is linted as. */
const probePath = (folder: string) => `${folder}/src/__probe__.ts`

/** A module that imports `specifier` and uses the import as a value. */
const importing = (specifier: string) =>
  `import { probe } from '${specifier}'\n\nexport const used = probe\n`

let probe: LintProbe

/** Lints `code` as a file of `folder` and returns every finding, failing on parse errors. */
async function lint(folder: string, code: string): Promise<readonly LintFinding[]> {
  const findings = await probe.lint(probePath(folder), code)
  // ruleId null = parse error or "file ignored": the case would prove nothing.
  expect(findings.filter((f) => f.ruleId === null)).toEqual([])
  return findings
}

const errorsOf = (findings: readonly LintFinding[], ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId && f.severity === 2)

beforeAll(async () => {
  // @nx/enforce-module-boundaries reads only Nx's cached project graph and skips itself when
  // there is none, so compute it first (the sentinel test below proves the rule really ran).
  const projects = computeProjectGraph()
  expect(projects).toEqual(
    expect.arrayContaining([
      'core',
      'config',
      'codecs',
      'kafka',
      'telemetry',
      'supervisor',
      'tools-kafka',
      'e2e',
      'tools-workspace',
    ]),
  )
  probe = createLintProbe()
  await probe.lint(probePath('libs/core'), 'export const warmUp = 1\n')
}, 60_000)

describe('the module-boundary rule is really active', { timeout: 30_000 }, () => {
  it('has a cached project graph to read', () => {
    expect(existsSync(join(WORKSPACE_ROOT, '.nx', 'workspace-data', 'project-graph.json'))).toBe(
      true,
    )
  })

  it('reports a tag violation (it would report nothing if it had skipped itself)', async () => {
    const findings = await lint('libs/config', importing('@k2/codecs'))
    const errors = errorsOf(findings, BOUNDARIES)
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain(
      'A project tagged with "scope:config" can only depend on libs tagged with "scope:core"',
    )
  })
})

describe('D1 dependency arrows (@nx/enforce-module-boundaries)', { timeout: 30_000 }, () => {
  it.each([
    ['libs/core', '@k2/kafka'],
    ['libs/core', '@k2/config'],
    ['libs/core', '@k2/codecs'],
    ['libs/config', '@k2/codecs'],
    ['libs/config', '@k2/kafka'],
    ['libs/codecs', '@k2/config'],
    ['libs/codecs', '@k2/kafka'],
    ['libs/codecs', '@k2/telemetry'],
    ['libs/config', '@k2/telemetry'],
    ['libs/telemetry', '@k2/codecs'],
    ['libs/telemetry', '@k2/kafka'],
    ['libs/kafka', '@k2/supervisor'],
    ['libs/core', '@k2/tools-kafka'],
  ])('%s must not import %s', async (folder, specifier) => {
    const findings = await lint(folder, importing(specifier))
    expect(errorsOf(findings, BOUNDARIES)).toHaveLength(1)
  })

  it.each([
    ['a type-only import', "import type { Probe } from '@k2/kafka'\n\nexport type Used = Probe\n"],
    ['a re-export', "export { probe } from '@k2/config'\n"],
    ['a star re-export', "export * from '@k2/kafka'\n"],
    ['a dynamic import', "export const load = () => import('@k2/kafka')\n"],
    ['a relative path into another lib', importing('../../kafka/src/index.js')],
  ])('libs/core cannot sneak in a dependency with %s', async (_case, code) => {
    const findings = await lint('libs/core', code)
    expect(errorsOf(findings, BOUNDARIES)).toHaveLength(1)
  })

  it.each([
    ['libs/codecs', '@k2/core'],
    ['libs/config', '@k2/core'],
    ['libs/kafka', '@k2/codecs'],
    ['libs/kafka', '@k2/config'],
    ['libs/kafka', '@k2/core'],
    ['libs/kafka', '@k2/telemetry'],
    ['libs/telemetry', '@k2/config'],
    ['libs/telemetry', '@k2/core'],
    ['apps/supervisor', '@k2/kafka'],
    ['apps/supervisor', '@k2/telemetry'],
    ['apps/supervisor', '@k2/config'],
    ['tools/kafka', '@k2/kafka'],
    ['e2e', '@k2/kafka'],
    ['e2e', '@k2/codecs'],
  ])('%s may import %s', async (folder, specifier) => {
    const findings = await lint(folder, importing(specifier))
    expect(errorsOf(findings, BOUNDARIES)).toEqual([])
  })
})

/** D1: each third-party client and the libs that own it (tools/ and e2e/ may use anything). */
const OWNERS: ReadonlyArray<readonly [pkg: string, owners: readonly string[]]> = [
  ['kafkajs', ['libs/kafka']],
  ['avsc', ['libs/codecs']],
  ['@duckdb/node-api', ['libs/query', 'libs/iceberg']],
  ['ws', ['libs/exchanges']],
  ['hono', ['libs/api']],
]
const EVERYWHERE = ['tools/kafka', 'e2e']
const NON_OWNERS = [
  'libs/core',
  'libs/config',
  'libs/telemetry',
  'libs/codecs',
  'libs/kafka',
  'apps/supervisor',
]

describe(
  'D1 third-party clients stay in their lib (no-restricted-imports)',
  { timeout: 30_000 },
  () => {
    const forbidden = OWNERS.flatMap(([pkg, owners]) =>
      NON_OWNERS.filter((folder) => !owners.includes(folder)).map(
        (folder) => [pkg, folder] as const,
      ),
    )
    const allowed = OWNERS.flatMap(([pkg, owners]) =>
      [...owners, ...EVERYWHERE].map((folder) => [pkg, folder] as const),
    )

    it('includes the cases D1 names', () => {
      expect(forbidden).toContainEqual(['kafkajs', 'libs/core'])
      expect(forbidden).toContainEqual(['avsc', 'libs/kafka'])
      expect(allowed).toContainEqual(['kafkajs', 'libs/kafka'])
      expect(allowed).toContainEqual(['avsc', 'libs/codecs'])
    })

    it.each(forbidden)('%s is forbidden in %s', async (pkg, folder) => {
      const findings = await lint(folder, importing(pkg))
      const errors = errorsOf(findings, RESTRICTED_IMPORTS)
      expect(errors).toHaveLength(1)
      expect(errors[0]!.message).toContain(pkg)
    })

    it.each(forbidden)('a subpath of %s is forbidden in %s', async (pkg, folder) => {
      const findings = await lint(folder, importing(`${pkg}/some/subpath.js`))
      expect(errorsOf(findings, RESTRICTED_IMPORTS)).toHaveLength(1)
    })

    it.each(allowed)('%s is allowed in %s', async (pkg, folder) => {
      const findings = await lint(folder, importing(pkg))
      expect(errorsOf(findings, RESTRICTED_IMPORTS)).toEqual([])
    })
  },
)

describe(
  'only libs/config reads process.env (no-restricted-properties)',
  { timeout: 30_000 },
  () => {
    const READ = 'export const level = process.env.K2_LOG_LEVEL\n'

    it.each(['libs/core', 'libs/telemetry', 'libs/codecs', 'libs/kafka', 'apps/supervisor'])(
      'process.env is forbidden in %s',
      async (folder) => {
        const findings = await lint(folder, READ)
        expect(errorsOf(findings, RESTRICTED_PROPERTIES)).toHaveLength(1)
      },
    )

    it.each([
      ['destructuring', 'const { env } = process\n\nexport const level = env.K2_LOG_LEVEL\n'],
      ['a computed member', "export const level = process['env'].K2_LOG_LEVEL\n"],
    ])('process.env through %s is forbidden in libs/core', async (_case, code) => {
      const findings = await lint('libs/core', code)
      expect(errorsOf(findings, RESTRICTED_PROPERTIES)).toHaveLength(1)
    })

    it.each(['libs/config', 'tools/kafka', 'e2e'])(
      'process.env is allowed in %s',
      async (folder) => {
        const findings = await lint(folder, READ)
        expect(errorsOf(findings, RESTRICTED_PROPERTIES)).toEqual([])
      },
    )
  },
)
