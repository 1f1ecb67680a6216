import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, it, onTestFinished } from 'vitest'

import { echoProtocol } from '../fixtures/echo.protocol.js'
import { createSupervisor, type Supervisor } from '../supervisor.js'
import { buildWorkerBundles, type WorkerBundles } from './worker-bundles.js'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const ECHO = new URL('../fixtures/echo.actor.ts', import.meta.url)
const PLAIN_WORKER = new URL('../fixtures/plain-worker.ts', import.meta.url)
/** Under the source tree (bundles import its node_modules), ignored by git. */
const outDir = (name: string) =>
  join(ROOT, '.k2', 'actor-bundles', `test-${process.pid}-${Date.now()}-${name}`)

describe('worker bundles', { timeout: 30_000 }, () => {
  let supervisor: Supervisor | undefined
  let bundles: WorkerBundles | undefined
  /** The echo actor under a supervisor with these bundles. */
  async function spawnEcho(workerBundles: WorkerBundles) {
    supervisor = createSupervisor({ workerBundles })
    return supervisor.spawn({ name: 'echo', protocol: echoProtocol, moduleUrl: ECHO, init: {} })
  }

  afterEach(async () => {
    await supervisor?.stopAll()
    bundles?.dispose()
    supervisor = bundles = undefined
  })

  it('run an actor from its bundle, with source URLs and shared error classes, and dispose', async () => {
    const dir = outDir('echo')
    bundles = await buildWorkerBundles({ actors: [ECHO], outDir: dir, rootDir: ROOT })
    const bundle = bundles.bundleOf(ECHO)
    expect(bundle).toMatch(/\/libs\/actor-runtime\/src\/fixtures\/echo\.actor\.mjs$/)
    expect(bundles.bundleOf(new URL('./other.actor.ts', ECHO))).toBeUndefined()
    expect(bundles.bundleOf(fileURLToPath(ECHO))).toBe(bundle) // a path works too
    expect(bundles.bundleOf('node:fs')).toBeUndefined()
    const echo = await spawnEcho(bundles)
    expect(await echo.call('ping', { n: 7 })).toEqual({ n: 7, actor: 'echo', incarnation: 0 })
    const where = await echo.call('where', null)
    expect(where.file).toBe(fileURLToPath(bundle!))
    // import.meta.url stays the source's, so files next to the sources are found as before.
    expect(where.metaUrl).toBe(ECHO.href)
    // worker-main and the actor share @k2/core: a K2Error keeps its context across the call.
    await expect(echo.call('fail', { code: 'ECHO_X', message: 'no' })).rejects.toMatchObject({
      code: 'ECHO_X',
      retriable: true,
      context: expect.objectContaining({ echo: true }),
    })
    await supervisor!.stopAll()
    bundles.dispose()
    expect(existsSync(dir)).toBe(false)
  })

  it("compile the mains of workers that libraries start, registered in the actors' workers", async () => {
    bundles = await buildWorkerBundles({
      actors: [ECHO],
      workers: [PLAIN_WORKER],
      outDir: outDir('workers'),
      rootDir: ROOT,
    })
    const entry = bundles.workerEntries[PLAIN_WORKER.href]
    expect(entry).toMatch(/\/libs\/actor-runtime\/src\/fixtures\/plain-worker\.mjs$/)
    expect(bundles.bundleOf(PLAIN_WORKER)).toBeUndefined() // not an actor
    const echo = await spawnEcho(bundles)
    // A plain Worker (no tsx) starts the compiled main and runs it.
    const run = await echo.call('runWorker', { source: PLAIN_WORKER.href, text: 'hi' })
    expect(run).toMatchObject({ entry, reply: 'HI' })
    expect(run.frame).toContain(fileURLToPath(entry!))
    expect(await echo.call('runWorker', { source: ECHO.href, text: 'x' })).toEqual({ entry: null })
  })

  it('leave actors they do not hold to tsx and their sources', async () => {
    bundles = await buildWorkerBundles({ actors: [], outDir: outDir('none'), rootDir: ROOT })
    const echo = await spawnEcho(bundles)
    expect((await echo.call('where', null)).file).toBe(fileURLToPath(ECHO))
  })

  it('refuse a module that does not compile (ACTOR_BAD_MODULE) and leave no directory', async () => {
    const dir = outDir('broken')
    const src = join(dir, 'src')
    mkdirSync(src, { recursive: true })
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const broken = join(src, 'broken.actor.ts')
    writeFileSync(broken, 'export default defineActor(\n')
    const err = await buildWorkerBundles({
      actors: [new URL(`file://${broken}`)],
      outDir: join(dir, 'out'),
      rootDir: ROOT,
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'ACTOR_BAD_MODULE',
      message: expect.stringContaining('broken.actor.ts'),
    })
    expect(existsSync(join(dir, 'out'))).toBe(false)
    await expect(
      buildWorkerBundles({ actors: [ECHO], outDir: join(dir, 'out'), rootDir: src }),
    ).rejects.toMatchObject({
      code: 'ACTOR_BAD_MODULE',
      message: expect.stringContaining('outside'),
    })
  })
})
