import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { build, type Plugin } from 'esbuild'

import { ActorError } from '../errors.js'

/** The runtime's side of every actor worker (bundled with the actors, sharing their modules). */
export const WORKER_MAIN_URL = new URL('../worker/worker-main.ts', import.meta.url)

/** Options of {@link buildWorkerBundles}. */
export interface WorkerBundleOptions {
  /** The actor modules (`*.actor.ts`) the workers will run. */
  readonly actors: readonly (URL | string)[]
  /**
   * Main modules of workers that libraries start themselves (e.g. `ENCODE_WORKER_MAIN_URL` of
   * `@k2/iceberg`): compiled too, and registered in every bundled actor worker
   * (`compiledEntryOf` of `@k2/core`), so those workers start without tsx as well.
   */
  readonly workers?: readonly (URL | string)[]
  /** Directory the bundles are written into; created, and removed by `dispose`. */
  readonly outDir: string
  /**
   * Root of the source tree (the bundles mirror its layout under `outDir`). Must hold the
   * `node_modules` the bundles import third-party packages from.
   */
  readonly rootDir: string
}

/** Actor workers compiled ahead of their start; see {@link buildWorkerBundles}. */
export interface WorkerBundles {
  /** The bundled `worker-main`, which a worker imports instead of registering tsx. */
  readonly workerMainUrl: string
  /** The bundle of an actor module given to {@link buildWorkerBundles}; undefined for others. */
  bundleOf(moduleUrl: URL | string): string | undefined
  /** The compiled worker mains (`workers`), source URL -> bundle URL. */
  readonly workerEntries: Readonly<Record<string, string>>
  /** Removes the bundles. */
  dispose(): void
}

/**
 * Compiles `worker-main` and the actor modules into ES modules that a worker thread imports
 * without tsx. With tsx, each worker registers its loader hooks, which on Node 20 start a hooks
 * thread per worker (an isolate of its own, tens of MB) and route every module of the worker
 * through it at start; bundles skip both.
 *
 * One build with code splitting: modules shared by `worker-main` and an actor (error classes,
 * telemetry) are one instance in a worker, as they are when tsx loads the sources. Workspace
 * packages (`@k2/*`) are compiled in; other packages stay imports, resolved from the source tree's
 * `node_modules` (native addons cannot be bundled). `import.meta.url` keeps the URL of the source
 * file it was written in, so files found next to the sources (Avro schemas, worker scripts) are
 * found as before.
 */
export async function buildWorkerBundles(options: WorkerBundleOptions): Promise<WorkerBundles> {
  const rootDir = resolve(options.rootDir)
  const outDir = resolve(options.outDir)
  const workers = (options.workers ?? []).map((u) => fileURLToPath(String(u)))
  const actors = options.actors.map((u) => fileURLToPath(String(u)))
  const sources = [fileURLToPath(WORKER_MAIN_URL), ...actors, ...workers]
  for (const source of sources) {
    if (relative(rootDir, source).startsWith('..')) {
      throw new ActorError('ACTOR_BAD_MODULE', `${source} is outside ${rootDir}`)
    }
  }
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  try {
    await build({
      entryPoints: sources,
      outdir: outDir,
      outbase: rootDir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'silent',
      plugins: [thirdPartyExternal(), sourceImportMetaUrl(rootDir)],
    })
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true })
    throw new ActorError('ACTOR_BAD_MODULE', `cannot bundle the actor workers: ${String(err)}`, {
      cause: err,
    })
  }
  const bundlePath = (source: string) =>
    join(outDir, relative(rootDir, source)).replace(/\.[cm]?[jt]s$/, '.mjs')
  const bundles = new Map(sources.map((s) => [s, pathToFileURL(bundlePath(s)).href]))
  const actorBundles = new Map(actors.map((s) => [s, bundles.get(s)!]))
  return {
    workerMainUrl: bundles.get(sources[0]!)!,
    bundleOf: (moduleUrl) => actorBundles.get(pathOf(moduleUrl)),
    workerEntries: Object.fromEntries(workers.map((s) => [pathToFileURL(s).href, bundles.get(s)!])),
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  }
}

/** The file path of a module given as a file URL or a path; '' for anything else. */
function pathOf(module: URL | string): string {
  try {
    return String(module).startsWith('file:')
      ? fileURLToPath(String(module))
      : resolve(String(module))
  } catch {
    return ''
  }
}

/** Bare imports other than `@k2/*` (the workspace's own TypeScript) stay imports. */
function thirdPartyExternal(): Plugin {
  return {
    name: 'k2-third-party-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@k2/')) return undefined
        return { path: args.path, external: true }
      })
    },
  }
}

/**
 * Replaces `import.meta.url` in the workspace's sources with the URL of the file it appears in:
 * a bundle lives elsewhere, and `new URL('../schemas/', import.meta.url)` must still point next
 * to the source.
 */
function sourceImportMetaUrl(rootDir: string): Plugin {
  return {
    name: 'k2-source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (relative(rootDir, args.path).startsWith('..') || args.path.includes('node_modules')) {
          return undefined
        }
        const text = readFileSync(args.path, 'utf8')
        const url = JSON.stringify(pathToFileURL(args.path).href)
        return {
          contents: text.replaceAll('import.meta.url', url),
          loader: 'ts',
          resolveDir: dirname(args.path),
        }
      })
    },
  }
}
