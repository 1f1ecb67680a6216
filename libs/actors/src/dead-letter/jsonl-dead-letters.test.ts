import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { parseDeadLetterLine, type DeadLetter } from './dead-letter.js'
import { openJsonlDeadLetters } from './jsonl-dead-letters.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-dead-letters-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** Letter number `n` of `source` at `at`: its text says which one it is. */
function letter(n: number, source: DeadLetter['source'] = 'feed', at = '2025-11-24T10:00:00.000Z') {
  return {
    source,
    reason: 'BINANCE_INVALID_FIELD',
    message: `letter ${n}`,
    at,
    exchange: 'BINANCE',
    text: `{"n":${n}}`,
  } satisfies DeadLetter
}

async function lines(path: string): Promise<DeadLetter[]> {
  const text = await readFile(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text.trimEnd().split('\n').map(parseDeadLetterLine)
}

describe('openJsonlDeadLetters', () => {
  it('creates nothing until the first letter', async () => {
    const dir = join(root, 'data', 'dead-letters')
    const sink = openJsonlDeadLetters(dir)
    await sink.close()
    await expect(readdir(root)).resolves.toEqual([])
    expect(sink.count).toBe(0)
  })

  it('appends one JSON line per letter to <source>-<UTC day>.jsonl, creating the directory', async () => {
    const dir = join(root, 'data', 'dead-letters')
    const sink = openJsonlDeadLetters(dir)
    await sink.write(letter(1, 'feed', '2025-11-24T23:59:59.999Z'))
    await sink.write(letter(2, 'feed', '2025-11-25T00:00:00.000Z'))
    await sink.write({ ...letter(3, 'kafka'), text: undefined, bytes: Buffer.from([0, 255]) })
    await sink.write(letter(4, 'feed', '2025-11-25T01:00:00.000+02:00')) // 2025-11-24 in UTC
    expect(sink.count).toBe(4)
    await sink.close()
    expect((await readdir(dir)).sort()).toEqual([
      'feed-2025-11-24.jsonl',
      'feed-2025-11-25.jsonl',
      'kafka-2025-11-24.jsonl',
    ])
    expect((await lines(join(dir, 'feed-2025-11-24.jsonl'))).map((l) => l.message)).toEqual([
      'letter 1',
      'letter 4',
    ])
    expect((await lines(join(dir, 'feed-2025-11-25.jsonl'))).map((l) => l.message)).toEqual([
      'letter 2',
    ])
    const [kafka] = await lines(join(dir, 'kafka-2025-11-24.jsonl'))
    expect(kafka?.bytes).toEqual(new Uint8Array([0, 255]))
    const raw = await readFile(join(dir, 'kafka-2025-11-24.jsonl'), 'utf8')
    expect(raw).toContain('"bytes":"AP8="')
  })

  it('keeps every line whole and in call order under many concurrent writes', async () => {
    const sink = openJsonlDeadLetters(root)
    const n = 2_000
    const sources = ['feed', 'kafka', 'writer'] as const
    await Promise.all(Array.from({ length: n }, (_, i) => sink.write(letter(i, sources[i % 3]))))
    expect(sink.count).toBe(n)
    await sink.close()
    for (const [s, source] of sources.entries()) {
      const got = await lines(join(root, `${source}-2025-11-24.jsonl`))
      const want = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 === s)
      expect(got.map((l) => l.text)).toEqual(want.map((i) => `{"n":${i}}`))
    }
  })

  it('appends to an existing file after a restart', async () => {
    const first = openJsonlDeadLetters(root)
    await first.write(letter(1))
    await first.close()
    const second = openJsonlDeadLetters(root)
    await second.write(letter(2))
    await second.close()
    const got = await lines(join(root, 'feed-2025-11-24.jsonl'))
    expect(got.map((l) => l.message)).toEqual(['letter 1', 'letter 2'])
  })

  it('refuses an invalid letter without writing it, and carries on', async () => {
    const sink = openJsonlDeadLetters(root)
    const bad = { ...letter(1), at: 'not a time' }
    await expect(sink.write(bad)).rejects.toMatchObject({ code: 'ACTORS_INVALID_DEAD_LETTER' })
    await sink.write(letter(2))
    await sink.close()
    expect(sink.count).toBe(1)
    expect((await lines(join(root, 'feed-2025-11-24.jsonl'))).map((l) => l.message)).toEqual([
      'letter 2',
    ])
  })

  it('rejects a write the file system refuses without blocking later ones', async () => {
    // A directory where the feed file of the day should be: opening it for append fails.
    await mkdir(join(root, 'feed-2025-11-24.jsonl'))
    const sink = openJsonlDeadLetters(root)
    const results = await Promise.allSettled([
      sink.write(letter(1, 'feed')),
      sink.write(letter(2, 'kafka')),
    ])
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'ACTORS_DEAD_LETTER_WRITE_FAILED',
        context: { path: join(root, 'feed-2025-11-24.jsonl') },
      },
    })
    expect(results[1]).toMatchObject({ status: 'fulfilled' })
    expect(sink.count).toBe(1)
    await sink.close()
    expect((await lines(join(root, 'kafka-2025-11-24.jsonl'))).map((l) => l.message)).toEqual([
      'letter 2',
    ])
  })

  it('fails when the directory cannot be created', async () => {
    await writeFile(join(root, 'taken'), 'a file, not a directory')
    const sink = openJsonlDeadLetters(join(root, 'taken', 'dead-letters'))
    await expect(sink.write(letter(1))).rejects.toMatchObject({
      code: 'ACTORS_DEAD_LETTER_WRITE_FAILED',
    })
    await sink.close()
  })

  it('close waits for queued writes; later writes are refused', async () => {
    const sink = openJsonlDeadLetters(root)
    const pending = [sink.write(letter(1)), sink.write(letter(2)), sink.write(letter(3))]
    await sink.close()
    expect(sink.count).toBe(3)
    await Promise.all(pending)
    expect(await lines(join(root, 'feed-2025-11-24.jsonl'))).toHaveLength(3)
    await expect(sink.write(letter(4))).rejects.toMatchObject({
      code: 'ACTORS_DEAD_LETTERS_CLOSED',
    })
  })
})
