import { execFileSync } from 'node:child_process'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { K2Error } from '@k2/core'
import { ESLint } from 'eslint'

/** The repository root: the folder with `nx.json` and `eslint.config.mjs`. */
export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * Computes the Nx project graph and leaves it in Nx's cache (`.nx/workspace-data`), returning the
 * project names. `@nx/enforce-module-boundaries` reads only that cache: without it the rule prints
 * "No cached ProjectGraph is available. The rule will be skipped." and reports nothing, so a lint
 * run that never ran `nx` would pass any import. Throws `TOOLS_WORKSPACE_NX_FAILED` with Nx's
 * output when the graph cannot be built (e.g. an invalid `nx.json`).
 */
export function computeProjectGraph(root: string = WORKSPACE_ROOT): string[] {
  let stdout: string
  try {
    stdout = execFileSync('npx', ['nx', 'show', 'projects', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (err) {
    const { stdout: out = '', stderr = '' } = err as { stdout?: string; stderr?: string }
    throw new K2Error('TOOLS_WORKSPACE_NX_FAILED', `nx show projects failed:\n${out}${stderr}`, {
      context: { root },
      cause: err,
    })
  }
  const lastLine = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(lastLine) as string[]
}

/** One ESLint message on a probe file (`ruleId` is null for parse errors and ignored files). */
export interface LintFinding {
  readonly ruleId: string | null
  readonly severity: 1 | 2
  readonly message: string
  readonly line: number
}

/** Lints source text as if it were a file of the workspace, with the workspace's own config. */
export interface LintProbe {
  /** `relativePath` is relative to the workspace root; the file need not exist on disk. */
  lint(relativePath: string, code: string): Promise<readonly LintFinding[]>
}

/**
 * Creates a {@link LintProbe} over `eslint.config.mjs` of `root`. Call {@link computeProjectGraph}
 * first, or the module-boundary rule is silently skipped.
 */
export function createLintProbe(root: string = WORKSPACE_ROOT): LintProbe {
  const eslint = new ESLint({ cwd: root })
  return {
    async lint(relativePath, code) {
      if (isAbsolute(relativePath)) {
        throw new K2Error('TOOLS_WORKSPACE_INVALID_PATH', `${relativePath} is not relative`, {
          context: { relativePath },
        })
      }
      const results = await eslint.lintText(code, { filePath: join(root, relativePath) })
      return results.flatMap((r) =>
        r.messages.map((m) => ({
          ruleId: m.ruleId,
          severity: m.severity,
          message: m.message,
          line: m.line,
        })),
      )
    },
  }
}
