import { parseArgs } from 'node:util'

import { CliError, invalidFlag } from './errors.js'

/**
 * One flag of a command: how its text becomes a typed value, and how `--help` shows it. Flags are
 * declared in a table per command (`{ port: integerFlag(...) }`) and the camelCase key becomes the
 * kebab-case flag (`tradesPerSymbol` -> `--trades-per-symbol`). `T` is the parsed type: it
 * includes `undefined` unless the flag has a default or is required.
 */
export interface Flag<T> {
  readonly kind: 'string' | 'boolean'
  /** Placeholder of the value in the usage, e.g. `P` in `--port P`. */
  readonly placeholder: string
  readonly description: string
  /** Shown as `(default ...)` in the usage. */
  readonly defaultText?: string
  readonly required: boolean
  /** Value when the flag is absent (and not required). */
  readonly absent: T
  /** Text -> value; `problem` builds the error that names the flag. */
  parse(text: string, problem: (message: string) => CliError): T
}

/** A command's flag table. */
export type FlagTable = Readonly<Record<string, Flag<unknown>>>

/** The parsed values of a flag table, typed per flag. */
export type FlagValues<F extends FlagTable> = {
  readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never
}

interface Common {
  readonly description: string
  readonly placeholder?: string
}

interface WithDefault<T> extends Common {
  readonly default: T
}

interface Required extends Common {
  readonly required: true
}

function flag<T>(
  kind: Flag<T>['kind'],
  options: Common & { default?: unknown; required?: boolean },
  placeholder: string,
  parse: Flag<T>['parse'],
  show: (value: never) => string = String,
): Flag<T> {
  const hasDefault = options.default !== undefined
  return {
    kind,
    placeholder: options.placeholder ?? placeholder,
    description: options.description,
    ...(hasDefault ? { defaultText: show(options.default as never) } : {}),
    required: options.required === true,
    absent: options.default as T,
    parse,
  }
}

/** Options of {@link integerFlag}. */
export interface IntegerOptions extends Common {
  readonly min?: number
  readonly max?: number
}

