import { makeTrades } from './parquet/trades-fixture.js'
import { primitiveLayout } from './parquet/encode/primitive-layout.js'
const rows = makeTrades(1_000_000)
const identity = new Uint32Array(rows.length).map((_, i) => i)
for (let rep = 0; rep < 3; rep++) {
  for (const [name, type] of [['timestamp', 'timestamptz'], ['price', 'decimal(18,8)'], ['symbol', 'string'], ['message_id', 'string'], ['source_sequence', 'long']] as const) {
    const sink = primitiveLayout(type).newSink()
    const defs = new Uint8Array(rows.length)
    const t = performance.now()
    sink.fill(rows, identity, 0, rows.length, name, defs)
    console.log(name, (performance.now() - t).toFixed(1), 'ms')
  }
}
