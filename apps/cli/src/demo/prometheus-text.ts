/**
 * A small reader of the Prometheus text exposition format (version 0.0.4), enough for the demo
 * to read K2's own `/metrics`: sample lines `name{label="value",...} value [timestamp]`, with
 * the label-value escapes `\\`, `\"` and `\n` and the values `NaN`, `+Inf`, `-Inf`. Comment
 * lines (`# HELP`, `# TYPE`) and blank lines are skipped. Reference:
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

/** One sample line. */
export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

/** One scrape: every sample, with lookups by name and labels. */
export interface Exposition {
  readonly samples: readonly Sample[]
  /** Samples of `name` whose labels include every pair of `labels`. */
  select(name: string, labels?: Readonly<Record<string, string>>): Sample[]
  /** Sum of the values of {@link select}; 0 when nothing matches. */
  sum(name: string, labels?: Readonly<Record<string, string>>): number
}

/** Thrown for a line that is not a sample; the message quotes the line number. */
export class ExpositionSyntaxError extends Error {
  override readonly name = 'ExpositionSyntaxError'
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/

/** Parses a text exposition; throws {@link ExpositionSyntaxError} on a malformed line. */
export function parseExposition(text: string): Exposition {
  const samples: Sample[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim()
    if (line === '' || line.startsWith('#')) continue
    samples.push(parseSampleLine(line, i + 1))
  }
  const select = (name: string, labels: Readonly<Record<string, string>> = {}) =>
    samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )
  return {
    samples,
    select,
    sum: (name, labels) => select(name, labels).reduce((total, s) => total + s.value, 0),
  }
}

function parseSampleLine(line: string, lineNo: number): Sample {
  const fail = (why: string) =>
    new ExpositionSyntaxError(`line ${lineNo}: ${why}: ${JSON.stringify(line)}`)
  const name = NAME.exec(line)?.[0]
  if (name === undefined) throw fail('expected a metric name')
  let at = name.length
  const labels: Record<string, string> = {}
  if (line[at] === '{') {
    at++
    for (;;) {
      at = skipSpaces(line, at)
      if (line[at] === '}') {
        at++
        break
      }
      const label = LABEL_NAME.exec(line.slice(at))?.[0]
      if (label === undefined) throw fail('expected a label name')
      at = skipSpaces(line, at + label.length)
      if (line[at] !== '=') throw fail(`expected = after label ${label}`)
      at = skipSpaces(line, at + 1)
      if (line[at] !== '"') throw fail(`expected a quoted value for label ${label}`)
      const [value, end] = readQuoted(line, at + 1, fail)
      labels[label] = value
      at = skipSpaces(line, end)
      if (line[at] === ',') at++
      else if (line[at] !== '}') throw fail('expected , or } after a label')
    }
  }
  const rest = line.slice(at).trim().split(/\s+/)
  const valueText = rest[0] ?? ''
  if (valueText === '' || rest.length > 2)
    throw fail('expected a value (and an optional timestamp)')
  const value = parseValue(valueText)
  if (value === undefined) throw fail(`bad value ${JSON.stringify(valueText)}`)
  return { name, labels, value }
}

function skipSpaces(line: string, at: number): number {
  while (line[at] === ' ' || line[at] === '\t') at++
  return at
}

/** Reads a label value after its opening quote; returns it and the index after the closing one. */
function readQuoted(
  line: string,
  start: number,
  fail: (why: string) => ExpositionSyntaxError,
): [string, number] {
  let value = ''
  for (let at = start; at < line.length; at++) {
    const c = line[at] as string
    if (c === '"') return [value, at + 1]
    if (c === '\\') {
      const next = line[++at]
      if (next === 'n') value += '\n'
      else if (next === '\\' || next === '"') value += next
      else throw fail(`bad escape \\${next ?? ''} in a label value`)
    } else {
      value += c
    }
  }
  throw fail('unterminated label value')
}

function parseValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY
  if (text === '-Inf') return Number.NEGATIVE_INFINITY
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined
  return Number(text)
}
