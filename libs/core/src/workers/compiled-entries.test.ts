import { describe, expect, it } from 'vitest'

import {
  compiledEntryOf,
  compiledWorkerExecArgv,
  registerCompiledEntries,
} from './compiled-entries.js'

describe('compiled worker entries', () => {
  it('map a registered source URL to its bundle, and nothing else', () => {
    const source = new URL('file:///repo/libs/x/src/encode-worker-main.ts')
    expect(compiledEntryOf(source)).toBeUndefined()
    registerCompiledEntries({
      [source.href]: 'file:///repo/.k2/b/1/libs/x/src/encode-worker-main.mjs',
    })
    expect(compiledEntryOf(source)?.href).toBe(
      'file:///repo/.k2/b/1/libs/x/src/encode-worker-main.mjs',
    )
    expect(compiledEntryOf(source.href)?.href).toBe(compiledEntryOf(source)?.href)
    expect(compiledEntryOf('file:///repo/libs/x/src/other.ts')).toBeUndefined()
  })
})

describe('compiledWorkerExecArgv', () => {
  it("keeps profiling and resolution options, drops tsx's hooks and V8 or process flags", () => {
    const tsxCli = [
      '--require',
      '/repo/node_modules/tsx/dist/preflight.cjs',
      '--import',
      'file:///repo/node_modules/tsx/dist/loader.mjs',
      '--single-threaded',
      '--max-old-space-size=512',
    ]
    expect(compiledWorkerExecArgv(tsxCli)).toEqual([])
    const bench = ['--cpu-prof', '--cpu-prof-dir=/p', '--import', 'tsx', '--single-threaded']
    expect(compiledWorkerExecArgv(bench)).toEqual(['--cpu-prof', '--cpu-prof-dir=/p'])
    const more = [
      '--cpu-prof-dir',
      '/p',
      '--conditions',
      'dev',
      '--enable-source-maps',
      '--title',
      'x',
    ]
    expect(compiledWorkerExecArgv(more)).toEqual([
      '--cpu-prof-dir',
      '/p',
      '--conditions',
      'dev',
      '--enable-source-maps',
    ])
  })

  it('gives options a worker accepts', async () => {
    const { Worker } = await import('node:worker_threads')
    const execArgv = compiledWorkerExecArgv([
      '--single-threaded',
      '--enable-source-maps',
      '--import',
      'tsx',
    ])
    const worker = new Worker('require("node:worker_threads").parentPort.postMessage(1)', {
      eval: true,
      execArgv,
    })
    expect(await new Promise((resolve) => worker.once('message', resolve))).toBe(1)
    await worker.terminate()
  })
})
