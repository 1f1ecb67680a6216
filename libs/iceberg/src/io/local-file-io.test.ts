import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { IcebergError } from '../errors.js'
import { createLocalFileIO } from './local-file-io.js'
import { toLocalPath } from './local-path.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'k2-fileio-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(IcebergError)
  return (err as IcebergError).code
}

describe('toLocalPath', () => {
  it.each([
    ['/wh/t/data/a.parquet', '/wh/t/data/a.parquet'],
    ['file:///wh/t/a.json', '/wh/t/a.json'],
    ['file:/wh/t/a.json', '/wh/t/a.json'],
    ['file://localhost/wh/t/a.json', '/wh/t/a.json'],
    ['FILE:///wh//t/./a.json', '/wh/t/a.json'],
    ['file:///wh/t/metadata/', '/wh/t/metadata/'],
    ['file:///wh/a%20b.json', '/wh/a%20b.json'],
  ])('%s -> %s', (location, path) => {
    expect(toLocalPath(location)).toBe(path)
  })

  it.each(['s3://bucket/key', 'relative/path', 'file://otherhost/x', 'file:relative'])(
    'rejects %s',
    (location) => {
      expect(() => toLocalPath(location)).toThrowError(
        expect.objectContaining({ code: 'ICEBERG_INVALID_ARGUMENT' }),
      )
    },
  )
})

describe('createLocalFileIO', () => {
  const io = createLocalFileIO()

  it('writes (creating directories), reads, sizes and deletes by path and by URI', async () => {
    const path = join(root, 'a', 'b', 'v1.metadata.json')
    await io.write(`file://${path}`, Buffer.from('{"x":1}'))
    expect(Buffer.from(await io.read(path)).toString()).toBe('{"x":1}')
    expect(await io.size(`file:${path}`)).toBe(7)
    expect(await io.exists(path)).toBe(true)
    await io.delete(`file://${path}`)
    expect(await io.exists(path)).toBe(false)
    await io.delete(path) // idempotent
  })

  it('refuses to replace a file unless overwrite is set, and leaves no temporary files', async () => {
    const path = join(root, 'm.json')
    await io.write(path, Buffer.from('one'))
    expect(await codeOf(io.write(path, Buffer.from('two')))).toBe('ICEBERG_ALREADY_EXISTS')
    expect(Buffer.from(await io.read(path)).toString()).toBe('one')
    await io.write(path, Buffer.from('three'), { overwrite: true })
    expect(Buffer.from(await io.read(path)).toString()).toBe('three')
    expect(await readdir(root)).toEqual(['m.json'])
  })

  it('lets exactly one of many concurrent writers create a new file', async () => {
    const path = join(root, '00001-x.metadata.json')
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => io.write(path, Buffer.from(`writer ${i}`))),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected')
        expect((r.reason as IcebergError).code).toBe('ICEBERG_ALREADY_EXISTS')
    }
    const winner = results.findIndex((r) => r.status === 'fulfilled')
    expect(Buffer.from(await io.read(path)).toString()).toBe(`writer ${winner}`)
    expect(await readdir(root)).toEqual(['00001-x.metadata.json'])
  })

  it('maps a missing file to ICEBERG_NOT_FOUND', async () => {
    expect(await codeOf(io.read(join(root, 'nope')))).toBe('ICEBERG_NOT_FOUND')
    expect(await codeOf(io.size(join(root, 'nope')))).toBe('ICEBERG_NOT_FOUND')
    expect(await io.exists(join(root, 'nope', 'deeper'))).toBe(false)
  })

  it('lists by string prefix, recursively, sorted, in the form of the prefix', async () => {
    for (const f of [
      't/metadata/00001.json',
      't/metadata/00000.json',
      't/metadata-old/x.json',
      't/data/d=1/a.parquet',
      't/data/d=2/b.parquet',
    ]) {
      await io.write(join(root, f), Buffer.from(f))
    }
    await writeFile(join(root, 't/metadata/.k2-tmp-00002.json.abc'), 'partial')
    expect(await io.list(join(root, 't/metadata/'))).toEqual([
      join(root, 't/metadata/00000.json'),
      join(root, 't/metadata/00001.json'),
    ])
    expect(await io.list(`file://${root}/t/metadata`)).toEqual([
      `file://${root}/t/metadata-old/x.json`,
      `file://${root}/t/metadata/00000.json`,
      `file://${root}/t/metadata/00001.json`,
    ])
    expect(await io.list(join(root, 't/data/d=2'))).toEqual([join(root, 't/data/d=2/b.parquet')])
    expect(await io.list(join(root, 't/data/'))).toHaveLength(2)
    expect(await io.list(join(root, 'missing/'))).toEqual([])
  })

  it('builds output paths inside a directory', () => {
    expect(io.newOutputPath?.('file:///wh/t/data/', 'a.parquet')).toBe(
      'file:///wh/t/data/a.parquet',
    )
    expect(io.newOutputPath?.('/wh/t/data', 'a.parquet')).toBe('/wh/t/data/a.parquet')
  })
})
