import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One span as an OTLP/HTTP JSON export carried it (ids as lowercase hex). */
export interface ReceivedSpan {
  readonly serviceName: string | undefined
  readonly traceId: string
  readonly spanId: string
  /** Empty for a root span. */
  readonly parentSpanId: string
  readonly name: string
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[]
  readonly attributes: Readonly<Record<string, string | number | boolean>>
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number
}

/** A tiny OTLP/HTTP JSON trace receiver (tests and tools: what Jaeger would receive). */
export interface OtlpJsonReceiver {
  /** The base endpoint to give as `K2_OTEL_EXPORTER_OTLP_ENDPOINT` (`http://127.0.0.1:port`). */
  readonly endpoint: string
  /** Every span received so far, in arrival order. */
  spans(): readonly ReceivedSpan[]
  close(): Promise<void>
}

type AnyValue = {
  stringValue?: string
  intValue?: string | number
  doubleValue?: number
  boolValue?: boolean
}
type KeyValue = { key: string; value: AnyValue }

function value(v: AnyValue): string | number | boolean {
  if (v.stringValue !== undefined) return v.stringValue
  if (v.boolValue !== undefined) return v.boolValue
  if (v.doubleValue !== undefined) return v.doubleValue
  return Number(v.intValue ?? 0)
}

function attributes(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const kv of list ?? []) out[kv.key] = value(kv.value)
  return out
}

/** Lowercase hex of an id that OTLP JSON gives as hex (or, from other senders, as base64). */
function hex(id: string | undefined): string {
  if (id === undefined || id === '') return ''
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase()
  return Buffer.from(id, 'base64').toString('hex')
}

/** Decodes one `ExportTraceServiceRequest` in its JSON form. */
export function decodeOtlpJson(body: unknown): ReceivedSpan[] {
  const out: ReceivedSpan[] = []
  const rs = (body as { resourceSpans?: unknown[] }).resourceSpans ?? []
  for (const r of rs as Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: unknown[] }>) {
    const service = attributes(r.resource?.attributes)['service.name']
    for (const scope of (r.scopeSpans ?? []) as Array<{ spans?: unknown[] }>) {
      for (const s of (scope.spans ?? []) as Array<Record<string, unknown>>) {
        out.push({
          serviceName: typeof service === 'string' ? service : undefined,
          traceId: hex(s.traceId as string),
          spanId: hex(s.spanId as string),
          parentSpanId: hex(s.parentSpanId as string | undefined),
          name: String(s.name),
          links: ((s.links ?? []) as Array<{ traceId: string; spanId: string }>).map((l) => ({
            traceId: hex(l.traceId),
            spanId: hex(l.spanId),
          })),
          attributes: attributes(s.attributes as KeyValue[] | undefined),
          statusCode: Number((s.status as { code?: number } | undefined)?.code ?? 0),
        })
      }
    }
  }
  return out
}

/**
 * Starts an OTLP/HTTP receiver on `127.0.0.1` (an ephemeral port by default) that accepts JSON
 * exports on `POST /v1/traces` and keeps their spans: lets a test gather the spans of every worker
 * thread through the real exporter. Protobuf bodies are refused (415).
 */
export async function startOtlpJsonReceiver(port = 0): Promise<OtlpJsonReceiver> {
  const received: ReceivedSpan[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/traces')) {
        res.writeHead(404).end()
        return
      }
      if (!String(req.headers['content-type'] ?? '').includes('json')) {
        res.writeHead(415).end()
        return
      }
      try {
        received.push(...decodeOtlpJson(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      } catch {
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const { port: bound } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    spans: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
