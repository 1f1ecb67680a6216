import { parentPort } from 'node:worker_threads'

import { IcebergError } from '../../errors.js'
import type { StructType } from '../../spec/types.js'
import { encodeRowGroup, rowGroupScratch, type RowGroupScratch } from './file-encoder.js'
import type { RowGroupReply } from './encode-pool.js'
import { createPageCompressor, type PageCompressor } from './page-compressor.js'
import { parquetSchema } from './parquet-schema.js'
import { sourcesFromMessage, type RowGroupJobMessage } from './shared-sources.js'

/** The last schema seen (a writer's jobs share one) and its buffers. */
let cached: { json: string; scratch: RowGroupScratch } | undefined
const compressors = new Map<string, PageCompressor>()

function scratchFor(schema: StructType): RowGroupScratch {
  const json = JSON.stringify(schema)
  if (cached?.json !== json) cached = { json, scratch: rowGroupScratch(parquetSchema(schema)) }
  return cached.scratch
}

function compressorFor(job: RowGroupJobMessage): PageCompressor {
  const key = `${job.compression}:${job.compressionLevel}`
  let compressor = compressors.get(key)
  if (compressor === undefined) {
    compressor = createPageCompressor(job.compression, job.compressionLevel)
    compressors.set(key, compressor)
  }
  return compressor
}

parentPort!.on('message', ({ id, job }: { id: number; job: RowGroupJobMessage }) => {
  let reply: RowGroupReply
  try {
    const scratch = scratchFor(job.schema)
    const sources = sourcesFromMessage(job.sources, scratch.schema)
    const group = encodeRowGroup(
      sources,
      job.order,
      job.from,
      job.to,
      scratch.schema,
      { compressor: compressorFor(job) },
      scratch,
      job.columns,
    )
    // The row group's bytes are on shared memory: they reach the caller without a copy.
    reply = { id, group }
  } catch (err) {
    reply = {
      id,
      error: {
        message: err instanceof Error ? err.message : String(err),
        ...(err instanceof IcebergError ? { code: err.code } : {}),
      },
    }
  }
  parentPort!.postMessage(reply)
})
