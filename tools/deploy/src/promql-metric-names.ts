/**
 * The metric names a PromQL expression selects, for checking dashboards against the metrics K2
 * defines. A small scanner, not a full parser: it drops what can hold words that are not metric
 * names (string literals, label matchers, range and subquery brackets, `by (...)`-style label
 * lists, Grafana variables, comments) and keeps the identifiers that are neither function or
 * aggregation calls nor keywords. Grammar: https://prometheus.io/docs/prometheus/latest/querying/basics/
 */

/** Keywords and number literals that read like identifiers (PromQL matches them case-insensitively). */
const KEYWORDS = new Set(['and', 'or', 'unless', 'atan2', 'bool', 'offset', 'inf', 'nan'])

/** Modifiers followed by a parenthesised list of label names (optional for `group_*`), not series. */
const LABEL_LIST_MODIFIERS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
])

type Token =
  | { readonly kind: 'ident'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string }
  | { readonly kind: 'other' }

const IDENT_START = /[A-Za-z_:]/
const IDENT_PART = /[A-Za-z0-9_:]/

/**
 * Every metric name selected by `expr`, sorted and without duplicates: bare selectors
 * (`k2_x_total`, `k2_x{a="b"}[5m]`) and `{__name__="k2_x"}` equality matchers. Histogram series
 * keep their suffix (`k2_x_bucket`); {@link resolveMetricName} maps them to their metric.
 */
export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>()
  const tokens = scan(expr, names)
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.kind !== 'ident') continue
    const word = token.text.toLowerCase()
    const next = tokens[i + 1]
    const callsOrLists = next?.kind === 'punct' && next.text === '('
    // `sum by (le) (...)`: an aggregation whose grouping comes before its argument.
    const groupedAggregation =
      next?.kind === 'ident' && ['by', 'without'].includes(next.text.toLowerCase())
    if (LABEL_LIST_MODIFIERS.has(word)) {
      if (callsOrLists) i = closingParen(tokens, i + 1)
      continue
    }
    if (callsOrLists || groupedAggregation || KEYWORDS.has(word)) continue
    names.add(token.text)
  }
  return [...names].sort()
}

/** Index of the `)` that closes the `(` at `open` (the last token when it is never closed). */
function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.kind !== 'punct') continue
    if (t.text === '(') depth++
    if (t.text === ')' && --depth === 0) return i
  }
  return tokens.length - 1
}

/** Tokens of `expr`; `{__name__="..."}` values found in label matchers are added to `names`. */
function scan(expr: string, names: Set<string>): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < expr.length) {
    const c = expr[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i)
      tokens.push({ kind: 'other' })
    } else if (c === '{') {
      const end = matching(expr, i, '{', '}')
      for (const name of nameMatchers(expr.slice(i + 1, end))) names.add(name)
      i = end + 1
    } else if (c === '[') {
      // Range `[5m]`, subquery `[1h:1m]`, Grafana's `[$__rate_interval]`: durations only.
      i = matching(expr, i, '[', ']') + 1
    } else if (c === '$') {
      // Grafana variables: `$var`, `${var}`, `${var:format}`.
      i = expr[i + 1] === '{' ? matching(expr, i + 1, '{', '}') + 1 : identEnd(expr, i + 1)
      tokens.push({ kind: 'other' })
    } else if (/[0-9.]/.test(c)) {
      // Numbers and durations (`0.99`, `1e-3`, `0x1f`, `5m`, `1h30m`): never names.
      i++
      while (i < expr.length && /[0-9A-Za-z_.]/.test(expr[i]!)) {
        i += /[eE]/.test(expr[i]!) && /[+-]/.test(expr[i + 1] ?? '') ? 2 : 1
      }
      tokens.push({ kind: 'other' })
    } else if (IDENT_START.test(c)) {
      const end = identEnd(expr, i)
      tokens.push({ kind: 'ident', text: expr.slice(i, end) })
      i = end
    } else {
      tokens.push({ kind: 'punct', text: c })
      i++
    }
  }
  return tokens
}

function identEnd(expr: string, start: number): number {
  let i = start
  while (i < expr.length && IDENT_PART.test(expr[i]!)) i++
  return i
}

/** Index just past the string literal that starts at `start` (backslash escapes, except in raw `` ` ``). */
function skipString(expr: string, start: number): number {
  const quote = expr[start]
  let i = start + 1
  while (i < expr.length && expr[i] !== quote) i += quote !== '`' && expr[i] === '\\' ? 2 : 1
  return i + 1
}

/** Index of the bracket closing the one at `start`, skipping string literals (end of text if none). */
function matching(expr: string, start: number, open: string, close: string): number {
  let depth = 0
  let i = start
  while (i < expr.length) {
    const c = expr[i]!
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(expr, i)
      continue
    }
    if (c === open) depth++
    if (c === close && --depth === 0) return i
    i++
  }
  return expr.length
}

/** Values of `__name__="..."` equality matchers in the text between `{` and `}`. */
function nameMatchers(matchers: string): string[] {
  const found: string[] = []
  for (const m of matchers.matchAll(/__name__\s*=\s*(["'`])((?:\\.|(?!\1).)*)\1/g)) {
    found.push(m[2]!)
  }
  return found
}

/** The part of a metric definition {@link resolveMetricName} needs. */
export interface NamedMetric {
  readonly name: string
  readonly type: string
}

/** Series suffixes Prometheus adds to a histogram's name. */
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const

/**
 * The metric a series name belongs to: the metric of that name, or the histogram whose
 * `_bucket`/`_sum`/`_count` series it is; `undefined` when K2 defines none (a `_count` of a
 * counter is no series at all).
 */
export function resolveMetricName<M extends NamedMetric>(
  series: string,
  metrics: readonly M[],
): M | undefined {
  const exact = metrics.find((m) => m.name === series)
  if (exact) return exact
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (!series.endsWith(suffix)) continue
    const base = series.slice(0, -suffix.length)
    const histogram = metrics.find((m) => m.name === base && m.type === 'histogram')
    if (histogram) return histogram
  }
  return undefined
}
