import { existsSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

import { createRetryPolicy, errorCode } from '@k2/core'

import { openSqlCatalog } from '../sql-catalog.js'
import { parseTableIdentifier } from '../table-identifier.js'
import type {
  CommitRecord,
  CommitWorkerRequest,
  CommitWorkerResult,
} from './commit-worker.protocol.js'

/**
 * One writer process of the multi-process commit test: opens the shared SQLite catalog, waits for
 * the go signal, then makes `commits` commits, each as a writer does it (D4): load the current
 * location, "write" new metadata (a short random pause), compare-and-swap; on a conflict or a busy
 * database the retry policy reloads and tries again. Run: `node --import tsx commit-worker.ts JSON`.
 */
async function main(request: CommitWorkerRequest): Promise<CommitWorkerResult> {
  const catalog = openSqlCatalog({ path: request.dbPath })
  const id = parseTableIdentifier(request.table)
  const commits: CommitRecord[] = []
  const retries: Record<string, number> = {}
  const policy = createRetryPolicy({
    maxAttempts: 10_000,
    initialDelayMs: 1,
    maxDelayMs: 20,
    onRetry: ({ error }) => {
      const code = errorCode(error)
      retries[code] = (retries[code] ?? 0) + 1
    },
  })
  try {
    writeFileSync(request.readyFile, '')
    const deadline = Date.now() + 60_000
    while (!existsSync(request.goFile)) {
      if (Date.now() > deadline) throw new Error(`${request.worker}: no go signal within 60 s`)
      await sleep(2)
    }
    for (let i = 0; i < request.commits; i++) {
      const to = `${request.locationPrefix}/${request.worker}-${i}.metadata.json`
      await policy.execute(async () => {
        const base = await catalog.loadTable(id)
        await sleep(Math.floor(Math.random() * 3))
        await catalog.commitTable(id, base.metadataLocation, to)
        commits.push({ from: base.metadataLocation, to })
      })
    }
  } finally {
    await catalog.close()
  }
  return { worker: request.worker, commits, retries }
}

const request = JSON.parse(process.argv[2] ?? '') as CommitWorkerRequest
main(request).then(
  (result) => writeFileSync(request.resultFile, JSON.stringify(result)),
  (err: unknown) => {
    console.error(`${request.worker} failed: ${errorCode(err)} ${String(err)}`)
    process.exitCode = 1
  },
)
