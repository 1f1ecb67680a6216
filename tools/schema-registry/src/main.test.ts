import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, it } from 'vitest'

// The CLI as `npm run schema-registry` runs it: main.ts under tsx, in its own process.
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const children: ChildProcess[] = []

function runCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  return child
}

function output(stream: NodeJS.ReadableStream | null): () => string {
  let text = ''
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk: string) => (text += chunk))
  return () => text
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const [code] = (await once(child, 'exit')) as [number | null]
  return code
}

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${read()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return pattern.exec(read()) as RegExpExecArray
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

describe('CLI (src/main.ts)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves until %s, then exits 0',
    async (signal) => {
      const child = runCli(['--port', '0'])
      const stdout = output(child.stdout)
      const [, url] = await waitFor(
        stdout,
        /^schema registry listening on (http:\/\/127\.0\.0\.1:\d+)$/m,
      )
      const response = await fetch(`${url}/subjects`)
      expect(response.headers.get('content-type')).toBe('application/vnd.schemaregistry.v1+json')
      expect(await response.json()).toEqual([])
      child.kill(signal)
      expect(await exitCode(child)).toBe(0)
      expect(stdout()).toContain(`schema registry stopped (${signal})`)
    },
    30_000,
  )

  it('prints the usage and exits 2 on a bad flag', async () => {
    const child = runCli(['--port', 'eighty'])
    const stderr = output(child.stderr)
    expect(await exitCode(child)).toBe(2)
    expect(stderr()).toMatch(/--port must be an integer[\s\S]*Usage: npm run schema-registry/)
  }, 30_000)

  it('prints the usage and exits 0 on --help', async () => {
    const child = runCli(['--help'])
    const stdout = output(child.stdout)
    expect(await exitCode(child)).toBe(0)
    expect(stdout()).toMatch(/^Usage: npm run schema-registry/)
  }, 30_000)
})
