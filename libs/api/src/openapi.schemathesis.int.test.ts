import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { createQueryEngine, type QueryEngine } from '@k2/query'
import { openAsxWarehouse, type AsxWarehouse } from '@k2/query/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createApiApp } from './app.js'
import { startApiServer, type ApiServer } from './server.js'

/**
 * Property test of D7 "never a 500 for bad input" (issue 6 item 5): schemathesis (PyPI, pinned in
 * tools/oracles/requirements.txt) reads `/openapi.json` of the app served on a free port and sends
 * generated requests to every operation, valid and invalid, with a real API key. The only check
 * is `not_a_server_error`: any 5xx fails the test with schemathesis' reproduction.
 */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const VENV_PYTHON = `${REPO_ROOT}.venv/bin/python`
// eslint-disable-next-line no-restricted-properties -- test-only: the oracle interpreter (tools/oracles/README.md)
const PYTHON = process.env['K2_PYTHON'] ?? (existsSync(VENV_PYTHON) ? VENV_PYTHON : 'python3')

let wh: AsxWarehouse
let engine: QueryEngine
let server: ApiServer
let workDir: string

beforeAll(async () => {
  wh = await openAsxWarehouse({ quotes: true, maxRowsPerFile: 500 })
  engine = await createQueryEngine({ catalog: wh.catalog, io: wh.io })
  const app = createApiApp({
    engine,
    config: { keys: ['k2-dev-key'], rateLimitPerMinute: 1_000_000 },
    health: async () => ({ status: 'healthy', dependencies: [] }),
    metrics: async () => '',
  })
  server = await startApiServer(app, { port: 0, host: '127.0.0.1' })
  workDir = await mkdtemp(join(tmpdir(), 'k2-schemathesis-'))
}, 120_000)

afterAll(async () => {
  await server?.close()
  await engine?.close()
  await wh?.close()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

describe('schemathesis against /openapi.json', () => {
  it('finds no 5xx for generated inputs on any operation', async () => {
    const args = [
      '-m',
      'schemathesis.cli',
      'run',
      `http://127.0.0.1:${server.port}/openapi.json`,
      '--checks',
      'not_a_server_error',
      '--header',
      'X-API-Key: k2-dev-key',
      '--max-examples',
      '15',
      '--phases',
      'examples,coverage,fuzzing',
      '--seed',
      '20140311',
      '--workers',
      '1',
      '--generation-database',
      'none',
      '--no-color',
    ]
    // Asynchronous: the server answering schemathesis runs on this thread.
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      // A temporary working directory: schemathesis leaves a `.schemathesis/` cache in it.
      const child = spawn(PYTHON, args, { cwd: workDir })
      let output = ''
      child.stdout.on('data', (d) => (output += d))
      child.stderr.on('data', (d) => (output += d))
      child.on('close', (code) => resolve({ code, output }))
    })
    expect(result.output).not.toMatch(/No module named/)
    expect(result.code, result.output.slice(-6_000)).toBe(0)
    // Every operation tested, every generated case passed.
    expect(result.output).toMatch(/Tested: (\d+)\b/)
    expect(result.output).toMatch(/(\d+) generated, \1 passed/)
  }, 180_000)
})
