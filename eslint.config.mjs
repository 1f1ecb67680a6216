// Lint rules for the whole workspace.
// The dependency arrows of DESIGN.md D1 are enforced by @nx/enforce-module-boundaries (project tags),
// and each third-party client is confined to the one lib that owns it (no-restricted-imports).
import js from '@eslint/js'
import nx from '@nx/eslint-plugin'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

/** D1: which scopes a project of each scope may import. */
export const DEPENDENCY_RULES = [
  { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:config', onlyDependOnLibsWithTags: ['scope:core'] },
  { sourceTag: 'scope:telemetry', onlyDependOnLibsWithTags: ['scope:core', 'scope:config'] },
  { sourceTag: 'scope:codecs', onlyDependOnLibsWithTags: ['scope:core'] },
  {
    sourceTag: 'scope:actor-runtime',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry'],
  },
  {
    sourceTag: 'scope:exchanges',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry'],
  },
  { sourceTag: 'scope:sources-csv', onlyDependOnLibsWithTags: ['scope:core'] },
  {
    sourceTag: 'scope:kafka',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry', 'scope:codecs'],
  },
  {
    sourceTag: 'scope:iceberg',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry', 'scope:codecs'],
  },
  {
    sourceTag: 'scope:query',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry', 'scope:iceberg'],
  },
  {
    sourceTag: 'scope:api',
    onlyDependOnLibsWithTags: ['scope:core', 'scope:config', 'scope:telemetry', 'scope:query'],
  },
  {
    sourceTag: 'scope:actors',
    onlyDependOnLibsWithTags: [
      'scope:core',
      'scope:config',
      'scope:telemetry',
      'scope:codecs',
      'scope:actor-runtime',
      'scope:exchanges',
      'scope:sources-csv',
      'scope:kafka',
      'scope:iceberg',
      'scope:query',
      'scope:api',
    ],
  },
  {
    sourceTag: 'scope:cli',
    onlyDependOnLibsWithTags: [
      'scope:core',
      'scope:config',
      'scope:telemetry',
      'scope:codecs',
      'scope:exchanges',
      'scope:sources-csv',
      'scope:kafka',
      'scope:iceberg',
      'scope:query',
      // `k2 exchange` runs the replay exchange of tools/binance-replay (issue 4): developer tools
      // are part of the command line; libs and apps still may not import tools.
      'scope:tool',
    ],
  },
  {
    sourceTag: 'scope:app',
    onlyDependOnLibsWithTags: [
      'scope:core',
      'scope:config',
      'scope:telemetry',
      'scope:codecs',
      'scope:actor-runtime',
      'scope:exchanges',
      'scope:sources-csv',
      'scope:kafka',
      'scope:iceberg',
      'scope:query',
      'scope:api',
      'scope:actors',
    ],
  },
  { sourceTag: 'scope:tool', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
]

/** D1: third-party clients confined to one lib each: [package, folders allowed to import it]. */
export const CONFINED_PACKAGES = [
  ['kafkajs', ['libs/kafka', 'tools', 'e2e']],
  ['avsc', ['libs/codecs', 'libs/iceberg', 'tools', 'e2e']],
  ['better-sqlite3', ['libs/iceberg', 'tools', 'e2e']],
  ['@duckdb/node-api', ['libs/query', 'libs/iceberg', 'tools', 'e2e']],
  ['ws', ['libs/exchanges', 'tools', 'e2e']],
  ['hono', ['libs/api', 'tools', 'e2e']],
  // Every `@opentelemetry/*` package (the pattern `@opentelemetry/*`): others use the small tracing
  // API of @k2/telemetry (D8).
  ['@opentelemetry', ['libs/telemetry']],
]

/** The `no-restricted-imports` setting that forbids every package in `packages`. */
function restrictImports(packages) {
  if (packages.length === 0) return 'off'
  const message = (pkg, allowed) => `${pkg} may only be imported in ${allowed.join(', ')} (D1).`
  return [
    'error',
    {
      paths: packages.map(([pkg, allowed]) => ({ name: pkg, message: message(pkg, allowed) })),
      patterns: packages.map(([pkg, allowed]) => ({
        group: [`${pkg}/*`],
        message: message(pkg, allowed),
      })),
    },
  ]
}

// Flat config merges a rule's options by "last block wins", so one block forbids every confined
// package everywhere and one block per owning folder re-states the list without what it owns.
const OWNING_FOLDERS = [...new Set(CONFINED_PACKAGES.flatMap(([, allowed]) => allowed))]
const confinementBlocks = [
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': restrictImports(CONFINED_PACKAGES) } },
  ...OWNING_FOLDERS.map((dir) => ({
    files: [`${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': restrictImports(
        CONFINED_PACKAGES.filter(([, allowed]) => !allowed.includes(dir)),
      ),
    },
  })),
]

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', '.k2/**', 'reports/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: DEPENDENCY_RULES,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...confinementBlocks,
  {
    // Only libs/config reads the environment (D10). Tools and tests may set it for child processes.
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @k2/config (D10).',
        },
      ],
    },
  },
  prettier,
]