/** A whole number in `[min, max]` (default `[0, MAX_SAFE_INTEGER]`); `_` separators allowed. */
export function integerFlag(options: IntegerOptions & WithDefault<number>): Flag<number>
export function integerFlag(options: IntegerOptions & Required): Flag<number>
export function integerFlag(options: IntegerOptions): Flag<number | undefined>
export function integerFlag(
  options: IntegerOptions & { default?: number; required?: true },
): Flag<number | undefined> {
  const min = options.min ?? 0
  const max = options.max ?? Number.MAX_SAFE_INTEGER
  return flag('string', options, 'N', (text, problem) => {
    const clean = text.trim().replaceAll('_', '')
    const n = Number(clean)
    if (!/^-?\d+$/.test(clean) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`
      throw problem(`must be an integer ${range} (got ${JSON.stringify(text)})`)
    }
    return n
  })
}

/** Options of {@link numberFlag}. */
export interface NumberOptions extends Common {
  readonly min?: number
  /** Whether `min` itself is allowed (default true). */
  readonly minInclusive?: boolean
}

/** A finite decimal number (`2.5`), at least `min` (default 0). */
export function numberFlag(options: NumberOptions & WithDefault<number>): Flag<number>
export function numberFlag(options: NumberOptions & Required): Flag<number>
export function numberFlag(options: NumberOptions): Flag<number | undefined>
export function numberFlag(
  options: NumberOptions & { default?: number; required?: true },
): Flag<number | undefined> {
  const min = options.min ?? 0
  const inclusive = options.minInclusive ?? true
  return flag('string', options, 'X', (text, problem) => {
    const clean = text.trim()
    const n = Number(clean)
    if (!/^-?\d+(\.\d+)?$/.test(clean) || !Number.isFinite(n) || (inclusive ? n < min : n <= min)) {
      throw problem(
        `must be a number ${inclusive ? '>=' : '>'} ${min} (got ${JSON.stringify(text)})`,
      )
    }
    return n
  })
}

/** Free text (a path, a URL, a host); must not be empty. */
export function stringFlag(options: Common & WithDefault<string>): Flag<string>
export function stringFlag(options: Common & Required): Flag<string>
export function stringFlag(options: Common): Flag<string | undefined>
export function stringFlag(
  options: Common & { default?: string; required?: true },
): Flag<string | undefined> {
  return flag('string', options, 'TEXT', (text, problem) => {
    if (text.trim() === '') throw problem('must not be empty')
    return text
  })
}

/** Options of {@link symbolListFlag}. */
export type SymbolListOptions = Common

/** A comma-separated list of symbols (`BTCUSDT,ETHUSDT`), upper-cased, at least one. */
export function symbolListFlag(options: SymbolListOptions): Flag<readonly string[] | undefined> {
  return flag('string', options, 'A,B', (text, problem) => {
    const symbols = text
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== '')
    if (symbols.length === 0) throw problem('must name at least one symbol')
    const bad = symbols.find((s) => !/^[A-Z0-9]{2,20}$/.test(s))
    if (bad !== undefined) throw problem(`has ${JSON.stringify(bad)}, not a symbol like BTCUSDT`)
    return symbols
  })
}

/** A switch: present = true. */
export function booleanFlag(options: Common): Flag<boolean> {
  return { ...flag<boolean>('boolean', options, '', () => true), absent: false }
}

/** `tradesPerSymbol` -> `trades-per-symbol`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/** A parsed command line: the help request, or the typed values. */
export type ParsedFlags<F extends FlagTable> =
  | { readonly help: true }
  | { readonly help: false; readonly values: FlagValues<F>; readonly operands: string[] }

/**
 * Parses `argv` against a flag table (`node:util` parseArgs, strict; operands only as many as
 * `operands` allows, none by default) and converts
 * every value; throws `CLI_INVALID_ARGUMENT` naming the flag for an unknown flag, a missing value,
 * a missing required flag or a bad value. `-h`/`--help` wins over everything else.
 */
export function parseFlags<F extends FlagTable>(
  table: F,
  argv: readonly string[],
  operands: { readonly usage: string; readonly min: number; readonly max: number } = {
    usage: '',
    min: 0,
    max: 0,
  },
): ParsedFlags<F> {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true }
  let raw: Record<string, string | boolean | undefined>
  let positionals: string[]
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(table).map(([key, f]) => [flagName(key), { type: f.kind }]),
      ),
      strict: true,
      allowPositionals: operands.max > 0,
    })
    raw = parsed.values as Record<string, string | boolean | undefined>
    positionals = parsed.positionals
  } catch (error) {
    // node:util's messages go on about `--` tricks that do not apply here: keep the problem.
    const message =
      (error as Error).message.split('\n')[0]?.split('. ')[0]?.replace(/\.$/, '') ??
      'invalid arguments'
    const named = /'(--?[\w-]+)/.exec(message)?.[1]?.replace(/^-+/, '')
    throw new CliError('CLI_INVALID_ARGUMENT', message, {
      context: named === undefined ? {} : { flag: named },
    })
  }
  const values: Record<string, unknown> = {}
  for (const [key, f] of Object.entries(table)) {
    const name = flagName(key)
    const text = raw[name]
    if (text === undefined) {
      if (f.required) throw invalidFlag(name, 'is required')
      values[key] = f.absent
    } else if (typeof text === 'boolean') {
      values[key] = text
    } else {
      values[key] = f.parse(text, (message) => invalidFlag(name, message))
    }
  }
  if (positionals.length < operands.min || positionals.length > operands.max) {
    throw new CliError(
      'CLI_INVALID_ARGUMENT',
      `expects ${operands.usage} (got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))})`,
    )
  }
  return { help: false, values: values as FlagValues<F>, operands: positionals }
}

/** The `Options:` block of a command's usage, one aligned line per flag plus `--help`. */
export function formatFlags(table: FlagTable): string {
  const rows = Object.entries(table).map(([key, f]) => {
    const left = `--${flagName(key)}${f.kind === 'boolean' ? '' : ` ${f.placeholder}`}`
    const notes = [
      f.required ? 'required' : undefined,
      f.defaultText === undefined ? undefined : `default ${f.defaultText}`,
    ].filter((n) => n !== undefined)
    return [left, notes.length === 0 ? f.description : `${f.description} (${notes.join('; ')})`]
  })
  rows.push(['-h, --help', 'show this help'])
  const width = Math.max(...rows.map(([left]) => (left as string).length)) + 2
  return rows.map(([left, right]) => `  ${(left as string).padEnd(width)}${right}`).join('\n')
}
