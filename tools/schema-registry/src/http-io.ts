import type { IncomingMessage, ServerResponse } from 'node:http'

import { badRequest } from './errors.js'

/** Reads the whole request body as UTF-8 text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Parses a JSON body: undefined when empty, 400 400 when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw badRequest(`Unparseable JSON body: ${(error as Error).message}`)
  }
}

/** Writes `body` as JSON with `status` and the negotiated `contentType`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType: string,
): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
  })
  response.end(text)
}
